"""The benchmarks: each is a function of the run's options that returns one result per measured
run. Import only after `bench.harness.setup_django` (the scenarios drive the connector).

| name | measures |
|---|---|
| `initial_sync` | `initial_sync` of the demo catalog: items per minute, calls per item |
| `prices` | N changed prices through one loop run, one request per record vs batched |
| `orders` | N generated Magento orders imported as sales orders: orders per minute, calls per order |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.harness import Measurement
from bench.model import PROFILE_SCALES, Workload, capacity


@dataclass(frozen=True)
class Options:
    items: int = 200  # demo catalog size (stock items) of both sandboxes
    changes: int = 200  # prices changed
    orders: int = 200  # orders generated
    threshold: int = 25  # Threshold Count of the batched price run
    batch: int = 25  # Batch Count of the batched price run
    seed: int = 1
    profile: str = "fast"  # `realistic` checks the fast projections (20 times slower)

    @property
    def scale(self) -> float:
        return PROFILE_SCALES[self.profile]


Result = dict[str, Any]
Scenario = Callable[[Path, Options], list[Result]]


def result(
    benchmark: str,
    label: str,
    *,
    options: Options,
    unit: str,
    records: int,
    measured: Measurement,
    outcomes: dict[str, int],
    verified: bool,
    notes: list[str] | None = None,
    **extra: Any,
) -> Result:
    """One measured run, with the figures the report prints and the model's view of it."""
    acumatica, magento = measured.acumatica, measured.magento
    work = Workload.from_run(
        scale=options.scale,
        records=records,
        acumatica_requests=acumatica["licensed_requests"],
        acumatica_busy=acumatica["busy_seconds"],
        magento_requests=magento["requests"],
        magento_busy=magento["busy_seconds"],
        bulk_operations=magento["bulk_operations"],
        connector_cpu=measured.cpu,
    )
    per = max(records, 1)
    return {
        "benchmark": benchmark,
        "label": label if options.profile == "fast" else f"{label} ({options.profile})",
        "profile": options.profile,
        "unit": unit,
        "records": records,
        "wall_seconds": measured.wall,
        "connector_cpu_seconds": measured.cpu,
        "records_per_minute": records * 60 / measured.wall if measured.wall > 0 else None,
        "acumatica_calls_per_record": acumatica["licensed_requests"] / per,
        "magento_calls_per_record": magento["requests"] / per,
        "outcomes": outcomes,
        "verified": verified,
        "notes": notes or [],
        "acumatica": acumatica,
        "magento": magento,
        "model": capacity(work, measured.wall, options.scale),
        **extra,
    }


def scenarios() -> dict[str, Scenario]:
    from bench.scenarios.catalog import bench_initial_sync, bench_prices
    from bench.scenarios.orders import bench_orders

    return {"initial_sync": bench_initial_sync, "prices": bench_prices, "orders": bench_orders}
