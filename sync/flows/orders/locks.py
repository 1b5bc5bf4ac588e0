"""Per-record locks across workers and machines, for writes that must happen once.

The queue keeps one *pending* message per record, but a record can still have one message being
processed while a newer one is claimed by another worker. For most entities a repeat is harmless;
creating a sales order or a customer is not, so the flows take a lock per record around
"look up, create, link". On PostgreSQL these are session-level advisory locks: every cluster on
every machine shares them, they never wait (a record someone else holds is retried later), and a
worker that dies loses its connection and with it its locks. SQLite runs one queue runner at a time
(the run lease), so there every lock is granted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection

LOCK_SPACE = 0x4F52  # "OR": keeps these locks apart from other users of advisory locks


def lock_key(name: str) -> int:
    """A stable 32-bit key for a lock name (PostgreSQL's two-key advisory lock form)."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def record_locks(names: Iterable[str]) -> Iterator[set[str]]:
    """Try to take a lock per name for the block; yields the names taken (never waits)."""
    wanted = list(dict.fromkeys(names))
    if connection.vendor != "postgresql":
        yield set(wanted)
        return
    taken: list[str] = []
    try:
        with connection.cursor() as cursor:
            for name in wanted:
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_SPACE, lock_key(name)])
                row = cursor.fetchone()
                if row and row[0]:
                    taken.append(name)
        yield set(taken)
    finally:
        if taken:
            with connection.cursor() as cursor:
                for name in taken:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACE, lock_key(name)])
