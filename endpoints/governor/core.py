"""A client-side governor that keeps this process inside an Acumatica site's license limits.

Acumatica's license caps three things per site (reference section 1.5): concurrent API requests
(excess requests queue and, past 20 queued, get 429), requests per minute (throttled by delay from
50 %), and API user seats (a login past the cap fails with "API Login Limit"). A connector that
only reacts to 429s keeps hitting them and leaks time in back-off; one that leaks sessions locks
everybody out of the API. So every `AcumaticaClient` of a site in this process shares one
`Governor`, which:

* admits at most `max_concurrent_requests` requests at once, first come first served;
* admits a request only when fewer than `max_requests_per_minute` requests are in flight or ended
  within the last 60 seconds. Counting a request until 60 s after its *end* (not its start) keeps
  the limit in any 60-second window the server can observe, whatever the network delay;
* hands out at most `max_api_users` session seats; a client holds one from login to logout.

Limits are per process. Several worker processes or machines against the same site must divide
the license between them (configure each with its share): coordinating them through the
database or Redis is a later concern and deliberately not done here.

Waiting uses an injectable `sleep`/`clock`, so unit tests run the rate window on a fake clock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from .exceptions import ApiLoginLimitError

WINDOW_SECONDS = 60.0
# A little slack on the window, so the server's own clock edges cannot see one request too many.
WINDOW_MARGIN = 0.25


@dataclass(frozen=True)
class AcumaticaLimits:
    """The license limits of one Acumatica site (SM604000); None means "not limited".

    The defaults are those of the realistic profile (design.md 6.1), a small license: set the real
    figures per connection.
    """

    max_concurrent_requests: int | None = 3
    max_requests_per_minute: int | None = 100
    max_api_users: int | None = 2


@dataclass
class GovernorStats:
    started: int = 0
    peak_concurrency: int = 0
    waited_seconds: float = 0.0
    sessions_opened: int = 0
    peak_sessions: int = 0


class Governor:
    """Admission control for one Acumatica site; thread-safe."""

    def __init__(
        self,
        limits: AcumaticaLimits | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limits = limits or AcumaticaLimits()
        self._clock = clock
        self._sleep = sleep
        self._cond = threading.Condition()
        self._active = 0
        self._ended: deque[float] = deque()  # end times of requests, for the per-minute window
        self._waiting: deque[object] = deque()  # FIFO of requests waiting for admission
        self._sessions = 0
        self.stats = GovernorStats()

    # ------------------------------------------------------------------ configuration
    def configure(self, limits: AcumaticaLimits) -> None:
        """Change the limits (a connection's settings were edited); waiting callers re-check."""
        with self._cond:
            self.limits = limits
            self._cond.notify_all()

    @property
    def active(self) -> int:
        return self._active

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def open_sessions(self) -> int:
        return self._sessions

    # ------------------------------------------------------------------ requests
    @contextmanager
    def request(self) -> Iterator[None]:
        """Hold one request slot for the duration of the block (send + read the answer)."""
        self._admit()
        try:
            yield
        finally:
            self._finish()

    def _rate_delay(self, now: float) -> float | None:
        """0 when the per-minute budget allows a request now; seconds to wait when an ended
        request will leave the window; None when only an in-flight request's end can help."""
        limit = self.limits.max_requests_per_minute
        if limit is None:
            return 0.0
        horizon = WINDOW_SECONDS + WINDOW_MARGIN
        while self._ended and self._ended[0] + horizon <= now:
            self._ended.popleft()
        if self._active + len(self._ended) < limit:
            return 0.0
        if self._ended:
            return max(self._ended[0] + horizon - now, 0.001)
        return None

    def _admit(self) -> None:
        ticket = object()
        began = self._clock()
        with self._cond:
            self._waiting.append(ticket)
        pause = 0.0
        try:
            while True:
                with self._cond:
                    while True:
                        limit = self.limits.max_concurrent_requests
                        first = self._waiting[0] is ticket
                        if first and (limit is None or self._active < limit):
                            delay = self._rate_delay(self._clock())
                            if delay == 0.0:
                                self._waiting.popleft()
                                self._active += 1
                                self.stats.started += 1
                                self.stats.peak_concurrency = max(self.stats.peak_concurrency, self._active)
                                self.stats.waited_seconds += max(self._clock() - began, 0.0)
                                self._cond.notify_all()
                                return
                            if delay is not None:
                                pause = delay
                                break  # sleep outside the lock until a window slot frees
                        # Not first in line, no free slot, or waiting for an in-flight request.
                        self._cond.wait()
                self._sleep(pause)
        except BaseException:
            with self._cond:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)
                self._cond.notify_all()
            raise

    def _finish(self) -> None:
        with self._cond:
            self._active -= 1
            if self.limits.max_requests_per_minute is not None:
                self._ended.append(self._clock())
            self._cond.notify_all()

    # ------------------------------------------------------------------ sessions
    def acquire_session(self, timeout: float) -> None:
        """Take an API user seat, waiting up to `timeout` seconds for another client's logout."""
        deadline = self._clock() + timeout
        with self._cond:
            while True:
                limit = self.limits.max_api_users
                if limit is None or self._sessions < limit:
                    self._sessions += 1
                    self.stats.sessions_opened += 1
                    self.stats.peak_sessions = max(self.stats.peak_sessions, self._sessions)
                    return
                remaining = deadline - self._clock()
                if remaining <= 0:
                    raise ApiLoginLimitError(
                        f"All {limit} API user seats of this Acumatica site are in use by this process; "
                        f"none was freed within {timeout:g} s.",
                        system="Acumatica",
                    )
                self._cond.wait(remaining)

    def release_session(self) -> None:
        with self._cond:
            self._sessions = max(self._sessions - 1, 0)
            self._cond.notify_all()


_registry: dict[str, Governor] = {}
_registry_lock = threading.Lock()


def site_key(base_url: str) -> str:
    """The identity of a site for sharing limits: scheme, host, port and virtual directory."""
    parts = urlsplit(base_url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def governor_for(base_url: str, limits: AcumaticaLimits | None = None) -> Governor:
    """The process-wide governor of a site; `limits`, when given, become its current limits."""
    key = site_key(base_url)
    with _registry_lock:
        governor = _registry.get(key)
        if governor is None:
            governor = _registry[key] = Governor(limits)
            return governor
    if limits is not None and limits != governor.limits:
        governor.configure(limits)
    return governor


def forget_governors() -> None:
    """Drop every shared governor (tests that start from a clean process state)."""
    with _registry_lock:
        _registry.clear()
