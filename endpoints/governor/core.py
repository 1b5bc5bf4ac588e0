"""`Governor`: admission control for one Acumatica site, in front of a ledger that holds the counts.

The governor owns what is the same whoever keeps the counts: the FIFO of this process's threads
(only the first in line asks the ledger for a slot, so a process never overtakes its own earlier
requests), the bounded waits and their errors, and this process's statistics. The ledger
(`ledger.py`) says yes or "ask again in N s"; with a shared ledger the first in line waits through
the ledger's wake-ups, because another process's release cannot notify our condition variable.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ..exceptions import ApiLoginLimitError
from .ledger import Backoff, Grant, Ledger, LicenseUsage, LocalLedger
from .limits import MAX_WAIT_SECONDS, AcumaticaLimits, RequestSlotTimeoutError


@dataclass
class GovernorStats:
    """This process's use of the site (a shared ledger's totals are in `Governor.usage()`)."""

    started: int = 0
    peak_concurrency: int = 0
    waited_seconds: float = 0.0
    sessions_opened: int = 0
    peak_sessions: int = 0


class Governor:
    """Admission control for one Acumatica site; thread-safe.

    `ledger` defaults to this process's own counts; `governor_for` gives the Redis ledger when
    `REDIS_URL` is set. `max_wait` bounds the wait for a request slot.
    """

    def __init__(
        self,
        limits: AcumaticaLimits | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        ledger: Ledger | None = None,
        max_wait: float = MAX_WAIT_SECONDS,
    ) -> None:
        self.limits = limits or AcumaticaLimits()
        self.ledger: Ledger = ledger if ledger is not None else LocalLedger()
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._cond = threading.Condition()
        self._active = 0
        self._waiting: deque[str] = deque()  # FIFO of this process's requests waiting for admission
        self._seats: list[str] = []  # leases of the API seats this process holds
        self.stats = GovernorStats()

    # ------------------------------------------------------------------ configuration
    def configure(self, limits: AcumaticaLimits) -> None:
        """Change the limits (a connection's settings were edited); waiting callers re-check."""
        with self._cond:
            self.limits = limits
            self._cond.notify_all()

    @property
    def shared(self) -> bool:
        """True when the limits hold across processes (the Redis ledger)."""
        return self.ledger.shared

    @property
    def active(self) -> int:
        """Requests of this process in flight."""
        return self._active

    @property
    def waiting(self) -> int:
        """Requests of this process waiting for admission."""
        return len(self._waiting)

    @property
    def open_sessions(self) -> int:
        """API seats this process holds."""
        return len(self._seats)

    def usage(self) -> LicenseUsage:
        """The license in use as the ledger counts it: across processes for a shared ledger."""
        with self._cond:
            usage = self.ledger.usage(self.limits, self._clock())
            return usage if self.ledger.shared else replace(usage, requests_waiting=len(self._waiting))

    # ------------------------------------------------------------------ requests
    @contextmanager
    def request(self) -> Iterator[None]:
        """Hold one request slot for the duration of the block (send + read the answer)."""
        lease = self._admit()
        try:
            yield
        finally:
            self._finish(lease)

    def _slot_timeout(self) -> RequestSlotTimeoutError:
        return RequestSlotTimeoutError(
            f"No Acumatica request slot became free within {self.max_wait:g} s "
            f"(license limits {self.limits.describe()}, shared by {self.ledger.scope}); nothing was sent.",
            system="Acumatica",
        )

    def _remaining(self, deadline: float) -> float:
        remaining = deadline - self._clock()
        if remaining <= 0:
            raise self._slot_timeout()
        return remaining

    def _admit(self) -> str:
        ticket = self.ledger.new_ticket()
        began = self._clock()
        deadline = began + self.max_wait
        backoff = Backoff()
        with self._cond:
            self._waiting.append(ticket)
        try:
            while True:
                with self._cond:
                    while self._waiting[0] != ticket:
                        self._cond.wait(self._remaining(deadline))
                    grant: Grant = self.ledger.try_slot(ticket, self.limits, self._clock())
                    if grant.lease is not None:
                        self._waiting.popleft()
                        self._active += 1
                        self.stats.started += 1
                        self.stats.peak_concurrency = max(self.stats.peak_concurrency, self._active)
                        self.stats.waited_seconds += max(self._clock() - began, 0.0)
                        self._cond.notify_all()
                        return grant.lease
                    if grant.retry_in is None and not self.ledger.shared:
                        # Only a request of this process can end; its `_finish` notifies us.
                        self._cond.wait(self._remaining(deadline))
                        continue
                pause = backoff.next() if grant.retry_in is None else grant.retry_in
                if self.ledger.pause(ticket, min(pause, self._remaining(deadline)), self._sleep):
                    backoff.reset()
        except BaseException:
            with self._cond:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)
                self._cond.notify_all()
            self.ledger.abandon(ticket, self.limits)
            raise

    def _finish(self, lease: str) -> None:
        with self._cond:
            self._active -= 1
            self.ledger.release_slot(lease, self.limits, self._clock())
            self._cond.notify_all()

    # ------------------------------------------------------------------ sessions
    def acquire_session(self, timeout: float) -> None:
        """Take an API user seat, waiting up to `timeout` seconds for another client's logout."""
        ticket = self.ledger.new_ticket()
        deadline = self._clock() + timeout
        backoff = Backoff()
        try:
            while True:
                with self._cond:
                    grant = self.ledger.try_seat(ticket, self.limits)
                    if grant.lease is not None:
                        self._seats.append(grant.lease)
                        self.stats.sessions_opened += 1
                        self.stats.peak_sessions = max(self.stats.peak_sessions, len(self._seats))
                        return
                    remaining = deadline - self._clock()
                    if remaining <= 0:
                        raise ApiLoginLimitError(
                            f"All {self.limits.max_api_users} API user seats of this Acumatica site are in "
                            f"use by {self.ledger.scope}; none was freed within {timeout:g} s.",
                            system="Acumatica",
                        )
                    if not self.ledger.shared:
                        self._cond.wait(remaining)
                        continue
                if self.ledger.pause(ticket, min(backoff.next(), remaining), self._sleep):
                    backoff.reset()
        except BaseException:
            self.ledger.abandon(ticket, self.limits)
            raise

    def release_session(self) -> None:
        with self._cond:
            if not self._seats:
                return
            self.ledger.release_seat(self._seats.pop(), self.limits)
            self._cond.notify_all()

    # ------------------------------------------------------------------ tests
    def clear(self) -> None:
        """Forget every count, also the shared ones of this site (tests that start afresh)."""
        with self._cond:
            self._seats.clear()
            self._active = 0
            self.ledger.clear()
            self._cond.notify_all()
