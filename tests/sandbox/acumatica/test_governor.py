"""The license governor on its own: FIFO concurrency, rejection past 20 queued or 10 minutes,
and the per-minute throttling formula (reference s.1.5), with a fake clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from sandbox.acumatica.governor import LicenseGovernor
from sandbox.common.gate import GateFull


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.001)


def test_throttling_starts_at_half_the_limit_with_the_documented_delay() -> None:
    clock = FakeClock()
    governor = LicenseGovernor(clock=clock, sleep=clock.sleep)
    governor.configure(None, 50, 600)

    for _ in range(25):
        with governor.admit():
            pass
    assert clock.slept == []  # below 50 % of the limit: no delay

    clock.now = 40.0  # 25 processed, 20 s left in the window
    with governor.admit():
        pass

    assert clock.slept == [0.8]  # (0 + 60 - 40) / (50 - 25), the documentation's example
    assert governor.snapshot()["throttled"] == 1


def test_the_window_slides_after_a_minute() -> None:
    clock = FakeClock()
    governor = LicenseGovernor(clock=clock, sleep=clock.sleep)
    governor.configure(None, 4, 600)
    for _ in range(2):
        with governor.admit():
            pass

    clock.now = 61.0
    with governor.admit():
        pass

    assert clock.slept == []
    assert governor.in_window() == 1


def test_delayed_requests_are_spaced_out_until_the_window_frees() -> None:
    clock = FakeClock()
    governor = LicenseGovernor(clock=clock, sleep=clock.sleep)
    governor.configure(None, 4, 600)
    for _ in range(4):
        with governor.admit():
            pass
    # Two go at once; the third starts at (0 + 60 - 0) / (4 - 2) = 30 s; the fourth, one slot
    # left, at 30 + (0 + 60 - 30) / 1 = 60 s. Delays count from the moment of arrival (0 here).
    assert clock.slept == [30.0, 60.0]


def test_waiting_requests_are_admitted_in_arrival_order() -> None:
    governor = LicenseGovernor()
    governor.configure(1, None, 600)
    release = threading.Event()
    order: list[int] = []

    def first() -> None:
        with governor.admit():
            release.wait(5)

    def waiter(number: int) -> None:
        with governor.admit():
            order.append(number)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    wait_until(lambda: governor.gate.active == 1)
    for number in range(5):
        thread = threading.Thread(target=waiter, args=(number,))
        thread.start()
        threads.append(thread)
        wait_until(lambda n=number: governor.gate.queued == n + 1)  # type: ignore[misc]
    release.set()
    for thread in threads:
        thread.join(5)

    assert order == [0, 1, 2, 3, 4]
    assert governor.snapshot()["peak_concurrent"] == 1
    assert governor.snapshot()["peak_queued"] == 5


def test_a_request_finding_20_queued_is_rejected_and_not_counted() -> None:
    governor = LicenseGovernor()
    governor.configure(1, 1000, 600)
    release = threading.Event()

    def occupy() -> None:
        with governor.admit():
            release.wait(5)

    threads = [threading.Thread(target=occupy) for _ in range(21)]
    for thread in threads:
        thread.start()
    wait_until(lambda: governor.gate.active == 1 and governor.gate.queued == 20)
    counted = governor.in_window()

    with pytest.raises(GateFull), governor.admit():
        pass

    assert governor.snapshot()["rejected"] == 1
    assert governor.in_window() == counted
    release.set()
    for thread in threads:
        thread.join(5)
    assert governor.snapshot()["rejected"] == 1


def test_a_request_waiting_longer_than_the_limit_is_rejected() -> None:
    governor = LicenseGovernor()
    governor.configure(1, None, max_wait=0.05)
    release = threading.Event()

    def occupy() -> None:
        with governor.admit():
            release.wait(5)

    holder = threading.Thread(target=occupy)
    holder.start()
    wait_until(lambda: governor.gate.active == 1)

    with pytest.raises(GateFull), governor.admit():
        pass

    release.set()
    holder.join(5)
    assert governor.snapshot()["rejected"] == 1
