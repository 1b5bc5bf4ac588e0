"""The governor's Redis ledger against a real Redis: API seats, request slots served in arrival order
and the per-minute window shared by several processes, the lease that frees a dead process's
holdings, bounded waits, and one clear error when Redis does not answer.

Each `process(...)` is what one process of a scale-out deployment has: its own `Governor` and
`RedisLedger`, sharing only the keys in Redis. Every test has its own key namespace, deleted after;
the tests that need a live Redis skip when `REDIS_URL` is not set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from endpoints.exceptions import ApiLoginLimitError
from endpoints.governor import (
    AcumaticaLimits,
    Governor,
    GovernorUnavailableError,
    Grant,
    RequestSlotTimeoutError,
    core,
    forget_governors,
    governor_for,
    site_key,
)
from endpoints.governor.ledger import Backoff
from endpoints.governor.redis_ledger import RedisLedger, redis_client
from tests.endpoints.test_acumatica_sandbox import free_port
from tests.endpoints.test_governor import FakeClock, wait_until

SITE = "https://erp.example.test/AcumaticaERP"
ROOT = Path(__file__).resolve().parents[2]
_processes: list[Governor] = []


@pytest.fixture
def namespace() -> Iterator[str]:
    """A key namespace of this test only (as `SYNC_CLUSTER_NAME` gives each deployment one)."""
    if not settings.REDIS_URL:
        pytest.skip("the shared license governor keeps its counts in Redis: set REDIS_URL to run this test")
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    while _processes:  # their heartbeats stop renewing what the test left held
        _processes.pop().clear()
    client = redis_client(settings.REDIS_URL)
    keys = list(client.scan_iter(f"acmc:governor:{{{name}|*"))
    if keys:
        client.delete(*keys)


def process(namespace: str, limits: AcumaticaLimits, *, max_wait: float = 600.0, **leases: float) -> Governor:
    ledger = RedisLedger(
        redis_client(settings.REDIS_URL), SITE, namespace=namespace, url=settings.REDIS_URL, **leases
    )
    governor = Governor(limits, ledger=ledger, max_wait=max_wait)
    _processes.append(governor)
    return governor


def hold(governor: Governor) -> AbstractContextManager[None]:
    """A request slot held until `__exit__` (the request is 'in flight')."""
    slot = governor.request()
    slot.__enter__()
    return slot


def test_two_processes_share_the_api_seats(namespace: str) -> None:
    limits = AcumaticaLimits(None, None, 2)
    first, second = process(namespace, limits), process(namespace, limits)
    first.acquire_session(timeout=0)
    second.acquire_session(timeout=0)

    with pytest.raises(ApiLoginLimitError, match=r"All 2 API user seats .* every process sharing Redis"):
        first.acquire_session(timeout=0)
    assert first.usage().sessions == 2

    second.release_session()
    first.acquire_session(timeout=0)
    assert (first.open_sessions, second.open_sessions, first.usage().sessions) == (2, 0, 2)


def test_a_login_waiting_for_a_seat_is_woken_by_another_process_logout(
    namespace: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A waiter that only polled would look again after 5 s: getting the seat sooner proves the
    # release woke it.
    monkeypatch.setattr(core, "Backoff", lambda: Backoff(first=5.0, cap=5.0))
    limits = AcumaticaLimits(None, None, 1)
    holder, waiter = process(namespace, limits), process(namespace, limits)
    holder.acquire_session(timeout=0)
    got = threading.Event()

    def login() -> None:
        waiter.acquire_session(timeout=10)
        got.set()

    thread = threading.Thread(target=login)
    thread.start()
    queue = f"{holder.ledger.prefix}seats:queue"  # type: ignore[attr-defined]
    wait_until(lambda: redis_client(settings.REDIS_URL).zcard(queue) == 1)
    assert not got.is_set()

    released = time.monotonic()
    holder.release_session()
    assert got.wait(4)
    thread.join(5)
    assert time.monotonic() - released < 2
    assert waiter.open_sessions == 1 and waiter.usage().sessions == 1


def test_request_slots_are_shared_and_served_in_arrival_order_across_processes(namespace: str) -> None:
    limits = AcumaticaLimits(2, None, None)
    first, second = process(namespace, limits), process(namespace, limits)
    order: list[str] = []

    def request(governor: Governor, name: str) -> None:
        with governor.request():
            order.append(name)

    held = [hold(first), hold(first)]
    from_second = threading.Thread(target=request, args=(second, "second process"))
    from_second.start()
    wait_until(lambda: first.usage().requests_waiting == 1)
    from_first = threading.Thread(target=request, args=(first, "first process"))
    from_first.start()
    wait_until(lambda: first.usage().requests_waiting == 2)
    assert first.usage().requests_in_flight == 2 and order == []

    held.pop().__exit__(None, None, None)
    from_second.join(5)
    from_first.join(5)
    held.pop().__exit__(None, None, None)

    assert order == ["second process", "first process"]  # the one that asked first started first
    assert first.usage().requests_in_flight == 0 and first.usage().requests_waiting == 0


def test_the_per_minute_window_is_shared_and_counts_requests_until_60_s_after_they_end(
    namespace: str,
) -> None:
    first, second = (
        process(namespace, AcumaticaLimits(None, 3, None)),
        process(namespace, AcumaticaLimits(None, 3, None)),
    )
    for governor in (first, first, second):
        with governor.request():
            pass
    ledger = second.ledger
    limits = second.limits

    grant = ledger.try_slot("probe", limits, 0.0)
    ledger.abandon("probe", limits)
    assert grant.lease is None and grant.retry_in is not None
    assert 59.0 < grant.retry_in <= 60.25  # when the oldest of the 3 requests leaves the window
    assert second.usage().requests_in_window == 3

    # Let a minute pass for Redis: move every end time 61 s back.
    client = redis_client(settings.REDIS_URL)
    window = f"{first.ledger.prefix}window"  # type: ignore[attr-defined]
    ended: list[tuple[bytes, float]] = client.zrange(window, 0, -1, withscores=True)  # type: ignore[assignment]
    client.zadd(window, {member: score - 61 for member, score in ended})
    with second.request():
        assert second.usage().requests_in_window == 0


def test_requests_in_flight_in_another_process_count_against_the_minute(namespace: str) -> None:
    limits = AcumaticaLimits(None, 2, None)
    first, second = process(namespace, limits), process(namespace, limits)
    held = [hold(first), hold(second)]

    grant = second.ledger.try_slot("probe", limits, 0.0)
    second.ledger.abandon("probe", limits)
    assert grant == Grant(None, None)  # no end time yet: only a request's end can help

    for slot in held:
        slot.__exit__(None, None, None)
    assert first.usage().requests_in_window == 2


def test_a_request_waits_a_bounded_time_and_then_leaves_the_queue(namespace: str) -> None:
    limits = AcumaticaLimits(1, None, None)
    holder, waiter = process(namespace, limits), process(namespace, limits, max_wait=0.3)
    slot = hold(holder)

    began = time.monotonic()
    expected = r"No Acumatica request slot became free within 0.3 s"
    with pytest.raises(RequestSlotTimeoutError, match=expected), waiter.request():
        pass
    assert time.monotonic() - began < 2
    assert holder.usage().requests_waiting == 0 and waiter.waiting == 0
    slot.__exit__(None, None, None)


DEAD_HOLDER = """
import sys, time
from endpoints.governor import AcumaticaLimits, Governor
from endpoints.governor import core
from endpoints.governor.ledger import Backoff
from endpoints.governor.redis_ledger import RedisLedger, redis_client
url, namespace, site = sys.argv[1:4]
ledger = RedisLedger(redis_client(url), site, namespace=namespace, url=url,
                     slot_lease=0.6, seat_lease=0.6, ticket_lease=0.6)
