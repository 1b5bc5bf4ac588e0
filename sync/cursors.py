"""Polling cursors (house rule 5): read `[cursor - lookback, run start)`, store what was found,
then commit the cursor, in that order, so a crash between the read and the store re-reads the
window instead of losing it. Windows overlap by the look-back, which is harmless because
enqueueing coalesces and flows skip unchanged records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from sync.models import Cursor


@dataclass(frozen=True)
class Window:
    since: datetime
    until: datetime


def get_cursor(entity: str, direction: str, scope: str) -> Cursor | None:
    return Cursor.objects.filter(entity=entity, direction=direction, scope=scope).first()


def poll_window(cursor: datetime, until: datetime, lookback_seconds: float) -> Window:
    """The window a poll reads: from the cursor minus the look-back up to (excluding) `until`.

    The look-back catches records whose modification time is earlier than the moment they became
    visible (a long Acumatica transaction, clock skew between servers).
    """
    return Window(since=cursor - timedelta(seconds=lookback_seconds), until=until)


def poll_due(cursor: Cursor | None, interval_seconds: float, now: datetime | None = None) -> bool:
    """Whether the entity may be polled again (at most once per interval, to spare the API)."""
    if cursor is None or interval_seconds <= 0:
        return True
    return (now or timezone.now()) - cursor.updated_at >= timedelta(seconds=interval_seconds)


def commit_cursor(entity: str, direction: str, scope: str, value: datetime) -> None:
    """Advance the cursor to `value`; never backwards (two pollers may commit out of order).

    Always touches `updated_at`, which records when the entity was last polled.
    """
    now = timezone.now()
    cursor, created = Cursor.objects.get_or_create(
        entity=entity, direction=direction, scope=scope, defaults={"value": value}
    )
    if created:
        return
    Cursor.objects.filter(pk=cursor.pk).filter(Q(value__isnull=True) | Q(value__lt=value)).update(
        value=value, updated_at=now
    )
    Cursor.objects.filter(pk=cursor.pk, updated_at__lt=now).update(updated_at=now)


def set_cursor(entity: str, direction: str, scope: str, value: datetime | None) -> Cursor:
    """Put a cursor at `value` whatever it was (operators, `initial_sync` at its start)."""
    cursor, _ = Cursor.objects.update_or_create(
        entity=entity, direction=direction, scope=scope, defaults={"value": value}
    )
    return cursor
