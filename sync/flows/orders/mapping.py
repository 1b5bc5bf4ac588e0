"""Pure mapping of a Magento order to an Acumatica sales order (no HTTP, no database).

What the README's "Orders" section documents, as code:

* **Lines**: one Acumatica line per ordered product. A configurable product is two Magento rows: the
  parent (`product_type` configurable, carrying price, discount and totals, `sku` = the child's SKU)
  and the child (`parent_item_id`, price 0). The parent row becomes the line and the child row is
  dropped, so the line has the child's SKU and the parent's price. A bundle's children carry their
  own prices, so they are the lines and the bundle row is dropped. Each line keeps the Magento item
  id in its `ExternalRef`, which is how shipped lines find their way back.
* **Prices** are Magento's (`ManualPrice`), excluding tax; **discounts** are the item discounts
  (`ManualDiscount`), so Acumatica applies no price list or discount of its own.
* **Freight** is the shipping amount less the shipping discount, with the freight override on.
* **Tax** is Magento's: one tax line with the configured Tax ID and the order's tax amount, with
  automatic tax calculation off, so the Acumatica total equals Magento's grand total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal(0)

PAID = "paid"
AUTHORIZED = "authorized"
UNPAID = "unpaid"


def decimal(value: Any) -> Decimal:
    """Magento's float money and quantities as exact decimals (0 when absent or garbled)."""
    if value is None or value == "" or isinstance(value, bool):
        return ZERO
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return ZERO


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def wire(value: Any) -> Any:
    """A value as Acumatica's JSON wants it (decimals as numbers)."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def wrap(values: Mapping[str, Any]) -> dict[str, Any]:
    """`{"Field": value}` -> `{"Field": {"value": value}}`, skipping None; nested dicts/lists kept."""
    wrapped: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, Mapping | list):
            wrapped[name] = value
        else:
            wrapped[name] = {"value": wire(value)}
    return wrapped


# ----------------------------------------------------------------------------- reading an order
def shipping_of(order: Mapping[str, Any]) -> Mapping[str, Any]:
    """`extension_attributes.shipping_assignments[0].shipping` (the only place Magento puts the
    shipping address and method), or {} for a virtual order."""
    assignments = (order.get("extension_attributes") or {}).get("shipping_assignments") or []
    for assignment in assignments:
        if isinstance(assignment, Mapping) and isinstance(assignment.get("shipping"), Mapping):
            return assignment["shipping"]
    return {}


def shipping_method(order: Mapping[str, Any]) -> str:
    return str(shipping_of(order).get("method") or order.get("shipping_method") or "").strip()


def shipping_address(order: Mapping[str, Any]) -> Mapping[str, Any] | None:
    address = shipping_of(order).get("address")
    return address if isinstance(address, Mapping) else None


def payment_method(order: Mapping[str, Any]) -> str:
    return str((order.get("payment") or {}).get("method") or "").strip()


def is_guest(order: Mapping[str, Any]) -> bool:
    return bool(order.get("customer_is_guest")) or order.get("customer_id") in (None, "", 0)


def payment_state(order: Mapping[str, Any]) -> str:
    """`paid` (captured: invoiced in Magento), `authorized` (an authorization is held) or `unpaid`."""
    payment = order.get("payment") or {}
    grand_total = decimal(order.get("base_grand_total") or order.get("grand_total"))
    paid = max(decimal(order.get("base_total_paid")), decimal(payment.get("base_amount_paid")))
    if grand_total <= ZERO or paid >= grand_total:  # a free order has nothing to wait for
        return PAID
    if (
        decimal(payment.get("base_amount_authorized")) > ZERO
        or decimal(payment.get("amount_authorized")) > ZERO
    ):
        return AUTHORIZED
    return UNPAID


# ----------------------------------------------------------------------------- lines
@dataclass(frozen=True)
class OrderLine:
    """One line to import: the Magento row it comes from and what it costs."""

    item_id: int
    sku: str
    name: str
    qty: Decimal
    price: Decimal
    discount: Decimal
    is_virtual: bool

    @property
    def amount(self) -> Decimal:
        return money(self.qty * self.price) - money(self.discount)


def order_lines(items: Sequence[Mapping[str, Any]]) -> list[OrderLine]:
    """The rows that become lines: top-level rows, except bundles, whose children replace them.

    A configurable child (it has a parent that is not a bundle) is never a line of its own: its
    parent row already names the child's SKU and carries the price.
    """
    by_id = {item.get("item_id"): item for item in items}
    lines: list[OrderLine] = []
    for item in items:
        parent_id = item.get("parent_item_id")
        if parent_id not in (None, ""):
            parent = by_id.get(parent_id) or item.get("parent_item") or {}
            if str(parent.get("product_type") or "") != "bundle":
                continue
        elif str(item.get("product_type") or "") == "bundle":
            continue
        lines.append(
            OrderLine(
                item_id=int(item.get("item_id") or 0),
                sku=str(item.get("sku") or "").strip(),
                name=str(item.get("name") or ""),
                qty=decimal(item.get("qty_ordered")),
                price=decimal(
                    item.get("base_price") if item.get("base_price") is not None else item.get("price")
                ),
                discount=decimal(
                    item.get("base_discount_amount")
                    if item.get("base_discount_amount") is not None
                    else item.get("discount_amount")
                ),
                is_virtual=bool(item.get("is_virtual")),
            )
        )
    return lines


# ----------------------------------------------------------------------------- totals
@dataclass(frozen=True)
class OrderTotals:
    lines: Decimal
    freight: Decimal
    tax: Decimal
    grand_total: Decimal  # Magento's

    @property
    def total(self) -> Decimal:
        """What the Acumatica order totals to: lines + freight + tax."""
        return self.lines + self.freight + self.tax

    @property
    def difference(self) -> Decimal:
        return self.grand_total - self.total


def order_totals(order: Mapping[str, Any], lines: Sequence[OrderLine]) -> OrderTotals:
    """Freight is the shipping amount less the shipping discount; tax is the order's tax amount.

    Base-currency amounts are used (the Acumatica order is in the base currency); the order
    currency's amounts are the fallback for orders without them.
    """

    def amount(name: str) -> Decimal:
        base = order.get(f"base_{name}")
        return decimal(base if base is not None else order.get(name))

    totals = shipping_of(order).get("total") or {}
    shipping_discount = decimal(
        totals.get("base_shipping_discount_amount")
        if totals.get("base_shipping_discount_amount") is not None
        else order.get("base_shipping_discount_amount", order.get("shipping_discount_amount"))
    )
    return OrderTotals(
        lines=sum((line.amount for line in lines), ZERO),
        freight=money(amount("shipping_amount") - shipping_discount),
        tax=money(amount("tax_amount")),
        grand_total=money(amount("grand_total")),
    )


# ----------------------------------------------------------------------------- addresses
def map_address(address: Mapping[str, Any]) -> dict[str, Any]:
    street = address.get("street") or []
    if isinstance(street, str):
        street = street.splitlines()
    return wrap(
        {
            "AddressLine1": street[0] if street else None,
            "AddressLine2": ", ".join(str(s) for s in street[1:]) or None,
            "City": address.get("city"),
            "State": address.get("region_code") or address.get("region"),
            "PostalCode": address.get("postcode"),
            "Country": address.get("country_id"),
        }
    )


def person_name(record: Mapping[str, Any], prefix: str = "") -> str:
    parts = (record.get(f"{prefix}firstname"), record.get(f"{prefix}lastname"))
    return " ".join(str(part).strip() for part in parts if part).strip()


def map_contact(address: Mapping[str, Any], email: str) -> dict[str, Any]:
    name = person_name(address)
    return wrap(
        {
            "Attention": name or None,
            "BusinessName": address.get("company") or name or None,
            "Email": address.get("email") or email or None,
            "Phone1": address.get("telephone"),
        }
    )


# ----------------------------------------------------------------------------- the sales order
@dataclass(frozen=True)
class SalesOrderTargets:
    """Everything the mapping needs from the connector's configuration and Acumatica."""

    order_type: str
    customer_id: str
    inventory_ids: Mapping[str, str]  # Magento SKU -> Acumatica InventoryID
    ship_via: str | None
    payment_method: str | None
    cash_account: str | None
    tax_id: str