governor = Governor(AcumaticaLimits(1, 10, 1), ledger=ledger)
governor.acquire_session(timeout=5)
with governor.request():
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_dead_process_seat_and_slot_free_themselves_after_their_lease(namespace: str) -> None:
    limits = AcumaticaLimits(1, 10, 1)
    survivor = process(namespace, limits)
    dead = subprocess.Popen(
        [sys.executable, "-c", DEAD_HOLDER, settings.REDIS_URL, namespace, SITE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert dead.stdout is not None and dead.stdout.readline().strip() == "held"
        time.sleep(1.0)  # longer than the lease: the live process's heartbeat keeps renewing it
        usage = survivor.usage()
        assert (usage.sessions, usage.requests_in_flight) == (1, 1)
        with pytest.raises(ApiLoginLimitError):
            survivor.acquire_session(timeout=0)
    finally:
        dead.kill()
        dead.wait(5)

    began = time.monotonic()
    survivor.acquire_session(timeout=5)
    with survivor.request():
        pass
    assert time.monotonic() - began < 3
    # The dead request may have reached Acumatica: it still counts in the minute.
    assert survivor.usage().requests_in_window == 2


def test_redis_not_answering_is_one_clear_error_and_never_a_per_process_fallback() -> None:
    url = f"redis://:redis-secret@127.0.0.1:{free_port()}/0"
    ledger = RedisLedger(redis_client(url), SITE, namespace="unreachable", url=url)
    governor = Governor(AcumaticaLimits(2, 100, 2), ledger=ledger)

    with pytest.raises(GovernorUnavailableError) as raised, governor.request():
        pass
    with pytest.raises(GovernorUnavailableError):
        governor.acquire_session(timeout=5)

    message = str(raised.value)
    assert message.startswith(
        f"Acumatica license governor: Redis at redis://127.0.0.1:{url.rsplit(':', 1)[1]} did not answer"
    )
    assert "\n" not in message and "redis-secret" not in message
    assert (governor.active, governor.waiting, governor.open_sessions) == (0, 0, 0)
    # Unlimited figures need no counting, so no Redis either.
    governor.configure(AcumaticaLimits(None, None, None))
    with governor.request():
        governor.acquire_session(timeout=0)


def test_governor_for_shares_through_redis_per_cluster_name_and_site(namespace: str) -> None:
    limits = AcumaticaLimits(None, None, 1)
    try:
        with override_settings(REDIS_URL=settings.REDIS_URL, Q_CLUSTER={"name": namespace}):
            forget_governors()
            governor = governor_for(f"{SITE}/", limits)
            other_site = governor_for("https://other.example.test/AcumaticaERP", limits)
            assert governor.shared and governor.ledger.prefix == (  # type: ignore[attr-defined]
                f"acmc:governor:{{{namespace}|{site_key(SITE)}}}:"
            )
            governor.acquire_session(timeout=0)
            other_site.acquire_session(timeout=0)  # another site has its own license
        with override_settings(REDIS_URL=settings.REDIS_URL, Q_CLUSTER={"name": f"{namespace}-other"}):
            forget_governors()
            governor_for(SITE, limits).acquire_session(timeout=0)  # another deployment's namespace
            forget_governors()
        with override_settings(REDIS_URL=""):
            assert not governor_for(SITE, limits).shared  # embedded mode: this process's counts
    finally:
        forget_governors()

    client = redis_client(settings.REDIS_URL)
    assert list(client.scan_iter(f"acmc:governor:{{{namespace}*")) == []  # forgetting cleared them


def test_without_redis_a_request_also_waits_a_bounded_time() -> None:
    clock = FakeClock()
    governor = Governor(AcumaticaLimits(None, 1, None), clock=clock, sleep=clock.sleep, max_wait=30)
    with governor.request():
        pass

    expected = r"within 30 s .* shared by this process"
    with pytest.raises(RequestSlotTimeoutError, match=expected), governor.request():
        pass
    assert clock.sleeps == [30.0] and governor.waiting == 0 and governor.stats.started == 1
