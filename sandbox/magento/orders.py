"""Sales orders: storage, the REST shape, quantities left to ship or invoice, state transitions.

An order is kept in its REST shape except for the shipping data, which Magento exposes only under
`extension_attributes.shipping_assignments` (reference s.12.2) and which is rendered there from
`_shipping`. Configurable lines are two rows: the parent (`product_type` configurable, carrying
price and totals, `sku` = the child's SKU) and the child (`parent_item_id`, a nested `parent_item`,
price 0). Null optional fields are omitted; a guest order has no `customer_id` key.
"""

from __future__ import annotations

import copy
from typing import Any

from .errors import entity_not_found
from .state import MagentoState, Record

STATE_STATUSES = {
    "new": ["pending"],
    "pending_payment": ["pending_payment"],
    "processing": ["processing", "fraud"],
    "complete": ["complete"],
    "closed": ["closed"],
    "canceled": ["canceled"],
    "holded": ["holded"],
    "payment_review": ["payment_review", "fraud"],
}
_PAYMENT_REQUIRED = ("account_status", "cc_last4", "additional_information", "method")


def find(state: MagentoState, order_id: Any) -> Record:
    order = state.orders.get(order_id) if isinstance(order_id, int) else None
    if order is None:
        raise entity_not_found()
    return order


def _clean(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _clean(value) for key, value in data.items() if value is not None}
    if isinstance(data, list):
        return [_clean(item) for item in data]
    return data


def render_items(order: Record) -> list[dict[str, Any]]:
    items = [_clean(item) for item in order["items"]]
    by_id = {item["item_id"]: item for item in items}
    result = []
    for item in items:
        parent = by_id.get(item.get("parent_item_id"))
        result.append({**item, "parent_item": dict(parent)} if parent else item)
    return result


def render(order: Record) -> dict[str, Any]:
    """The order as `GET /V1/orders/{id}` answers."""
    data = {key: value for key, value in order.items() if not key.startswith("_")}
    items = render_items(order)
    data = _clean(copy.deepcopy(data))
    data["items"] = items
    if order.get("payment") is not None:
        payment = _clean(order["payment"])
        for key in _PAYMENT_REQUIRED:
            payment.setdefault(key, order["payment"].get(key))
        data["payment"] = payment
    data["status_histories"] = sorted(
        data.get("status_histories", []),
        key=lambda h: (h.get("created_at", ""), h.get("entity_id", 0)),
        reverse=True,
    )
    extension = data.get("extension_attributes") or {}
    shipping = order.get("_shipping")
    if shipping is not None:
        extension["shipping_assignments"] = [{"shipping": _clean(copy.deepcopy(shipping)), "items": items}]
    data["extension_attributes"] = extension
    return data


# ------------------------------------------------------------------ quantities
def is_top_level(item: Record) -> bool:
    return item.get("parent_item_id") is None


def qty_to_ship(item: Record) -> float:
    if item.get("is_virtual"):
        return 0.0
    return max(
        0.0,
        float(item.get("qty_ordered") or 0)
        - float(item.get("qty_shipped") or 0)
        - float(item.get("qty_refunded") or 0)
        - float(item.get("qty_canceled") or 0),
    )


def qty_to_invoice(item: Record) -> float:
    return max(
        0.0,
        float(item.get("qty_ordered") or 0)
        - float(item.get("qty_invoiced") or 0)
        - float(item.get("qty_canceled") or 0),
    )


def children(order: Record, item: Record) -> list[Record]:
    return [child for child in order["items"] if child.get("parent_item_id") == item["item_id"]]


def fully(order: Record, remaining: Any) -> bool:
    return all(remaining(item) <= 0 for item in order["items"] if is_top_level(item))


def settle_state(order: Record, now: str) -> None:
    """After a shipment or invoice: processing, or complete once fully invoiced and shipped."""
    if order["state"] not in {"new", "processing"}:
        return
    invoiced = fully(order, qty_to_invoice)
    shipped = fully(order, qty_to_ship) or all(item.get("is_virtual") for item in order["items"])
    state = "complete" if invoiced and shipped else "processing"
    order["state"], order["status"] = state, STATE_STATUSES[state][0]
    order["updated_at"] = now


def add_history(
    state: MagentoState,
    order: Record,
    comment: str,
    status: str | None,
    now: str,
    notified: int = 0,
    visible: int = 0,
) -> Record:
    entry = {
        "entity_id": state.next_id("status_history"),
        "parent_id": order["entity_id"],
        "comment": comment,
        "status": status,
        "entity_name": "order",
        "is_customer_notified": notified,
        "is_visible_on_front": visible,
        "created_at": now,
    }
    order.setdefault("status_histories", []).append(entry)
    return entry
