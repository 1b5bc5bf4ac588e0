"""Inquiry entities via PUT with `$expand=Results` (checklist item 9)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sandbox.common.catalog import build_catalog
from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi, value, wrap

CATALOG = build_catalog(1, 60)


def test_results_are_only_returned_when_expanded(acumatica: AcumaticaApi) -> None:
    plain = acumatica.put("InventorySummaryInquiry", wrap(InventoryID="APP0001"))
    expanded = acumatica.put("InventorySummaryInquiry", wrap(InventoryID="APP0001"), **{"$expand": "Results"})

    assert plain.status_code == 200
    assert "Results" not in plain.json()
    assert value(plain.json(), "InventoryID") == "APP0001"
    assert len(expanded.json()["Results"]) == 3


def test_inventory_summary_gives_per_warehouse_quantities_of_one_item(acumatica: AcumaticaApi) -> None:
    item = CATALOG.item("APP0001")

    result = acumatica.put(
        "InventorySummaryInquiry", wrap(InventoryID="APP0001", WarehouseID="RETAIL"), **{"$expand": "Results"}
    ).json()

    (row,) = result["Results"]
    expected = item.quantities["RETAIL"]
    assert value(row, "WarehouseID") == "RETAIL"
    assert value(row, "QtyOnHand") == expected.on_hand
    # The demo SO order allocates APP0001 in WHOLESALE only; RETAIL shows the catalog figures.
    assert value(row, "QtyAvailable") == expected.available
    assert value(row, "QtyAvailableForShipment") == expected.available_for_shipping
    assert value(row, "QtyNotAvailable") == expected.on_hand - expected.available
    missing = acumatica.put("InventorySummaryInquiry", {}, **{"$expand": "Results"})
    assert missing.status_code == 422
    assert missing.json()["InventoryID"]["error"] == "'Inventory ID' cannot be empty."


def test_quantity_available_lists_items_changed_since_a_date(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    everything = acumatica.put("InventoryQuantityAvailable", {}, **{"$expand": "Results"}).json()["Results"]
    assert len(everything) == 60
    since = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    assert (
        acumatica.put(
            "InventoryQuantityAvailable", wrap(LastModifiedDateTime=since), **{"$expand": "Results"}
        ).json()["Results"]
        == []
    )

    stock = {"WarehouseDetails": [{**wrap(WarehouseID="RETAIL"), "QtyOnHand": {"value": 500}}]}
    sandbox.put_state("StockItem", "APP0001", stock)

    changed = acumatica.put(
        "InventoryQuantityAvailable", wrap(LastModifiedDateTime=since), **{"$expand": "Results"}
    ).json()["Results"]
    assert [value(r, "InventoryID") for r in changed] == ["APP0001"]
    item = acumatica.get("StockItem/APP0001", **{"$expand": "WarehouseDetails"}).json()
    summary = acumatica.put(
        "InventorySummaryInquiry", wrap(InventoryID="APP0001"), **{"$expand": "Results"}
    ).json()
    assert value(changed[0], "QtyAvailable") == sum(value(r, "QtyAvailable") for r in summary["Results"])
    assert sum(value(r, "QtyOnHand") for r in item["WarehouseDetails"]) == sum(
        value(r, "QtyOnHand") for r in summary["Results"]
    )
    us_date = acumatica.put(
        "InventoryQuantityAvailable",
        wrap(InventoryID="APP0001", LastModifiedDateTime="6/7/2024"),
        **{"$expand": "Results"},
    ).json()["Results"]
    assert len(us_date) == 1


def test_sales_prices_list_base_and_promotional_prices(acumatica: AcumaticaApi) -> None:
    rows = acumatica.put(
        "SalesPricesInquiry", wrap(PriceType="Base"), **{"$expand": "SalesPriceDetails"}
    ).json()
    prices = rows["SalesPriceDetails"]
    promotions = [i for i in CATALOG.items if i.sales_price is not None]

    assert len(prices) == 60 + len(promotions)
    by_item = {(value(p, "InventoryID"), value(p, "Promotion")): value(p, "Price") for p in prices}
    for item in CATALOG.items:
        assert by_item[(item.inventory_id, False)] == float(item.default_price)
    for item in promotions:
        assert by_item[(item.inventory_id, True)] == float(item.sales_price)  # type: ignore[arg-type]
    one = acumatica.put(
        "SalesPricesInquiry", wrap(InventoryID="APP0001"), **{"$expand": "SalesPriceDetails"}
    ).json()
    assert {value(p, "InventoryID") for p in one["SalesPriceDetails"]} == {"APP0001"}


def test_a_price_change_on_the_item_shows_in_the_price_inquiry(acumatica: AcumaticaApi) -> None:
    acumatica.put("StockItem", wrap(InventoryID="APP0001", DefaultPrice=42.5))
    one = acumatica.put(
        "SalesPricesInquiry", wrap(InventoryID="APP0001"), **{"$expand": "SalesPriceDetails"}
    ).json()
    base = next(p for p in one["SalesPriceDetails"] if not value(p, "Promotion"))
    assert value(base, "Price") == 42.5


def test_companies_structure_lists_the_branches(acumatica: AcumaticaApi) -> None:
    result = acumatica.put("CompaniesStructure", {}, **{"$expand": "Results"}).json()

    branches = {value(r, "BranchID"): value(r, "BranchName") for r in result["Results"]}
    assert branches == {b.branch_id: b.name for b in CATALOG.branches}
    assert all(value(r, "CompanyName") == "Company" for r in result["Results"])


def test_a_get_on_an_inquiry_returns_an_empty_filter_record(acumatica: AcumaticaApi) -> None:
    response = acumatica.get("InventorySummaryInquiry")
    assert response.status_code == 200
    (record,) = response.json()
    assert record["InventoryID"] == {}
    assert "Results" not in record
