"""Queue operations: enqueue with coalescing, claim with leases, reprocess, pause/resume.

Every function here is safe to run concurrently with itself (several workers, several clusters):
coalescing relies on the partial unique constraint "one pending message per record" and retries
on IntegrityError; claims use `SELECT ... FOR UPDATE SKIP LOCKED` where the database has it and a
compare-and-set on the status everywhere; SQLite runs one runner at a time (`acquire_run_lease`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Count, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from sync.choices import Direction
from sync.models.control import QueueControl
from sync.models.queue import (
    Message,
    MessageAction,
    MessageSource,
    MessageStatus,
    TransitionConflictError,
)
from sync.models.store_views import DEFAULT_SCOPE

logger = logging.getLogger(__name__)

_KEY_CHUNK = 500
_ENQUEUE_ATTEMPTS = 5


class QueueContentionError(Exception):
    """Enqueueing lost the race for a record too many times in a row (should never happen)."""


@dataclass(frozen=True)
class Change:
    """A change a producer found: the record's key, what happened, and its snapshot if read."""

    key: str
    action: str = MessageAction.UPSERT
    payload: dict[str, Any] | None = None


@dataclass(frozen=True)
class Enqueued:
    message: Message
    created: bool  # False: coalesced into the record's pending message


@dataclass
class EnqueueCounts:
    created: int = 0
    coalesced: int = 0
    message_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.coalesced


def _coalesce(message: Message, action: str, payload: dict[str, Any] | None, source: str) -> bool:
    """Fold a newer change into a pending message; False if it stopped being pending meanwhile.

    The newer snapshot replaces the older one, also with None: None means "read it fresh", which
    is more current than any older snapshot.
    """
    now = timezone.now()
    rows = Message.objects.filter(pk=message.pk, status=MessageStatus.PENDING).update(
        action=action, payload=payload, source=source, updated_at=now
    )
    if rows:
        message.action, message.payload, message.source, message.updated_at = action, payload, source, now
    return bool(rows)


def _enqueue_one(
    entity: str,
    direction: str,
    key: str,
    scope: str,
    action: str,
    payload: dict[str, Any] | None,
    source: str,
    existing: Message | None,
) -> Enqueued:
    for _ in range(_ENQUEUE_ATTEMPTS):
        if existing is None:
            existing = Message.objects.pending().for_record(entity, direction, key, scope).first()
        if existing is not None:
            if _coalesce(existing, action, payload, source):
                return Enqueued(existing, created=False)
            existing = None  # claimed meanwhile: this change needs a new pending message
            continue
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    entity=entity,
                    direction=direction,
                    key=key,
                    scope=scope,
                    action=action,
                    payload=payload,
                    source=source,
                )
            return Enqueued(message, created=True)
        except IntegrityError:
            continue  # another producer created the pending message first: coalesce into it
    raise QueueContentionError(f"Could not enqueue {entity} {key} @{scope}: the record kept changing.")


def enqueue(
    entity: str,
    key: str,
    *,
    direction: str = Direction.A2M,
    scope: str = DEFAULT_SCOPE,
    action: str = MessageAction.UPSERT,
    payload: dict[str, Any] | None = None,
    source: str = MessageSource.MANUAL,
) -> Enqueued:
    """Queue a change of one record, or fold it into the record's pending message."""
    return _enqueue_one(entity, direction, str(key), scope, action, payload, source, None)


