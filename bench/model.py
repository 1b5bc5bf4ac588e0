"""The latency and limit model of design.md 6.1, and the capacity limits it implies.

A benchmark runs on the sandboxes' `fast` profile: every duration of the model divided by
`SCALE`, every per-minute limit multiplied by it. What a run measured (wall time, requests, the
servers' busy time, async bulk operations) is turned back into realistic seconds here, and each
limit of the model gives a lower bound on the realistic time that workload needs:

| limit | bound for the workload |
|---|---|
| Acumatica license, requests per minute | licensed requests / 100 per minute |
| Acumatica license, concurrent requests | Acumatica server time / 3 |
| Magento PHP workers | Magento server time / 8 |
| Magento queue consumers | async product operations x 0.4 s / 4 |

With enough connector workers (PostgreSQL, several clusters) the largest bound is the capacity
limit: the first limit a faster connector would hit. A single runner (the embedded SQLite mode)
works one request at a time, so its model time is the sum of the servers' time, the consumers'
time it waits for and its own CPU time.

Pure: no Django, no HTTP; the harness hands in the figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SCALE = 20  # the fast profile: realistic durations / 20, per-minute limits x 20
PROFILE_SCALES = {"fast": SCALE, "realistic": 1}  # profiles a benchmark can run on

# design.md 6.1, realistic clock. Only the figures a capacity bound needs; the per-request costs
# are the sandboxes' business, measured through their busy time.
ACUMATICA_REQUESTS_PER_MINUTE = 100
ACUMATICA_CONCURRENT_REQUESTS = 3
ACUMATICA_API_USERS = 2
MAGENTO_WORKERS = 8
MAGENTO_CONSUMERS = 4
MAGENTO_CONSUMER_SECONDS = 0.4  # one async product operation


@dataclass(frozen=True)
class Workload:
    """What one benchmark run made the systems do, on the realistic clock."""

    records: int
    acumatica_requests: int  # requests the license counts (logout is not counted)
    acumatica_busy: float  # realistic seconds of Acumatica server time
    magento_requests: int
    magento_busy: float  # realistic seconds of Magento worker time
    bulk_operations: int  # async bulk operations the consumers ran
    connector_cpu: float  # seconds of the connector's own CPU (not scaled: it is not simulated)

    @classmethod
    def from_run(
        cls,
        *,
        scale: float,
        records: int,
        acumatica_requests: int,
        acumatica_busy: float,
        magento_requests: int,
        magento_busy: float,
        bulk_operations: int,
        connector_cpu: float,
    ) -> Workload:
        """Busy times measured on a profile's clock (`scale` = its speed-up), moved to the
        realistic one."""
        return cls(
            records=records,
            acumatica_requests=acumatica_requests,
            acumatica_busy=acumatica_busy * scale,
            magento_requests=magento_requests,
            magento_busy=magento_busy * scale,
            bulk_operations=bulk_operations,
            connector_cpu=connector_cpu,
        )

    @property
    def consumer_seconds(self) -> float:
        """Realistic seconds the consumers need for the async operations, all four busy."""
        return self.bulk_operations * MAGENTO_CONSUMER_SECONDS / MAGENTO_CONSUMERS


@dataclass(frozen=True)
class Bound:
    limit: str
    seconds: float  # realistic seconds the workload needs at least under this limit
    basis: str

    def per_hour(self, records: int) -> float | None:
        return records * 3600 / self.seconds if self.seconds > 0 else None


def bounds(work: Workload) -> list[Bound]:
    """The lower bound each limit of the model puts on the workload's realistic time."""
    return [
        Bound(
            "Acumatica requests/min",
            work.acumatica_requests * 60 / ACUMATICA_REQUESTS_PER_MINUTE,
            f"{work.acumatica_requests} requests at {ACUMATICA_REQUESTS_PER_MINUTE} per minute",
        ),
        Bound(
            "Acumatica concurrency",
            work.acumatica_busy / ACUMATICA_CONCURRENT_REQUESTS,
            f"{work.acumatica_busy:.1f} s of server time over {ACUMATICA_CONCURRENT_REQUESTS} slots",
        ),
        Bound(
            "Magento workers",
            work.magento_busy / MAGENTO_WORKERS,
            f"{work.magento_busy:.1f} s of worker time over {MAGENTO_WORKERS} PHP workers",
        ),
        Bound(
            "Magento consumers",
            work.consumer_seconds,
            f"{work.bulk_operations} async operations x {MAGENTO_CONSUMER_SECONDS} s over "
            f"{MAGENTO_CONSUMERS} consumers",
        ),
    ]


def one_runner_seconds(work: Workload) -> float:
    """Model time of one runner that waits for every request in turn (the embedded mode)."""
    return work.acumatica_busy + work.magento_busy + work.consumer_seconds + work.connector_cpu


def realistic_seconds(wall: float, cpu: float, scale: float = SCALE) -> float:
    """A run's wall time on the realistic clock. Waiting for the sandboxes scales by `scale`; the
    connector's own CPU time does not (it is the same on either clock)."""
    cpu = min(cpu, wall)
    return cpu + (wall - cpu) * scale


def capacity(work: Workload, wall: float, scale: float = SCALE) -> dict[str, Any]:
    """The model's view of one run: the bounds, the binding one, and measured vs model."""
    found = bounds(work)
    binding = max(found, key=lambda bound: bound.seconds)
    measured = realistic_seconds(wall, work.connector_cpu, scale)
    model = one_runner_seconds(work)
    return {
        "workload": asdict(work),
        "bounds": [{**asdict(bound), "records_per_hour": bound.per_hour(work.records)} for bound in found],
        "binding": binding.limit,
        "capacity_per_hour": binding.per_hour(work.records),
        "measured_realistic_seconds": measured,
        "measured_per_hour": work.records * 3600 / measured if measured > 0 else None,
        "one_runner_model_seconds": model,
        "one_runner_model_per_hour": work.records * 3600 / model if model > 0 else None,
    }
