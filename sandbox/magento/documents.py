"""Shipments and invoices of orders (reference s.13): validation as Magento's document validators
word it, registration (quantities, totals, MSI source deduction) and the REST shapes.

Validation messages are collected like `ShipOrder`/`InvoiceOrder` do and sent as one rendered 400
`Shipment|Invoice Document Validation Error(s):` with one line per problem. An order whose state
forbids the document (held, canceled, complete...) gets that one line only, as in the reference's
captured answers; otherwise "nothing left" and the quantity problems are listed together. A
configurable line is shipped or invoiced through its parent row; the child row follows.
"""

from __future__ import annotations

from typing import Any

from . import orders
from .errors import MagentoError
from .render import money
from .state import MagentoState, Record, sku_key

SHIP_NOT_READY = {"payment_review", "holded", "canceled"}
INVOICE_NOT_READY = {"payment_review", "holded", "canceled", "complete", "closed"}
ONLINE_METHODS = {"braintree"}


def _requested(
    order: Record, items: list[dict[str, Any]] | None, remaining: Any
) -> tuple[dict[int, float], list[str]]:
    """Order item id -> quantity for the document (all that is left when no items are given)."""
    by_id = {item["item_id"]: item for item in order["items"]}
    if not items:
        return {
            item["item_id"]: remaining(item)
            for item in order["items"]
            if orders.is_top_level(item) and remaining(item) > 0
        }, []
    wanted: dict[int, float] = {}
    unknown = []
    for entry in items:
        item = by_id.get(entry.get("order_item_id") or 0)
        if item is None:
            unknown.append(str(entry.get("order_item_id")))
            continue
        if not orders.is_top_level(item):  # a child row stands for its parent line
            item = by_id[item["parent_item_id"]]
        wanted[item["item_id"]] = wanted.get(item["item_id"], 0.0) + float(entry.get("qty") or 0)
    return wanted, unknown


def _document_error(kind: str, messages: list[str]) -> MagentoError:
    return MagentoError(400, f"{kind} Document Validation Error(s):\n" + "\n".join(messages))


def _comments(
    state: MagentoState, kind: str, parent_id: int, comment: dict[str, Any] | None, notify: bool, now: str
) -> list[Record]:
    """The comment rows a new shipment or invoice (`kind`) starts with: the one sent, if it has text."""
    if not comment or not comment.get("comment"):
        return []
    return [
        {
            "entity_id": state.next_id(f"{kind}_comment"),
            "parent_id": parent_id,
            "comment": comment["comment"],
            "is_visible_on_front": int(comment.get("is_visible_on_front") or 0),
            "is_customer_notified": 1 if notify else 0,
            "created_at": now,
        }
    ]


def _render_document(document: Record) -> dict[str, Any]:
    """A shipment or invoice as the API answers it: null fields left out, rows copied."""
    data = {key: value for key, value in document.items() if value is not None}
    data["items"] = [{k: v for k, v in item.items() if v is not None} for item in document["items"]]
    data["comments"] = [dict(comment) for comment in document["comments"]]
    return data


def new_track(state: MagentoState, shipment: Record, data: dict[str, Any], now: str) -> Record:
    """A shipment track row; weight, qty and description are required in the interface, so they
    are null when not sent (a track sent with the shipment never has them)."""
    return {
        "entity_id": state.next_id("shipment_track"),
        "parent_id": shipment["entity_id"],
        "order_id": shipment["order_id"],
        "track_number": data.get("track_number"),
        "title": data.get("title"),
        "carrier_code": data.get("carrier_code"),
        "weight": data.get("weight"),
        "qty": data.get("qty"),
        "description": data.get("description"),
        "created_at": now,
        "updated_at": now,
    }


# ------------------------------------------------------------------ shipments
def validate_shipment(order: Record, items: list[dict[str, Any]] | None) -> dict[int, float]:
    if order["state"] in SHIP_NOT_READY or order.get("is_virtual"):
        raise _document_error(
            "Shipment", [f"A shipment cannot be created when an order has a status of {order['status']}"]
        )
    messages = []
    if not any(orders.qty_to_ship(item) > 0 for item in order["items"] if orders.is_top_level(item)):
        messages.append("The order does not allow a shipment to be created.")
    wanted, unknown = _requested(order, items, orders.qty_to_ship)
    by_id = {item["item_id"]: item for item in order["items"]}
    total = 0.0
    for item_id, qty in wanted.items():
        item = by_id[item_id]
        if qty < 0 or qty > orders.qty_to_ship(item):
            messages.append(f'We found an invalid quantity to ship for item "{item.get("name")}".')
        else:
            total += qty
    if unknown:
        messages.append("The shipment contains one or more items that are not part of the original order.")
    elif total <= 0:
        messages.append("You can't create a shipment without products.")
    if messages:
        raise _document_error("Shipment", messages)
    return {item_id: qty for item_id, qty in wanted.items() if qty > 0}


