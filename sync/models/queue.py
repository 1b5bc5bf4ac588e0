"""The message: one unit of queued work and, at the same time, its log line.

A message names a record (entity, direction, key, scope) and carries what the producer saw of it.
Its status moves `pending -> processing -> succeeded | skipped | failed` and only through the
methods below, each of which checks the current state in the database (compare-and-set on the
status and, for a claimed message, on the claimant), so two workers can never both finish one
message and a worker whose lease ran out cannot overwrite the work of the one that took over.

At most one *pending* message exists per record (a partial unique constraint): a newer change
coalesces into it (`sync.queue.enqueue`).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.db import IntegrityError, models, transaction
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from sync.choices import Direction, Entity
from sync.models.store_views import DEFAULT_SCOPE


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    SUCCEEDED = "succeeded", "Succeeded"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


class MessageAction(models.TextChoices):
    UPSERT = "upsert", "Create/update"
    DELETE = "delete", "Delete"


class MessageSource(models.TextChoices):
    POLL = "poll", "Poller"
    PUSH = "push", "Push notification"
    INITIAL = "initial", "Initial sync"
    MANUAL = "manual", "Manual"
    REPROCESS = "reprocess", "Reprocess"


# Which status may follow which. Terminal statuses only leave through `reprocess` of a failed one.
TRANSITIONS: dict[str, frozenset[str]] = {
    MessageStatus.PENDING: frozenset({MessageStatus.PROCESSING, MessageStatus.SKIPPED}),
    MessageStatus.PROCESSING: frozenset(
        {MessageStatus.SUCCEEDED, MessageStatus.SKIPPED, MessageStatus.FAILED, MessageStatus.PENDING}
    ),
    MessageStatus.FAILED: frozenset({MessageStatus.PENDING, MessageStatus.SKIPPED}),
    MessageStatus.SUCCEEDED: frozenset(),
    MessageStatus.SKIPPED: frozenset(),
}

REASON_MAX = 255
_RECOVERY_ATTEMPTS = 3


class MessageStateError(Exception):
    """Base of the queue's state errors."""


class IllegalTransitionError(MessageStateError):
    """The requested status change is not allowed from the message's current status."""


class TransitionConflictError(MessageStateError):
    """The message changed in the database since it was read (another worker, a lease expiry)."""


def backoff_delay(attempts: int, base: float, cap: float) -> float:
    """Seconds to wait before try number `attempts + 1`: exponential, capped, with jitter.

    Half the delay is fixed and half random ("equal jitter"), so retries of a batch that failed
    together spread out instead of hitting the remote system again at the same instant.
    """
    if base <= 0:
        return 0.0
    delay = min(cap, base * (2 ** max(0, attempts - 1)))
    return delay / 2 + random.uniform(0, delay / 2)


class MessageQuerySet(models.QuerySet["Message"]):
    def for_record(self, entity: str, direction: str, key: str, scope: str) -> MessageQuerySet:
        return self.filter(entity=entity, direction=direction, key=key, scope=scope)

    def pending(self) -> MessageQuerySet:
        return self.filter(status=MessageStatus.PENDING)

    def due(self, now: datetime) -> MessageQuerySet:
        return self.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)

    def active(self) -> MessageQuerySet:
        """Work not finished yet: pending (due or backing off) or being processed."""
        return self.filter(status__in=[MessageStatus.PENDING, MessageStatus.PROCESSING])

    def of_same_record(self, status: str) -> MessageQuerySet:
        """For a subquery: the messages in `status` of the outer message's record."""
        return self.filter(
            status=status,
            entity=OuterRef("entity"),
            direction=OuterRef("direction"),
            key=OuterRef("key"),
            scope=OuterRef("scope"),
        )

    def recover_stale(self, now: datetime, retry_count: int) -> int:
        """Return claims whose lease ran out (the worker died) to pending, counting the lost try.

        The try counts because the send may have landed or may be what killed the worker; a
        message that keeps killing workers thereby ends `failed` instead of looping forever. A
        claim whose record got a newer pending message meanwhile is superseded by it instead:
        the newer change carries the newer state, and a second pending message of the record
        is what the one-pending-per-record constraint refuses (the whole recovery would fail,
        run after run). A producer can add such a message between the statements; then the
        recovery is simply done again.
        """
        newer = Message.objects.of_same_record(MessageStatus.PENDING)
        note = "The worker's claim expired before it finished (worker stopped or timed out)."
        common: dict[str, Any] = {
            "claimed_by": "",
            "lease_expires_at": None,
            "attempts": F("attempts") + 1,
            "error": note,
            "updated_at": now,
        }
        for attempt in range(_RECOVERY_ATTEMPTS):
            stale = self.filter(status=MessageStatus.PROCESSING, lease_expires_at__lt=now)
            try:
                with transaction.atomic():
                    superseded = stale.filter(Exists(newer)).update(
                        status=MessageStatus.SKIPPED,
                        reason=Concat(
                            Value("superseded by #"), Cast(Subquery(newer.values("pk")[:1]), CharField())
                        ),
                        processed_at=now,
                        **common,
                    )
                    parked = stale.filter(attempts__gte=max(1, retry_count) - 1).update(
                        status=MessageStatus.FAILED, processed_at=now, **common
                    )
                    requeued = stale.update(status=MessageStatus.PENDING, next_attempt_at=now, **common)
                return superseded + parked + requeued
            except IntegrityError:
                if attempt == _RECOVERY_ATTEMPTS - 1:
                    raise
        return 0


