"""The license governor: Acumatica's limits on web-service API requests (reference s.1.5).

- Maximum concurrent requests: at most N requests execute at once; the rest wait in one FIFO
  queue (no error, the client just waits).
- Rejection: a request that finds more than 20 already queued, or that waited more than
  10 minutes, gets 429 (and is not counted against the per-minute limit).
- Requests per minute: throttling by delay, not rejection. When the requests processed in the last
  60 s reach 50 % of the limit, each new one is delayed by
  `(first_request_in_window + 60 s - now) / (limit - processed_in_window)`.
Logout requests skip the governor (the app does not route them here).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sandbox.common.gate import Gate, GateFull

MAX_QUEUED = 20
WINDOW_SECONDS = 60.0


class LicenseGovernor:
    def __init__(
        self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._clock = clock  # injectable so the throttling formula can be tested without waiting
        self._sleep = sleep
        self._lock = threading.Lock()
        self.gate = Gate(None, max_queue=MAX_QUEUED)
        self._window: deque[float] = deque()  # start times of admitted requests (monotonic)
        self._last_start = 0.0
        self.per_minute: int | None = None
        self.max_wait = 600.0
        self.throttled = 0
        self.throttle_seconds = 0.0
        self.rejected = 0

    def configure(self, concurrent: int | None, per_minute: int | None, max_wait: float) -> None:
        self.gate.configure(concurrent, MAX_QUEUED)
        with self._lock:
            self.per_minute = per_minute
            self.max_wait = max_wait

    def reset_stats(self) -> None:
        with self._lock:
            self.throttled = 0
            self.throttle_seconds = 0.0
            self.rejected = 0
            self._window.clear()
            self._last_start = 0.0
        self.gate.reset_stats()

    def _reserve(self) -> tuple[float, float]:
        """(when this request may start, its delay); the start is recorded in the window."""
        with self._lock:
            now = self._clock()
            start = max(now, self._last_start)
            while self._window and self._window[0] <= start - WINDOW_SECONDS:
                self._window.popleft()
            limit = self.per_minute
            if limit and len(self._window) >= limit / 2:
                first = self._window[0]
                remaining = limit - len(self._window)
                wait = (
                    (first + WINDOW_SECONDS - start) / remaining
                    if remaining > 0
                    else first + WINDOW_SECONDS - start
                )
                start += max(0.0, wait)
            self._window.append(start)
            self._last_start = start
            delay = start - now
            if delay > 0:
                self.throttled += 1
                self.throttle_seconds += delay
            return start, delay

    def _unreserve(self, start: float) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._window.remove(start)

    @contextmanager
    def admit(self) -> Iterator[None]:
        """Delay (per-minute limit), then wait for a processing slot (FIFO); raise GateFull."""
        start, delay = self._reserve()
        if delay > 0:
            self._sleep(delay)
        try:
            with self.gate.hold(timeout=self.max_wait):
                yield
        except GateFull:
            self._unreserve(start)
            with self._lock:
                self.rejected += 1
            raise

    def in_window(self) -> int:
        with self._lock:
            now = self._clock()
            return sum(1 for t in self._window if now - WINDOW_SECONDS < t <= now)

    def snapshot(self) -> dict[str, Any]:
        limit = self.per_minute
        return {
            "max_concurrent_requests": self.gate.capacity,
            "active": self.gate.active,
            "queued": self.gate.queued,
            "peak_concurrent": self.gate.peak_active,
            "peak_queued": self.gate.peak_queued,
            "queued_total": self.gate.queued_total,
            "throttled": self.throttled,
            "throttle_seconds": round(self.throttle_seconds, 4),
            "rejected": self.rejected,
            "per_minute_window": {
                "limit": limit,
                "throttle_from": (limit / 2) if limit else None,
                "in_window": self.in_window(),
                "window_seconds": WINDOW_SECONDS,
            },
        }
