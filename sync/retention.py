"""Log retention (issue 7 item 9): what the message log keeps, for how long, and Flush Messages.

A message is at once a unit of work and its log line, so "logging" is about what happens to a
message once its work is *finished*. The rules, in one place:

* **Never removed** by anything here: pending, processing and failed messages. They are work
  (failed work waits for an admin to reprocess it), whatever the Logging settings say.
* **Logged**: a finished (succeeded or skipped) message is logged when the Logging settings
  enable its entity's action (price -> Price, customer and customer attribute -> Customer,
  attribute set -> Product, ...), or when it came from the initial sync and Initialization is
  enabled, or from a reprocess and Reprocess is enabled.
* **Not logged**: a finished message that is not logged is deleted as soon as the processing run
  that finished it ends (`discard_unlogged_messages`, called by the loop), so the log holds
  exactly the enabled actions. Its link (what was synced, its fingerprint) stays.
* **Expired**: a finished message older than Log Entry Lifetime (by the time it finished) is
  deleted by the cleaning task. The task is scheduled hourly and cleans when the Log Cleaning
  Frequency (daily, weekly, monthly) has passed since the last scheduled cleaning.
* **Flush Messages** deletes finished messages now (all, or those of some entities or scopes),
  after a confirmation page in the admin or `manage.py flush_messages`.

Every cleaning and flush is recorded as a `LogCleaning` row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sync.choices import Entity, LogAction, LogCleaningFrequency
from sync.models import LoggingSettings, Message, MessageSource, MessageStatus
from sync.models.log_cleaning import LogCleaning, LogCleaningKind
from sync.schedules import ScheduleSpec, ensure_schedule

logger = logging.getLogger(__name__)

FINISHED = (MessageStatus.SUCCEEDED, MessageStatus.SKIPPED)
KEPT = (MessageStatus.PENDING, MessageStatus.PROCESSING, MessageStatus.FAILED)
ENTITY_LOG_ACTIONS: dict[str, LogAction] = {
    Entity.ATTRIBUTE_SET: LogAction.PRODUCT,
    Entity.CATEGORY: LogAction.CATEGORY,
    Entity.PRODUCT: LogAction.PRODUCT,
    Entity.PRICE: LogAction.PRICE,
    Entity.INVENTORY: LogAction.INVENTORY,
    Entity.CUSTOMER: LogAction.CUSTOMER,
    Entity.CUSTOMER_ATTRIBUTE: LogAction.CUSTOMER,
    Entity.ORDER: LogAction.ORDER,
    Entity.ORDER_STATUS: LogAction.ORDER_STATUS,
    Entity.SHIPMENT: LogAction.SHIPMENT,
}
FREQUENCY_PERIODS: dict[str, timedelta] = {
    LogCleaningFrequency.DAILY: timedelta(days=1),
    LogCleaningFrequency.WEEKLY: timedelta(days=7),
    LogCleaningFrequency.MONTHLY: timedelta(days=30),
}
# The task looks hourly; a cleaning counts as due this much early, so "daily" does not drift later
# by up to an hour every day.
DUE_SLACK = timedelta(minutes=65)
CLEAN_LOGS = ScheduleSpec(name="sync.clean_logs", func="sync.retention.run_scheduled_cleaning", minutes=60)
CLEANING_HISTORY_DAYS = 90  # the cleanings' own history is kept at least this long
_DELETE_CHUNK = 900


# ---------------------------------------------------------------------------- what is logged
def log_actions_of(entity: str, source: str) -> set[str]:
    """The Logging settings actions a finished message of `entity` from `source` belongs to."""
    actions = {str(ENTITY_LOG_ACTIONS[entity])} if entity in ENTITY_LOG_ACTIONS else set()
    if source == MessageSource.INITIAL:
        actions.add(LogAction.INITIALIZATION)
    if source == MessageSource.REPROCESS:
        actions.add(LogAction.REPROCESS)
    return actions


def is_logged(message: Message, settings: LoggingSettings | None = None) -> bool:
    settings = settings or LoggingSettings.load()
    return any(settings.is_logged(action) for action in log_actions_of(message.entity, message.source))


def unlogged_messages(settings: LoggingSettings | None = None) -> QuerySet[Message]:
    """Finished messages of actions the Logging settings do not log."""
    settings = settings or LoggingSettings.load()
    silent = [entity for entity, action in ENTITY_LOG_ACTIONS.items() if not settings.is_logged(action)]
    if not silent:
        return Message.objects.none()
    query = Message.objects.filter(status__in=FINISHED, entity__in=silent)
    if settings.is_logged(LogAction.INITIALIZATION):
        query = query.exclude(source=MessageSource.INITIAL)
    if settings.is_logged(LogAction.REPROCESS):
        query = query.exclude(source=MessageSource.REPROCESS)
    return query


def expired_messages(
    now: datetime | None = None, settings: LoggingSettings | None = None
) -> QuerySet[Message]:
    """Finished messages that finished more than Log Entry Lifetime days ago."""
    settings = settings or LoggingSettings.load()
    cutoff = (now or timezone.now()) - timedelta(days=settings.log_lifetime_days)
    finished_before = Q(processed_at__lt=cutoff) | Q(processed_at__isnull=True, created_at__lt=cutoff)
    return Message.objects.filter(finished_before, status__in=FINISHED)


def _delete_finished(query: QuerySet[Message]) -> int:
    """Delete in chunks, re-checking the status in the DELETE itself so nothing that became work
    again in between (it cannot, but the rule is worth enforcing twice) is touched."""
    removed = 0
    while True:
        ids = list(query.order_by("id").values_list("id", flat=True)[:_DELETE_CHUNK])
        if not ids:
            return removed
        count, _ = Message.objects.filter(id__in=ids, status__in=FINISHED).delete()
        removed += count
        if count == 0:
            return removed


# ---------------------------------------------------------------------------- entry points
def discard_unlogged_messages() -> int:
    """Delete the finished messages of unlogged actions (the loop calls this after every run).

    Never raises: log housekeeping must not break the processing loop.
    """
    try:
        removed = _delete_finished(unlogged_messages())
    except Exception:
        logger.exception("Discarding unlogged messages failed")
        return 0
    if removed:
        logger.debug("Discarded %d unlogged messages", removed, extra={"removed": removed})
    return removed


def clean_logs(
    *, kind: str = LogCleaningKind.MANUAL, now: datetime | None = None, by: str = ""
) -> LogCleaning:
    """Remove expired and unlogged finished messages now, and record the cleaning."""
    now = now or timezone.now()
    settings = LoggingSettings.load()
    expired = _delete_finished(expired_messages(now, settings))
    unlogged = _delete_finished(unlogged_messages(settings))
    history = max(settings.log_lifetime_days, CLEANING_HISTORY_DAYS)
    LogCleaning.objects.filter(started_at__lt=now - timedelta(days=history)).delete()
    record = LogCleaning.objects.create(
        kind=kind, started_at=now, expired_removed=expired, unlogged_removed=unlogged, requested_by=by[:150]
    )
    logger.info(
        "Log cleaning: %d expired and %d unlogged entries removed",
        expired,
        unlogged,
        extra={"expired": expired, "unlogged": unlogged, "kind": kind},
    )
    return record


def cleaning_due(now: datetime | None = None, settings: LoggingSettings | None = None) -> bool:
    """Whether the Log Cleaning Frequency has passed since the last scheduled cleaning."""
    now = now or timezone.now()
    settings = settings or LoggingSettings.load()
    last = LogCleaning.objects.filter(kind=LogCleaningKind.SCHEDULED).order_by("-started_at").first()
    if last is None:
        return True
    period = FREQUENCY_PERIODS.get(settings.cleaning_frequency, FREQUENCY_PERIODS[LogCleaningFrequency.DAILY])
    return now - last.started_at >= period - DUE_SLACK


def run_scheduled_cleaning() -> dict[str, Any]:
    """The django-q2 task (hourly): clean when due at the Log Cleaning Frequency."""
    if not cleaning_due():
        return {"cleaned": False}
    record = clean_logs(kind=LogCleaningKind.SCHEDULED)
    return {"cleaned": True, "expired": record.expired_removed, "unlogged": record.unlogged_removed}


def flushable_messages(
    *, entities: Iterable[str] = (), scopes: Iterable[str] = (), before: datetime | None = None
) -> QuerySet[Message]:
    """The log entries Flush Messages removes: finished messages, optionally narrowed."""
    query = Message.objects.filter(status__in=FINISHED)
    entity_list, scope_list = list(entities), list(scopes)
    if entity_list:
        query = query.filter(entity__in=entity_list)
    if scope_list:
        query = query.filter(scope__in=scope_list)
    if before is not None:
        query = query.filter(created_at__lt=before)
    return query


@dataclass(frozen=True)
class FlushPreview:
    """What a flush would do: entries removed, and the work that stays (shown before confirming)."""

    removed: dict[str, int]
    kept: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.removed.values())


def preview_flush(
    *, entities: Iterable[str] = (), scopes: Iterable[str] = (), before: datetime | None = None
) -> FlushPreview:
    entity_list, scope_list = list(entities), list(scopes)
    removed = dict(
        flushable_messages(entities=entity_list, scopes=scope_list, before=before)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    kept = dict(
        Message.objects.filter(status__in=KEPT).values_list("status").annotate(n=Count("id")).order_by()
    )
    return FlushPreview({str(k): v for k, v in removed.items()}, {str(k): v for k, v in kept.items()})


def flush_messages(
    *, entities: Iterable[str] = (), scopes: Iterable[str] = (), before: datetime | None = None, by: str = ""
) -> LogCleaning:
    """Flush Messages: delete finished log entries now; pending, processing and failed stay."""
    entity_list, scope_list = list(entities), list(scopes)
    removed = _delete_finished(flushable_messages(entities=entity_list, scopes=scope_list, before=before))
    note = ", ".join(
        part
        for part in (
            f"entities {', '.join(entity_list)}" if entity_list else "",
            f"scopes {', '.join(scope_list)}" if scope_list else "",
            f"before {before:%Y-%m-%d %H:%M}" if before else "",
        )
        if part
    )
    logger.info("Flushed %d log entries", removed, extra={"removed": removed, "by": by})
    return LogCleaning.objects.create(
        kind=LogCleaningKind.FLUSH,
        started_at=timezone.now(),
        flushed=removed,
        requested_by=by[:150],
        note=note[:255],
    )


# ---------------------------------------------------------------------------- schedule
def ensure_retention_schedule() -> None:
    ensure_schedule(CLEAN_LOGS)


def ensure_retention_schedule_after_migrate(**kwargs: Any) -> None:
    from django.db import connection

    if "django_q_schedule" in connection.introspection.table_names():
        ensure_retention_schedule()


def ensure_retention_schedule_on_worker_start(**kwargs: Any) -> None:
    try:
        ensure_retention_schedule()
    except Exception:
        logger.exception("Could not ensure the log cleaning schedule")


def register_retention(app_config: Any) -> None:
    """Called from `SyncConfig.ready()`: the cleaning schedule is ensured like the queue's."""
    from django.db.models.signals import post_migrate
    from django_q.signals import post_spawn

    post_migrate.connect(
        ensure_retention_schedule_after_migrate, sender=app_config, dispatch_uid="sync.ensure_retention"
    )
    post_spawn.connect(ensure_retention_schedule_on_worker_start, dispatch_uid="sync.ensure_retention_spawn")


# ---------------------------------------------------------------------------- system messages
@dataclass(frozen=True)
class SystemMessage:
    failed: int
    by_entity: dict[str, int]
    latest_error: str


def failure_summary() -> SystemMessage | None:
    """Failed sync work for the admin's system messages, when Show in System Messages is on."""
    if not LoggingSettings.load().show_in_system_messages:
        return None
    failed = Message.objects.filter(status=MessageStatus.FAILED)
    counts = dict(failed.values_list("entity").annotate(n=Count("id")).order_by())
    if not counts:
        return None
    latest = failed.order_by("-updated_at", "-id").values_list("error", flat=True).first() or ""
    return SystemMessage(sum(counts.values()), {str(k): v for k, v in sorted(counts.items())}, latest)
