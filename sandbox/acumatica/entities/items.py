"""Stock items, matrix templates, item classes, sales categories, warehouses, and stock quantities.

Quantities live on each stock item's warehouse rows: `QtyOnHand` (contract) plus `_reserved`
(stock held for demand outside the simulation, from the demo catalog) and `_allocated` (open
sales order lines of this tenant). Available = on hand - reserved - allocated. A quantity change
does not touch the stock item's last-modified time (in Acumatica it lives in another table); it
moves the item's `_qty_modified`, which `InventoryQuantityAvailable` reports and filters on, and
emits an `InventoryQuantityAvailable` push notification.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..catalog_refs import ATTRIBUTE_DEFS, WAREHOUSE_IDS
from ..store import Record
from ..values import new_guid
from ..writes import set_error
from .base import Behaviour

ZERO = Decimal(0)
# A new item class's settings unless the request sets them (the demo tenant's classes use them too).
ITEM_CLASS_DEFAULTS: dict[str, Any] = {
    "ItemType": "Finished Good",
    "StockItem": True,
    "BaseUOM": "EA",
    "SalesUOM": "EA",
    "PurchaseUOM": "EA",
    "ValuationMethod": "Average",
    "PostingClass": "DEFAULT",
    "LotSerialClass": "NOTTRACKED",
    "TaxCategoryID": "TAXABLE",
    "AvailabilityCalculationRule": "DEFAULT",
}


def available(row: Record) -> Decimal:
    on_hand = Decimal(row.get("QtyOnHand") or 0)
    return max(ZERO, on_hand - Decimal(row.get("_reserved") or 0) - Decimal(row.get("_allocated") or 0))


def item_available(item: Record) -> Decimal:
    return sum((available(row) for row in item.get("WarehouseDetails") or []), ZERO)


def quantity_row(item: Record) -> dict[str, Any]:
    """The item's line in the `InventoryQuantityAvailable` inquiry (and its push query)."""
    return {
        "InventoryID": item.get("InventoryID"),
        "QtyAvailable": item_available(item),
        "_modified": item.get("_qty_modified") or item.get("_modified"),
    }


def warehouse_row(item: Record, warehouse_id: str) -> Record:
    rows: list[Record] = item.setdefault("WarehouseDetails", [])
    for row in rows:
        if str(row.get("WarehouseID", "")).upper() == warehouse_id.upper():
            return row
    row = {
        "_id": new_guid(),
        "WarehouseID": warehouse_id,
        "QtyOnHand": ZERO,
        "Status": "Active",
        "IsDefault": False,
    }
    rows.append(row)
    return row


def adjust_stock(
    system: Any, inventory_id: str, warehouse_id: str, *, on_hand: Decimal = ZERO, allocated: Decimal = ZERO
) -> None:
    """Move stock of one item in one warehouse (shipments, allocations) and report the change."""
    item = system.get("StockItem", inventory_id)
    if item is None or (not on_hand and not allocated):
        return
    before = quantity_row(item)
    row = warehouse_row(item, warehouse_id)
    row["QtyOnHand"] = Decimal(row.get("QtyOnHand") or 0) + on_hand
    row["_allocated"] = Decimal(row.get("_allocated") or 0) + allocated
    item["_qty_modified"] = system.now()
    system.listener.changed("InventoryQuantityAvailable", before, quantity_row(item))


def resolve_attributes(obj: Record) -> None:
    """`AttributeID` accepts the attribute ID or its description; fill the descriptions."""
    for row in obj.get("Attributes") or []:
        sent = str(row.get("AttributeID") or "")
        definition = ATTRIBUTE_DEFS.get(sent.upper()) or next(
            (a for a in ATTRIBUTE_DEFS.values() if a.description.lower() == sent.lower()), None
        )
        if definition is None:
            set_error(row, "AttributeID", f"'{sent}' cannot be found in the system.")
            continue
        row["AttributeID"] = definition.attribute_id
        row["AttributeDescription"] = definition.description
        row.setdefault("Required", False)
        values = dict(definition.values)
        value = row.get("Value")
        if value is not None:
            match = next((v for v in values if v.upper() == str(value).upper()), None)
            match = match or next((v for v, d in values.items() if d.lower() == str(value).lower()), None)
            if match is None:
                set_error(
                    row,
                    "Value",
                    f"'{value}' is not a valid value of the attribute '{definition.attribute_id}'.",
                )
                continue
            row["Value"] = match
            row["ValueDescription"] = values[match]


