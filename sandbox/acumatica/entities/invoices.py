"""Sales invoices: prepared from shipments (or entered directly), released to Open or Closed.

Status: On Hold (`Hold`), Balanced (ready to release), Open (released, balance due), Closed
(released and paid: the order was paid by card at checkout). Releasing completes the invoiced
shipments.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from ..store import Record
from ..values import money, new_guid
from ..writes import set_error
from .base import Behaviour, number_lines
from .orders import REFUSED_CUSTOMER_STATUSES, follow_customer, qty

ZERO = Decimal(0)
NUMBER_PREFIX = {
    "Invoice": "INV",
    "Debit Memo": "DRM",
    "Credit Memo": "CRM",
    "Cash Sale": "CSL",
    "Cash Return": "CRT",
}


def invoice_status(invoice: Record) -> str:
    if invoice.get("_released"):
        return "Closed" if invoice.get("_paid") else "Open"
    if invoice.get("Hold"):
        return "On Hold"
    return "Balanced"


class SalesInvoiceBehaviour(Behaviour):
    entity = "SalesInvoice"
    record_title = "Invoice"
    autonumber = ("ReferenceNbr",)

    def defaults(self) -> Record:
        now = self.system.now()
        today = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
        return {
            "_id": new_guid(),
            "Type": "Invoice",
            "Date": today,
            "DueDate": today + timedelta(days=30),
            "Hold": False,
            "CreditHold": False,
            "Currency": "USD",
            "FreightPrice": ZERO,
            "DiscountTotal": ZERO,
            "TaxTotal": ZERO,
            "BillToAddressOverride": False,
            "BillToContactOverride": False,
            "ShipToAddressOverride": False,
            "ShipToContactOverride": False,
            "Details": [],
        }

    def assign_key(self, record: Record, keys_sent: bool) -> None:
        doc_type = str(record.get("Type") or "Invoice")
        prefix = NUMBER_PREFIX.get(doc_type, "AR")
        record["ReferenceNbr"] = self.system.store.next_number(f"SalesInvoice:{prefix}", prefix + "{:06d}")

    def prepare(self, record: Record, before: Record | None) -> None:
        customer = self.system.get("Customer", record.get("CustomerID") or "")
        if customer is not None:
            follow_customer(
                record, customer, ("BillToAddress", "ShipToAddress", "BillToContact", "ShipToContact")
            )
        lines: list[Record] = record.setdefault("Details", [])
        number_lines(lines)
        for line in lines:
            item = self.system.get("StockItem", line.get("InventoryID") or "")
            if item is not None:
                line.setdefault("TransactionDescr", item.get("Description"))
                line.setdefault("UOM", item.get("SalesUOM") or "EA")
                if line.get("UnitPrice") is None:
                    line["UnitPrice"] = item.get("DefaultPrice") or ZERO
            line.setdefault("BranchID", "MAIN")
            line["Qty"] = qty(line.get("Qty"))
            line["DiscountAmount"] = money(qty(line.get("DiscountAmount")))
            line["Amount"] = money(line["Qty"] * qty(line.get("UnitPrice"))) - line["DiscountAmount"]
        detail_total = sum((qty(line.get("Amount")) for line in lines), ZERO)
        amount = money(
            detail_total
            + qty(record.get("FreightPrice"))
            + qty(record.get("TaxTotal"))
            - qty(record.get("DiscountTotal"))
        )
        record["DetailTotal"] = money(detail_total)
        record["Amount"] = amount
        record["PaymentTotal"] = amount if record.get("_paid") else ZERO
        record["Balance"] = ZERO if record.get("_paid") else amount
        record["Status"] = invoice_status(record)

    def validate(self, record: Record, before: Record | None) -> None:
        if self.changed(record, before, "CustomerID"):
            customer = self.require_reference(record, "CustomerID", "Customer", "Customer", required=True)
            if customer is not None and customer.get("Status") in REFUSED_CUSTOMER_STATUSES:
                set_error(record, "CustomerID", f"The customer status is '{customer['Status']}'.")
        lines = [(r.get("_id"), r.get("Qty")) for r in record.get("Details") or []]
        released = before is not None and before.get("_released")
        if released and [(r.get("_id"), r.get("Qty")) for r in (before or {}).get("Details") or []] != lines:
            record["_error"] = "The document cannot be changed because it has been released."
        for line in record.get("Details") or []:
            if line.get("_new") and line.get("InventoryID"):
                self.require_reference(line, "InventoryID", "StockItem", "Inventory ID")

    def before_delete(self, record: Record) -> None:
        if record.get("_released"):
            self.refuse_action("The document cannot be deleted because it has been released.")

    def after_delete(self, record: Record) -> None:
        key = (record.get("Type"), record.get("ReferenceNbr"))
        for shipment in self.system.records("Shipment"):
            if tuple(shipment.get("_invoice") or ()) == key:
                self.system.update("Shipment", shipment, lambda s: s.pop("_invoice", None))
