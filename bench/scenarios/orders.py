"""Order import benchmark: N storefront orders generated in Magento, imported by one loop run.

The connector syncs only what the order import needs: orders Magento to Acumatica, and customers
Magento to Acumatica (a registered customer's first order creates or matches the Acumatica
customer through the customer flow); the catalog, status and shipment flows are off, so nothing
else shares the license. The mappings come from `suggest_mappings --apply` after the orders exist
(Magento lists the payment and shipping methods of its recent orders). The demo's one customer on
Credit Hold is released first: its orders would fail by design, which is a test's subject, not a
benchmark's.

Two runs: a first batch (most customers are new to Acumatica) and a second batch of as many
orders (the registered customers are linked by then).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from bench.clock import BenchClock, command, configure_connector
from bench.harness import Sandboxes, measure
from bench.scenarios import Options, Result, result
from bench.scenarios.common import make_polls_due, outcomes, run_loop
from sync.choices import Direction, Entity
from sync.cursors import set_cursor
from sync.models import DEFAULT_SCOPE

CREDIT_HOLD_CUSTOMER = "C000016"
ORDER_IMPORT_ONLY = (
    "sync.order.direction=m2a",
    "sync.customer.direction=m2a",
    *(
        f"sync.{entity}.enabled=false"
        for entity in (
            Entity.ATTRIBUTE_SET,
            Entity.CATEGORY,
            Entity.PRODUCT,
            Entity.PRICE,
            Entity.INVENTORY,
            Entity.CUSTOMER_ATTRIBUTE,
            Entity.ORDER_STATUS,
            Entity.SHIPMENT,
        )
    ),
)


def _value(record: dict[str, object], name: str) -> object:
    field = record.get(name)
    return field.get("value") if isinstance(field, dict) else field


def _imported(sandboxes: Sandboxes, increment_ids: list[str]) -> Counter[str]:
    """How many sales orders Acumatica has per increment id (CustomerOrder)."""
    wanted = set(increment_ids)
    found: Counter[str] = Counter()
    for record in sandboxes.acumatica.handle.state("SalesOrder"):
        reference = str(_value(record, "CustomerOrder") or "")
        if reference in wanted:
            found[reference] += 1
    return found


def bench_orders(workdir: Path, options: Options) -> list[Result]:
    clock = BenchClock(options.scale)
    results: list[Result] = []
    with Sandboxes(workdir, profile=options.profile, items=options.items, seed=options.seed) as sandboxes:
        configure_connector(sandboxes, *ORDER_IMPORT_ONLY)
        sandboxes.acumatica.handle.put_state(
            "Customer", CREDIT_HOLD_CUSTOMER, {"Status": {"value": "Active"}}
        )
        for round_, label in enumerate(("first batch, new customers", "second batch"), start=1):
            answer = sandboxes.magento.handle.post("orders/generate", {"count": options.orders})
            ids = [str(order["increment_id"]) for order in answer["orders"]]
            if round_ == 1:
                command("suggest_mappings", "--apply")  # also sets the Default Customer Class
                set_cursor(Entity.ORDER, Direction.M2A, DEFAULT_SCOPE, timezone.now() - timedelta(hours=2))
            make_polls_due()
            with measure(sandboxes) as measured:
                report = run_loop(clock)
            found = _imported(sandboxes, ids)
            missing = [i for i in ids if found[i] == 0]
            doubled = [i for i in ids if found[i] > 1]
            notes = []
            if missing:
                notes.append(f"{len(missing)} orders not in Acumatica, e.g. {missing[:3]}")
            if doubled:
                notes.append(f"{len(doubled)} orders imported more than once, e.g. {doubled[:3]}")
            results.append(
                result(
                    "orders",
                    f"{len(ids)} orders, {label}",
                    options=options,
                    unit="orders",
                    records=len(ids),
                    measured=measured,
                    outcomes=outcomes(report),
                    verified=not missing and not doubled,
                    notes=notes,
                    sales_order_puts=measured.acumatica["routes"].get(
                        "PUT /entity/{endpoint}/{version}/SalesOrder", 0
                    ),
                )
            )
    return results
