"""Where the governor keeps its counts: in this process (`LocalLedger`) or in Redis (`RedisLedger`).

A ledger answers one question atomically: may this ticket take a request slot (or an API seat)
now, and if not, when is it worth asking again? The `Governor` in front of it owns everything
else (the in-process FIFO, waiting, statistics, errors), so both ledgers enforce the same rules:

* at most `max_concurrent_requests` slots held at once;
* a slot only while fewer than `max_requests_per_minute` requests are in flight or ended within
  the last 60 s (+ margin). Counting a request until 60 s after its *end* keeps the limit in any
  60-second window the server can observe, whatever the network delay;
* at most `max_api_users` seats held at once.

`LocalLedger` is plain memory guarded by the governor's lock; `RedisLedger` runs the same rules
in Lua scripts on Redis so that every process sharing the Redis counts against one license.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .limits import WINDOW_HORIZON, AcumaticaLimits


@dataclass(frozen=True)
class Grant:
    """A ledger's answer: the lease taken, or none and when to ask again.

    `retry_in` is the seconds until the per-minute window lets this ticket start; None means only
    the end of a request (or logout) in flight can help.
    """

    lease: str | None
    retry_in: float | None = None


@dataclass(frozen=True)
class LicenseUsage:
    """The license in use as the ledger counts it (across processes for a shared ledger)."""

    requests_in_flight: int
    requests_waiting: int
    requests_in_window: int
    sessions: int


class Ledger(Protocol):
    """The counts behind a `Governor`. Methods are called with the governor's lock held, except
    `pause` (which must not hold it while it waits) and `abandon` (cleanup after a failure)."""

    # True when the counts are shared with other processes: their releases cannot notify this
    # process's condition variable, so the governor waits through `pause` instead.
    shared: bool
    # Who shares the limits, for error messages ("this process", "...every process using Redis...").
    scope: str

    def new_ticket(self) -> str: ...

    def try_slot(self, ticket: str, limits: AcumaticaLimits, now: float) -> Grant: ...

    def release_slot(self, lease: str, limits: AcumaticaLimits, now: float) -> None: ...

    def try_seat(self, ticket: str, limits: AcumaticaLimits) -> Grant: ...

    def release_seat(self, lease: str, limits: AcumaticaLimits) -> None: ...

    def abandon(self, ticket: str, limits: AcumaticaLimits) -> None: ...

    def pause(self, ticket: str, seconds: float, sleep: Callable[[float], None]) -> bool: ...

    def usage(self, limits: AcumaticaLimits, now: float) -> LicenseUsage: ...

    def clear(self) -> None: ...


class LocalLedger:
    """The counts of this process only: the governor's behaviour when no Redis is configured."""

    shared = False
    scope = "this process"

    def __init__(self) -> None:
        self._tickets = itertools.count(1)
        self._active = 0
        self._ended: deque[float] = deque()  # end times of requests, for the per-minute window
        self._seats = 0

    def new_ticket(self) -> str:
        return f"local-{next(self._tickets)}"

    def _rate_delay(self, limits: AcumaticaLimits, now: float) -> float | None:
        """0 when the per-minute budget allows a request now; seconds to wait when an ended
        request will leave the window; None when only an in-flight request's end can help."""
        limit = limits.max_requests_per_minute
        if limit is None:
            return 0.0
        while self._ended and self._ended[0] + WINDOW_HORIZON <= now:
            self._ended.popleft()
        if self._active + len(self._ended) < limit:
            return 0.0
        if self._ended:
            return max(self._ended[0] + WINDOW_HORIZON - now, 0.001)
        return None

    def try_slot(self, ticket: str, limits: AcumaticaLimits, now: float) -> Grant:
        limit = limits.max_concurrent_requests
        if limit is not None and self._active >= limit:
            return Grant(None)
        delay = self._rate_delay(limits, now)
        if delay != 0.0:
            return Grant(None, delay)
        self._active += 1
        return Grant(ticket)

    def release_slot(self, lease: str, limits: AcumaticaLimits, now: float) -> None:
        self._active = max(self._active - 1, 0)
        if limits.max_requests_per_minute is not None:
            self._ended.append(now)

    def try_seat(self, ticket: str, limits: AcumaticaLimits) -> Grant:
        limit = limits.max_api_users
        if limit is not None and self._seats >= limit:
            return Grant(None)
        self._seats += 1
        return Grant(ticket)

    def release_seat(self, lease: str, limits: AcumaticaLimits) -> None:
        self._seats = max(self._seats - 1, 0)

    def abandon(self, ticket: str, limits: AcumaticaLimits) -> None:
        """Nothing to undo: a local ticket exists only in the governor's own queue."""

    def pause(self, ticket: str, seconds: float, sleep: Callable[[float], None]) -> bool:
        sleep(seconds)
        return False

    def usage(self, limits: AcumaticaLimits, now: float) -> LicenseUsage:
        self._rate_delay(limits, now)  # drops the requests that left the window
        return LicenseUsage(self._active, 0, len(self._ended), self._seats)

    def clear(self) -> None:
        self._active = self._seats = 0
        self._ended.clear()


class Backoff:
    """Growing pauses for waits that no wake-up may end (another process's lease running out)."""

    def __init__(self, first: float = 0.02, cap: float = 1.0) -> None:
        self.first = first
        self.cap = cap
        self._next = first

    def next(self) -> float:
        pause = self._next
        self._next = min(self._next * 2, self.cap)
        return pause

    def reset(self) -> None:
        self._next = self.first
