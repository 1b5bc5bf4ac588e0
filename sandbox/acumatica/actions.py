"""What each action does to the tenant (run inside a long-running operation).

An action locates its record from the `entity` of the body (`id` or the key fields), reads its
`parameters`, checks the record's status and changes records through the system, so statuses,
stock and push notifications follow: creating a shipment puts the order in Shipping, confirming it
moves stock and completes the order, preparing an invoice marks the shipment Invoiced, releasing
the invoice opens (or closes, when paid by card) it and completes the shipment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from .entities.orders import qty, shipments_of
from .errors import PXError
from .store import Record
from .system import AcumaticaSystem
from .values import new_guid

ActionFunc = Callable[[AcumaticaSystem, Record, dict[str, Any]], None]
ZERO = Decimal(0)


def _refuse(action: str, noun: str, status: Any) -> PXError:
    return PXError(f"The {action} action cannot be performed for a {noun} with the {status} status.")


# ----------------------------------------------------------------------------- sales orders
def create_shipment(
    system: AcumaticaSystem, order: Record, parameters: dict[str, Any], *, receipt: bool
) -> None:
    action = "SalesOrderCreateReceipt" if receipt else "SalesOrderCreateShipment"
    if order.get("Status") not in ("Open", "Back Order", "Shipping"):
        raise _refuse(action, "sales order", order.get("Status"))
    if order.get("OrderType") == "QT":
        raise PXError("A quote cannot be shipped.")
    warehouse = str(parameters.get("WarehouseID") or "")
    operation = "Receipt" if receipt else "Issue"
    lines = []
    for line in order.get("Details") or []:
        if line.get("Operation", "Issue") != operation:
            continue
        if warehouse and str(line.get("WarehouseID") or "").upper() != warehouse.upper():
            continue
        remaining = qty(line.get("OrderQty")) - qty(line.get("_shipped")) - qty(line.get("_on_shipments"))
        if remaining <= 0:
            continue
        lines.append(
            {
                "_id": new_guid(),
                "OrderType": order["OrderType"],
                "OrderNbr": order["OrderNbr"],
                "OrderLineNbr": line["LineNbr"],
                "InventoryID": line.get("InventoryID"),
                "OrderedQty": qty(line.get("OrderQty")),
                "ShippedQty": remaining,
                "WarehouseID": line.get("WarehouseID"),
                "UOM": line.get("UOM"),
            }
        )
    if not lines:
        where = f" from the warehouse {warehouse}" if warehouse else ""
        raise PXError(f"The sales order has no lines that can be shipped{where}.")
    by_warehouse: dict[str, list[Record]] = {}
    for line in lines:  # one shipment per warehouse, as the screen does
        by_warehouse.setdefault(str(line["WarehouseID"]).upper(), []).append(line)
    for warehouse_lines in by_warehouse.values():
        shipment: Record = {
            "Operation": operation,
            "CustomerID": order.get("CustomerID"),
            "LocationID": order.get("LocationID"),
            "WarehouseID": warehouse_lines[0]["WarehouseID"],
            "ShipVia": order.get("ShipVia"),
            "Details": warehouse_lines,
        }
        if isinstance(parameters.get("ShipmentDate"), datetime):
            shipment["ShipmentDate"] = parameters["ShipmentDate"]
        system.insert("Shipment", shipment)


HOLD_STATES = {
    "SalesOrder": ("Open", "Back Order", "Credit Hold", "On Hold"),
    "Shipment": ("Open", "On Hold"),
    "SalesInvoice": ("Balanced", "On Hold"),
}


def set_hold(entity: str, hold: bool) -> ActionFunc:
    """The workflow actions `putOnHold` / `releaseFromHold` (reached by `/{Entity}/{actionName}`)."""

    def run(system: AcumaticaSystem, record: Record, parameters: dict[str, Any]) -> None:
        status = record.get("Status")
        if status not in HOLD_STATES[entity] or bool(record.get("Hold")) == hold:
            raise _refuse("putOnHold" if hold else "releaseFromHold", entity, status)
        system.update(entity, record, lambda r: r.__setitem__("Hold", hold))

    return run


def cancel_order(system: AcumaticaSystem, order: Record, parameters: dict[str, Any]) -> None:
    if order.get("Status") not in ("Open", "On Hold", "Credit Hold", "Back Order"):
        raise _refuse("CancelSalesOrder", "sales order", order.get("Status"))
    if any(s.get("Status") in ("Open", "On Hold") for s in shipments_of(system.records("Shipment"), order)):
        raise PXError("The sales order cannot be canceled because it has open shipments.")
    system.update("SalesOrder", order, lambda o: o.__setitem__("_canceled", True))


def reopen_order(system: AcumaticaSystem, order: Record, parameters: dict[str, Any]) -> None:
    if order.get("Status") != "Canceled":
        raise _refuse("ReopenSalesOrder", "sales order", order.get("Status"))
    system.update("SalesOrder", order, lambda o: o.pop("_canceled", None))


def open_order(system: AcumaticaSystem, order: Record, parameters: dict[str, Any]) -> None:
    if order.get("Status") != "On Hold":
        raise _refuse("OpenSalesOrder", "sales order", order.get("Status"))
    system.update("SalesOrder", order, lambda o: o.__setitem__("Hold", False))


def release_credit_hold(system: AcumaticaSystem, order: Record, parameters: dict[str, Any]) -> None:
    if order.get("Status") != "Credit Hold":
        raise _refuse("ReleaseFromCreditHoldSalesOrder", "sales order", order.get("Status"))
    system.update("SalesOrder", order, lambda o: o.__setitem__("CreditHold", False))


def recalculate(system: AcumaticaSystem, order: Record, parameters: dict[str, Any]) -> None:
    """Prices of lines without a manual price come back to the item's default price."""
    if order.get("Status") in ("Completed", "Canceled"):
        raise _refuse("RecalculatePricesDiscounts", "sales order", order.get("Status"))

    def change(o: Record) -> None:
        for line in o.get("Details") or []:
            item = system.get("StockItem", line.get("InventoryID") or "")
            if item is not None and (not line.get("ManualPrice") or parameters.get("OverrideManualPrices")):
                line["UnitPrice"] = item.get("DefaultPrice")

    system.update("SalesOrder", order, change)


