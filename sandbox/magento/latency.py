"""The latency model of the Magento sandbox, in realistic seconds (design.md 6.1).

PHP-FPM runs 8 workers; a request beyond them waits (the frame's worker pool). Costs per route
class: a GET 150 ms plus 0.5 ms per returned item; a product save 800 ms (full bootstrap,
indexers and URL rewrites, reference s.15.3); a category or customer save, and any other single
entity write, 400 ms; a multi-row price or source-item POST 200 ms plus 4 ms per row; ship or
invoice 600 ms; an async or bulk request 150 ms plus 1 ms per element to be accepted. Four queue
consumers then process operations at 400 ms per product operation; an operation of another topic
costs half its synchronous route, the same saving a product operation gets (no HTTP bootstrap).
The `fast` profile divides all of it by 20, `instant` makes it zero (sandbox.common.profiles).
"""

from __future__ import annotations

from typing import Any

from .routing import Route

WORKERS = 8
CONSUMERS = 4
READ_BASE = 0.150
READ_PER_ITEM = 0.0005
PRODUCT_SAVE = 0.800
ENTITY_SAVE = 0.400
ROWS_BASE = 0.200
ROWS_PER_ROW = 0.004
DOCUMENT = 0.600
BULK_ACCEPT_BASE = 0.150
BULK_ACCEPT_PER_ELEMENT = 0.001
CONSUMER_PRODUCT_OPERATION = 0.400


def returned_items(result: Any) -> int:
    """How many records a GET returned: the envelope's items, a list's length, else one."""
    if isinstance(result, dict) and isinstance(result.get("items"), list):
        return len(result["items"])
    if isinstance(result, list):
        return len(result)
    return 1


def _rows(route: Route, params: dict[str, Any]) -> int:
    rows = params.get(route.rows or "")
    return len(rows) if isinstance(rows, list) else 1


def request_cost(route: Route, params: dict[str, Any], result: Any) -> float:
    """Realistic seconds one synchronous call of `route` takes."""
    if route.cost == "product":
        return PRODUCT_SAVE
    if route.cost == "entity":
        return ENTITY_SAVE
    if route.cost == "rows":
        return ROWS_BASE + ROWS_PER_ROW * _rows(route, params)
    if route.cost == "document":
        return DOCUMENT
    return READ_BASE + READ_PER_ITEM * returned_items(result)


def failed_request_cost() -> float:
    """A refused request (no route, no permission, bad input) still bootstraps the application."""
    return READ_BASE


def accept_cost(elements: int) -> float:
    return BULK_ACCEPT_BASE + BULK_ACCEPT_PER_ELEMENT * elements


def operation_cost(route: Route, params: dict[str, Any]) -> float:
    """Realistic seconds one consumer spends on one queued operation."""
    if route.cost == "product":
        return CONSUMER_PRODUCT_OPERATION
    return request_cost(route, params, None) / 2