def enqueue_changes(
    entity: str,
    changes: Iterable[Change],
    *,
    direction: str = Direction.A2M,
    scope: str = DEFAULT_SCOPE,
    source: str = MessageSource.POLL,
) -> EnqueueCounts:
    """Queue many changes of one entity in one transaction (producers: poll pages, pushes).

    The pending messages that already exist are read in bulk first and the new ones inserted in
    bulk, so a chunk of 500 changes costs one read and one insert plus one update per coalesced
    change. Later changes of the same key within `changes` win.
    """
    latest: dict[str, Change] = {}
    for change in changes:
        latest[str(change.key)] = change
    counts = EnqueueCounts()
    keys = list(latest)
    with transaction.atomic():
        for start in range(0, len(keys), _KEY_CHUNK):
            chunk = keys[start : start + _KEY_CHUNK]
            existing = {
                m.key: m
                for m in Message.objects.pending().filter(
                    entity=entity, direction=direction, scope=scope, key__in=chunk
                )
            }
            created = _create_many(
                entity, direction, scope, source, [latest[key] for key in chunk if key not in existing]
            )
            for key in chunk:
                if key in created:
                    result = Enqueued(created[key], created=True)
                else:
                    change = latest[key]
                    result = _enqueue_one(
                        entity,
                        direction,
                        key,
                        scope,
                        change.action,
                        change.payload,
                        source,
                        existing.get(key),
                    )
                counts.message_ids.append(result.message.pk)
                if result.created:
                    counts.created += 1
                else:
                    counts.coalesced += 1
    return counts


def _create_many(
    entity: str, direction: str, scope: str, source: str, changes: Sequence[Change]
) -> dict[str, Message]:
    """Insert the pending messages of records that have none, in one statement, in order (ids
    ascend as the changes do). Should another producer have inserted one of them meanwhile, the
    unique constraint refuses the lot and nothing is created here: each then goes one by one."""
    if not changes:
        return {}
    messages = [
        Message(
            entity=entity,
            direction=direction,
            key=str(change.key),
            scope=scope,
            action=change.action,
            payload=change.payload,
            source=source,
        )
        for change in changes
    ]
    try:
        with transaction.atomic():
            Message.objects.bulk_create(messages)
    except IntegrityError:
        return {}
    if any(message.pk is None for message in messages):  # a database that returns no ids
        return {
            message.key: message
            for message in Message.objects.pending().filter(
                entity=entity, direction=direction, scope=scope, key__in=[m.key for m in messages]
            )
        }
    for message in messages:
        message._stored_status = message.status
    return {message.key: message for message in messages}


# ---------------------------------------------------------------------------- claiming
def backlog_counts(now: datetime | None = None) -> dict[tuple[str, str, str], int]:
    """Pending messages per (entity, direction, scope): decides batched vs single sending."""
    rows = (
        Message.objects.pending()
        .values_list("entity", "direction", "scope")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(entity, direction, scope): n for entity, direction, scope, n in rows}


def _record() -> Concat:
    """One text per record: entity, direction, scope and key (last: only the key may hold "|")."""
    return Concat(
        "entity", Value("|"), "direction", Value("|"), "scope", Value("|"), "key", output_field=CharField()
    )


def claim_messages(
    worker: str, *, limit: int, lease_seconds: float, now: datetime | None = None
) -> list[Message]:
    """Take up to `limit` due pending messages for `worker`, oldest first, under a lease.

    On PostgreSQL the rows are locked with SKIP LOCKED, so concurrent workers take disjoint sets
    without waiting for each other; the status filter on the update makes the claim a
    compare-and-set on every database.

    A record with a message in processing is not claimed again until that message ends (or its
    lease runs out and it is recovered): otherwise a newer change could be sent first and the
    older one after it, e.g. a claim lost with a dead worker and retried, and Magento would keep
    the older state.
    """
    now = now or timezone.now()
    # NOT IN over one text per record: PostgreSQL hashes the set of messages in hand, so the
    # claim stays linear even before the table has statistics (a fresh initial sync).
    in_hand = (
        Message.objects.filter(status=MessageStatus.PROCESSING).annotate(record=_record()).values("record")
    )
    with transaction.atomic():
        candidates = (
            Message.objects.due(now).annotate(record=_record()).exclude(record__in=in_hand).order_by("id")
        )
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("id", flat=True)[:limit])
        if not ids:
            return []
        Message.objects.filter(id__in=ids, status=MessageStatus.PENDING).update(
            status=MessageStatus.PROCESSING,
            claimed_by=worker,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
            started_at=now,
            updated_at=now,
        )
    return list(
        Message.objects.filter(id__in=ids, status=MessageStatus.PROCESSING, claimed_by=worker).order_by("id")
    )


