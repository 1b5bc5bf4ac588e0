"""Reading Magento orders: the scope's orders changed in a window, or orders by increment id.

A scope's orders are those of its store view (by `store_id`); Default Config's are those of every
store view that has no configuration of its own. Reads are page-wise searches (100 orders per
call), and the snapshot kept on a message drops what the import never reads (the items repeated
under the shipping assignment, each child row's copy of its parent, the comment history).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from endpoints.clients.search_criteria import SearchCriteria
from sync.errors import RecordError
from sync.models import DEFAULT_SCOPE, StoreView

ORDER_SEARCH = "magento.order.search"
SHIPMENT_SEARCH = "magento.shipment.search"
COMMENTS = "magento.order.comments"
PAGE_SIZE = 100
KEY_CHUNK = 50


class UnknownStoreViewError(RecordError):
    """A configured store view is not a store view of the Magento installation."""


def store_condition(ctx: Any) -> tuple[str, Any, str] | None:
    """The `store_id` condition that selects the scope's orders (None: every store)."""
    views = {str(view.get("code")): int(view.get("id") or 0) for view in ctx.magento.fetch_store_views()}
    if ctx.scope != DEFAULT_SCOPE:
        if ctx.scope not in views:
            raise UnknownStoreViewError(
                f'Magento has no store view "{ctx.scope}": '
                "correct the store view code under Sync > Store views."
            )
        return ("store_id", views[ctx.scope], "eq")
    own = sorted(views[code] for code in StoreView.objects.values_list("code", flat=True) if code in views)
    return ("store_id", own, "nin") if own else None


def fetch_changed_orders(ctx: Any, since: datetime, until: datetime) -> Iterator[dict[str, Any]]:
    """The scope's orders whose `updated_at` is in the window, oldest change first.

    Magento keeps whole seconds, so the window ends with the second `until` falls in: an order
    changed in that second is read now and again by the next poll (harmless), never missed.
    """
    criteria = (
        SearchCriteria()
        .where("updated_at", since, "gteq")
        .where("updated_at", until, "lteq")
        .order_by("updated_at")
        .order_by("entity_id")
    )
    condition = store_condition(ctx)
    if condition is not None:
        criteria.where(*condition)
    yield from ctx.magento.iter_search(ORDER_SEARCH, criteria, page_size=PAGE_SIZE)


def fetch_orders(ctx: Any, increment_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Orders by increment id, in one search per 50 ids; ids Magento does not know are absent."""
    wanted = list(dict.fromkeys(str(key) for key in increment_ids))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), KEY_CHUNK):
        chunk = wanted[start : start + KEY_CHUNK]
        criteria = SearchCriteria().where("increment_id", chunk, "in").order_by("entity_id")
        for order in ctx.magento.iter_search(ORDER_SEARCH, criteria, page_size=PAGE_SIZE):
            found[str(order.get("increment_id"))] = order
    return found


def fetch_orders_by_id(ctx: Any, entity_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Orders by entity id, in one search per 50 ids."""
    wanted = list(dict.fromkeys(int(key) for key in entity_ids))
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(wanted), KEY_CHUNK):
        criteria = SearchCriteria().where("entity_id", wanted[start : start + KEY_CHUNK], "in")
        for order in ctx.magento.iter_search(
            ORDER_SEARCH, criteria.order_by("entity_id"), page_size=PAGE_SIZE
        ):
            found[int(order.get("entity_id") or 0)] = order
    return found


class MagentoOrders:
    """The Magento orders a batch may need, by entity id, read in one search per 50 orders the
    first time one is needed (never, when none is), instead of one `GET /V1/orders/{id}` each;
    `forget` an order the batch changes, so a later use reads it again."""

    def __init__(self, ctx: Any, order_ids: Iterable[int]) -> None:
        self.ctx = ctx
        self._unread = list(dict.fromkeys(order_ids))
        self._found: dict[int, dict[str, Any] | None] = {}

    def find(self, order_id: int) -> dict[str, Any] | None:
        """The order as a search finds it (None: Magento has no such order)."""
        if order_id not in self._found:
            wanted = list(dict.fromkeys([order_id, *self._unread]))
            read = fetch_orders_by_id(self.ctx, wanted)
            self._found.update((key, read.get(key)) for key in wanted)
            self._unread = []
        return self._found[order_id]

    def get(self, order_id: int) -> dict[str, Any]:
        """The order; one the search did not return is read on its own, so a missing order
        answers with its 404."""
        found = self.find(order_id)
        if found is None:
            found = self._found[order_id] = self.ctx.magento.fetch_order(order_id)
        return found

    def forget(self, order_id: int) -> None:
        self._found.pop(order_id, None)


def fetch_shipments(ctx: Any, order_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """The shipments of many orders, by order entity id, in one search per 50 orders."""
    wanted = list(dict.fromkeys(int(key) for key in order_ids))
    found: dict[int, list[dict[str, Any]]] = {key: [] for key in wanted}
    for start in range(0, len(wanted), KEY_CHUNK):
        criteria = SearchCriteria().where("order_id", wanted[start : start + KEY_CHUNK], "in")
        for shipment in ctx.magento.iter_search(
            SHIPMENT_SEARCH, criteria.order_by("entity_id"), page_size=PAGE_SIZE
        ):
            found.setdefault(int(shipment.get("order_id") or 0), []).append(shipment)
    return found


def fetch_comments(ctx: Any, order_id: int) -> list[dict[str, Any]]:
    """An order's status history (comments)."""
    data = ctx.magento.call(COMMENTS, path={"order_id": order_id}).data or {}
    items = data.get("items") if isinstance(data, Mapping) else data
    return [dict(item) for item in items or [] if isinstance(item, Mapping)]


def compact(order: Mapping[str, Any]) -> dict[str, Any]:
    """The order without what the import never reads, for the message's snapshot."""
    data = {key: value for key, value in order.items() if key != "status_histories"}
    data["items"] = [
        {key: value for key, value in item.items() if key != "parent_item"}
        for item in order.get("items") or []
    ]
    extension = dict(order.get("extension_attributes") or {})
    assignments = extension.get("shipping_assignments")
    if isinstance(assignments, list):
        extension["shipping_assignments"] = [
            {key: value for key, value in assignment.items() if key != "items"}
            for assignment in assignments
            if isinstance(assignment, Mapping)
        ]
    data["extension_attributes"] = extension
    return data
