"""A FIFO concurrency gate: at most `capacity` holders, the rest wait in arrival order.

Used for the worker pool of each simulated server (PHP-FPM workers, IIS threads) and for
Acumatica's license queue. It keeps the numbers the inspection API reports: peak concurrency,
how many waited, the longest queue and busy seconds.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class GateFull(Exception):
    """The wait queue is over its limit; the request is rejected (Acumatica's 429)."""


class Gate:
    def __init__(self, capacity: int | None, max_queue: int | None = None) -> None:
        self._cond = threading.Condition()
        self._capacity = capacity  # None = unlimited
        self._max_queue = max_queue
        self._active = 0
        self._waiting: deque[object] = deque()
        self.peak_active = 0
        self.peak_queued = 0
        self.queued_total = 0
        self.rejected_total = 0
        self.busy_seconds = 0.0

    def configure(self, capacity: int | None, max_queue: int | None = None) -> None:
        with self._cond:
            self._capacity = capacity
            self._max_queue = max_queue
            self._cond.notify_all()

    @property
    def capacity(self) -> int | None:
        return self._capacity

    @property
    def active(self) -> int:
        return self._active

    @property
    def queued(self) -> int:
        return len(self._waiting)

    def reset_stats(self) -> None:
        with self._cond:
            self.peak_active = self._active
            self.peak_queued = len(self._waiting)
            self.queued_total = 0
            self.rejected_total = 0
            self.busy_seconds = 0.0

    def _has_room(self) -> bool:
        return self._capacity is None or self._active < self._capacity

    @contextmanager
    def hold(self, timeout: float | None = None) -> Iterator[None]:
        """Wait for a slot in FIFO order, hold it for the block, then hand it on. With `timeout`,
        a request that waited longer leaves the queue with GateFull (Acumatica's 10-minute rule)."""
        ticket = object()
        with self._cond:
            if not (self._has_room() and not self._waiting):
                if self._max_queue is not None and len(self._waiting) >= self._max_queue:
                    self.rejected_total += 1
                    raise GateFull
                self._waiting.append(ticket)
                self.queued_total += 1
                self.peak_queued = max(self.peak_queued, len(self._waiting))
                deadline = None if timeout is None else time.monotonic() + timeout
                while not (self._has_room() and self._waiting[0] is ticket):
                    remaining = None if deadline is None else deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        self._waiting.remove(ticket)
                        self.rejected_total += 1
                        self._cond.notify_all()
                        raise GateFull
                    self._cond.wait(remaining)
                self._waiting.popleft()
            self._active += 1
            self.peak_active = max(self.peak_active, self._active)
        started = time.monotonic()
        try:
            yield
        finally:
            with self._cond:
                self._active -= 1
                self.busy_seconds += time.monotonic() - started
                self._cond.notify_all()