def renew_leases(worker: str, ids: Sequence[int], lease_seconds: float) -> int:
    """Extend the lease of messages still being worked on (long runs of slow batches)."""
    now = timezone.now()
    return Message.objects.filter(id__in=ids, status=MessageStatus.PROCESSING, claimed_by=worker).update(
        lease_expires_at=now + timedelta(seconds=lease_seconds)
    )


def recover_stale_claims(retry_count: int, now: datetime | None = None) -> int:
    """Return messages whose worker died (lease expired) to pending, or park them if out of tries."""
    count = Message.objects.recover_stale(now or timezone.now(), retry_count)
    if count:
        logger.warning("Recovered %d stale claims", count, extra={"recovered": count})
    return count


def is_idle() -> bool:
    """Nothing pending (due or waiting) and nothing being processed."""
    return not Message.objects.active().exists()


def next_due_in(now: datetime | None = None) -> float | None:
    """Seconds until the next pending message is due (0 if one is due now; None if none pend)."""
    now = now or timezone.now()
    first = Message.objects.pending().order_by("next_attempt_at").values_list("next_attempt_at", flat=True)
    due_at = first.first()
    if due_at is None:
        return None
    return max(0.0, (due_at - now).total_seconds())


# ---------------------------------------------------------------------------- single runner guard
def run_lease_needed() -> bool:
    """SQLite has no SKIP LOCKED: one runner at a time there; PostgreSQL runs many."""
    return not connection.features.has_select_for_update_skip_locked


def acquire_run_lease(worker: str, seconds: float, now: datetime | None = None) -> bool:
    """Take (or extend) the one-runner lease; False while another live runner holds it."""
    now = now or timezone.now()
    QueueControl.load()
    free = Q(runner_id="") | Q(runner_id=worker) | Q(runner_until__isnull=True) | Q(runner_until__lt=now)
    rows = (
        QueueControl.objects.filter(pk=QueueControl.SINGLETON_PK)
        .filter(free)
        .update(runner_id=worker, runner_until=now + timedelta(seconds=seconds))
    )
    return rows == 1


def release_run_lease(worker: str) -> None:
    QueueControl.objects.filter(pk=QueueControl.SINGLETON_PK, runner_id=worker).update(
        runner_id="", runner_until=None
    )


# ---------------------------------------------------------------------------- pause / resume
def is_paused() -> bool:
    return QueueControl.objects.filter(pk=QueueControl.SINGLETON_PK, paused=True).exists()


def pause_queue(by: str = "") -> QueueControl:
    """Stop sending: producers keep queueing; claimed work still in hand is released."""
    control = QueueControl.load()
    QueueControl.objects.filter(pk=control.pk).update(paused=True, paused_at=timezone.now(), paused_by=by)
    control.refresh_from_db()
    logger.info("Queue paused", extra={"by": by})
    return control


def resume_queue(by: str = "") -> QueueControl:
    control = QueueControl.load()
    QueueControl.objects.filter(pk=control.pk).update(paused=False, paused_at=None, paused_by="")
    control.refresh_from_db()
    logger.info("Queue resumed", extra={"by": by})
    return control


# ---------------------------------------------------------------------------- reprocess
@dataclass
class ReprocessResult:
    requeued: int = 0  # failed messages back to pending
    superseded: int = 0  # failed messages whose record has newer work: skipped
    resent: int = 0  # finished messages whose record was queued again
    ignored: int = 0  # pending or processing already
    superseded_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.requeued} requeued"]
        if self.resent:
            parts.append(f"{self.resent} queued again")
        if self.superseded:
            parts.append(f"{self.superseded} superseded by newer messages")
        if self.ignored:
            parts.append(f"{self.ignored} already pending or processing")
        return ", ".join(parts) + "."


def _newer_message(message: Message) -> Message | None:
    return (
        Message.objects.for_record(message.entity, message.direction, message.key, message.scope)
        .filter(id__gt=message.pk)
        .order_by("-id")
        .first()
    )


