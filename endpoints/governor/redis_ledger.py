"""`RedisLedger`: the governor's counts in Redis, shared by every process of the connector.

In scale-out mode (design.md section 7) several django-q2 clusters on several machines, and the
web process (pickers, Test Connection), all talk to the same Acumatica license. Each keeps its
own `Governor`, but their ledgers are one set of keys in Redis, so together they stay inside the
figures. The rules are the local ones, run atomically by the scripts in `redis_scripts.py`.

Leases make the shared counts survive a crash: every seat, slot and waiting ticket carries an
expiry that a heartbeat thread of its process renews while it is held. A process that dies stops
renewing and its holdings free themselves: a request slot after `slot_lease` seconds, a waiting
ticket after `ticket_lease`, an API seat after `seat_lease` (default 600 s, Acumatica's session
idle time-out: the dead process's session keeps its seat on the server that long too).

Redis is not optional once configured: when it does not answer, taking a slot or a seat raises
`GovernorUnavailableError` (one line, the URL without its password). Returning a slot or a seat
only logs one line, since its lease frees it anyway.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import redis

from .ledger import Grant, LicenseUsage
from .limits import WINDOW_HORIZON, AcumaticaLimits, GovernorUnavailableError
from .redis_scripts import ABANDON, ACQUIRE, RELEASE, RENEW, USAGE

logger = logging.getLogger(__name__)

SLOT_LEASE = 30.0
SEAT_LEASE = 600.0
TICKET_LEASE = 15.0
# Longest single block on a wake-up list; the socket time-out must exceed it.
MAX_BLOCK = 5.0
SOCKET_TIMEOUT = 10.0
SLOTS, SEATS = "slots", "seats"


def display_url(url: str) -> str:
    """The Redis URL without user name or password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def redis_client(url: str) -> redis.Redis:
    """One client (connection pool) per URL and process; redis-py renews the pool after a fork."""
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            client = _clients[url] = redis.Redis.from_url(
                url, socket_connect_timeout=3.0, socket_timeout=SOCKET_TIMEOUT, health_check_interval=30
            )
        return client


def _after_fork_in_child() -> None:
    """The lock may have been held by another thread of the parent at the fork."""
    global _clients_lock
    _clients_lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