class StockItemBehaviour(Behaviour):
    entity = "StockItem"
    record_title = "Stock Item"

    def defaults(self) -> Record:
        return {
            "_id": new_guid(),
            "ItemStatus": "Active",
            "ItemType": "Finished Good",
            "BaseUOM": "EA",
            "SalesUOM": "EA",
            "PurchaseUOM": "EA",
            "WeightUOM": "LB",
            "VolumeUOM": "FT3",
            "ValuationMethod": "Average",
            "LotSerialClass": "NOTTRACKED",
            "PostingClass": "DEFAULT",
            "TaxCategory": "TAXABLE",
            "IsAKit": False,
            "ExportToExternal": True,
            "Visibility": "Catalog and Search",
            "Availability": "Store Default",
            "NotAvailable": "Store Default",
            "DefaultWarehouseID": WAREHOUSE_IDS[0],
            "Attributes": [],
            "Categories": [],
            "CrossReferences": [],
            "UOMConversions": [],
            "FileURLs": [],
            "WarehouseDetails": [
                {
                    "_id": new_guid(),
                    "WarehouseID": w,
                    "QtyOnHand": ZERO,
                    "Status": "Active",
                    "IsDefault": w == WAREHOUSE_IDS[0],
                }
                for w in WAREHOUSE_IDS
            ],
        }

    def prepare(self, record: Record, before: Record | None) -> None:
        resolve_attributes(record)
        default = str(record.get("DefaultWarehouseID") or "")
        for row in record.get("WarehouseDetails") or []:
            row.setdefault("Status", "Active")
            row["IsDefault"] = str(row.get("WarehouseID") or "").upper() == default.upper()
            row.setdefault("QtyOnHand", ZERO)
        if before is not None and _on_hand(before) != _on_hand(record):
            record["_qty_modified"] = self.system.now()
            record["_qty_before"] = quantity_row(before)

    def validate(self, record: Record, before: Record | None) -> None:
        if self.changed(record, before, "ItemClass"):
            self.require_reference(record, "ItemClass", "ItemClass", "Item Class")
        if self.changed(record, before, "DefaultWarehouseID"):
            self.require_reference(record, "DefaultWarehouseID", "Warehouse", "Default Warehouse")
        if self.changed(record, before, "TemplateItemID"):
            self.require_reference(record, "TemplateItemID", "TemplateItems", "Template Item")
        for row in record.get("Categories") or []:
            self.require_reference(row, "CategoryID", "ItemSalesCategory", "Category")
        for row in record.get("WarehouseDetails") or []:
            self.require_reference(row, "WarehouseID", "Warehouse", "Warehouse", required=True)

    def before_delete(self, record: Record) -> None:
        inventory_id = str(record.get("InventoryID") or "").upper()
        for order in self.system.records("SalesOrder"):
            if any(
                str(line.get("InventoryID") or "").upper() == inventory_id
                for line in order.get("Details") or []
            ):
                self.refuse_action(
                    f"The item '{record.get('InventoryID')}' cannot be deleted "
                    "because it is used in sales orders."
                )

    def after_save(self, record: Record, before: Record | None) -> None:
        previous = record.pop("_qty_before", None)
        if previous is not None:
            self.system.listener.changed("InventoryQuantityAvailable", previous, quantity_row(record))


def _on_hand(item: Record) -> dict[str, Decimal]:
    return {
        str(r.get("WarehouseID")).upper(): Decimal(r.get("QtyOnHand") or 0)
        for r in item.get("WarehouseDetails") or []
    }


class TemplateItemsBehaviour(Behaviour):
    entity = "TemplateItems"
    record_title = "Template Item"

    def defaults(self) -> Record:
        return {
            "_id": new_guid(),
            "IsStockItem": True,
            "ItemStatus": "Active",
            "BaseUOM": "EA",
            "SalesUOM": "EA",
            "WeightUOM": "LB",
            "TaxCategory": "TAXABLE",
            "ExportToExternal": True,
            "Visibility": "Catalog and Search",
            "RequireShipment": True,
            "Attributes": [],
            "Categories": [],
            "FileURLs": [],
        }

    def prepare(self, record: Record, before: Record | None) -> None:
        resolve_attributes(record)
        record.pop("Matrix", None)  # matrix items are read from the stock items

    def validate(self, record: Record, before: Record | None) -> None:
        if self.changed(record, before, "ItemClass"):
            self.require_reference(record, "ItemClass", "ItemClass", "Item Class")
        for row in record.get("Categories") or []:
            self.require_reference(row, "CategoryID", "ItemSalesCategory", "Category")

    def variants(self, record: Record) -> list[Record]:
        template_id = str(record.get("InventoryID") or "").upper()
        return [
            i
            for i in self.system.records("StockItem")
            if str(i.get("TemplateItemID") or "").upper() == template_id
        ]

    def computed(self, path: str, record: Record) -> list[Record] | None:
        if path != "Matrix":
            return None
        names = ("InventoryID", "Description", "DefaultPrice", "MSRP", "ItemStatus", "ExportToExternal")
        return [{"_id": i["_id"], **{n: i.get(n) for n in names}} for i in self.variants(record)]

    def before_delete(self, record: Record) -> None:
        if self.variants(record):
            self.refuse_action(
                f"The template item '{record.get('InventoryID')}' cannot be deleted "
                "because it has matrix items."
            )


