"""Sales orders: defaults from the customer, line and document totals, status, validation and
stock allocation.

The status is derived, never written: canceled, On Hold (`Hold`), Credit Hold (`CreditHold`),
Completed (every line shipped, or a direct invoice released), Shipping (lines on unconfirmed
shipments), Back Order (partly shipped), otherwise Open. Order lines track `_shipped` (confirmed
shipments) and `_on_shipments` (open shipments). Open quantities of SO and IN orders that are not
canceled or completed are allocated in their warehouse, which lowers the available quantity.

A customer whose status is Credit Hold, On Hold or Inactive is refused: the order is answered
with 422 and `The customer status is '<status>'.` on CustomerID (see README).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from ..catalog_refs import BRANCH_IDS, DEFAULT_LOCATION, ORDER_TYPE_IDS, WAREHOUSE_IDS
from ..store import Record
from ..values import money, new_guid
from ..writes import set_error
from .base import Behaviour, number_lines
from .items import adjust_stock

ZERO = Decimal(0)
ALLOCATING_TYPES = ("SO", "IN")
RECEIPT_TYPES = ("RC",)
REFUSED_CUSTOMER_STATUSES = ("Credit Hold", "On Hold", "Inactive")
ADDRESS_FIELDS = ("AddressLine1", "AddressLine2", "City", "State", "PostalCode", "Country")


def qty(value: Any) -> Decimal:
    return Decimal(value or 0)


def order_status(order: Record) -> str:
    lines = order.get("Details") or []
    if order.get("_canceled"):
        return "Canceled"
    if order.get("Hold"):
        return "On Hold"
    if order.get("CreditHold"):
        return "Credit Hold"
    if order.get("_invoiced"):
        return "Completed"
    shipped = sum((qty(line.get("_shipped")) for line in lines), ZERO)
    on_shipments = sum((qty(line.get("_on_shipments")) for line in lines), ZERO)
    if (
        lines
        and all(qty(line.get("_shipped")) >= qty(line.get("OrderQty")) for line in lines)
        and shipped > 0
    ):
        return "Completed"
    if on_shipments > 0:
        return "Shipping"
    if shipped > 0:
        return "Back Order"
    return "Open"


def allocation(order: Record) -> Counter[tuple[str, str]]:
    """Open quantity per (item, warehouse) that the order holds."""
    held: Counter[tuple[str, str]] = Counter()
    if order.get("OrderType") not in ALLOCATING_TYPES or order.get("Status") in ("Canceled", "Completed"):
        return held
    for line in order.get("Details") or []:
        open_qty = qty(line.get("OrderQty")) - qty(line.get("_shipped"))
        if open_qty > 0 and line.get("InventoryID") and line.get("WarehouseID"):
            key = (str(line["InventoryID"]).upper(), str(line["WarehouseID"]).upper())
            held[key] += open_qty  # type: ignore[assignment]
    return held


def contact_of_customer(customer: Record) -> dict[str, Any]:
    main = customer.get("MainContact") or {}
    return {
        "BusinessName": customer.get("CustomerName"),
        "Attention": main.get("Attention"),
        "Email": main.get("Email"),
        "Phone1": main.get("Phone1"),
    }


def address_of_customer(customer: Record) -> dict[str, Any]:
    address = (customer.get("MainContact") or {}).get("Address") or {}
    return {name: address.get(name) for name in ADDRESS_FIELDS}


def follow_customer(record: Record, customer: Record, names: tuple[str, ...]) -> None:
    """A document's Bill-To/Ship-To address and contact (`names`, in the order given) are the
    customer's unless their `<name>Override` flag is set."""
    for name in names:
        value = address_of_customer(customer) if name.endswith("Address") else contact_of_customer(customer)
        target = record.setdefault(name, {"_id": new_guid()})
        if not record.get(f"{name}Override"):
            target.update(value)