def register_shipment(
    state: MagentoState,
    order: Record,
    quantities: dict[int, float],
    now: str,
    *,
    source_code: str = "default",
    tracks: list[dict[str, Any]] | None = None,
    comment: dict[str, Any] | None = None,
    notify: bool = False,
) -> Record:
    shipment_id = state.next_id("shipment")
    by_id = {item["item_id"]: item for item in order["items"]}
    shipment_items = []
    for item_id, qty in quantities.items():
        item = by_id[item_id]
        for row in [item, *orders.children(order, item)]:
            row["qty_shipped"] = float(row.get("qty_shipped") or 0) + qty
            row["updated_at"] = now
            shipped_sku = row["sku"]
            if row is not item or not orders.children(order, item):
                key = (sku_key(shipped_sku), source_code)
                if key in state.source_items:
                    state.source_items[key]["quantity"] = float(state.source_items[key]["quantity"]) - qty
        shipment_items.append(
            {
                "entity_id": state.next_id("shipment_item"),
                "parent_id": shipment_id,
                "order_item_id": item_id,
                "product_id": item.get("product_id"),
                "sku": item["sku"],
                "name": item.get("name"),
                "price": money(item.get("price")),
                "row_total": money(float(item.get("price") or 0) * qty),
                "qty": qty,
                "weight": item.get("weight"),
            }
        )
    shipping = order.get("_shipping") or {}
    shipment: Record = {
        "entity_id": shipment_id,
        "increment_id": state.next_increment_id("shipment", order["store_id"]),
        "order_id": order["entity_id"],
        "store_id": order["store_id"],
        "customer_id": order.get("customer_id"),
        "billing_address_id": (order.get("billing_address") or {}).get("entity_id"),
        "shipping_address_id": (shipping.get("address") or {}).get("entity_id"),
        "total_qty": sum(quantities.values()),
        "email_sent": 1 if notify else None,
        "created_at": now,
        "updated_at": now,
        "items": shipment_items,
        "tracks": [],
        "comments": _comments(state, "shipment", shipment_id, comment, notify, now),
        "packages": [],
        "extension_attributes": {"source_code": source_code},
    }
    shipment["tracks"] = [new_track(state, shipment, track, now) for track in tracks or []]
    state.shipments[shipment_id] = shipment
    orders.settle_state(order, now)
    order["updated_at"] = now
    return shipment


def render_shipment(shipment: Record) -> dict[str, Any]:
    data = _render_document(shipment)
    data["tracks"] = [dict(track) for track in shipment["tracks"]]  # weight/qty/description: null
    return data


# ------------------------------------------------------------------ invoices
def validate_invoice(order: Record, items: list[dict[str, Any]] | None, capture: bool) -> dict[int, float]:
    if order["state"] in INVOICE_NOT_READY:
        raise _document_error(
            "Invoice", [f"An invoice cannot be created when an order has a status of {order['status']}"]
        )
    messages = []
    if not any(orders.qty_to_invoice(item) > 0 for item in order["items"] if orders.is_top_level(item)):
        messages.append("The order does not allow an invoice to be created.")
    wanted, unknown = _requested(order, items, orders.qty_to_invoice)
    by_id = {item["item_id"]: item for item in order["items"]}
    total = 0.0
    for item_id, qty in wanted.items():
        item = by_id[item_id]
        if qty > orders.qty_to_invoice(item):
            messages.append(
                "The quantity to invoice must not be greater than the uninvoiced quantity "
                f'for product SKU "{item["sku"]}".'
            )
        total += qty
    if unknown:
        messages.append("The invoice contains one or more items that are not part of the original order.")
    elif total <= 0:
        messages.append("The invoice can't be created without products. Add products and try again.")
    partial = any(
        orders.is_top_level(item) and orders.qty_to_invoice(item) > wanted.get(item["item_id"], 0.0)
        for item in order["items"]
    )
    if partial and capture and (order.get("payment") or {}).get("method") in ONLINE_METHODS:
        messages.append(
            "An invoice for partial quantities cannot be issued for this order. "
            "To continue, change the specified quantity to the full quantity."
        )
    if messages:
        raise _document_error("Invoice", messages)
    return {item_id: qty for item_id, qty in wanted.items() if qty > 0}