def prepare_order_invoice(system: AcumaticaSystem, order: Record, parameters: dict[str, Any]) -> None:
    shipments = [s for s in shipments_of(system.records("Shipment"), order) if s.get("Status") == "Confirmed"]
    if shipments:
        invoice_shipments(system, shipments)
        return
    if order.get("OrderType") != "IN" or order.get("Status") not in ("Open", "Back Order"):
        raise PXError("The sales order has no confirmed shipments to be invoiced.")
    lines = [
        {
            "InventoryID": line.get("InventoryID"),
            "Qty": qty(line.get("OrderQty")),
            "UnitPrice": line.get("UnitPrice"),
            "DiscountAmount": line.get("DiscountAmount"),
            "OrderType": order["OrderType"],
            "OrderNbr": order["OrderNbr"],
            "OrderLineNbr": line.get("LineNbr"),
            "WarehouseID": line.get("WarehouseID"),
            "UOM": line.get("UOM"),
        }
        for line in order.get("Details") or []
    ]
    _insert_invoice(system, order, lines)
    system.update("SalesOrder", order, lambda o: o.__setitem__("_invoiced", True))


# ----------------------------------------------------------------------------- shipments
def confirm_shipment(system: AcumaticaSystem, shipment: Record, parameters: dict[str, Any]) -> None:
    if shipment.get("Status") != "Open":
        raise _refuse("ConfirmShipment", "shipment", shipment.get("Status"))
    if sum((qty(line.get("ShippedQty")) for line in shipment.get("Details") or []), ZERO) <= 0:
        raise PXError("The shipment cannot be confirmed because its shipped quantity is zero.")

    def change(s: Record) -> None:
        s["_confirmed"] = True
        for package in s.get("Packages") or []:
            package["Confirmed"] = True

    system.update("Shipment", shipment, change)


