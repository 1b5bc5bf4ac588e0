"""The license governor: concurrency cap with FIFO admission, a per-minute window counted from
each request's end, API user seats, and one governor per site per process."""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack

import pytest

from endpoints.exceptions import ApiLoginLimitError
from endpoints.governor import AcumaticaLimits, Governor, governor_for


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def wait_until(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.001)


def test_at_most_max_concurrent_requests_run_and_the_rest_queue_in_arrival_order() -> None:
    governor = Governor(
        AcumaticaLimits(max_concurrent_requests=2, max_requests_per_minute=None, max_api_users=None)
    )
    release = threading.Event()
    admitted: list[int] = []

    def work(n: int) -> None:
        with governor.request():
            admitted.append(n)
            release.wait(5)

    threads = []
    for n in range(6):
        thread = threading.Thread(target=work, args=(n,))
        thread.start()
        threads.append(thread)
        wait_until(lambda n=n: len(admitted) + governor.waiting == n + 1)

    assert governor.active == 2 and governor.waiting == 4
    assert admitted == [0, 1]
    release.set()
    for thread in threads:
        thread.join(5)
    assert admitted == [0, 1, 2, 3, 4, 5]
    assert governor.stats.peak_concurrency == 2 and governor.active == 0


def test_per_minute_window_waits_for_the_oldest_request_to_age_out() -> None:
    clock = FakeClock()
    governor = Governor(AcumaticaLimits(None, 3, None), clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(5):
        with governor.request():
            starts.append(clock.now)
            clock.now += 1.0  # each request takes a second

    # 3 requests end at t=1, 2, 3; the 4th may start only 60 s (+ margin) after the first ended.
    assert starts == [0.0, 1.0, 2.0, 61.25, 62.25]
    assert clock.sleeps == [58.25]  # the 5th finds the 2nd request aged out exactly on time
    assert governor.stats.started == 5


def test_requests_in_flight_count_against_the_minute_until_they_end() -> None:
    clock = FakeClock()
    governor = Governor(AcumaticaLimits(None, 2, None), clock=clock, sleep=clock.sleep)
    done = threading.Event()

    def third() -> None:
        with governor.request():
            done.set()

    with ExitStack() as stack:
        stack.enter_context(governor.request())
        stack.enter_context(governor.request())
        thread = threading.Thread(target=third)
        thread.start()
        wait_until(lambda: governor.waiting == 1)
        assert not done.wait(0.05)  # both slots of the minute are held by requests in flight
        clock.now = 10.0
    thread.join(5)

    assert done.is_set()
    assert clock.sleeps == [60.25]  # the first request ended at t=10, so it leaves the window at 70.25


def test_session_seats_are_limited_and_released() -> None:
    governor = Governor(AcumaticaLimits(None, None, 2))
    governor.acquire_session(timeout=0)
    governor.acquire_session(timeout=0)

    with pytest.raises(ApiLoginLimitError, match="All 2 API user seats"):
        governor.acquire_session(timeout=0)

    governor.release_session()
    governor.acquire_session(timeout=0)
    assert governor.open_sessions == 2 and governor.stats.peak_sessions == 2


def test_a_waiting_login_gets_the_seat_freed_by_another_client() -> None:
    governor = Governor(AcumaticaLimits(None, None, 1))
    governor.acquire_session(timeout=0)
    got = threading.Event()

    def login() -> None:
        governor.acquire_session(timeout=5)
        got.set()

    thread = threading.Thread(target=login)
    thread.start()
    assert not got.wait(0.05)

    governor.release_session()
    thread.join(5)
    assert got.is_set()


def test_one_governor_per_site_shared_by_url_spelling() -> None:
    first = governor_for("https://ERP.example.test/AcumaticaERP/", AcumaticaLimits(3, 100, 2))
    same = governor_for("https://erp.example.test/AcumaticaERP")
    other = governor_for("https://erp.example.test/Other")

    assert same is first and other is not first
    governor_for("https://erp.example.test/AcumaticaERP", AcumaticaLimits(2, 300, 2))
    assert first.limits == AcumaticaLimits(2, 300, 2)