def register_invoice(
    state: MagentoState,
    order: Record,
    quantities: dict[int, float],
    now: str,
    *,
    capture: bool,
    comment: dict[str, Any] | None = None,
    notify: bool = False,
) -> Record:
    invoice_id = state.next_id("invoice")
    by_id = {item["item_id"]: item for item in order["items"]}
    first = not any(i["order_id"] == order["entity_id"] for i in state.invoices.values())
    invoice_items, subtotal, tax, discount = [], 0.0, 0.0, 0.0
    for item_id, qty in quantities.items():
        item = by_id[item_id]
        share = qty / float(item["qty_ordered"] or 1)
        row_total = money(float(item.get("price") or 0) * qty)
        row_tax = money(float(item.get("tax_amount") or 0) * share)
        row_discount = money(float(item.get("discount_amount") or 0) * share)
        subtotal, tax, discount = subtotal + row_total, tax + row_tax, discount + row_discount
        for row in [item, *orders.children(order, item)]:
            row["qty_invoiced"] = float(row.get("qty_invoiced") or 0) + qty
            row["updated_at"] = now
        item["row_invoiced"] = money(float(item.get("row_invoiced") or 0) + row_total)
        item["tax_invoiced"] = money(float(item.get("tax_invoiced") or 0) + row_tax)
        item["discount_invoiced"] = money(float(item.get("discount_invoiced") or 0) + row_discount)
        invoice_items.append(
            {
                "entity_id": state.next_id("invoice_item"),
                "parent_id": invoice_id,
                "order_item_id": item_id,
                "product_id": item.get("product_id"),
                "sku": item["sku"],
                "name": item.get("name"),
                "qty": qty,
                "price": money(item.get("price")),
                "base_price": money(item.get("price")),
                "price_incl_tax": item.get("price_incl_tax"),
                "row_total": row_total,
                "base_row_total": row_total,
                "row_total_incl_tax": money(row_total + row_tax),
                "tax_amount": row_tax,
                "base_tax_amount": row_tax,
                "discount_amount": row_discount,
                "base_discount_amount": row_discount,
            }
        )
    shipping = float(order.get("shipping_amount") or 0) if first else 0.0
    shipping_tax = float(order.get("shipping_tax_amount") or 0) if first else 0.0
    grand_total = money(subtotal - discount + tax + shipping + shipping_tax)
    payment = order.get("payment") or {}
    paid = capture or payment.get("method") not in ONLINE_METHODS
    invoice: Record = {
        "entity_id": invoice_id,
        "increment_id": state.next_increment_id("invoice", order["store_id"]),
        "order_id": order["entity_id"],
        "store_id": order["store_id"],
        "state": 2 if paid else 1,
        "billing_address_id": (order.get("billing_address") or {}).get("entity_id"),
        "shipping_address_id": ((order.get("_shipping") or {}).get("address") or {}).get("entity_id"),
        "base_currency_code": order.get("base_currency_code", "USD"),
        "order_currency_code": order.get("order_currency_code", "USD"),
        "global_currency_code": order.get("global_currency_code", "USD"),
        "store_currency_code": order.get("store_currency_code", "USD"),
        "subtotal": money(subtotal),
        "base_subtotal": money(subtotal),
        "discount_amount": money(-discount),
        "base_discount_amount": money(-discount),
        "tax_amount": money(tax + shipping_tax),
        "base_tax_amount": money(tax + shipping_tax),
        "shipping_amount": money(shipping),
        "base_shipping_amount": money(shipping),
        "grand_total": grand_total,
        "base_grand_total": grand_total,
        "total_qty": sum(quantities.values()),
        "can_void_flag": 0,
        "email_sent": 1 if notify else None,
        "transaction_id": payment.get("last_trans_id") if capture else None,
        "created_at": now,
        "updated_at": now,
        "items": invoice_items,
        "comments": _comments(state, "invoice", invoice_id, comment, notify, now),
    }
    for key in ("total_invoiced", "base_total_invoiced"):
        order[key] = money(float(order.get(key) or 0) + grand_total)
    if paid:
        for key in ("total_paid", "base_total_paid"):
            order[key] = money(float(order.get(key) or 0) + grand_total)
        order["total_due"] = money(float(order.get("grand_total") or 0) - float(order.get("total_paid") or 0))
        order["base_total_due"] = order["total_due"]
        if payment:
            payment["amount_paid"] = money(float(payment.get("amount_paid") or 0) + grand_total)
            payment["base_amount_paid"] = payment["amount_paid"]
    state.invoices[invoice_id] = invoice
    orders.settle_state(order, now)
    order["updated_at"] = now
    return invoice


def render_invoice(invoice: Record) -> dict[str, Any]:
    return _render_document(invoice)
