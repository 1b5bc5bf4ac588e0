"""The demo's storefront orders, and the Acumatica sandbox calls that ship one (printed as curl in
the closing summary, and made by the demo's test exactly as printed)."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from typing import Any

from acmconnector.demo.base import (
    SANDBOX_PASSWORD,
    SANDBOX_TENANT,
    SANDBOX_USER,
    SANDBOX_VERSION,
    Demo,
    DemoError,
    last_line,
    run_command,
    say,
)


def _watch_orders_from_now() -> None:
    """Order import polls Magento from this moment on (its first poll would otherwise only start
    the watch, leaving the orders placed just before to the poll's look-back)."""
    from django.utils import timezone

    from sync.choices import Direction, Entity
    from sync.cursors import set_cursor
    from sync.flows import get_flow
    from sync.producers import flow_scopes
    from sync.scopes import is_sync_enabled

    flow = get_flow(Entity.ORDER, Direction.M2A)
    if flow is None:
        raise DemoError("The order import flow is not installed.")
    now = timezone.now()
    for scope in flow_scopes(flow):
        if is_sync_enabled(scope, Entity.ORDER, Direction.M2A):
            set_cursor(Entity.ORDER, Direction.M2A, scope, now)


def generate_orders(demo: Demo) -> None:
    """Storefront orders placed in the Magento sandbox (registered and guest customers, configurable
    lines, discounts, several payment and shipping methods) for the queue cluster to import. Magento's
    REST API names payment and shipping methods only on orders, so the suggested mappings are
    applied again for the methods these orders use."""
    import requests

    _watch_orders_from_now()
    try:
        response = requests.post(
            f"{demo.magento_url}/__sandbox__/orders/generate", json={"count": demo.orders}, timeout=60
        )
        response.raise_for_status()
        numbers = [str(order["increment_id"]) for order in response.json()["orders"]]
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        raise DemoError(f"The Magento sandbox did not place the demo orders: {exc}") from None
    say(f"  {len(numbers)} orders placed in Magento: {', '.join(numbers)}")
    say(f"  {last_line(run_command('suggest_mappings', '--apply'))}")
    demo.note(
        f"Orders: the cluster imports them within a few minutes; watch {demo.url}/admin/sync/message/"
        "?entity__exact=order, the sales orders in Acumatica "
        f"({demo.acumatica_url}/__sandbox__/state/SalesOrder, CustomerOrder = the Magento increment id) "
        f"and their numbers in {demo.url}/api/links/?entity=order"
    )
    demo.note(
        "Ship one: create and confirm its shipment in the Acumatica sandbox (ORDERNBR from the links, "
        f"SHIPMENTNBR from the third call), then watch {demo.magento_url}/__sandbox__/state/shipments:"
    )
    for call in shipment_calls():
        demo.note(f"  {call.curl(demo.acumatica_url)}")
    demo.note(
        "A failed order names what to fix (one demo customer is on Credit Hold): fix it in the sandbox, "
        f"e.g. curl -X PUT {demo.acumatica_url}/__sandbox__/state/Customer/<id> "
        """-d '{"Status":{"value":"Active"}}', then reprocess it (Messages > Reprocess, or """
        "manage.py reprocess_failed --entity order)"
    )


@dataclass(frozen=True)
class SandboxCall:
    """One call of the Acumatica sandbox's REST API, printed as curl in the closing summary."""

    method: str
    path: str  # under `<acumatica url>/entity`; ORDERNBR and SHIPMENTNBR are placeholders
    body: dict[str, Any] | None = None
    comment: str = ""

    def curl(self, acumatica_url: str) -> str:
        cookie = "-c jar" if self.path == "/auth/login" else "-b jar"
        parts = ["curl -s", cookie]
        if self.method != "GET":
            parts += ["-X", self.method]
        if self.body is not None:
            body = json.dumps(self.body, separators=(",", ":"))
            parts += ["-H", shlex.quote("Content-Type: application/json"), "-d", shlex.quote(body)]
        parts.append(shlex.quote(f"{acumatica_url}/entity{self.path}"))
        return " ".join(parts) + (f"   # {self.comment}" if self.comment else "")


def shipment_calls() -> list[SandboxCall]:
    """Log in, create the shipment of sales order SO ORDERNBR, read its number, confirm it, log out
    (the session would otherwise hold one of the sandbox's two API seats until it times out)."""
    api = f"/Default/{SANDBOX_VERSION}"
    order = {"OrderType": {"value": "SO"}, "OrderNbr": {"value": "ORDERNBR"}}
    return [
        SandboxCall(
            "POST",
            "/auth/login",
            {"name": SANDBOX_USER, "password": SANDBOX_PASSWORD, "tenant": SANDBOX_TENANT},
        ),
        SandboxCall("POST", f"{api}/SalesOrder/SalesOrderCreateShipment", {"entity": order}),
        SandboxCall(
            "GET",
            f"{api}/SalesOrder/SO/ORDERNBR?$expand=Shipments&$select=OrderNbr,Shipments/ShipmentNbr",
            comment="the shipment's number",
        ),
        SandboxCall(
            "POST", f"{api}/Shipment/ConfirmShipment", {"entity": {"ShipmentNbr": {"value": "SHIPMENTNBR"}}}
        ),
        SandboxCall("POST", "/auth/logout"),
    ]
