"""The django-q2 schedules of the connector, ensured idempotently by name (house rule 10).

`ensure_schedules()` runs after every `migrate` and whenever a cluster worker starts, so a
deleted or edited schedule comes back as defined here, and running it any number of times, from
any number of clusters at once, leaves exactly one row per name.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    func: str
    minutes: int


PROCESS_QUEUE = ScheduleSpec(name="sync.process_queue", func="sync.tasks.process_queue", minutes=1)
SCHEDULES: tuple[ScheduleSpec, ...] = (PROCESS_QUEUE,)


def _lock_schedule_name(name: str) -> None:
    """Serialize the ensures of one schedule name until the transaction ends.

    `SELECT ... FOR UPDATE` locks nothing while no row exists yet, so workers starting together
    (the workers of one cluster, or clusters started at once) would each see none and each create
    one. PostgreSQL: a transaction-scoped advisory lock per name. SQLite's transactions begin
    IMMEDIATE (settings), which serializes writers already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(f"django_q.schedule:{name}".encode())]
            )


def ensure_schedule(spec: ScheduleSpec) -> Any:
    """Create or correct one schedule, removing duplicates of its name."""
    from django_q.models import Schedule

    with transaction.atomic():
        _lock_schedule_name(spec.name)
        rows = list(Schedule.objects.select_for_update().filter(name=spec.name).order_by("id"))
        for duplicate in rows[1:]:
            duplicate.delete()
        values = {
            "func": spec.func,
            "schedule_type": Schedule.MINUTES,
            "minutes": spec.minutes,
            "repeats": -1,
        }
        if rows:
            schedule = rows[0]
            changed = [name for name, value in values.items() if getattr(schedule, name) != value]
            for name in changed:
                setattr(schedule, name, values[name])
            if changed:
                schedule.save(update_fields=changed)
            return schedule
        return Schedule.objects.create(name=spec.name, **values)


def ensure_schedules() -> None:
    for spec in SCHEDULES:
        ensure_schedule(spec)


def ensure_schedules_after_migrate(**kwargs: Any) -> None:
    """post_migrate receiver: only once the django_q tables exist (they may be migrated later)."""
    from django.db import connection

    if "django_q_schedule" in connection.introspection.table_names():
        ensure_schedules()


def ensure_schedules_on_worker_start(**kwargs: Any) -> None:
    """django-q2 `post_spawn` receiver: a starting cluster restores a removed schedule."""
    try:
        ensure_schedules()
    except Exception:
        logger.exception("Could not ensure the queue schedules")
