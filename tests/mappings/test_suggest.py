"""Suggested mappings against both sandboxes: the demo maps completely by codes and names, nothing
is written without --apply, and --apply adds only what is missing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sandbox.common.catalog import build_catalog
from sandbox.testing import SandboxHandle
from sync.models import (
    CustomerGroupMapping,
    CustomerSyncSettings,
    OrderStatusMapping,
    PaymentMethodMapping,
    ShippingMethodMapping,
    WarehouseSourceMapping,
)
from sync.suggest import suggest_mappings
from tests.conftest import SANDBOX_ITEMS, SANDBOX_SEED

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
TABLES = (PaymentMethodMapping, ShippingMethodMapping, CustomerGroupMapping, WarehouseSourceMapping)


def rows() -> dict[str, set[tuple[object, ...]]]:
    return {
        "payment": set(
            PaymentMethodMapping.objects.values_list(
                "magento_method", "acumatica_payment_method", "cash_account"
            )
        ),
        "shipping": set(
            ShippingMethodMapping.objects.values_list(
                "magento_method", "acumatica_ship_via", "magento_carrier_code", "magento_title"
            )
        ),
        "groups": set(
            CustomerGroupMapping.objects.values_list("magento_group_id", "acumatica_customer_class")
        ),
        "warehouses": set(
            WarehouseSourceMapping.objects.values_list("acumatica_warehouse", "magento_source")
        ),
        "statuses": set(OrderStatusMapping.objects.values_list("acumatica_status", "magento_status")),
    }


def demo_expectation() -> dict[str, set[tuple[object, ...]]]:
    """What the demo business (both sandboxes' data) should map to."""
    catalog = build_catalog(SANDBOX_SEED, SANDBOX_ITEMS)
    return {
        "payment": {(p.magento_code, p.payment_method_id, p.cash_account) for p in catalog.payment_methods},
        "shipping": {
            (s.magento_method, s.ship_via_id, s.carrier_code, s.carrier_title) for s in catalog.ship_vias
        },
        "groups": {(c.magento_group_id, c.class_id) for c in catalog.customer_classes},
        "warehouses": {(w.warehouse_id, w.source_code) for w in catalog.warehouses},
    }


@pytest.fixture
def with_orders(magento: SandboxHandle) -> SandboxHandle:
    """The store has taken orders (they show the payment and shipping methods in use)."""
    magento.post("orders/generate", {"count": 40})
    return magento


def test_demo_data_maps_completely_and_nothing_is_written_without_apply(
    acumatica: SandboxHandle, with_orders: SandboxHandle
) -> None:
    before = rows()
    out = StringIO()

    call_command("suggest_mappings", stdout=out)

    assert rows() == before
    report = suggest_mappings()
    assert report.complete, (report.unmatched, report.errors)
    proposed = {(p.model, p.source): p.values for p in report.new}
    expected = demo_expectation()
    for magento_method, payment_method, cash_account in expected["payment"]:
        assert proposed[(PaymentMethodMapping, magento_method)]["acumatica_payment_method"] == payment_method
        assert proposed[(PaymentMethodMapping, magento_method)]["cash_account"] == cash_account
    for magento_method, ship_via, _, _ in expected["shipping"]:
        assert proposed[(ShippingMethodMapping, magento_method)]["acumatica_ship_via"] == ship_via
    for group, klass in expected["groups"]:
        assert proposed[(CustomerGroupMapping, group)]["acumatica_customer_class"] == klass
    for warehouse, source in expected["warehouses"]:
        assert proposed[(WarehouseSourceMapping, warehouse)]["magento_source"] == source
    assert "run with --apply" in out.getvalue()


def test_apply_writes_the_demo_mappings_and_a_second_apply_adds_nothing(
    acumatica: SandboxHandle, with_orders: SandboxHandle
) -> None:
    call_command("suggest_mappings", "--apply", stdout=StringIO())

    written, expected = rows(), demo_expectation()
    assert expected["payment"] <= written["payment"]
    assert expected["shipping"] <= written["shipping"]
    assert written["groups"] == expected["groups"]
    assert written["warehouses"] == expected["warehouses"]
    assert {("On Hold", "holded"), ("Canceled", "canceled"), ("Completed", "complete")} <= written["statuses"]
    out = StringIO()
    call_command("suggest_mappings", "--apply", stdout=out)
    assert rows() == written
    assert "Added 0 mappings" in out.getvalue()


def test_apply_never_changes_an_existing_row(acumatica: SandboxHandle, with_orders: SandboxHandle) -> None:
    PaymentMethodMapping.objects.create(magento_method="checkmo", acumatica_payment_method="MYCHECK")

    call_command("suggest_mappings", "--apply", stdout=StringIO())

    assert PaymentMethodMapping.objects.get(magento_method="checkmo").acumatica_payment_method == "MYCHECK"
    assert PaymentMethodMapping.objects.filter(magento_method="banktransfer").exists()


def test_apply_sets_the_general_groups_class_as_default_customer_class_unless_one_is_set(
    acumatica: SandboxHandle, with_orders: SandboxHandle
) -> None:
    general_class = next(
        c.class_id
        for c in build_catalog(SANDBOX_SEED, SANDBOX_ITEMS).customer_classes
        if c.magento_group_id == 1
    )
    out = StringIO()
    call_command("suggest_mappings", stdout=out)
    assert f"Default Customer Class: {general_class}" in out.getvalue()
    assert not CustomerSyncSettings.objects.exists()  # nothing written without --apply

    call_command("suggest_mappings", "--apply", stdout=StringIO())
    assert CustomerSyncSettings.for_scope("default").default_customer_class == general_class

    settings = CustomerSyncSettings.for_scope("default")
    settings.default_customer_class = "RETAILER"
    settings.save()
    call_command("suggest_mappings", "--apply", stdout=StringIO())
    assert CustomerSyncSettings.for_scope("default").default_customer_class == "RETAILER"