class ItemClassBehaviour(Behaviour):
    entity = "ItemClass"
    record_title = "Item Class"

    def defaults(self) -> Record:
        return {
            "_id": new_guid(),
            **ITEM_CLASS_DEFAULTS,
            "DefaultWarehouseID": WAREHOUSE_IDS[0],
            "Attributes": [],
        }

    def validate(self, record: Record, before: Record | None) -> None:
        for row in record.get("Attributes") or []:
            attribute_id = str(row.get("AttributeID") or "").upper()
            if attribute_id not in ATTRIBUTE_DEFS:
                set_error(row, "AttributeID", f"'{row.get('AttributeID')}' cannot be found in the system.")
            else:
                row["AttributeID"] = attribute_id


class ItemSalesCategoryBehaviour(Behaviour):
    entity = "ItemSalesCategory"
    record_title = "Item Sales Category"
    autonumber = ("CategoryID",)

    def defaults(self) -> Record:
        return {"_id": new_guid(), "ParentCategoryID": 0, "SortOrder": 1, "Members": []}

    def assign_key(self, record: Record, keys_sent: bool) -> None:
        if record.get("CategoryID") in (None, ""):
            existing = [int(r["CategoryID"]) for r in self.system.records("ItemSalesCategory")]
            record["CategoryID"] = max(existing, default=0) + 1

    def path_of(self, record: Record) -> str:
        names = [str(record.get("Description") or "")]
        parent_id = record.get("ParentCategoryID") or 0
        seen = {record.get("CategoryID")}
        while parent_id and parent_id not in seen:
            seen.add(parent_id)
            parent = self.system.get("ItemSalesCategory", parent_id)
            if parent is None:
                break
            names.insert(0, str(parent.get("Description") or ""))
            parent_id = parent.get("ParentCategoryID") or 0
        return "/".join(names)

    def prepare(self, record: Record, before: Record | None) -> None:
        record.pop("Members", None)  # members are the items that list the category
        record["ParentCategoryID"] = record.get("ParentCategoryID") or 0
        record["Path"] = self.path_of(record)

    def validate(self, record: Record, before: Record | None) -> None:
        parent_id = record.get("ParentCategoryID") or 0
        if parent_id and self.system.get("ItemSalesCategory", parent_id) is None:
            set_error(record, "ParentCategoryID", "'Parent Category' cannot be found in the system.")
        if parent_id and parent_id == record.get("CategoryID"):
            set_error(record, "ParentCategoryID", "A category cannot be its own parent.")

    def after_save(self, record: Record, before: Record | None) -> None:
        if before is not None and (
            before.get("Description") != record.get("Description")
            or before.get("ParentCategoryID") != record.get("ParentCategoryID")
        ):
            for other in self.system.records("ItemSalesCategory"):
                other["Path"] = self.path_of(other)

    def computed(self, path: str, record: Record) -> list[Record] | None:
        if path != "Members":
            return None
        category_id = record.get("CategoryID")
        rows = []
        for entity in ("StockItem", "TemplateItems"):
            for item in self.system.records(entity):
                if any(c.get("CategoryID") == category_id for c in item.get("Categories") or []):
                    rows.append(
                        {
                            "_id": new_guid(f"{record['_id']}/{item['_id']}"),
                            "InventoryID": item.get("InventoryID"),
                            "Description": item.get("Description"),
                            "ItemClass": item.get("ItemClass"),
                            "ItemStatus": item.get("ItemStatus"),
                        }
                    )
        return sorted(rows, key=lambda r: str(r["InventoryID"]))

    def before_delete(self, record: Record) -> None:
        category_id = record.get("CategoryID")
        if any(r.get("ParentCategoryID") == category_id for r in self.system.records("ItemSalesCategory")):
            self.refuse_action("The category cannot be deleted because it has child categories.")


class WarehouseBehaviour(Behaviour):
    entity = "Warehouse"
    record_title = "Warehouse"

    def defaults(self) -> Record:
        return {"_id": new_guid(), "Active": True, "Locations": []}