def correct_shipment(system: AcumaticaSystem, shipment: Record, parameters: dict[str, Any]) -> None:
    if shipment.get("Status") != "Confirmed":
        raise _refuse("CorrectShipment", "shipment", shipment.get("Status"))
    system.update("Shipment", shipment, lambda s: s.__setitem__("_confirmed", False))


def update_in(system: AcumaticaSystem, shipment: Record, parameters: dict[str, Any]) -> None:
    if shipment.get("Status") not in ("Confirmed", "Invoiced", "Completed") or shipment.get("_in_ref"):
        raise _refuse("UpdateIN", "shipment", shipment.get("Status"))
    number = system.store.next_number("INIssue", "IS{:06d}")
    system.update("Shipment", shipment, lambda s: s.__setitem__("_in_ref", number))


def prepare_shipment_invoice(system: AcumaticaSystem, shipment: Record, parameters: dict[str, Any]) -> None:
    if shipment.get("Status") != "Confirmed":
        raise _refuse("PrepareInvoice", "shipment", shipment.get("Status"))
    invoice_shipments(system, [shipment])


def invoice_shipments(system: AcumaticaSystem, shipments: list[Record]) -> Record:
    lines = []
    orders: dict[tuple[str, str], Record] = {}
    for shipment in shipments:
        for line in shipment.get("Details") or []:
            order = system.get("SalesOrder", line.get("OrderType"), line.get("OrderNbr"))
            if order is None:
                continue
            orders[(order["OrderType"], order["OrderNbr"])] = order
            order_line: Record = next(
                (o for o in order.get("Details") or [] if o.get("LineNbr") == line.get("OrderLineNbr")), {}
            )
            ordered = qty(order_line.get("OrderQty")) or Decimal(1)
            lines.append(
                {
                    "InventoryID": line.get("InventoryID"),
                    "Qty": qty(line.get("ShippedQty")),
                    "UnitPrice": order_line.get("UnitPrice"),
                    "DiscountAmount": qty(order_line.get("DiscountAmount"))
                    * qty(line.get("ShippedQty"))
                    / ordered,
                    "OrderType": line.get("OrderType"),
                    "OrderNbr": line.get("OrderNbr"),
                    "OrderLineNbr": line.get("OrderLineNbr"),
                    "ShipmentNbr": shipment.get("ShipmentNbr"),
                    "WarehouseID": line.get("WarehouseID"),
                    "UOM": line.get("UOM"),
                }
            )
    first_order = next(iter(orders.values()))
    invoice = _insert_invoice(system, first_order, lines)
    key = (invoice["Type"], invoice["ReferenceNbr"])
    for shipment in shipments:
        system.update("Shipment", shipment, lambda s: s.__setitem__("_invoice", key))
    return invoice


def _insert_invoice(system: AcumaticaSystem, order: Record, lines: list[Record]) -> Record:
    first_invoice = not order.get("_freight_billed")
    totals = order.get("Totals") or {}
    invoice: Record = {
        "Type": "Invoice",
        "CustomerID": order.get("CustomerID"),
        "CustomerOrder": order.get("CustomerOrder"),
        "ExternalRef": order.get("ExternalRef"),
        "Description": order.get("Description"),
        "FreightPrice": qty(totals.get("Freight")) if first_invoice else ZERO,
        "TaxTotal": qty(order.get("TaxTotal")) if first_invoice else ZERO,
        "DiscountTotal": qty(totals.get("DiscountTotal")) if first_invoice else ZERO,
        "_payment_method": order.get("PaymentMethod"),
        "Details": [{"_id": new_guid(), **line} for line in lines],
    }
    for name, override in (
        ("BillToAddress", "BillToAddressOverride"),
        ("BillToContact", "BillToContactOverride"),
        ("ShipToAddress", "ShipToAddressOverride"),
        ("ShipToContact", "ShipToContactOverride"),
    ):
        source = order.get(name) or {}
        invoice[name] = {"_id": new_guid(), **{k: v for k, v in source.items() if not k.startswith("_")}}
        invoice[override] = True
    created = system.insert("SalesInvoice", invoice)
    system.update("SalesOrder", order, lambda o: o.__setitem__("_freight_billed", True))
    return created


