"""Inventory per the settings: configuration mode (quantity type, monitored warehouses, one source),
branch-wise mode (each scope's mapped warehouses feed their MSI sources), and the vendor
inventory options. Expected quantities are read back from the Acumatica sandbox, whose seeded
sales orders allocate stock."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sandbox.common.catalog import Catalog
from sandbox.testing import SandboxHandle
from sync.loop import run_queue
from sync.models import Message, StoreView, WarehouseSourceMapping
from tests.catalog import expected

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

Sandboxes = tuple[SandboxHandle, SandboxHandle]
VENDOR_FIELD = {"view": "ItemSettings", "field": "UsrVendorQty", "type": "CustomDecimalField"}


def configure(*assignments: str) -> None:
    args = [part for assignment in assignments for part in ("--set", assignment)]
    call_command("configure", *args, stdout=StringIO())


def sync_everything() -> None:
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    call_command("initial_sync", "--no-progress", stdout=StringIO())


def vendor_stock(acumatica: SandboxHandle, catalog: Catalog) -> dict[str, int]:
    """Give the demo items their drop-ship vendor quantities in a customization field."""
    acumatica.put("schema/StockItem/custom", VENDOR_FIELD)
    quantities = {i.inventory_id: i.vendor_qty for i in catalog.items if i.active and i.vendor_qty}
    for key, qty in quantities.items():
        body = {"custom": {"ItemSettings": {"UsrVendorQty": {"type": "CustomDecimalField", "value": qty}}}}
        acumatica.put_state("StockItem", key, body)
    return quantities


def test_branch_wise_each_scope_feeds_the_sources_of_its_warehouses(
    connector: Sandboxes, catalog: Catalog
) -> None:
    acumatica, magento = connector
    west = StoreView.objects.create(
        code="west", name="West Coast", website_code="west", acumatica_branch="WEST"
    )
    WarehouseSourceMapping.objects.create(acumatica_warehouse="WHOLESALE", magento_source="wholesale")
    WarehouseSourceMapping.objects.create(acumatica_warehouse="RETAIL", magento_source="retail")
    WarehouseSourceMapping.objects.create(
        store_view=west, acumatica_warehouse="WESTWH", magento_source="westwh"
    )
    configure("setup.inventory_mode=branch_wise")

    sync_everything()

    quantities = expected.acumatica_quantities(acumatica, catalog)
    sources = {"wholesale": ["WHOLESALE"], "retail": ["RETAIL"], "westwh": ["WESTWH"]}
    assert expected.magento_source_items(magento) == expected.source_items(quantities, sources)
    # Both scopes sync products, so every product is on both websites.
    assert expected.magento_products(magento) == expected.products(catalog, websites=(1, 2))


def test_branch_wise_without_warehouse_mappings_fails_naming_what_to_add(connector: Sandboxes) -> None:
    configure("setup.inventory_mode=branch_wise")
    out = StringIO()
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())

    call_command("initial_sync", "--no-progress", stdout=out)

    assert "inventory: 59 records, 59 failed" in out.getvalue()
    error = Message.objects.filter(entity="inventory").first()
    assert error is not None and "add each branch's warehouses" in error.error


def test_configuration_mode_sums_the_quantity_type_over_the_monitored_warehouses(
    connector: Sandboxes, catalog: Catalog
) -> None:
    acumatica, magento = connector
    configure(
        "setup.quantity_type=on_hand",
        "setup.inventory_warehouses=RETAIL,WESTWH",
        "setup.inventory_source=retail",
    )

    sync_everything()

    quantities = expected.acumatica_quantities(acumatica, catalog)
    wanted = expected.source_items(quantities, {"retail": ["RETAIL", "WESTWH"]}, "on_hand")
    assert expected.magento_source_items(magento) == wanted


def test_vendor_inventory_added_to_the_quantity(connector: Sandboxes, catalog: Catalog) -> None:
    acumatica, magento = connector
    vendor = vendor_stock(acumatica, catalog)
    configure("setup.vendor_inventory_mode=add_to_quantity")

    sync_everything()

    quantities = expected.acumatica_quantities(acumatica, catalog)
    wanted = expected.source_items(quantities, {"default": None}, vendor=vendor)
    assert expected.magento_source_items(magento) == wanted
    assert any(vendor.values())


def test_vendor_inventory_published_as_a_separate_attribute(connector: Sandboxes, catalog: Catalog) -> None:
    acumatica, magento = connector
    vendor = vendor_stock(acumatica, catalog)
    configure("setup.vendor_inventory_mode=separate_attribute", "setup.vendor_inventory_attribute=vendor_qty")

    sync_everything()

    quantities = expected.acumatica_quantities(acumatica, catalog)
    assert expected.magento_source_items(magento) == expected.source_items(quantities, {"default": None})
    published = {
        p["sku"]: float(value)
        for p in magento.state("products")
        if (
            value := next(
                (c["value"] for c in p["custom_attributes"] if c["attribute_code"] == "vendor_qty"), None
            )
        )
        is not None
    }
    stock_items = {i.inventory_id for i in catalog.items if i.active}
    assert published == {sku: float(vendor.get(sku, 0)) for sku in stock_items}
    # The attribute belongs to every synced attribute set, in the connector's group.
    assert all("vendor_qty" in codes for codes in expected.magento_sets(magento).values())


def test_a_quantity_change_reaches_magento_through_the_poller(connector: Sandboxes, catalog: Catalog) -> None:
    acumatica, magento = connector
    item = expected.simple_item(catalog)
    sync_everything()
    record = acumatica.state("StockItem", item.inventory_id)
    details = [
        {
            "id": row["id"],
            "WarehouseID": row["WarehouseID"],
            "QtyOnHand": {"value": row["QtyOnHand"]["value"] + 100},
        }
        for row in record["WarehouseDetails"]
    ]
    acumatica.put_state("StockItem", item.inventory_id, {"WarehouseDetails": details})
    magento.reset_stats()

    run_queue(until_idle=True, force_poll=True)

    quantities = expected.acumatica_quantities(acumatica, catalog)
    wanted = expected.source_items({item.inventory_id: quantities[item.inventory_id]}, {"default": None})
    assert {
        k: v for k, v in expected.magento_source_items(magento).items() if k[0] == item.inventory_id
    } == wanted
    writes = [(r["method"], r["path"]) for r in magento.requests() if r["method"] != "GET"]
    assert writes == [("POST", "/rest/V1/inventory/source-items")]
