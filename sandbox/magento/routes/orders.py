"""Order routes (reference s.12): search, get, items, comments, status, hold/unhold/cancel, save."""

from __future__ import annotations

import copy
from typing import Any

from .. import orders
from ..errors import bad_request, entity_not_found
from ..interfaces import ORDER, STATUS_HISTORY
from ..routing import Call, Route
from ..search import SEARCH_PARAM, search
from ..state import MagentoState, Record
from ..types import INT, Param

VIEW_ACL = "Magento_Sales::actions_view"
SERVICE = "Magento\\Sales\\Api\\OrderManagementInterface"
REPOSITORY = "Magento\\Sales\\Api\\OrderRepositoryInterface"


def search_orders(call: Call) -> dict[str, Any]:
    records = [o for _, o in sorted(call.state.orders.items())]
    return search(call.params["search_criteria"], records, render=orders.render)


def get_order(call: Call) -> dict[str, Any]:
    return orders.render(orders.find(call.state, call.params["id"]))


def _all_items(state: MagentoState) -> list[dict[str, Any]]:
    return [item for _, order in sorted(state.orders.items()) for item in orders.render_items(order)]


def search_items(call: Call) -> dict[str, Any]:
    return search(call.params["search_criteria"], _all_items(call.state))


def get_item(call: Call) -> dict[str, Any]:
    item = next((i for i in _all_items(call.state) if i["item_id"] == call.params["id"]), None)
    if item is None:
        raise entity_not_found()
    return item


def add_comment(call: Call) -> bool:
    """The entry's `status` becomes the order's; it must be a status of the order's current state."""
    state = call.state
    order = orders.find(state, call.params["id"])
    entry = call.params["status_history"]
    status = entry.get("status") or order["status"]
    if status not in orders.STATE_STATUSES.get(order["state"], []) and status != order["status"]:
        raise bad_request(
            'Unable to add comment: The status "%1" is not part of the order status history.', [status]
        )
    orders.add_history(
        state,
        order,
        str(entry.get("comment") or ""),
        status,
        call.now,
        notified=int(entry.get("is_customer_notified") or 0),
        visible=int(entry.get("is_visible_on_front") or 0),
    )
    order["status"] = status
    order["updated_at"] = call.now
    call.write("orders")
    return True


def list_comments(call: Call) -> dict[str, Any]:
    order = orders.find(call.state, call.params["id"])
    histories = orders.render(order)["status_histories"]
    criteria = {"filter_groups": [{"filters": [{"field": "parent_id", "value": str(order["entity_id"])}]}]}
    return search(criteria, histories)


def get_status(call: Call) -> str:
    return str(orders.find(call.state, call.params["id"])["status"])


def hold(call: Call) -> bool:
    order = orders.find(call.state, call.params["id"])
    if order["state"] in {"canceled", "complete", "closed", "holded", "payment_review"}:
        raise bad_request("A hold action is not available.")
    order["hold_before_state"], order["hold_before_status"] = order["state"], order["status"]
    order["state"] = order["status"] = "holded"
    order["updated_at"] = call.now
    call.write("orders")
    return True


def unhold(call: Call) -> bool:
    order = orders.find(call.state, call.params["id"])
    if order["state"] != "holded":
        raise bad_request("You can't remove the hold.")
    order["state"] = order.pop("hold_before_state", None) or "processing"
    order["status"] = order.pop("hold_before_status", None) or orders.STATE_STATUSES[order["state"]][0]
    order["updated_at"] = call.now
    call.write("orders")
    return True


def cancel(call: Call) -> bool:
    """`false` when the order cannot be canceled (Magento answers 200 either way)."""
    order = orders.find(call.state, call.params["id"])
    if order["state"] in {"canceled", "complete", "closed", "holded", "payment_review"}:
        return False
    if not any(orders.qty_to_invoice(item) > 0 for item in order["items"]):
        return False
    for item in order["items"]:
        item["qty_canceled"] = float(item.get("qty_ordered") or 0) - float(item.get("qty_invoiced") or 0)
    order["state"] = order["status"] = "canceled"
    order["updated_at"] = call.now
    call.write("orders")
    return True


def send_email(call: Call) -> bool:
    order = orders.find(call.state, call.params["id"])
    order["email_sent"] = 1
    return True


def _items(
    state: MagentoState, order_id: int, raw: list[dict[str, Any]], now: str, store_id: int
) -> list[Record]:
    items: list[Record] = []
    for entry in raw:
        item = {key: value for key, value in entry.items() if key != "parent_item"}
        item["item_id"] = state.next_id("order_item")
        item.update(order_id=order_id, store_id=item.get("store_id", store_id))
        item.setdefault("created_at", now)
        item.setdefault("updated_at", now)
        for qty in ("qty_invoiced", "qty_shipped", "qty_canceled", "qty_refunded"):
            item.setdefault(qty, 0.0)
        if entry.get("parent_item") is not None or entry.get("parent_item_id") is not None:
            parent = next(
                (p for p in reversed(items) if p.get("product_type") in {"configurable", "bundle"}), None
            )
            item["parent_item_id"] = parent["item_id"] if parent else None
        items.append(item)
    return items


