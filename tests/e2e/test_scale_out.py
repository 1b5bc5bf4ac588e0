"""Scale-out mode end to end (design.md section 7): several real django-q2 clusters on one
PostgreSQL database and one Redis broker, writing to the Magento sandbox over HTTP.

The sandbox's request log is the witness: every price row Magento accepted is counted per SKU, so
a message processed twice (two clusters claiming it, a lost claim resent) shows as a count of 2.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_q.models import Schedule
from django_q.signals import post_spawn

from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from sync.choices import PriceSource
from sync.models import Message, MessageSource, MessageStatus
from sync.queue import enqueue
from sync.retention import CLEAN_LOGS
from sync.schedules import SCHEDULES
from tests.e2e.clusters import Clusters, Run
from tests.e2e.conftest import configure_queue, create_products, enqueue_prices
from tests.engine.test_postgres_workers import in_threads

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="scale-out runs several clusters on one database: it needs PostgreSQL (SKIP LOCKED claims)",
    ),
]
needs_redis = pytest.mark.skipif(
    connection.vendor == "postgresql" and not settings.REDIS_URL,  # on SQLite, the reason above
    reason="scale-out clusters share a Redis broker: set REDIS_URL to run them",
)

ENGINE_SCHEDULES = [spec.name for spec in (*SCHEDULES, CLEAN_LOGS)]


def accepted_price_rows(magento: SandboxHandle) -> Counter[str]:
    """How many times Magento accepted a price row per SKU (answered requests only: a request
    that hung and was dropped never reached the price)."""
    written: Counter[str] = Counter()
    for request in magento.requests(method="POST", path="base-prices"):
        if request["status"] == 200:
            written.update(row["sku"] for row in json.loads(request["body"])["prices"])
    return written


def assert_each_written_once(written: Counter[str], skus: Iterable[str], logs: str) -> None:
    expected = set(skus)
    twice = {sku: n for sku, n in written.items() if n > 1}
    missing = sorted(expected - set(written))
    stray = sorted(set(written) - expected)
    assert not (twice or missing or stray), (
        f"written more than once: {dict(list(twice.items())[:10])} ({len(twice)}); "
        f"never written: {missing[:10]} ({len(missing)}); unexpected: {stray[:10]}\n{logs}"
    )


def assert_prices_in_magento(magento: SandboxHandle, prices: dict[str, float]) -> None:
    stored = {p["sku"]: p["price"] for p in magento.state("products") if p["sku"] in prices}
    wrong = {sku: (stored.get(sku), price) for sku, price in prices.items() if stored.get(sku) != price}
    assert not wrong, f"(in Magento, expected) per SKU: {dict(list(wrong.items())[:10])} ({len(wrong)})"


def assert_runs_succeeded(runs: list[Run], logs: str) -> None:
    failed = [run.report for run in runs if not run.success]
    assert not failed, f"{len(failed)} runs failed: {failed[:2]}\n{logs}"


@needs_redis
@pytest.mark.integration
def test_two_clusters_drain_2000_messages_exactly_once(
    magento: SandboxHandle, acumatica: SandboxHandle, magento_server: SandboxServer, clusters: Clusters
):
    skus = [f"E2E{i:04d}" for i in range(2000)]
    create_products(magento_server, skus)
    configure_queue(threshold=25, batch=5)  # 2000 pending: batches of 5 until the backlog is small
    prices = enqueue_prices(skus)
    magento.reset_stats()
    clusters.start("A", "B", claim_limit=50, lease_seconds=60)

    runs = clusters.drain(runs_per_round=4)  # one run per worker, as the schedule gives each minute

    logs = clusters.logs()
    assert_runs_succeeded(runs, logs)
    assert_each_written_once(accepted_price_rows(magento), skus, logs)
    outcomes = Counter(Message.objects.values_list("status", "attempts"))
    assert outcomes == {(MessageStatus.SUCCEEDED, 1): len(skus)}, f"{outcomes}\n{logs}"
    claimed = Counter[str]()
    for run in runs:
        claimed[run.cluster] += run.claimed
    assert sum(claimed.values()) == len(skus), claimed  # every message claimed exactly once ...
    assert claimed["A"] > 0 and claimed["B"] > 0, claimed  # ... and both clusters did work
    batch_sizes = Counter(
        len(json.loads(r["body"])["prices"]) for r in magento.requests(method="POST", path="base-prices")
    )
    assert max(batch_sizes) == 5 and batch_sizes[5] * 5 >= len(skus) // 2, batch_sizes
    assert_prices_in_magento(magento, prices)


def schedules() -> Counter[str]:
    """How many schedules exist per name the engine defines."""
    return Counter(Schedule.objects.filter(name__in=ENGINE_SCHEDULES).values_list("name", flat=True))


def test_workers_starting_at_once_leave_one_schedule_each():
    """The start hook of eight workers released together, each on its own connection: without a
    lock, each would find no schedule and create one."""
    for _ in range(5):  # the race is lost only now and then: give it several chances
        Schedule.objects.all().delete()
        in_threads(8, lambda index: post_spawn.send(sender="django_q", proc_name=f"Process-{index}"))
        assert schedules() == dict.fromkeys(ENGINE_SCHEDULES, 1)


@needs_redis
@pytest.mark.integration
def test_the_schedule_is_ensured_once(magento: SandboxHandle, acumatica: SandboxHandle, clusters: Clusters):
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)
    assert schedules() == dict.fromkeys(ENGINE_SCHEDULES, 1)

    Schedule.objects.all().delete()
    configure_queue(threshold=25, batch=25, check_process_time=1)
    clusters.start("A", "B")  # each worker of each cluster ensures the schedules as it starts
    runs = clusters.run(4)  # the clusters are up and working: their workers' start hooks are done
    assert_runs_succeeded(runs, clusters.logs())
    assert schedules() == dict.fromkeys(ENGINE_SCHEDULES, 1), clusters.logs()

    call_command("migrate", verbosity=0)
    assert schedules() == dict.fromkeys(ENGINE_SCHEDULES, 1)
    schedule = Schedule.objects.get(name="sync.process_queue")
    assert (schedule.func, schedule.schedule_type, schedule.minutes) == (
        "sync.tasks.process_queue",
        Schedule.MINUTES,
        1,
    )


@needs_redis
@pytest.mark.integration
def test_claims_of_a_killed_cluster_are_finished_once_by_another(
    magento: SandboxHandle, acumatica: SandboxHandle, magento_server: SandboxServer, clusters: Clusters
):
    skus = [f"KILL{i:03d}" for i in range(40)]
    create_products(magento_server, skus)
    configure_queue(threshold=5, batch=5)
    prices = enqueue_prices(skus)
    magento.reset_stats()
    # The first price request hangs: cluster A is killed while it waits, holding its whole claim.
    magento.faults([{"method": "POST", "path": "base-prices", "kind": "hang", "rate": 1, "limit": 1}])
    limits = {"claim_limit": 10, "lease_seconds": 6}
    [doomed] = clusters.start("A", **limits)
    clusters.enqueue_runs(1)
    clusters.wait_for(
        lambda: magento.fault_rules()[0]["fired"] == 1, 30, "cluster A to send its first price batch"
    )
    held = dict(Message.objects.filter(status=MessageStatus.PROCESSING).values_list("id", "key"))
    assert len(held) == 10, clusters.logs()
    clusters.start("B", **limits)  # up while A still waits, so B runs while A's lease stands

    doomed.kill()
    magento.clear_faults()  # lets the hung request go; it never reached the prices
    # A push changes the price of a held item again while the dead claim stands.
    changed = min(held.values())
    newer = enqueue(
        "price",
        changed,
        payload={"price": "99.75", "price_source": PriceSource.DEFAULT_PRICE},
        source=MessageSource.PUSH,
    )
    assert newer.created
    prices[changed] = 99.75
    runs = clusters.drain(runs_per_round=2)

    logs = clusters.logs()
    assert {run.cluster for run in runs} == {"B"}
    # Nothing written twice: not the held claims B finished once their lease passed, and not the
    # changed item, whose older message must never be sent after the newer one.
    assert_each_written_once(accepted_price_rows(magento), skus, logs)
    assert_prices_in_magento(magento, prices)
    outcomes = {
        pk: (status, attempts, reason)
        for pk, status, attempts, reason in Message.objects.values_list("id", "status", "attempts", "reason")
    }
    [superseded] = [pk for pk, key in held.items() if key == changed]
    # The lost try counts (it may be what killed the worker); every other message took one.
    assert outcomes.pop(superseded) == (MessageStatus.SKIPPED, 1, f"superseded by #{newer.message.pk}"), logs
    expected = {pk: (MessageStatus.SUCCEEDED, 2 if pk in held else 1) for pk in outcomes}
    assert {pk: outcome[:2] for pk, outcome in outcomes.items()} == expected, logs