class RedisLedger:
    """The counts of one site in Redis, under `acmc:governor:{<namespace>|<site>}:`."""

    shared = True

    def __init__(
        self,
        client: redis.Redis,
        site: str,
        *,
        namespace: str,
        url: str = "",
        slot_lease: float = SLOT_LEASE,
        seat_lease: float = SEAT_LEASE,
        ticket_lease: float = TICKET_LEASE,
    ) -> None:
        self._redis = client
        self.site = site
        self.namespace = namespace
        self.url = display_url(url) if url else "Redis"
        self.scope = f"every process sharing Redis {self.url}"
        self.prefix = f"acmc:governor:{{{namespace}|{site}}}:"
        self.slot_lease = slot_lease
        self.seat_lease = seat_lease
        self.ticket_lease = ticket_lease
        self._ttl_ms = int(max(seat_lease, slot_lease, ticket_lease, WINDOW_HORIZON) * 2000)
        self._wake_ttl_ms = int(ticket_lease * 1000)
        self._keys = {
            pool: [f"{self.prefix}{pool}:{part}" for part in ("holders", "queue", "alive", "seq")]
            + [f"{self.prefix}window"]
            for pool in (SLOTS, SEATS)
        }
        self._wake_prefix = f"{self.prefix}wake:"
        # The lease each renewed sorted set gives its members.
        self._lease_seconds = {
            self._keys[SLOTS][0]: slot_lease,
            self._keys[SEATS][0]: seat_lease,
            self._keys[SLOTS][2]: ticket_lease,
            self._keys[SEATS][2]: ticket_lease,
        }
        self._acquire = client.register_script(ACQUIRE)
        self._release = client.register_script(RELEASE)
        self._abandon = client.register_script(ABANDON)
        self._renew = client.register_script(RENEW)
        self._usage = client.register_script(USAGE)
        # What this process holds, renewed by the heartbeat: sorted-set key -> members.
        self._lock = threading.Lock()
        self._held: dict[str, set[str]] = {}
        self._heartbeat: threading.Thread | None = None
        self._pid = os.getpid()
        self._renew_failing = False
        self._holder = f"{socket.gethostname()}:{os.getpid()}"

    def __repr__(self) -> str:
        return f"<RedisLedger {self.url} {self.prefix}>"

    # ------------------------------------------------------------------ Redis calls
    def _call(self, what: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except redis.RedisError as exc:
            raise GovernorUnavailableError(
                f"Acumatica license governor: Redis at {self.url} did not answer while {what} "
                f"({type(exc).__name__}: {exc}); nothing is sent to Acumatica until it does.",
                system="Acumatica",
            ) from None

    def _quietly(self, what: str, call: Callable[[], Any]) -> None:
        """For returns: a failure is logged; the lease frees the holding when it runs out."""
        try:
            call()
        except redis.RedisError as exc:
            logger.error(
                "Acumatica license governor: Redis at %s did not answer while %s (%s: %s); "
                "the lease frees it within its expiry.",
                self.url,
                what,
                type(exc).__name__,
                exc,
                extra={"system": "Acumatica"},
            )

    @staticmethod
    def _figure(value: int | None) -> int:
        return -1 if value is None else value

    # ------------------------------------------------------------------ tickets and pools
    def new_ticket(self) -> str:
        return f"{self._holder}:{uuid.uuid4().hex[:16]}"

    def _try(self, pool: str, ticket: str, capacity: int | None, per_minute: int | None) -> Grant:
        if capacity is None and per_minute is None:
            return Grant(f"free:{ticket}")  # nothing to count: no Redis round trip
        lease_seconds = self.slot_lease if pool == SLOTS else self.seat_lease
        keys = self._keys[pool]
        self._track(keys[2], ticket)  # the ticket waits (and is renewed) until taken or abandoned
        answer = self._call(
            f"taking an Acumatica {'request slot' if pool == SLOTS else 'API seat'}",
            lambda: self._acquire(
                keys=keys,
                args=[
                    ticket,
                    ticket,
                    self._figure(capacity),
                    lease_seconds,
                    self.ticket_lease,
                    self._figure(per_minute),
                    WINDOW_HORIZON,
                    self._wake_prefix,
                    self._ttl_ms,
                    self._wake_ttl_ms,
                ],
            ),
        )
        if int(answer[0]) == 1:
            self._untrack(keys[2], ticket)
            self._track(keys[0], ticket)
            return Grant(ticket)
        retry_ms = int(answer[1])
        return Grant(None, None if retry_ms < 0 else retry_ms / 1000)

    def _return(self, pool: str, lease: str, capacity: int | None, per_minute: int | None) -> None:
        if lease.startswith("free:"):
            return
        keys = self._keys[pool]
        self._untrack(keys[0], lease)
        self._quietly(
            f"returning an Acumatica {'request slot' if pool == SLOTS else 'API seat'}",
            lambda: self._release(
                keys=keys,
                args=[
                    lease,
                    self._figure(capacity),
                    self._figure(per_minute),
                    WINDOW_HORIZON,
                    self._wake_prefix,
                    self._ttl_ms,
                    self._wake_ttl_ms,
                ],
            ),
        )

    def try_slot(self, ticket: str, limits: AcumaticaLimits, now: float) -> Grant:
        return self._try(SLOTS, ticket, limits.max_concurrent_requests, limits.max_requests_per_minute)

    def release_slot(self, lease: str, limits: AcumaticaLimits, now: float) -> None:
        self._return(SLOTS, lease, limits.max_concurrent_requests, limits.max_requests_per_minute)

    def try_seat(self, ticket: str, limits: AcumaticaLimits) -> Grant:
        return self._try(SEATS, ticket, limits.max_api_users, None)

    def release_seat(self, lease: str, limits: AcumaticaLimits) -> None:
        self._return(SEATS, lease, limits.max_api_users, None)

    def abandon(self, ticket: str, limits: AcumaticaLimits) -> None:
        """Leave the queue the ticket waited in, if any; the waiters behind it move up. A failure
        is only logged at debug level: the caller already reports the error that made it give up,
        and the ticket's lease frees its place."""
        for pool, capacity, per_minute in (
            (SLOTS, limits.max_concurrent_requests, limits.max_requests_per_minute),
            (SEATS, limits.max_api_users, None),
        ):
            keys = self._keys[pool]
            with self._lock:
                waited = ticket in self._held.get(keys[2], ())
            if waited:
                self._untrack(keys[2], ticket)
                self._leave(keys, ticket, capacity, per_minute)

    def _leave(self, keys: list[str], ticket: str, capacity: int | None, per_minute: int | None) -> None:
        args: list[str | int | float] = [
            ticket,
            self._figure(capacity),
            self._figure(per_minute),
            WINDOW_HORIZON,
            self._wake_prefix,
            self._ttl_ms,
            self._wake_ttl_ms,
        ]
        try:
            self._abandon(keys=keys, args=args)
        except redis.RedisError as exc:
            logger.debug("Could not leave the governor queue in Redis at %s: %s", self.url, exc)

    def pause(self, ticket: str, seconds: float, sleep: Callable[[float], None]) -> bool:
        """Block until a wake-up for `ticket` or `seconds` pass; True when woken."""
        timeout = min(max(seconds, 0.001), MAX_BLOCK)
        woken = self._call(
            "waiting for a free slot or seat",
            lambda: self._redis.blpop([self._wake_prefix + ticket], timeout=timeout),
        )
        return woken is not None

    def usage(self, limits: AcumaticaLimits, now: float) -> LicenseUsage:
        slots, seats = self._keys[SLOTS], self._keys[SEATS]
        counts = self._call(
            "reading the license use",
            lambda: self._usage(keys=[slots[0], slots[1], slots[4], seats[0]], args=[WINDOW_HORIZON]),
        )
        return LicenseUsage(*(int(count) for count in counts))

    def clear(self) -> None:
        """Delete this site's keys in this namespace and forget what this process held (tests)."""
        with self._lock:
            self._held.clear()
        keys = list(self._call("clearing the governor", lambda: list(self._redis.scan_iter(self._match()))))
        if keys:
            self._call("clearing the governor", lambda: self._redis.delete(*keys))

    def _match(self) -> str:
        """A SCAN pattern for this ledger's keys (glob characters of the site escaped)."""
        escaped = "".join(f"\\{char}" if char in "*?[]\\" else char for char in self.prefix)
        return f"{escaped}*"

    # ------------------------------------------------------------------ heartbeat
    def _track(self, key: str, member: str) -> None:
        with self._lock:
            if os.getpid() != self._pid:  # a forked child: the parent's holdings are not ours
                self._pid, self._held, self._heartbeat = os.getpid(), {}, None
                self._holder = f"{socket.gethostname()}:{os.getpid()}"
            self._held.setdefault(key, set()).add(member)
            if self._heartbeat is None:
                self._heartbeat = threading.Thread(
                    target=self._beat, name=f"governor-heartbeat {self.site}", daemon=True
                )
                self._heartbeat.start()

    def _untrack(self, key: str, member: str) -> None:
        with self._lock:
            self._held.get(key, set()).discard(member)

    def _beat(self) -> None:
        """Renew every lease this process holds, a third of the shortest lease apart; end when
        nothing is held (the next `_track` starts a new heartbeat)."""
        interval = min(self.slot_lease, self.seat_lease, self.ticket_lease) / 3
        while True:
            time.sleep(interval)
            with self._lock:
                held = {key: sorted(members) for key, members in self._held.items() if members}
                if not held:
                    self._heartbeat = None
                    return
            try:
                for key, members in held.items():
                    lost = self._renew(keys=[key], args=[self._lease_seconds[key], self._ttl_ms, *members])
                    for member in lost:
                        self._untrack(key, member.decode() if isinstance(member, bytes) else str(member))
                        logger.warning(
                            "Acumatica license governor: a lease in %s ran out before it was renewed "
                            "(this process stalled or Redis lost its data); it no longer counts.",
                            key,
                            extra={"system": "Acumatica"},
                        )
                if self._renew_failing:
                    logger.info("Acumatica license governor: Redis at %s answers again.", self.url)
                self._renew_failing = False
            except redis.RedisError as exc:
                if not self._renew_failing:
                    logger.error(
                        "Acumatica license governor: cannot renew leases in Redis at %s (%s: %s).",
                        self.url,
                        type(exc).__name__,
                        exc,
                        extra={"system": "Acumatica"},
                    )
                self._renew_failing = True