class SalesOrderBehaviour(Behaviour):
    entity = "SalesOrder"
    record_title = "Sales Order"
    autonumber = ("OrderNbr",)

    def defaults(self) -> Record:
        today = datetime.combine(self.system.now().date(), time(0), tzinfo=self.system.now().tzinfo)
        return {
            "_id": new_guid(),
            "OrderType": "SO",
            "Date": today,
            "RequestedOn": today,
            "Hold": False,
            "Approved": True,
            "CreditHold": False,
            "CurrencyID": "USD",
            "Branch": BRANCH_IDS[0],
            "LocationID": DEFAULT_LOCATION,
            "ShipToAddressOverride": False,
            "ShipToContactOverride": False,
            "BillToAddressOverride": False,
            "BillToContactOverride": False,
            "Details": [],
            "TaxDetails": [],
            "Totals": {"_id": new_guid(), "OverrideFreightAmount": False},
        }

    def assign_key(self, record: Record, keys_sent: bool) -> None:
        order_type = str(record.get("OrderType") or "SO").upper()
        record["OrderType"] = order_type
        # Order numbers are auto-numbered per order type; a number sent for a new order is replaced.
        record["OrderNbr"] = self.system.store.next_number(f"SalesOrder:{order_type}", "{:06d}")

    # ----------------------------------------------------------------- derivations
    def prepare(self, record: Record, before: Record | None) -> None:
        record["OrderType"] = str(record.get("OrderType") or "SO").upper()
        customer = self.system.get("Customer", record.get("CustomerID") or "")
        if customer is not None and not record.get("ShipVia"):
            record["ShipVia"] = customer.get("ShipVia")
        if customer is not None:
            follow_customer(
                record, customer, ("ShipToAddress", "BillToAddress", "ShipToContact", "BillToContact")
            )
        self._prepare_lines(record)
        self._totals(record)
        record["Status"] = order_status(record)

    def _prepare_lines(self, record: Record) -> None:
        lines: list[Record] = record.setdefault("Details", [])
        number_lines(lines)
        receipt = record.get("OrderType") in RECEIPT_TYPES
        stamp = self.system.now().strftime("%m/%d/%Y %H:%M:%S")
        for line in lines:
            item = self.system.get("StockItem", line.get("InventoryID") or "")
            if item is not None:
                line["InventoryID"] = item["InventoryID"]
                line.setdefault("LineDescription", item.get("Description"))
                line.setdefault("UOM", item.get("SalesUOM") or "EA")
                if line.get("UnitPrice") is None:
                    line["UnitPrice"] = item.get("DefaultPrice") or ZERO
                    line["ManualPrice"] = False
                line.setdefault(
                    "WarehouseID",
                    record.get("PreferredWarehouseID") or item.get("DefaultWarehouseID") or WAREHOUSE_IDS[0],
                )
            line.setdefault("Branch", record.get("Branch"))
            line.setdefault("Operation", "Receipt" if receipt else "Issue")
            line.setdefault("LineType", "Goods for IN")
            line.setdefault("FreeItem", False)
            line.setdefault("ManualDiscount", False)
            line.setdefault("ManualPrice", line.get("UnitPrice") is not None)
            quantity = qty(line.get("OrderQty"))
            line["OrderQty"] = quantity
            extended = money(quantity * qty(line.get("UnitPrice")))
            if line.get("DiscountAmount") is None and line.get("DiscountPercent") is not None:
                line["DiscountAmount"] = money(extended * qty(line.get("DiscountPercent")) / 100)
            discount = money(qty(line.get("DiscountAmount")))
            line["DiscountAmount"] = discount
            if line.get("DiscountPercent") is None:
                line["DiscountPercent"] = (
                    (discount * 100 / extended).quantize(Decimal("0.000001")) if extended else ZERO
                )
            line["ExtendedPrice"] = extended
            line["Amount"] = extended - discount
            shipped = qty(line.get("_shipped"))
            line["OpenQty"] = max(ZERO, quantity - shipped)
            line["QtyOnShipments"] = qty(line.get("_on_shipments"))
            line["Completed"] = quantity > 0 and shipped >= quantity
            line["UnbilledAmount"] = ZERO if line.get("_billed") else line["Amount"]
            if line.get("_new") or line.get("LastModifiedDate") is None:
                line["LastModifiedDate"] = stamp

    def _totals(self, record: Record) -> None:
        lines = record.get("Details") or []
        totals = record.setdefault("Totals", {"_id": new_guid()})
        line_total = sum((qty(line.get("Amount")) for line in lines), ZERO)
        if not totals.get("OverrideFreightAmount"):
            totals["Freight"] = self._freight(record)
        tax_total = sum((qty(t.get("TaxAmount")) for t in record.get("TaxDetails") or []), ZERO)
        discount_total = qty(totals.get("DiscountTotal"))
        freight = qty(totals.get("Freight"))
        order_total = money(line_total - discount_total + freight + tax_total)
        weight = ZERO
        for line in lines:
            item = self.system.get("StockItem", line.get("InventoryID") or "")
            if item is not None:
                weight += qty(item.get("DimensionWeight")) * qty(line.get("OrderQty"))
        totals.update(
            {
                "LineTotalAmount": money(line_total),
                "DiscountTotal": money(discount_total),
                "Freight": money(freight),
                "FreightCost": money(qty(totals.get("FreightCost"))),
                "MiscTotalAmount": ZERO,
                "PremiumFreight": money(qty(totals.get("PremiumFreight"))),
                "TaxTotal": money(tax_total),
                "OrderWeight": weight,
                "UnbilledQty": sum((qty(line.get("OpenQty")) for line in lines), ZERO),
                "UnbilledAmount": ZERO if record.get("_billed_total") else order_total,
                "UnpaidBalance": ZERO if record.get("_paid") else order_total,
            }
        )
        record["TaxTotal"] = money(tax_total)
        record["OrderTotal"] = order_total
        record["OrderedQty"] = sum((qty(line.get("OrderQty")) for line in lines), ZERO)
        record.setdefault("ControlTotal", ZERO)

    def _freight(self, record: Record) -> Decimal:
        ship_via = self.system.get("ShipVia", record.get("ShipVia") or "")
        if ship_via is None:
            return ZERO
        rates = ship_via.get("FreightRates") or []
        return money(qty(rates[0].get("Rate"))) if rates else ZERO

    # ----------------------------------------------------------------- validation
    def validate(self, record: Record, before: Record | None) -> None:
        if str(record.get("OrderType") or "") not in ORDER_TYPE_IDS:
            set_error(record, "OrderType", "'Order Type' cannot be found in the system.")
        if self.changed(record, before, "CustomerID"):
            customer = self.require_reference(record, "CustomerID", "Customer", "Customer", required=True)
            if customer is not None and customer.get("Status") in REFUSED_CUSTOMER_STATUSES:
                set_error(record, "CustomerID", f"The customer status is '{customer['Status']}'.")
        if self.changed(record, before, "ShipVia"):
            self.require_reference(record, "ShipVia", "ShipVia", "Ship Via")
        if self.changed(record, before, "PaymentMethod"):
            method = self.require_reference(record, "PaymentMethod", "PaymentMethod", "Payment Method")
            if method is not None and not (method.get("Active") and method.get("UseInAR")):
                set_error(
                    record, "PaymentMethod", f"The payment method '{record['PaymentMethod']}' is inactive."
                )
        if (
            self.changed(record, before, "Branch")
            and str(record.get("Branch") or "").upper() not in BRANCH_IDS
        ):
            set_error(record, "Branch", "'Branch' cannot be found in the system.")
        if (
            before is not None
            and before.get("Status") in ("Completed", "Canceled")
            and _lines_signature(before) != _lines_signature(record)
        ):
            record["_error"] = (
                f"The order lines cannot be changed because the order has the {before['Status']} status."
            )
        for line in record.get("Details") or []:
            self._validate_line(line)
        self._validate_removed_lines(record, before)

    def _validate_line(self, line: Record) -> None:
        if line.get("InventoryID") in (None, ""):
            set_error(line, "InventoryID", "'Inventory ID' cannot be empty.")
            return
        item = self.system.get("StockItem", line["InventoryID"])
        if item is None:
            set_error(line, "InventoryID", "'Inventory ID' cannot be found in the system.")
            return
        if item.get("ItemStatus") in ("Inactive", "No Sales", "Marked for Deletion"):
            set_error(
                line,
                "InventoryID",
                f"The status of the '{item['InventoryID']}' item is {item['ItemStatus']}.",
            )
        if line.get("WarehouseID") and self.system.get("Warehouse", line["WarehouseID"]) is None:
            set_error(line, "WarehouseID", "'Warehouse' cannot be found in the system.")
        if qty(line.get("OrderQty")) < 0:
            set_error(line, "OrderQty", "The quantity cannot be negative.")

    @staticmethod
    def _validate_removed_lines(record: Record, before: Record | None) -> None:
        if before is None:
            return
        kept = {line.get("_id") for line in record.get("Details") or []}
        for line in before.get("Details") or []:
            if line.get("_id") not in kept and (qty(line.get("_shipped")) or qty(line.get("_on_shipments"))):
                record["_error"] = (
                    f"The line {line.get('LineNbr')} cannot be deleted because it has been shipped."
                )

    # ----------------------------------------------------------------- effects
    def after_save(self, record: Record, before: Record | None) -> None:
        self._reallocate(before, record)

    def after_delete(self, record: Record) -> None:
        self._reallocate(record, None)

    def _reallocate(self, before: Record | None, after: Record | None) -> None:
        old = allocation(before) if before else Counter()
        new = allocation(after) if after else Counter()
        for key in sorted(set(old) | set(new)):
            delta = Decimal(new.get(key, 0)) - Decimal(old.get(key, 0))
            if delta:
                adjust_stock(self.system, key[0], key[1], allocated=delta)

    def before_delete(self, record: Record) -> None:
        if shipments_of(self.system.records("Shipment"), record):
            self.refuse_action("The sales order cannot be deleted because it has shipments.")

    def computed(self, path: str, record: Record) -> list[Record] | None:
        if path != "Shipments":
            return None
        rows = []
        for shipment in shipments_of(self.system.records("Shipment"), record):
            lines = [
                line
                for line in shipment.get("Details") or []
                if str(line.get("OrderNbr")).upper() == str(record.get("OrderNbr")).upper()
            ]
            invoice = shipment.get("_invoice") or (None, None)
            rows.append(
                {
                    "_id": new_guid(f"{record['_id']}/{shipment['_id']}"),
                    "ShipmentNbr": shipment.get("ShipmentNbr"),
                    "ShipmentType": shipment.get("Type"),
                    "Status": shipment.get("Status"),
                    "ShipmentDate": shipment.get("ShipmentDate"),
                    "ShippedQty": sum((qty(line.get("ShippedQty")) for line in lines), ZERO),
                    "ShippedWeight": shipment.get("ShippedWeight"),
                    "ShippedVolume": shipment.get("ShippedVolume"),
                    "InvoiceType": invoice[0],
                    "InvoiceNbr": invoice[1],
                    "InventoryDocType": "Issue" if shipment.get("_in_ref") else None,
                    "InventoryRefNbr": shipment.get("_in_ref"),
                    "LastModifiedDateTime": shipment.get("_modified"),
                }
            )
        return rows


def shipments_of(shipments: list[Record], order: Record) -> list[Record]:
    """The shipments with lines of `order`."""
    wanted = (str(order.get("OrderType")).upper(), str(order.get("OrderNbr")).upper())
    return [
        shipment
        for shipment in shipments
        if any(
            (str(line.get("OrderType")).upper(), str(line.get("OrderNbr")).upper()) == wanted
            for line in shipment.get("Details") or []
        )
    ]


def _lines_signature(order: Record) -> list[tuple[Any, ...]]:
    return [
        (line.get("_id"), line.get("InventoryID"), qty(line.get("OrderQty")), qty(line.get("UnitPrice")))
        for line in order.get("Details") or []
    ]
