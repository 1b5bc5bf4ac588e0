"""The mapping resolvers: store view rows override Default Config, and a missing row fails with a
message that names what to add."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sync.mappings import (
    MissingMappingError,
    customer_class_for_group,
    group_for_customer_class,
    resolve_customer_class,
    resolve_customer_group,
    resolve_order_status,
    resolve_payment,
    resolve_ship_via,
    resolve_shipping,
    resolve_source,
)
from sync.models import (
    CustomerGroupMapping,
    CustomerSyncSettings,
    PaymentMethodMapping,
    ShippingMethodMapping,
    StoreView,
    WarehouseSourceMapping,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def west() -> StoreView:
    return StoreView.objects.create(code="west", name="West", website_code="west")


def test_store_view_row_overrides_default_config_for_the_same_method(west: StoreView) -> None:
    PaymentMethodMapping.objects.create(magento_method="checkmo", acumatica_payment_method="CHECK")
    PaymentMethodMapping.objects.create(
        store_view=west, magento_method="checkmo", acumatica_payment_method="WESTCHECK", cash_account="10250"
    )
    assert resolve_payment("default", "checkmo").acumatica_payment_method == "CHECK"
    assert resolve_payment("west", "checkmo").acumatica_payment_method == "WESTCHECK"
    assert resolve_payment("west", "checkmo").cash_account == "10250"


def test_store_view_without_a_row_falls_back_to_default_config(west: StoreView) -> None:
    WarehouseSourceMapping.objects.create(acumatica_warehouse="RETAIL", magento_source="retail")
    assert resolve_source("west", "RETAIL").magento_source == "retail"


def test_missing_shipping_mapping_names_the_method_scope_and_where_to_add_it() -> None:
    with pytest.raises(MissingMappingError) as caught:
        resolve_shipping("default", "ups_GND")
    assert str(caught.value) == (
        'No shipping method mapping for Magento method "ups_GND" (scope default): '
        "add it under Sync > Shipping method mappings."
    )


def test_a_store_views_row_is_not_used_for_another_scope(west: StoreView) -> None:
    ShippingMethodMapping.objects.create(
        store_view=west, magento_method="flatrate_flatrate", acumatica_ship_via="FLATRATE"
    )
    with pytest.raises(MissingMappingError, match=r"\(scope default\)"):
        resolve_shipping("default", "flatrate_flatrate")


def test_reverse_ship_via_gives_carrier_code_from_the_method_when_blank() -> None:
    ShippingMethodMapping.objects.create(
        magento_method="ups_GND", acumatica_ship_via="UPSGROUND", magento_title="United Parcel Service"
    )
    mapping = resolve_ship_via("default", "UPSGROUND")
    assert (mapping.magento_carrier_code, mapping.magento_title) == ("ups", "United Parcel Service")
    with pytest.raises(MissingMappingError, match='Acumatica ShipVia "FEDEX"'):
        resolve_ship_via("default", "FEDEX")


def test_customer_group_both_ways_and_the_lookup_table(west: StoreView) -> None:
    CustomerGroupMapping.objects.create(magento_group_id=2, acumatica_customer_class="WHOLESALE")
    CustomerGroupMapping.objects.create(
        store_view=west, magento_group_id=2, acumatica_customer_class="WESTWHOLE", acumatica_price_class="W"
    )
    assert resolve_customer_group("default", 2).acumatica_customer_class == "WHOLESALE"
    assert resolve_customer_group("west", "2").acumatica_price_class == "W"  # type: ignore[arg-type]
    assert resolve_customer_class("west", "wholesale").magento_group_id == 2
    assert group_for_customer_class("west") == {"WESTWHOLE": 2}
    assert group_for_customer_class("default") == {"WHOLESALE": 2}
    with pytest.raises(MissingMappingError, match="Magento customer group 9"):
        resolve_customer_group("default", 9)


def test_m2a_class_comes_from_the_group_mapping_else_the_default_class() -> None:
    CustomerGroupMapping.objects.create(
        magento_group_id=2, acumatica_customer_class="WHOLESALE", acumatica_price_class="WHOLE"
    )
    assert customer_class_for_group("default", 2) == ("WHOLESALE", "WHOLE")
    with pytest.raises(MissingMappingError, match="or set a Default Customer Class"):
        customer_class_for_group("default", 1)
    CustomerSyncSettings.objects.create(default_customer_class="GENERAL")
    assert customer_class_for_group("default", 1) == ("GENERAL", "")


def test_default_order_statuses_exist_after_migrate() -> None:
    assert resolve_order_status("default", "On Hold").magento_status == "holded"
    assert resolve_order_status("default", "canceled").magento_status == "canceled"
    assert resolve_order_status("default", "Completed").magento_status == "complete"


def test_duplicate_row_in_one_scope_is_a_form_error_naming_the_scope(west: StoreView) -> None:
    PaymentMethodMapping.objects.create(magento_method="checkmo", acumatica_payment_method="CHECK")
    duplicate = PaymentMethodMapping(magento_method="checkmo", acumatica_payment_method="OTHER")
    with pytest.raises(ValidationError, match="Default Config already maps"):
        duplicate.full_clean()
    PaymentMethodMapping(
        store_view=west, magento_method="checkmo", acumatica_payment_method="OTHER"
    ).full_clean()


def test_only_one_customer_settings_row_per_scope() -> None:
    from django.db import IntegrityError, transaction

    CustomerSyncSettings.objects.create(default_customer_class="GENERAL")
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerSyncSettings.objects.create(default_customer_class="OTHER")