def _address(state: MagentoState, raw: dict[str, Any] | None, kind: str, order_id: int) -> Record | None:
    if raw is None:
        return None
    return {**raw, "entity_id": state.next_id("order_address"), "parent_id": order_id, "address_type": kind}


def _create(call: Call, data: dict[str, Any]) -> Record:
    state = call.state
    order_id = state.next_id("order")
    store_id = data.get("store_id") or (
        state.default_store()["id"] if call.scope.is_admin else call.scope.store_id
    )
    extension = dict(data.get("extension_attributes") or {})
    assignments = extension.pop("shipping_assignments", None) or []
    shipping = dict((assignments[0] or {}).get("shipping") or {}) if assignments else None
    order = {key: value for key, value in data.items() if key not in {"extension_attributes", "items"}}
    order.update(entity_id=order_id, store_id=store_id, created_at=call.now, updated_at=call.now)
    order.setdefault("increment_id", state.next_increment_id("order", store_id))
    order.setdefault("state", "new")
    order.setdefault("status", orders.STATE_STATUSES.get(order["state"], ["pending"])[0])
    order["items"] = _items(state, order_id, data.get("items") or [], call.now, store_id)
    order["billing_address"] = _address(state, data.get("billing_address"), "billing", order_id)
    if shipping is not None:
        shipping["address"] = _address(state, shipping.get("address"), "shipping", order_id)
        order["_shipping"] = shipping
    if data.get("payment") is not None:
        order["payment"] = {
            **data["payment"],
            "entity_id": state.next_id("order_payment"),
            "parent_id": order_id,
        }
    order["status_histories"] = []
    for entry in data.get("status_histories") or []:
        orders.add_history(state, order, str(entry.get("comment") or ""), entry.get("status"), call.now)
    order["extension_attributes"] = extension
    state.orders[order_id] = order
    return order


def save_order(call: Call) -> dict[str, Any]:
    """`OrderRepository::save`: an existing `entity_id` is updated with the fields sent, else created."""
    state, data = call.state, copy.deepcopy(call.params["entity"])
    existing = state.orders.get(data.get("entity_id")) if isinstance(data.get("entity_id"), int) else None
    if existing is None:
        order = _create(call, {key: value for key, value in data.items() if key != "entity_id"})
    else:
        order = existing
        for key, value in data.items():
            if key in {"items", "extension_attributes", "status_histories", "entity_id"}:
                continue
            if isinstance(value, dict) and isinstance(order.get(key), dict):
                order[key].update(value)
            else:
                order[key] = value
        by_id = {item["item_id"]: item for item in order["items"]}
        for item in data.get("items") or []:
            if item.get("item_id") in by_id:
                by_id[item["item_id"]].update({k: v for k, v in item.items() if k != "parent_item"})
        order["updated_at"] = call.now
    call.write("orders")
    return orders.render(order)


_ID = (Param("id", INT),)
_SEARCH = (SEARCH_PARAM,)


def _action(path: str, handler: Any, acl: str, method: str) -> Route:
    return Route("POST", path, handler, acl, _ID, cost="entity", service=f"{SERVICE}::{method}")


ROUTES = [
    Route("GET", "/V1/orders", search_orders, VIEW_ACL, _SEARCH),
    Route("GET", "/V1/orders/items", search_items, VIEW_ACL, _SEARCH),
    Route("GET", "/V1/orders/items/{id}", get_item, VIEW_ACL, _ID),
    Route("GET", "/V1/orders/{id}", get_order, VIEW_ACL, _ID),
    Route("GET", "/V1/orders/{id}/comments", list_comments, VIEW_ACL, _ID),
    Route("GET", "/V1/orders/{id}/statuses", get_status, VIEW_ACL, _ID),
    Route(
        "POST",
        "/V1/orders/{id}/comments",
        add_comment,
        "Magento_Sales::comment",
        (*_ID, Param("statusHistory", STATUS_HISTORY)),
        cost="entity",
        service=f"{SERVICE}::addComment",
    ),
    _action("/V1/orders/{id}/hold", hold, "Magento_Sales::hold", "hold"),
    _action("/V1/orders/{id}/unhold", unhold, "Magento_Sales::unhold", "unHold"),
    _action("/V1/orders/{id}/cancel", cancel, "Magento_Sales::cancel", "cancel"),
    _action("/V1/orders/{id}/emails", send_email, "Magento_Sales::emails", "notify"),
    Route(
        "PUT",
        "/V1/orders/create",
        save_order,
        "Magento_Sales::create",
        (Param("entity", ORDER),),
        cost="entity",
        service=f"{REPOSITORY}::save",
    ),
    Route(
        "POST",
        "/V1/orders",
        save_order,
        "Magento_Sales::actions_edit",
        (Param("entity", ORDER),),
        cost="entity",
        service=f"{REPOSITORY}::save",
    ),
]
