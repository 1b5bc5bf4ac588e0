"""One record, two messages: a change that arrives while the record's message is in hand.

The newer message must win. The older one is never sent after it (it is not claimed while the
record has a message in hand) and never comes back to pending beside it (it is superseded),
whether it returns by a retry, a dependency wait, a release or the recovery of a dead worker's
claim. Found by the scale-out tests (tests/e2e): a recovery that tried to put it back to pending
failed on the one-pending-per-record constraint, in every run, and the queue stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from sync.models import Message, MessageStatus
from sync.queue import claim_messages, enqueue, recover_stale_claims
from tests.engine.factories import ProcessingMessageFactory

pytestmark = pytest.mark.django_db

RETURNS_TO_PENDING: dict[str, Callable[[Message], object]] = {
    "retry": lambda m: m.mark_retry("HTTP 503", retry_count=3, backoff_base=0, backoff_max=0),
    "dependency wait": lambda m: m.mark_waiting("product ABC", delay=0, max_waits=5),
    "release": lambda m: m.release("Not sent: the queue was paused"),
}


def in_hand_with_newer_change(key: str, **fields: object) -> tuple[Message, Message]:
    older = ProcessingMessageFactory.create(key=key, **fields)
    newer = enqueue("price", key, payload={"price": "2.00"})
    assert newer.created
    return older, newer.message


@pytest.mark.parametrize("way", list(RETURNS_TO_PENDING))
def test_message_in_hand_is_superseded_by_a_newer_change_instead_of_returning_to_pending(way):
    older, newer = in_hand_with_newer_change("ABC")

    RETURNS_TO_PENDING[way](older)

    older.refresh_from_db()
    assert older.status == MessageStatus.SKIPPED
    assert older.reason == f"superseded by #{newer.pk}"
    assert older.claimed_by == "" and older.lease_expires_at is None
    assert Message.objects.get(pk=newer.pk).status == MessageStatus.PENDING


def test_superseded_retry_keeps_its_try_and_error():
    older, _ = in_hand_with_newer_change("ABC")
    older.mark_retry("HTTP 503", retry_count=3, backoff_base=0, backoff_max=0)
    older.refresh_from_db()
    assert (older.attempts, older.error) == (1, "HTTP 503")


def test_recovery_supersedes_a_dead_claim_whose_record_changed_meanwhile():
    expired = timezone.now() - timedelta(seconds=1)
    older, newer = in_hand_with_newer_change("ABC", lease_expires_at=expired)
    other = ProcessingMessageFactory.create(key="XYZ", lease_expires_at=expired)

    assert recover_stale_claims(retry_count=3) == 2

    older.refresh_from_db()
    assert (older.status, older.reason, older.attempts) == (
        MessageStatus.SKIPPED,
        f"superseded by #{newer.pk}",
        1,
    )
    assert Message.objects.get(pk=other.pk).status == MessageStatus.PENDING
    assert [m.pk for m in claim_messages("worker-b/run2", limit=10, lease_seconds=60)] == sorted(
        [newer.pk, other.pk]
    )


def test_a_record_with_a_message_in_hand_is_not_claimed_again_until_it_ends():
    older, newer = in_hand_with_newer_change("ABC")
    other = enqueue("price", "XYZ").message

    assert [m.pk for m in claim_messages("worker-b/run2", limit=10, lease_seconds=60)] == [other.pk]

    older.mark_succeeded("ABC: price 1.00")
    assert [m.pk for m in claim_messages("worker-b/run3", limit=10, lease_seconds=60)] == [newer.pk]
