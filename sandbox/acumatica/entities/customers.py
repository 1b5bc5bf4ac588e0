"""Customers and the reference records around them (classes, ship vias, carriers, payment methods)."""

from __future__ import annotations

import copy
from decimal import Decimal

from ..store import Record
from ..values import new_guid
from ..writes import set_error
from .base import Behaviour

CONTACT_COPIED = (
    "Attention",
    "CompanyName",
    "DisplayName",
    "Email",
    "Fax",
    "FirstName",
    "LastName",
    "Phone1",
    "Phone2",
)


def display_name(contact: Record, fallback: str = "") -> str:
    name = " ".join(str(contact.get(n)).strip() for n in ("FirstName", "LastName") if contact.get(n))
    return name or str(contact.get("CompanyName") or "") or fallback


class CustomerBehaviour(Behaviour):
    entity = "Customer"
    record_title = "Customer"
    autonumber = ("CustomerID",)

    def defaults(self) -> Record:
        return {
            "_id": new_guid(),
            "Status": "Active",
            "CustomerClass": "GENERAL",
            "CustomerCategory": "Individual",
            "CurrencyID": "USD",
            "Terms": "30D",
            "LocationName": "Primary Location",
            "ShippingRule": "Back Order Allowed",
            "IsGuestCustomer": False,
            "CreditLimit": Decimal(0),
            "BillingAddressOverride": False,
            "BillingContactOverride": False,
            "ShippingAddressOverride": False,
            "ShippingContactOverride": False,
            "MainContact": {"_id": new_guid(), "Address": {"_id": new_guid(), "Country": "US"}},
            "Attributes": [],
        }

    def assign_key(self, record: Record, keys_sent: bool) -> None:
        if not keys_sent:
            record["CustomerID"] = self.system.store.next_number("Customer", "C{:06d}")

    def prepare(self, record: Record, before: Record | None) -> None:
        main = record.setdefault("MainContact", {"_id": new_guid()})
        main.setdefault("Address", {"_id": new_guid(), "Country": "US"})
        before_main = (before or {}).get("MainContact") or {}
        if self.changed(record, before, "Email") and main.get("Email") == before_main.get("Email"):
            main["Email"] = record.get("Email")
        record["Email"] = main.get("Email")
        main["DisplayName"] = display_name(main, str(record.get("CustomerName") or ""))
        if not record.get("CustomerName"):
            record["CustomerName"] = main["DisplayName"] or None
        if record.get("BAccountID") is None:
            self.system.store.bump_number("BAccount", 100)
            record["BAccountID"] = int(self.system.store.next_number("BAccount", "{}"))
        if main.get("ContactID") is None:
            self.system.store.bump_number("Contact", 1000)
            main["ContactID"] = int(self.system.store.next_number("Contact", "{}"))
        record["PrimaryContactID"] = record.get("PrimaryContactID") or main["ContactID"]
        for name, override_contact, override_address in (
            ("BillingContact", "BillingContactOverride", "BillingAddressOverride"),
            ("ShippingContact", "ShippingContactOverride", "ShippingAddressOverride"),
        ):
            target = record.setdefault(name, {"_id": new_guid()})
            if not record.get(override_contact):
                target.update({n: main.get(n) for n in CONTACT_COPIED})
            if not record.get(override_address):
                address = copy.deepcopy(main["Address"])
                address["_id"] = (target.get("Address") or {}).get("_id") or new_guid()
                target["Address"] = address
        if before is None:
            klass = self.system.get("CustomerClass", record.get("CustomerClass") or "")
            if klass is not None and record.get("ShipVia") is None:
                record["ShipVia"] = klass.get("ShipVia")

    def validate(self, record: Record, before: Record | None) -> None:
        if self.changed(record, before, "CustomerClass"):
            self.require_reference(record, "CustomerClass", "CustomerClass", "Customer Class", required=True)
        if self.changed(record, before, "ShipVia"):
            self.require_reference(record, "ShipVia", "ShipVia", "Ship Via")
        if not record.get("CustomerName"):
            set_error(record, "CustomerName", "'Customer Name' cannot be empty.")

    def before_delete(self, record: Record) -> None:
        customer_id = str(record.get("CustomerID") or "").upper()
        if any(
            str(o.get("CustomerID") or "").upper() == customer_id for o in self.system.records("SalesOrder")
        ):
            self.refuse_action(
                f"The customer '{record.get('CustomerID')}' cannot be deleted because it has sales orders."
            )


class CustomerClassBehaviour(Behaviour):
    entity = "CustomerClass"
    record_title = "Customer Class"

    def defaults(self) -> Record:
        return {
            "_id": new_guid(),
            "CurrencyID": "USD",
            "Country": "US",
            "Terms": "30D",
            "CreditVerification": "Disabled",
        }

    def validate(self, record: Record, before: Record | None) -> None:
        if self.changed(record, before, "ShipVia"):
            self.require_reference(record, "ShipVia", "ShipVia", "Ship Via")
        if self.changed(record, before, "PaymentMethod"):
            self.require_reference(record, "PaymentMethod", "PaymentMethod", "Payment Method")


class ShipViaBehaviour(Behaviour):
    entity = "ShipVia"
    record_title = "Ship Via"

    def defaults(self) -> Record:
        return {"_id": new_guid(), "CalculationMethod": "Manual", "CommonCarrier": False, "FreightRates": []}


class CarrierBehaviour(Behaviour):
    entity = "Carrier"
    record_title = "Carrier"


class PaymentMethodBehaviour(Behaviour):
    entity = "PaymentMethod"
    record_title = "Payment Method"

    def defaults(self) -> Record:
        return {
            "_id": new_guid(),
            "Active": True,
            "MeansOfPayment": "Cash/Check",
            "UseInAR": True,
            "UseInAP": False,
            "UseInPR": False,
            "IntegratedProcessing": False,
            "AllowedCashAccounts": [],
        }
