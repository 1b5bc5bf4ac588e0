"""The mapping tables in `configure --export/--import` and in the admin (pickers, Suggest mappings)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from sandbox.testing import SandboxHandle
from sync.config_mappings import export_mappings
from sync.models import (
    CustomerGroupMapping,
    CustomerSyncSettings,
    OrderStatusMapping,
    PaymentMethodMapping,
    ShippingMethodMapping,
    StoreView,
    WarehouseSourceMapping,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_choices() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def some_mappings() -> None:
    west = StoreView.objects.create(code="west", name="West", website_code="west")
    PaymentMethodMapping.objects.create(
        magento_method="checkmo", acumatica_payment_method="CHECK", cash_account="10200"
    )
    PaymentMethodMapping.objects.create(
        store_view=west, magento_method="checkmo", acumatica_payment_method="WCHECK"
    )
    ShippingMethodMapping.objects.create(
        magento_method="ups_GND", acumatica_ship_via="UPSGROUND", magento_title="United Parcel Service"
    )
    CustomerGroupMapping.objects.create(magento_group_id=2, acumatica_customer_class="WHOLESALE")
    WarehouseSourceMapping.objects.create(
        store_view=west, acumatica_warehouse="WESTWH", magento_source="westwh"
    )
    CustomerSyncSettings.objects.create(default_customer_class="GENERAL")


def test_export_import_round_trip_reproduces_the_tables(tmp_path: Path) -> None:
    some_mappings()
    out = StringIO()
    call_command("configure", "--export", stdout=out)
    exported = tmp_path / "config.json"
    exported.write_text(out.getvalue())
    document = json.loads(out.getvalue())
    assert {
        "scope": "west",
        "magento_method": "checkmo",
        "acumatica_payment_method": "WCHECK",
        "cash_account": "",
    } in (document["mappings"]["payment_methods"])
    before = export_mappings()

    PaymentMethodMapping.objects.all().delete()
    WarehouseSourceMapping.objects.all().delete()
    OrderStatusMapping.objects.filter(acumatica_status="On Hold").update(magento_status="processing")
    CustomerGroupMapping.objects.create(
        magento_group_id=3, acumatica_customer_class="RETAILER"
    )  # not exported
    call_command("configure", "--import", str(exported), stdout=StringIO())

    assert export_mappings() == before
    assert ShippingMethodMapping.objects.get().magento_carrier_code == "ups"


def test_import_with_an_unknown_scope_changes_nothing(tmp_path: Path) -> None:
    some_mappings()
    before = export_mappings()
    document = {
        "mappings": {"warehouses": [{"scope": "nowhere", "acumatica_warehouse": "X", "magento_source": "x"}]}
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))

    with pytest.raises(CommandError, match=r"mappings.warehouses\[0\].scope: unknown store view 'nowhere'"):
        call_command("configure", "--import", str(path), stdout=StringIO())
    assert export_mappings() == before


@pytest.mark.integration
def test_mapping_form_offers_both_systems_values(
    acumatica: SandboxHandle, magento: SandboxHandle, staff_client: Client
) -> None:
    page = staff_client.get(reverse("admin:sync_shippingmethodmapping_add"))

    assert page.status_code == 200
    content = page.content.decode()
    assert 'list="id_magento_method_choices"' in content
    assert '<option value="flatrate_flatrate">' in content  # Magento
    assert '<option value="UPSGROUND">UPS Ground</option>' in content  # Acumatica


def test_mapping_form_still_works_when_a_system_cannot_be_reached(staff_client: Client) -> None:
    page = staff_client.get(reverse("admin:sync_paymentmethodmapping_add"))

    assert page.status_code == 200
    assert b"Type the code" in page.content
    assert b'name="magento_method"' in page.content


@pytest.mark.integration
def test_suggest_button_shows_proposals_and_adds_them_only_when_posted(
    acumatica: SandboxHandle, magento: SandboxHandle, staff_client: Client
) -> None:
    client = staff_client
    url = reverse("admin:sync_paymentmethodmapping_suggest")

    page = client.get(url)
    assert page.status_code == 200 and b"checkmo" in page.content and b"CHECK" in page.content
    assert not PaymentMethodMapping.objects.exists()

    response = client.post(url, {"scope": "default"})
    assert response.status_code == 302
    assert PaymentMethodMapping.objects.get(magento_method="checkmo").acumatica_payment_method == "CHECK"
    assert WarehouseSourceMapping.objects.filter(
        acumatica_warehouse="RETAIL", magento_source="retail"
    ).exists()


@pytest.mark.parametrize(
    "model",
    [
        "paymentmethodmapping",
        "shippingmethodmapping",
        "customergroupmapping",
        "warehousesourcemapping",
        "orderstatusmapping",
        "customersyncsettings",
    ],
)
def test_every_mapping_table_lists_with_its_scope(model: str, staff_client: Client) -> None:
    some_mappings()
    page = staff_client.get(reverse(f"admin:sync_{model}_changelist"))

    assert page.status_code == 200
    assert b"Default Config" in page.content or b"West" in page.content
    if model != "customersyncsettings":
        assert b"Suggest mappings" in page.content and b"Refresh choices" in page.content


def test_logging_settings_page_offers_flush_and_cleaning(staff_client: Client) -> None:
    page = staff_client.get(reverse("admin:sync_loggingsettings_changelist"), follow=True)

    assert page.status_code == 200
    assert b"Flush Messages" in page.content and b"Clean logs now" in page.content
    assert b"never removed" in page.content