# ----------------------------------------------------------------------------- invoices
def release_invoice(system: AcumaticaSystem, invoice: Record, parameters: dict[str, Any]) -> None:
    if invoice.get("Status") != "Balanced":
        raise _refuse("ReleaseSalesInvoice", "document", invoice.get("Status"))
    method = system.get("PaymentMethod", invoice.get("_payment_method") or "")
    paid = method is not None and method.get("MeansOfPayment") == "Credit Card"

    def change(i: Record) -> None:
        i["_released"] = True
        i["_paid"] = paid

    system.update("SalesInvoice", invoice, change)
    key = (invoice["Type"], invoice["ReferenceNbr"])
    for shipment in system.records("Shipment"):
        if tuple(shipment.get("_invoice") or ()) == key:
            system.update("Shipment", shipment, lambda s: s.__setitem__("_released", True))
    for line in invoice.get("Details") or []:
        order = system.get("SalesOrder", line.get("OrderType") or "", line.get("OrderNbr") or "")
        if order is not None and paid:
            system.update("SalesOrder", order, lambda o: o.__setitem__("_paid", True))


def touch(entity: str) -> ActionFunc:
    """Actions whose effect the simulator does not model beyond saving the record again
    (standard-cost update of average-cost items, discount recalculation without discount codes)."""

    def run(system: AcumaticaSystem, record: Record, parameters: dict[str, Any]) -> None:
        system.update(entity, record, lambda r: None)

    return run


ACTIONS: dict[tuple[str, str], ActionFunc] = {
    ("SalesOrder", "salesordercreateshipment"): lambda s, r, p: create_shipment(s, r, p, receipt=False),
    ("SalesOrder", "salesordercreatereceipt"): lambda s, r, p: create_shipment(s, r, p, receipt=True),
    ("SalesOrder", "cancelsalesorder"): cancel_order,
    ("SalesOrder", "reopensalesorder"): reopen_order,
    ("SalesOrder", "opensalesorder"): open_order,
    ("SalesOrder", "releasefromcreditholdsalesorder"): release_credit_hold,
    ("SalesOrder", "recalculatepricesdiscounts"): recalculate,
    ("SalesOrder", "autorecalculatediscounts"): touch("SalesOrder"),
    ("SalesOrder", "preparesalesinvoice"): prepare_order_invoice,
    ("SalesOrder", "putonhold"): set_hold("SalesOrder", True),
    ("SalesOrder", "releasefromhold"): set_hold("SalesOrder", False),
    ("Shipment", "confirmshipment"): confirm_shipment,
    ("Shipment", "correctshipment"): correct_shipment,
    ("Shipment", "updatein"): update_in,
    ("Shipment", "prepareinvoice"): prepare_shipment_invoice,
    ("Shipment", "putonhold"): set_hold("Shipment", True),
    ("Shipment", "releasefromhold"): set_hold("Shipment", False),
    ("SalesInvoice", "releasesalesinvoice"): release_invoice,
    ("SalesInvoice", "putonhold"): set_hold("SalesInvoice", True),
    ("SalesInvoice", "releasefromhold"): set_hold("SalesInvoice", False),
    ("StockItem", "updatestandardcoststockitem"): touch("StockItem"),
}
