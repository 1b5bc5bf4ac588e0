"""Several runners at once on PostgreSQL: SKIP LOCKED claims, exactly-once effects, coalescing
under a real race. SQLite runs one runner at a time, so these only run on PostgreSQL."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from sandbox.testing import SandboxHandle
from sync.loop import run_queue
from sync.models import Message, MessageSource, MessageStatus
from sync.queue import QueueSettings, enqueue
from tests.engine.conftest import create_magento_products

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several runners at once need PostgreSQL (SELECT ... FOR UPDATE SKIP LOCKED); SQLite runs one",
    ),
]

WORKERS = 4
MESSAGES = 400


def in_threads(count: int, target: Callable[[int], Any]) -> list[Any]:
    results: list[Any] = [None] * count
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def body(index: int) -> None:
        try:
            start.wait()
            results[index] = target(index)
        except BaseException as exc:  # re-raised in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def test_concurrent_runners_drain_the_queue_with_each_price_written_once(magento: SandboxHandle):
    skus = [f"PG{i:04d}" for i in range(MESSAGES)]
    create_magento_products(magento, skus)
    for index, sku in enumerate(skus):
        enqueue(
            "price",
            sku,
            payload={"price": f"{10 + index}.25", "price_source": "default_price"},
            source=MessageSource.INITIAL,
        )
    magento.reset_stats()
    settings = QueueSettings(threshold_count=25, batch_count=5, claim_limit=20, backoff_base=0, wait_delay=0)

    reports = in_threads(WORKERS, lambda _: run_queue(settings=settings, until_idle=True, poll=False))

    written: Counter[str] = Counter()
    for request in magento.requests(method="POST", path="base-prices"):
        for row in json.loads(request["body"])["prices"]:
            written[row["sku"]] += 1
    assert written == Counter(dict.fromkeys(skus, 1))
    assert Message.objects.filter(status=MessageStatus.SUCCEEDED, attempts=1).count() == MESSAGES
    assert sum(report.stats.claimed for report in reports) == MESSAGES
    assert sum(1 for report in reports if report.stats.claimed) > 1  # the work was really shared
    assert magento.state("products", skus[7])["price"] == 17.25


def test_concurrent_producers_of_one_record_leave_one_pending_message():
    outcomes = in_threads(8, lambda i: enqueue("price", "RACE1", payload={"n": i}).created)
    assert outcomes.count(True) == 1
    assert Message.objects.filter(key="RACE1", status=MessageStatus.PENDING).count() == 1
