"""The Magento 2 simulator: `MagentoApp` plugs the Magento REST API into the shared sandbox frame."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from sandbox.common.app import InspectionError, SandboxApp, json_response
from sandbox.common.catalog import build_catalog

from . import inspection, inspection_catalog, inspection_sales, latency
from .consumer import BulkQueue
from .generator import generate_orders
from .pipeline import handle
from .routes import all_routes
from .routing import Router
from .seed import build_state
from .state import MagentoState
from .wire import parse_api_path, raw_path

DEFAULT_ADMIN_PASSWORD = "Sandbox-Admin-1"

inspection_catalog.register_collections()
inspection_catalog.register_customer_collections()
inspection_sales.register_collections()


class MagentoApp(SandboxApp):
    system = "magento"
    default_workers = latency.WORKERS

    def __init__(self, *, profile: str, seed: int, items: int, token: str) -> None:
        if not token:
            raise ValueError("the Magento sandbox needs a non-empty --token")
        self.token = token
        self.admin_password = DEFAULT_ADMIN_PASSWORD
        self.clock_offset = timedelta(0)
        self.router = Router(all_routes())
        self.bulk = BulkQueue(self)
        self.state: MagentoState
        super().__init__(profile=profile, seed=seed, items=items)

    # ----------------------------------------------------------------- frame hooks
    def reset_state(self) -> None:
        with self.lock:
            self.bulk.clear()
            self.bulk.configure(latency.CONSUMERS)
            self.admin_password = DEFAULT_ADMIN_PASSWORD
            self.clock_offset = timedelta(0)
            self.state = build_state(build_catalog(self.seed, self.items))
            self.state.admin_credentials = ("admin", self.admin_password)

    def now(self) -> datetime:
        """The store's clock: UTC now, shifted by the `clock_offset_seconds` config key (for tests
        that need `created_at`/`updated_at` in the past without waiting)."""
        return datetime.now(UTC) + self.clock_offset

    def dispatch(self, request: Request) -> Response:
        outcome = handle(self, request)
        self.spend(outcome.cost)
        return outcome.response

    def route_label(self, request: Request) -> str:
        api = parse_api_path(raw_path(request))
        if api is None:
            return "(no route)"
        prefix = {"sync": "", "async": "/async", "bulk": "/async/bulk"}[api.mode]
        if api.mode == "bulk":
            route = self.router.match_bulk(request.method.upper(), api.path)
            return prefix + route.bulk_path if route else "(no route)"
        matched = self.router.match(request.method.upper(), api.path)
        return prefix + matched[0].path if matched else "(no route)"

    def state_collections(self) -> dict[str, int]:
        return inspection.counts(self.state)

    def state_list(self, collection: str) -> list[Any]:
        return inspection.list_records(self.state, collection)

    def state_get(self, collection: str, key: str) -> Any:
        return inspection.get_record(self.state, collection, key)

    def state_put(self, collection: str, key: str, body: Any) -> Any:
        return inspection.put_record(self, collection, key, body)

    def state_delete(self, collection: str, key: str) -> None:
        inspection.delete_record(self, collection, key)

    def configure_extra(self, body: dict[str, Any]) -> None:
        unknown = set(body) - {"consumers", "admin_password", "clock_offset_seconds"}
        if unknown:
            raise InspectionError(400, f"unknown config keys: {', '.join(sorted(unknown))}")
        if "consumers" in body:
            consumers = body["consumers"]
            if not isinstance(consumers, int) or isinstance(consumers, bool) or consumers < 0:
                raise InspectionError(400, "consumers must be a non-negative integer (0 = consumers stopped)")
            self.bulk.configure(consumers)
        if "clock_offset_seconds" in body:
            offset = body["clock_offset_seconds"]
            if not isinstance(offset, int | float) or isinstance(offset, bool):
                raise InspectionError(400, "clock_offset_seconds must be a number of seconds")
            self.clock_offset = timedelta(seconds=offset)
        if "admin_password" in body:
            password = body["admin_password"]
            if not isinstance(password, str) or not password:
                raise InspectionError(400, "admin_password must be a non-empty string")
            self.admin_password = password
            self.state.admin_credentials = ("admin", password)

    def config_extra(self) -> dict[str, Any]:
        return {
            "consumers": self.bulk.consumers,
            "admin_username": "admin",
            "clock_offset_seconds": self.clock_offset.total_seconds(),
        }

    def stats_extra(self) -> dict[str, Any]:
        return {
            "bulk_operations": self.bulk.counts(),
            "consumers": {"running": self.bulk.consumers, "busy": self.bulk.busy, "queued": self.bulk.queued},
        }

    def extra_inspection_rules(self) -> Iterable[Rule]:
        return [Rule("/__sandbox__/orders/generate", endpoint="orders_generate", methods=["POST"])]

    # ----------------------------------------------------------------- extra inspection routes
    def inspect_orders_generate(self, request: Request) -> Response:
        body = self.json_body(request)
        count = body.get("count", 1) if isinstance(body, dict) else None
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 10_000:
            raise InspectionError(400, "count must be an integer between 1 and 10000")
        with self.lock:
            orders = generate_orders(self.state, count, self.stats.record_write, self.now())
        return json_response(
            {"orders": [{"entity_id": o["entity_id"], "increment_id": o["increment_id"]} for o in orders]}
        )


def create_app(*, profile: str, seed: int, items: int, token: str) -> MagentoApp:
    """The Magento sandbox app (`python -m sandbox magento` and the `magento_sandbox` fixture)."""
    return MagentoApp(profile=profile, seed=seed, items=items, token=token)
