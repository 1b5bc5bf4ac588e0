"""Inspection collections of sales and the asynchronous API: orders, shipments, invoices, bulks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.common.app import InspectionError

from . import documents, orders
from .inspection import Collection, by_id, register, run_admin, typed
from .interfaces import ORDER
from .routes import orders as order_routes

if TYPE_CHECKING:
    from .app import MagentoApp
    from .state import MagentoState, Record


def _put_order(app: MagentoApp, key: str, body: dict[str, Any]) -> Any:
    """Change an order as an admin would (status, addresses...); `updated_at` moves."""
    data = typed(body, ORDER)
    if key.isdigit() and int(key) in app.state.orders:
        data["entity_id"] = int(key)
    else:
        data.pop("entity_id", None)
    return run_admin(app, order_routes.save_order, {"entity": data})


def _delete_order(app: MagentoApp, key: str) -> None:
    with app.lock:
        if not key.isdigit() or app.state.orders.pop(int(key), None) is None:
            raise InspectionError(404, f"orders {key!r} does not exist")
        app.stats.record_write("orders", 1)


def _bulk(state: MagentoState, bulk: Record) -> dict[str, Any]:
    return {
        **{key: value for key, value in bulk.items() if key != "operation_ids"},
        "operation_count": len(bulk["operation_ids"]),
        "operations": [state.operations[i] for i in bulk["operation_ids"] if i in state.operations],
    }


def register_collections() -> None:
    register(
        "orders",
        Collection(
            records=by_id(lambda s: s.orders),
            render=lambda state, order: orders.render(order),
            put=_put_order,
            delete=_delete_order,
        ),
    )
    register(
        "shipments",
        Collection(
            records=by_id(lambda s: s.shipments),
            render=lambda state, shipment: documents.render_shipment(shipment),
        ),
    )
    register(
        "invoices",
        Collection(
            records=by_id(lambda s: s.invoices),
            render=lambda state, invoice: documents.render_invoice(invoice),
        ),
    )
    register("bulks", Collection(records=lambda state: dict(state.bulks), render=_bulk))
    register(
        "bulk_operations",
        Collection(
            records=by_id(lambda s: s.operations),
            render=lambda state, op: {key: value for key, value in op.items() if key != "started_at"},
        ),
    )