def map_sales_order(order: Mapping[str, Any], targets: SalesOrderTargets) -> dict[str, Any]:
    """The PUT body (wire format) of the sales order for `order`."""
    increment_id = str(order.get("increment_id") or "")
    email = str(order.get("customer_email") or "")
    lines = order_lines(order.get("items") or [])
    totals = order_totals(order, lines)
    details = []
    for line in lines:
        row: dict[str, Any] = {
            "InventoryID": targets.inventory_ids.get(line.sku, line.sku),
            "LineDescription": line.name or None,
            "OrderQty": line.qty,
            "UnitPrice": line.price,
            "ManualPrice": True,
            "ExternalRef": str(line.item_id),
        }
        if line.discount:
            row.update(DiscountAmount=money(line.discount), ManualDiscount=True)
        details.append(wrap(row))
    body: dict[str, Any] = wrap(
        {
            "OrderType": targets.order_type,
            "CustomerID": targets.customer_id,
            "CustomerOrder": increment_id,
            "ExternalRef": increment_id,
            "Date": str(order.get("created_at") or "")[:10] or None,
            "Description": f"Magento order {increment_id}",
            "Hold": False,
            "ShipVia": targets.ship_via,
            "PaymentMethod": targets.payment_method,
            "CashAccount": targets.cash_account or None,
            "PaymentRef": increment_id if targets.payment_method else None,
            "DisableAutomaticTaxCalculation": True,
        }
    )
    body["Details"] = details
    billing = order.get("billing_address")
    if isinstance(billing, Mapping):
        body.update(
            BillToAddressOverride={"value": True},
            BillToAddress=map_address(billing),
            BillToContactOverride={"value": True},
            BillToContact=map_contact(billing, email),
        )
    shipping = shipping_address(order)
    if shipping is not None:
        body.update(
            ShipToAddressOverride={"value": True},
            ShipToAddress=map_address(shipping),
            ShipToContactOverride={"value": True},
            ShipToContact=map_contact(shipping, email),
        )
    body["Totals"] = wrap({"OverrideFreightAmount": True, "Freight": totals.freight})
    if totals.tax:
        shipping_taxed = decimal(order.get("base_shipping_tax_amount", order.get("shipping_tax_amount"))) > 0
        taxable = totals.lines + (totals.freight if shipping_taxed else ZERO)
        rate = money(totals.tax * 100 / taxable) if taxable else ZERO
        body["TaxDetails"] = [
            wrap(
                {"TaxID": targets.tax_id, "TaxRate": rate, "TaxableAmount": taxable, "TaxAmount": totals.tax}
            )
        ]
    return body


def line_map(details: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """`{Acumatica LineNbr: Magento item id}` from the lines of a saved order (their ExternalRef)."""
    found: dict[str, int] = {}
    for row in details:
        nbr = _plain(row.get("LineNbr"))
        ref = _plain(row.get("ExternalRef"))
        if nbr in (None, "") or ref in (None, ""):
            continue
        try:
            found[str(nbr)] = int(str(ref))
        except ValueError:
            continue
    return found


def _plain(field: Any) -> Any:
    return field.get("value") if isinstance(field, Mapping) else field
