"""Acumatica pickers: codes read from one connection's tenant through the contract-based API.

Every list comes from the `Default` endpoint the connector already uses, so a picker needs no
extra endpoint, customization or rights beyond reading these screens:

* warehouses (`Warehouse`), customer classes (`CustomerClass`), customer price classes
  (`CustomerPriceClass`), ship vias (`ShipVia`), payment methods (`PaymentMethod`, active ones
  usable in AR): their own entities.
* cash accounts: Default 22-24 has no cash account entity; the accounts a payment method may use
  are its `AllowedCashAccounts` detail, which is what a payment mapping needs anyway.
* branches: there is no `Branch` entity in Default 22-24; the `CompaniesStructure` inquiry
  (CS401000) lists every company and branch (active branches are offered).
* order types: there is no order type entity in Default 22-24 (SO201000 is not mapped). The
  picker offers the distinct `OrderType` of sales orders changed in the last year (at most
  `ORDER_TYPE_SAMPLE` orders are read, only that field); a type nobody used lately can still be
  typed, and the field's current codes are always offered. An integrator who needs the full list
  extends the endpoint with SO201000; this picker then still works unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.utils import timezone

from ..clients.acumatica import AcumaticaClient
from ..clients.acumatica_records import value_of
from ..clients.odata import gt
from ..defaults import ACUMATICA
from .base import Choice, Picker, PickerSession

PAGE_SIZE = 500
ORDER_TYPE_LOOKBACK = timedelta(days=365)
ORDER_TYPE_SAMPLE = 2000

Session = PickerSession[AcumaticaClient]


def _records(session: Session, entity: str, select: str, expand: str | None = None) -> list[dict[str, Any]]:
    """Every record of a (small) reference list, page by page, read once per session."""

    def read() -> list[dict[str, Any]]:
        return list(session.client.iter_records(entity, select=select, expand=expand, page_size=PAGE_SIZE))

    return list(session.memo(f"{entity}?{select}&{expand}", read))


def _text(record: dict[str, Any], field: str) -> str:
    value = value_of(record, field)
    return "" if value is None else str(value).strip()


def _coded(
    records: Iterable[dict[str, Any]], code: str, description: str, active: str | None = None
) -> Iterator[Choice]:
    for record in records:
        value = _text(record, code)
        if not value:
            continue
        label = _text(record, description)
        if active is not None and value_of(record, active) is False:
            label = f"{label} (inactive)".strip()
        yield Choice(value, label)


def load_warehouses(session: Session) -> Iterable[Choice]:
    return _coded(
        _records(session, "Warehouse", "WarehouseID,Description,Active"),
        "WarehouseID",
        "Description",
        "Active",
    )


def load_customer_classes(session: Session) -> Iterable[Choice]:
    return _coded(_records(session, "CustomerClass", "ClassID,Description"), "ClassID", "Description")


def load_customer_price_classes(session: Session) -> Iterable[Choice]:
    return _coded(
        _records(session, "CustomerPriceClass", "PriceClassID,Description"), "PriceClassID", "Description"
    )


def load_ship_vias(session: Session) -> Iterable[Choice]:
    return _coded(_records(session, "ShipVia", "CarrierID,Description"), "CarrierID", "Description")


def _payment_methods(session: Session) -> list[dict[str, Any]]:
    return _records(
        session,
        "PaymentMethod",
        "PaymentMethodID,Description,Active,UseInAR,AllowedCashAccounts",
        expand="AllowedCashAccounts",
    )


def load_payment_methods(session: Session) -> Iterable[Choice]:
    usable = [
        record
        for record in _payment_methods(session)
        if value_of(record, "Active") is not False and value_of(record, "UseInAR") is not False
    ]
    return _coded(usable, "PaymentMethodID", "Description")


def load_cash_accounts(session: Session) -> Iterable[Choice]:
    """Each cash account once, labelled with its description and the methods that may use it."""
    found: dict[str, tuple[str, list[str]]] = {}
    for method in _payment_methods(session):
        method_id = _text(method, "PaymentMethodID")
        for row in method.get("AllowedCashAccounts") or []:
            account = _text(row, "CashAccount")
            if not account or value_of(row, "UseInAR") is False:
                continue
            description, methods = found.setdefault(account, (_text(row, "Description"), []))
            branch = _text(row, "Branch")
            methods.append(f"{method_id} in {branch}" if branch else method_id)
    for account, (description, methods) in found.items():
        usage = f"for {', '.join(methods)}" if methods else ""
        yield Choice(account, " ".join(part for part in (description, f"({usage})" if usage else "") if part))


def load_branches(session: Session) -> Iterable[Choice]:
    data = session.client.run_inquiry("CompaniesStructure")
    for row in data.get("Results") or []:
        branch = _text(row, "BranchID")
        if not branch or value_of(row, "BranchStatus") is False:
            continue
        company = _text(row, "CompanyName") or _text(row, "CompanyID")
        name = _text(row, "BranchName")
        yield Choice(branch, f"{name} ({company})" if company else name)


def load_order_types(session: Session) -> Iterable[Choice]:
    client = session.client
    field = client.last_modified_field("SalesOrder") or "LastModified"
    since = timezone.now() - ORDER_TYPE_LOOKBACK
    rows = client.fetch_list("SalesOrder", select="OrderType", filter=gt(field, since), top=ORDER_TYPE_SAMPLE)
    seen = Counter(_text(row, "OrderType") for row in rows)
    seen.pop("", None)
    for order_type, count in sorted(seen.items()):
        yield Choice(order_type, f"{count} order{'s' if count != 1 else ''} in the last year")


ACUMATICA_PICKERS: tuple[Picker, ...] = (
    Picker("acumatica.warehouses", ACUMATICA, "Acumatica warehouses", "Warehouse entity", load_warehouses),
    Picker(
        "acumatica.customer_classes",
        ACUMATICA,
        "Acumatica customer classes",
        "CustomerClass entity",
        load_customer_classes,
    ),
    Picker(
        "acumatica.customer_price_classes",
        ACUMATICA,
        "Acumatica customer price classes",
        "CustomerPriceClass entity",
        load_customer_price_classes,
    ),
    Picker(
        "acumatica.order_types",
        ACUMATICA,
        "Acumatica order types",
        "distinct OrderType of sales orders changed in the last year (no order type entity in Default 22-24)",
        load_order_types,
    ),
    Picker("acumatica.ship_vias", ACUMATICA, "Acumatica ship vias", "ShipVia entity", load_ship_vias),
    Picker(
        "acumatica.branches",
        ACUMATICA,
        "Acumatica branches",
        "CompaniesStructure inquiry (no Branch entity in Default 22-24)",
        load_branches,
    ),
    Picker(
        "acumatica.payment_methods",
        ACUMATICA,
        "Acumatica payment methods",
        "PaymentMethod entity (active, used in AR)",
        load_payment_methods,
    ),
    Picker(
        "acumatica.cash_accounts",
        ACUMATICA,
        "Acumatica cash accounts",
        "AllowedCashAccounts of the payment methods (no cash account entity in Default 22-24)",
        load_cash_accounts,
    ),
)