def reprocess_messages(messages: Iterable[Message] | QuerySet[Message]) -> ReprocessResult:
    """Reprocess: failed messages return to pending with their tries reset; finished ones queue
    their record again (read fresh). A message whose record has newer work is skipped as
    "superseded by #N": its snapshot is older than that work, and sending it would undo it.

    Newest first, so when several messages of one record are chosen, the newest is the one kept.
    """
    result = ReprocessResult()
    for message in sorted(messages, key=lambda m: m.pk, reverse=True):
        if message.status in (MessageStatus.PENDING, MessageStatus.PROCESSING):
            result.ignored += 1
            continue
        newer = _newer_message(message)
        if message.status != MessageStatus.FAILED:
            if newer is not None and newer.status in (MessageStatus.PENDING, MessageStatus.PROCESSING):
                result.ignored += 1
                continue
            enqueue(
                message.entity,
                message.key,
                direction=message.direction,
                scope=message.scope,
                action=message.action,
                source=MessageSource.REPROCESS,
            )
            result.resent += 1
            continue
        try:
            if newer is not None:
                message.supersede(newer.pk)
                result.superseded += 1
                result.superseded_ids.append(message.pk)
                continue
            with transaction.atomic():
                message.requeue_failed()
            result.requeued += 1
        except IntegrityError:
            # A new pending message for the record appeared between the check and the update.
            newer = _newer_message(message)
            if newer is not None:
                message.supersede(newer.pk)
                result.superseded += 1
                result.superseded_ids.append(message.pk)
        except TransitionConflictError:
            result.ignored += 1  # reprocessed concurrently by someone else
    logger.info("Reprocess: %s", result.summary(), extra={"requeued": result.requeued})
    return result


def failed_messages(
    *,
    entity: str | None = None,
    scope: str | None = None,
    error_contains: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[Message]:
    """The failed messages the Reprocess Failed Messages screen and command filter on."""
    qs = Message.objects.filter(status=MessageStatus.FAILED)
    if entity:
        qs = qs.filter(entity=entity)
    if scope:
        qs = qs.filter(scope=scope)
    if error_contains:
        qs = qs.filter(error__icontains=error_contains)
    if since:
        qs = qs.filter(updated_at__gte=since)
    if until:
        qs = qs.filter(updated_at__lt=until)
    return qs.order_by("-id")


# ---------------------------------------------------------------------------- settings of a run
@dataclass(frozen=True)
class QueueSettings:
    """What one run needs to know: the guide's Queue Processing Settings (from Setup Parameters)
    and the engine's own limits (Django settings `SYNC_*`, with defaults that suit production)."""

    threshold_count: int = 25
    batch_count: int = 25
    retry_count: int = 3
    check_process_time: float = 50
    process_sleep_time: float = 5
    lease_seconds: float = 300  # a claim older than this is presumed dead
    backoff_base: float = 5  # first retry after ~base seconds, then doubling ...
    backoff_max: float = 600  # ... up to this
    claim_limit: int = 500  # messages taken per pass
    max_waits: int = 60  # dependency waits before a message fails naming the dependency
    wait_delay: float = 5  # seconds between two looks at a missing dependency
    poll_interval: float = 60  # at most one poll per entity and scope in this many seconds
    poll_lookback: float = 300  # each poll re-reads this many seconds before its cursor

    @classmethod
    def load(cls) -> QueueSettings:
        from django.conf import settings

        from sync.models import SetupParameters

        setup = SetupParameters.load()
        defaults = cls()

        def engine(name: str, default: float) -> Any:
            return getattr(settings, f"SYNC_{name.upper()}", default)

        return cls(
            threshold_count=setup.threshold_count,
            batch_count=max(1, setup.batch_count),
            retry_count=max(1, setup.retry_count),
            check_process_time=setup.check_process_time,
            process_sleep_time=setup.process_sleep_time,
            lease_seconds=engine("lease_seconds", defaults.lease_seconds),
            backoff_base=engine("backoff_base", defaults.backoff_base),
            backoff_max=engine("backoff_max", defaults.backoff_max),
            claim_limit=engine("claim_limit", defaults.claim_limit),
            max_waits=engine("max_waits", defaults.max_waits),
            wait_delay=engine("wait_delay", defaults.wait_delay),
            poll_interval=engine("poll_interval", defaults.poll_interval),
            poll_lookback=engine("poll_lookback", defaults.poll_lookback),
        )
