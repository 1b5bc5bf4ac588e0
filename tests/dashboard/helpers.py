"""Messages placed in time for the dashboard tests: "now" is passed in, nothing sleeps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sync.models import Message, MessageStatus
from tests.engine.factories import FailedMessageFactory, MessageFactory

# A Tuesday afternoon; far enough from midnight that the hour and day windows are easy to reason on.
NOW = datetime(2026, 3, 10, 14, 25, tzinfo=UTC)


def finished(status: str, at: datetime, **fields: Any) -> Message:
    """A message that finished (`processed_at`) at `at` with `status`."""
    factory = FailedMessageFactory if status == MessageStatus.FAILED else MessageFactory
    return factory.create(status=status, processed_at=at, **fields)


def pending(created: datetime, **fields: Any) -> Message:
    """A pending message created at `created` (`created_at` is set on insert, so it is moved after)."""
    message = MessageFactory.create(**fields)
    Message.objects.filter(pk=message.pk).update(created_at=created)
    message.refresh_from_db()
    return message
