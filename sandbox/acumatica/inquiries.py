"""Inquiry entities: the filter sent with PUT comes back with its results in a detail collection
(`Results`, or `SalesPriceDetails` for sales prices), computed from the tenant's records.

- InventoryQuantityAvailable: one row per stock item, total available over all warehouses;
  `InventoryID` narrows to one item, `LastModifiedDateTime` to items whose quantities changed at
  or after that moment (US `6/7/2024` or ISO dates).
- InventorySummaryInquiry: one row per warehouse of one item (`InventoryID` required), narrowed by
  `WarehouseID` / `LocationID`.
- SalesPricesInquiry: base prices of stock items (and their promotional prices), narrowed by
  `PriceType`, `InventoryID`, `ItemClassID` and `EffectiveAsOf`.
- CompaniesStructure: the company and its branches.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.common.catalog import BRANCHES

from .catalog_refs import DEFAULT_LOCATION
from .entities.items import available, quantity_row
from .schema import EntityDef
from .store import Record
from .system import AcumaticaSystem
from .values import new_guid
from .writes import set_error

ZERO = Decimal(0)


def run_inquiry(system: AcumaticaSystem, definition: EntityDef, record: Record) -> list[Record]:
    """The result rows for the filter `record` (field errors are set on the record)."""
    runner = {
        "InventoryQuantityAvailable": _quantity_available,
        "InventorySummaryInquiry": _inventory_summary,
        "SalesPricesInquiry": _sales_prices,
        "CompaniesStructure": _companies,
    }[definition.name]
    return runner(system, record)


def results_field(definition: EntityDef) -> str:
    return "SalesPriceDetails" if definition.name == "SalesPricesInquiry" else "Results"


def _same(value: Any, wanted: Any) -> bool:
    return str(value or "").strip().upper() == str(wanted or "").strip().upper()


def _quantity_available(system: AcumaticaSystem, record: Record) -> list[Record]:
    rows = []
    since = record.get("LastModifiedDateTime")
    for item in system.records("StockItem"):
        if record.get("InventoryID") and not _same(item.get("InventoryID"), record["InventoryID"]):
            continue
        row = quantity_row(item)
        if since is not None and row["_modified"] < since:
            continue
        rows.append(
            {
                "_id": new_guid(f"iqa/{item['_id']}"),
                "InventoryID": row["InventoryID"],
                "QtyAvailable": row["QtyAvailable"],
                "LastModifiedDateTime": row["_modified"],
            }
        )
    return rows


def _inventory_summary(system: AcumaticaSystem, record: Record) -> list[Record]:
    if not record.get("InventoryID"):
        set_error(record, "InventoryID", "'Inventory ID' cannot be empty.")
        return []
    item = system.get("StockItem", record["InventoryID"])
    if item is None:
        set_error(record, "InventoryID", "'Inventory ID' cannot be found in the system.")
        return []
    if record.get("WarehouseID") and system.get("Warehouse", record["WarehouseID"]) is None:
        set_error(record, "WarehouseID", "'Warehouse' cannot be found in the system.")
        return []
    if record.get("LocationID") and not _same(record["LocationID"], DEFAULT_LOCATION):
        return []
    cost = Decimal(item.get("AverageCost") or 0)
    rows = []
    for row in item.get("WarehouseDetails") or []:
        if record.get("WarehouseID") and not _same(row.get("WarehouseID"), record["WarehouseID"]):
            continue
        on_hand = Decimal(row.get("QtyOnHand") or 0)
        qty_available = available(row)
        rows.append(
            {
                "_id": new_guid(f"summary/{row['_id']}"),
                "WarehouseID": row.get("WarehouseID"),
                "LocationID": DEFAULT_LOCATION,
                "QtyOnHand": on_hand,
                "QtyAvailable": qty_available,
                "QtyAvailableForShipment": qty_available,
                "QtyNotAvailable": on_hand - qty_available if on_hand > qty_available else ZERO,
                "BaseUOM": item.get("BaseUOM"),
                "EstimatedUnitCost": cost,
                "EstimatedTotalCost": (cost * on_hand).quantize(Decimal("0.01")),
            }
        )
    return rows


def _sales_prices(system: AcumaticaSystem, record: Record) -> list[Record]:
    price_type = str(record.get("PriceType") or "All Prices")
    if price_type not in ("All Prices", "Base"):
        return []  # the demo tenant has no customer or price-class prices
    as_of = record.get("EffectiveAsOf")
    rows = []
    for number, item in enumerate(system.records("StockItem"), start=1):
        if record.get("InventoryID") and not _same(item.get("InventoryID"), record["InventoryID"]):
            continue
        if record.get("ItemClassID") and not _same(item.get("ItemClass"), record["ItemClassID"]):
            continue
        created = item.get("_created")
        effective = created.replace(hour=0, minute=0, second=0, microsecond=0) if created else None
        if as_of is not None and effective is not None and effective > as_of:
            continue
        prices = [(item.get("DefaultPrice"), False)]
        if item.get("_promo_price") is not None:
            prices.append((item["_promo_price"], True))
        for offset, (price, promotion) in enumerate(prices):
            rows.append(
                {
                    "_id": new_guid(f"price/{item['_id']}/{offset}"),
                    "RecordID": number * 10 + offset,
                    "PriceType": "Base",
                    "InventoryID": item.get("InventoryID"),
                    "Description": item.get("Description"),
                    "UOM": item.get("SalesUOM") or "EA",
                    "BreakQty": ZERO,
                    "Price": price,
                    "CurrencyID": "USD",
                    "Promotion": promotion,
                    "Tax": "Tax Exclusive",
                    "TaxCalculationMode": "Net",
                    "EffectiveDate": effective,
                    "CreatedDateTime": item.get("_created"),
                    "LastModifiedDateTime": item.get("_modified"),
                    "NoteID": new_guid(f"price-note/{item['_id']}/{offset}"),
                }
            )
    return rows


def _companies(system: AcumaticaSystem, record: Record) -> list[Record]:
    return [
        {
            "_id": new_guid(f"branch/{branch.branch_id}"),
            "CompanyID": system.tenant.upper(),
            "CompanyName": system.tenant,
            "CompanyType": "With Branches Not Requiring Balancing",
            "CompanyStatus": True,
            "BranchID": branch.branch_id,
            "BranchName": branch.name,
            "BranchStatus": True,
            "BranchCountry": "US",
            "BaseCurrencyID": "USD",
        }
        for branch in BRANCHES
    ]