class Message(models.Model):
    entity = models.CharField(max_length=32, choices=Entity.choices, db_index=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    action = models.CharField(max_length=8, choices=MessageAction.choices, default=MessageAction.UPSERT)
    key = models.CharField(max_length=255, help_text="The record's key in its source system.")
    scope = models.CharField(
        max_length=64, default=DEFAULT_SCOPE, help_text="'default' or a store-view code."
    )
    status = models.CharField(
        max_length=12, choices=MessageStatus.choices, default=MessageStatus.PENDING, editable=False
    )
    reason = models.CharField(
        max_length=REASON_MAX, blank=True, help_text="Why it was skipped, or what a success did."
    )
    error = models.TextField(blank=True, help_text="The last failure, with the remote system's message.")
    attempts = models.PositiveIntegerField(default=0, help_text="Tries that reached a result or an error.")
    waits = models.PositiveIntegerField(default=0, help_text="Times it waited for a dependency.")
    next_attempt_at = models.DateTimeField(default=timezone.now, help_text="Not claimed before this time.")
    claimed_by = models.CharField(max_length=120, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(
        null=True,
        blank=True,
        help_text="The producer's snapshot of the record; empty when only the key is known.",
    )
    source = models.CharField(max_length=12, choices=MessageSource.choices, default=MessageSource.POLL)
    exchanges = models.JSONField(
        default=list, blank=True, help_text="Requests sent and answers received (redacted, size-capped)."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    _stored_status: str | None = None
    STATUS_TEXT: ClassVar[dict[str, str]] = dict(MessageStatus.choices)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "direction", "key", "scope"],
                condition=Q(status="pending"),
                name="sync_message_one_pending_per_record",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="sync_msg_claim_idx"),
            models.Index(fields=["status", "lease_expires_at"], name="sync_msg_lease_idx"),
            models.Index(fields=["entity", "scope", "status"], name="sync_msg_entity_idx"),
            models.Index(fields=["key"], name="sync_msg_key_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.entity} {self.direction} {self.key} @{self.scope} [{self.status}]"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save anything but a status change: those go through the transition methods."""
        if not self._state.adding and self._stored_status is not None and self.status != self._stored_status:
            raise IllegalTransitionError(
                f"Message #{self.pk}: status changes go through its methods, not save()."
            )
        super().save(*args, **kwargs)
        self._stored_status = self.status

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, **kwargs: Any) -> Message:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    # ------------------------------------------------------------------ transitions
    def _transition(self, target: str, **changes: Any) -> None:
        current = self.status
        if target not in TRANSITIONS[current]:
            raise IllegalTransitionError(f"Message #{self.pk}: {current} -> {target} is not allowed.")
        filters: dict[str, Any] = {"pk": self.pk, "status": current}
        if current == MessageStatus.PROCESSING:
            filters["claimed_by"] = self.claimed_by
        now = changes.pop("now", None) or timezone.now()
        changes["updated_at"] = now
        if target != MessageStatus.PROCESSING:
            changes.setdefault("claimed_by", "")
            changes.setdefault("lease_expires_at", None)
        if current == MessageStatus.PROCESSING and target == MessageStatus.PENDING:
            rows = self._update_back_to_pending(filters, changes)
            if self.status == MessageStatus.SKIPPED:
                return  # superseded by a newer message of the record
        else:
            rows = type(self).objects.filter(**filters).update(status=target, **changes)
        if rows != 1:
            raise TransitionConflictError(
                f"Message #{self.pk} is no longer {current} (changed by another worker or expired)."
            )
        for name, value in changes.items():
            setattr(self, name, value)
        self.status = target
        self._stored_status = target

    def _update_back_to_pending(self, filters: dict[str, Any], changes: dict[str, Any]) -> int:
        """Processing -> pending (retry, wait, release), unless the record got a newer pending
        message while this one was in hand: then this one is superseded by it (the newer change
        carries the newer state, and one record has at most one pending message)."""
        try:
            with transaction.atomic():
                return type(self).objects.filter(**filters).update(status=MessageStatus.PENDING, **changes)
        except IntegrityError:
            newer = type(self).objects.pending().for_record(self.entity, self.direction, self.key, self.scope)
            newer_id = newer.values_list("pk", flat=True).first()
            if newer_id is None:
                raise
            kept = {
                name: changes[name]
                for name in ("attempts", "error", "exchanges", "duration_ms")
                if name in changes
            }
            self._transition(
                MessageStatus.SKIPPED,
                reason=f"superseded by #{newer_id}",
                processed_at=changes["updated_at"],
                now=changes["updated_at"],
                **kept,
            )
            return 1

    def _finish_fields(self, now: datetime, exchanges: list[dict[str, Any]] | None) -> dict[str, Any]:
        fields: dict[str, Any] = {"now": now, "processed_at": now}
        if self.started_at is not None:
            fields["duration_ms"] = max(0, int((now - self.started_at).total_seconds() * 1000))
        if exchanges is not None:
            fields["exchanges"] = exchanges
        return fields

    def mark_succeeded(
        self, detail: str = "", *, exchanges: list[dict[str, Any]] | None = None, now: datetime | None = None
    ) -> None:
        now = now or timezone.now()
        self._transition(
            MessageStatus.SUCCEEDED,
            reason=detail[:REASON_MAX],
            error="",
            attempts=self.attempts + 1,
            **self._finish_fields(now, exchanges),
        )

    def mark_skipped(
        self, reason: str, *, exchanges: list[dict[str, Any]] | None = None, now: datetime | None = None
    ) -> None:
        """Finish without a write: the record is unchanged, not ready, or superseded."""
        now = now or timezone.now()
        tried = self.status == MessageStatus.PROCESSING
        self._transition(
            MessageStatus.SKIPPED,
            reason=reason[:REASON_MAX],
            attempts=self.attempts + (1 if tried else 0),
            **self._finish_fields(now, exchanges),
        )

    def mark_failed(
        self, error: str, *, exchanges: list[dict[str, Any]] | None = None, now: datetime | None = None
    ) -> None:
        """Park it: not retried automatically; an admin reprocesses it after fixing the cause."""
        now = now or timezone.now()
        self._transition(
            MessageStatus.FAILED,
            error=error,
            attempts=self.attempts + 1,
            **self._finish_fields(now, exchanges),
        )

    def mark_retry(
        self,
        error: str,
        *,
        retry_count: int,
        backoff_base: float,
        backoff_max: float,
        exchanges: list[dict[str, Any]] | None = None,
        now: datetime | None = None,
    ) -> bool:
        """A try failed: back to pending after a backoff, or `failed` once Retry Count is used.

        Returns True when the message will be retried, False when it was parked as failed.
        """
        now = now or timezone.now()
        attempts = self.attempts + 1
        if attempts >= max(1, retry_count):
            self.mark_failed(error, exchanges=exchanges, now=now)
            return False
        delay = backoff_delay(attempts, backoff_base, backoff_max)
        fields = self._finish_fields(now, exchanges)
        fields.pop("processed_at")
        self._transition(
            MessageStatus.PENDING,
            error=error,
            attempts=attempts,
            next_attempt_at=now + timedelta(seconds=delay),
            **fields,
        )
        return True

    def mark_waiting(self, on: str, *, delay: float, max_waits: int, now: datetime | None = None) -> bool:
        """A dependency is not in Magento yet: back to pending without using a try.

        The number of waits is bounded so a dependency that never arrives ends in a failure that
        names it instead of a message that waits forever. Returns False when it failed instead.
        """
        now = now or timezone.now()
        if self.waits + 1 > max_waits:
            self._transition(
                MessageStatus.FAILED,
                error=f"Gave up after waiting {self.waits} times for {on}.",
                processed_at=now,
                now=now,
            )
            return False
        self._transition(
            MessageStatus.PENDING,
            reason=f"waiting for {on}"[:REASON_MAX],
            waits=self.waits + 1,
            next_attempt_at=now + timedelta(seconds=delay),
            now=now,
        )
        return True

    def release(self, note: str = "", *, delay: float = 0.0, now: datetime | None = None) -> None:
        """Give a claimed message back untouched (paused queue, connection stopped for the run)."""
        now = now or timezone.now()
        changes: dict[str, Any] = {"next_attempt_at": now + timedelta(seconds=delay), "now": now}
        if note:
            changes["error"] = note
        self._transition(MessageStatus.PENDING, **changes)

    def requeue_failed(self, now: datetime | None = None) -> None:
        """Reprocess: a failed message goes back to pending with its tries reset."""
        now = now or timezone.now()
        self._transition(
            MessageStatus.PENDING,
            attempts=0,
            waits=0,
            reason="",
            source=MessageSource.REPROCESS,
            next_attempt_at=now,
            processed_at=None,
            now=now,
        )

    def supersede(self, newer_id: int, now: datetime | None = None) -> None:
        """A newer message for the same record exists, so this one will never be sent."""
        now = now or timezone.now()
        self._transition(
            MessageStatus.SKIPPED, reason=f"superseded by #{newer_id}", processed_at=now, now=now
        )

    @property
    def is_terminal(self) -> bool:
        return self.status in (MessageStatus.SUCCEEDED, MessageStatus.SKIPPED, MessageStatus.FAILED)
