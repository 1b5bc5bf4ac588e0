"""Shipments: lines taken from sales order lines, packages, status, and their effect on orders
and stock.

The effect is state-based: an unconfirmed shipment puts its quantities `_on_shipments` of the
order lines; a confirmed one moves them to `_shipped` and out of (Issue) or into (Receipt) the
warehouse's on-hand stock. Saving, confirming, correcting or deleting a shipment applies the
difference between its old and new effect, so every path keeps orders and stock consistent.
Status: On Hold (`Hold`), Open, Confirmed, Invoiced (an invoice prepared), Completed (that invoice
released).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time
from decimal import Decimal
from functools import partial
from typing import Any

from ..catalog_refs import DEFAULT_LOCATION, WAREHOUSE_IDS
from ..store import Record
from ..values import new_guid
from ..writes import set_error
from .base import Behaviour, number_lines
from .items import adjust_stock
from .orders import address_of_customer, contact_of_customer, qty

ZERO = Decimal(0)
SHIPPABLE_ORDER_STATUSES = ("Open", "Back Order", "Shipping")
LineKey = tuple[str, str, int]  # order type, order number, order line number


def shipment_status(shipment: Record) -> str:
    if shipment.get("Hold"):
        return "On Hold"
    if not shipment.get("_confirmed"):
        return "Open"
    if shipment.get("_invoice") and shipment.get("_released"):
        return "Completed"
    if shipment.get("_invoice"):
        return "Invoiced"
    return "Confirmed"


def order_effect(shipment: Record | None) -> tuple[Counter[LineKey], Counter[LineKey]]:
    """(quantities on the shipment, quantities shipped) per order line."""
    on_shipment: Counter[LineKey] = Counter()
    shipped: Counter[LineKey] = Counter()
    if shipment is None:
        return on_shipment, shipped
    target = shipped if shipment.get("_confirmed") else on_shipment
    for line in shipment.get("Details") or []:
        if line.get("OrderNbr") and line.get("OrderLineNbr"):
            key = (str(line["OrderType"]).upper(), str(line["OrderNbr"]).upper(), int(line["OrderLineNbr"]))
            target[key] += qty(line.get("ShippedQty"))  # type: ignore[assignment]
    return on_shipment, shipped


def stock_effect(shipment: Record | None) -> Counter[tuple[str, str]]:
    """On-hand change per (item, warehouse) of a confirmed shipment."""
    moved: Counter[tuple[str, str]] = Counter()
    if shipment is None or not shipment.get("_confirmed"):
        return moved
    sign = Decimal(1) if shipment.get("Operation") == "Receipt" else Decimal(-1)
    for line in shipment.get("Details") or []:
        if line.get("InventoryID") and line.get("WarehouseID"):
            key = (str(line["InventoryID"]).upper(), str(line["WarehouseID"]).upper())
            moved[key] += sign * qty(line.get("ShippedQty"))  # type: ignore[assignment]
    return moved


class ShipmentBehaviour(Behaviour):
    entity = "Shipment"
    record_title = "Shipment"
    autonumber = ("ShipmentNbr",)

    def defaults(self) -> Record:
        now = self.system.now()
        return {
            "_id": new_guid(),
            "Type": "Shipment",
            "Operation": "Issue",
            "Hold": False,
            "ShipmentDate": datetime.combine(now.date(), time(0), tzinfo=now.tzinfo),
            "LocationID": DEFAULT_LOCATION,
            "WarehouseID": WAREHOUSE_IDS[0],
            "CreateNewShipmentForEveryOrder": False,
            "OverrideFreightPrice": False,
            "FreightCost": ZERO,
            "FreightPrice": ZERO,
            "UnlimitedPackages": False,
            "Details": [],
            "Packages": [],
        }

    def assign_key(self, record: Record, keys_sent: bool) -> None:
        record["ShipmentNbr"] = self.system.store.next_number("Shipment", "{:06d}")

    def order(self, order_type: Any, order_nbr: Any) -> Record | None:
        if not order_type or not order_nbr:
            return None
        return self.system.get("SalesOrder", order_type, order_nbr)

    # ----------------------------------------------------------------- derivations
    def prepare(self, record: Record, before: Record | None) -> None:
        self._expand_order_rows(record)
        lines: list[Record] = record.setdefault("Details", [])
        number_lines(lines)
        weight = volume = shipped_qty = ZERO
        for line in lines:
            line.setdefault("WarehouseID", record.get("WarehouseID"))
            line.setdefault("LocationID", DEFAULT_LOCATION)
            line.setdefault("FreeItem", False)
            item = self.system.get("StockItem", line.get("InventoryID") or "")
            if item is not None:
                line.setdefault("Description", item.get("Description"))
                line.setdefault("UOM", item.get("SalesUOM") or "EA")
                weight += qty(item.get("DimensionWeight")) * qty(line.get("ShippedQty"))
                volume += qty(item.get("DimensionVolume")) * qty(line.get("ShippedQty"))
            line["ShippedQty"] = qty(line.get("ShippedQty"))
            line["OpenQty"] = max(ZERO, qty(line.get("OrderedQty")) - line["ShippedQty"])
            shipped_qty += line["ShippedQty"]
        packages: list[Record] = record.setdefault("Packages", [])
        number_lines(packages)
        for package in packages:
            package.setdefault("Confirmed", bool(record.get("_confirmed")))
            package.setdefault("Type", "Manual")
            package.setdefault("UOM", "LB")
        first_order = next(
            (
                self.order(line.get("OrderType"), line.get("OrderNbr"))
                for line in lines
                if line.get("OrderNbr")
            ),
            None,
        )
        if first_order is not None:
            record.setdefault("CustomerID", first_order.get("CustomerID"))
            if not record.get("ShipVia"):
                record["ShipVia"] = first_order.get("ShipVia")
        self._ship_to(record, first_order)
        record["ShippedQty"] = shipped_qty
        record["ShippedWeight"] = weight
        record["ShippedVolume"] = volume
        record["ControlQty"] = record.get("ControlQty") or ZERO
        record["PackageCount"] = len(packages)
        record["PackageWeight"] = sum((qty(p.get("Weight")) for p in packages), ZERO)
        record["Status"] = shipment_status(record)

    def _ship_to(self, record: Record, order: Record | None) -> None:
        settings = record.setdefault("ShippingSettings", {"_id": new_guid()})
        customer = self.system.get("Customer", record.get("CustomerID") or "")
        if not settings.get("ShipToAddressOverride"):
            source = (order or {}).get("ShipToAddress") or (address_of_customer(customer) if customer else {})
            address = settings.setdefault("ShipToAddress", {"_id": new_guid()})
            address.update({k: v for k, v in source.items() if not k.startswith("_")})
        if not settings.get("ShipToContactOverride"):
            source = (order or {}).get("ShipToContact") or (contact_of_customer(customer) if customer else {})
            contact = settings.setdefault("ShipToContact", {"_id": new_guid()})
            contact.update({k: v for k, v in source.items() if not k.startswith("_")})
        settings.setdefault("ShipToAddressOverride", False)
        settings.setdefault("ShipToContactOverride", False)

    def _expand_order_rows(self, record: Record) -> None:
        """Rows that only name an order (and maybe an order line) become rows for its open lines."""
        expanded: list[Record] = []
        for row in record.get("Details") or []:
            if not row.get("_new") or row.get("InventoryID") or not row.get("OrderNbr"):
                expanded.append(row)
                continue
            order = self.order(row.get("OrderType") or "SO", row.get("OrderNbr"))
            if order is None:
                expanded.append(row)
                continue
            for line in order.get("Details") or []:
                if row.get("OrderLineNbr") and int(row["OrderLineNbr"]) != int(line.get("LineNbr") or 0):
                    continue
                same_warehouse = (
                    str(line.get("WarehouseID") or "").upper() == str(record.get("WarehouseID") or "").upper()
                )
                remaining = (
                    qty(line.get("OrderQty")) - qty(line.get("_shipped")) - qty(line.get("_on_shipments"))
                )
                if remaining <= 0 or (not row.get("OrderLineNbr") and not same_warehouse):
                    continue
                expanded.append(
                    {
                        "_id": new_guid(),
                        "_new": True,
                        "OrderType": order["OrderType"],
                        "OrderNbr": order["OrderNbr"],
                        "OrderLineNbr": line["LineNbr"],
                        "InventoryID": line.get("InventoryID"),
                        "OrderedQty": qty(line.get("OrderQty")),
                        "ShippedQty": qty(row.get("ShippedQty")) or remaining,
                        "WarehouseID": line.get("WarehouseID"),
                        "UOM": line.get("UOM"),
                    }
                )
        record["Details"] = expanded

    # ----------------------------------------------------------------- validation
    def validate(self, record: Record, before: Record | None) -> None:
        if self.changed(record, before, "CustomerID"):
            self.require_reference(record, "CustomerID", "Customer", "Customer", required=True)
        if self.changed(record, before, "WarehouseID"):
            self.require_reference(record, "WarehouseID", "Warehouse", "Warehouse", required=True)
        if self.changed(record, before, "ShipVia"):
            self.require_reference(record, "ShipVia", "ShipVia", "Ship Via")
        if before is not None and before.get("_confirmed") and _lines(before) != _lines(record):
            record["_error"] = (
                "The shipment lines cannot be changed because the shipment has the "
                f"{before['Status']} status."
            )
        for line in record.get("Details") or []:
            if not line.get("_new"):
                continue
            order = self.order(line.get("OrderType"), line.get("OrderNbr"))
            if line.get("OrderNbr") and order is None:
                set_error(line, "OrderNbr", "'Order Nbr.' cannot be found in the system.")
            elif order is not None and order.get("Status") not in SHIPPABLE_ORDER_STATUSES:
                set_error(
                    line,
                    "OrderNbr",
                    f"The sales order has the {order.get('Status')} status and cannot be shipped.",
                )
            elif (
                order is not None
                and str(order.get("CustomerID")).upper() != str(record.get("CustomerID")).upper()
            ):
                set_error(line, "OrderNbr", "The sales order belongs to another customer.")
            if not line.get("InventoryID"):
                set_error(line, "InventoryID", "'Inventory ID' cannot be empty.")
        if not record.get("Details") and before is None:
            record["_error"] = "The shipment has no lines to ship."

    # ----------------------------------------------------------------- effects
    def after_save(self, record: Record, before: Record | None) -> None:
        self._apply_effects(before, record)

    def before_delete(self, record: Record) -> None:
        if record.get("_confirmed"):
            self.refuse_action(
                f"The shipment cannot be deleted because it has the {record.get('Status')} status."
            )

    def after_delete(self, record: Record) -> None:
        self._apply_effects(record, None)

    def _apply_effects(self, before: Record | None, after: Record | None) -> None:
        old_on, old_shipped = order_effect(before)
        new_on, new_shipped = order_effect(after)
        touched: dict[tuple[str, str], dict[int, tuple[Decimal, Decimal]]] = {}
        for line_key in set(old_on) | set(new_on) | set(old_shipped) | set(new_shipped):
            on_delta = Decimal(new_on.get(line_key, 0)) - Decimal(old_on.get(line_key, 0))
            shipped_delta = Decimal(new_shipped.get(line_key, 0)) - Decimal(old_shipped.get(line_key, 0))
            if on_delta or shipped_delta:
                touched.setdefault((line_key[0], line_key[1]), {})[line_key[2]] = (on_delta, shipped_delta)
        for (order_type, order_nbr), deltas in sorted(touched.items()):
            order = self.system.get("SalesOrder", order_type, order_nbr)
            if order is not None:
                self.system.update("SalesOrder", order, partial(_move_order_quantities, deltas=deltas))
        old_stock, new_stock = stock_effect(before), stock_effect(after)
        for key in sorted(set(old_stock) | set(new_stock)):
            delta = Decimal(new_stock.get(key, 0)) - Decimal(old_stock.get(key, 0))
            if delta:
                adjust_stock(self.system, key[0], key[1], on_hand=delta)

    def computed(self, path: str, record: Record) -> list[Record] | None:
        if path != "Orders":
            return None
        rows: dict[tuple[str, str], Record] = {}
        invoice = record.get("_invoice") or (None, None)
        for line in record.get("Details") or []:
            if not line.get("OrderNbr"):
                continue
            key = (str(line.get("OrderType")), str(line.get("OrderNbr")))
            row = rows.setdefault(
                key,
                {
                    "_id": new_guid(f"{record['_id']}/{key}"),
                    "OrderType": key[0],
                    "OrderNbr": key[1],
                    "ShipmentNbr": record.get("ShipmentNbr"),
                    "ShipmentType": record.get("Type"),
                    "ShippedQty": ZERO,
                    "ShippedWeight": record.get("ShippedWeight"),
                    "ShippedVolume": record.get("ShippedVolume"),
                    "InvoiceType": invoice[0],
                    "InvoiceNbr": invoice[1],
                    "InventoryDocType": "Issue" if record.get("_in_ref") else None,
                    "InventoryRefNbr": record.get("_in_ref"),
                },
            )
            row["ShippedQty"] += qty(line.get("ShippedQty"))
        return list(rows.values())


def _move_order_quantities(order: Record, deltas: dict[int, tuple[Decimal, Decimal]]) -> None:
    for line in order.get("Details") or []:
        change = deltas.get(int(line.get("LineNbr") or 0))
        if change is not None:
            line["_on_shipments"] = max(ZERO, qty(line.get("_on_shipments")) + change[0])
            line["_shipped"] = max(ZERO, qty(line.get("_shipped")) + change[1])


def _lines(shipment: Record) -> list[tuple[Any, ...]]:
    return [
        (line.get("_id"), line.get("InventoryID"), qty(line.get("ShippedQty")))
        for line in shipment.get("Details") or []
    ]
