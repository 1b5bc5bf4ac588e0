"""Message status changes only through methods that check the current state."""

from __future__ import annotations

import pytest

from sync.models import Message, MessageSource, MessageStatus
from sync.models.queue import IllegalTransitionError, TransitionConflictError
from tests.engine.factories import FailedMessageFactory, MessageFactory, ProcessingMessageFactory

pytestmark = pytest.mark.django_db


def test_pending_message_cannot_jump_to_succeeded():
    message = MessageFactory.create()
    with pytest.raises(IllegalTransitionError):
        message.mark_succeeded("created")
    assert Message.objects.get(pk=message.pk).status == MessageStatus.PENDING


def test_finished_message_cannot_be_failed_afterwards():
    message = ProcessingMessageFactory.create()
    message.mark_succeeded("price 10.00")
    with pytest.raises(IllegalTransitionError):
        message.mark_failed("late error")
    stored = Message.objects.get(pk=message.pk)
    assert stored.status == MessageStatus.SUCCEEDED
    assert stored.reason == "price 10.00"
    assert stored.attempts == 1


def test_status_cannot_be_assigned_and_saved():
    message = MessageFactory.create()
    message.status = MessageStatus.SUCCEEDED
    with pytest.raises(IllegalTransitionError):
        message.save()
    assert Message.objects.get(pk=message.pk).status == MessageStatus.PENDING


def test_other_fields_save_normally():
    message = MessageFactory.create()
    message.payload = {"price": "1.00"}
    message.save()
    assert Message.objects.get(pk=message.pk).payload == {"price": "1.00"}


def test_worker_whose_claim_was_taken_over_cannot_finish_the_message():
    message = ProcessingMessageFactory.create(claimed_by="worker-a/run1")
    Message.objects.filter(pk=message.pk).update(claimed_by="worker-b/run2")
    with pytest.raises(TransitionConflictError):
        message.mark_succeeded("created")
    stored = Message.objects.get(pk=message.pk)
    assert stored.status == MessageStatus.PROCESSING
    assert stored.claimed_by == "worker-b/run2"


def test_retry_returns_to_pending_with_backoff_until_retry_count_then_fails():
    message = ProcessingMessageFactory.create()
    assert message.mark_retry("503 Service Unavailable", retry_count=2, backoff_base=10, backoff_max=60)
    stored = Message.objects.get(pk=message.pk)
    assert stored.status == MessageStatus.PENDING
    assert stored.attempts == 1
    assert stored.next_attempt_at > stored.updated_at  # backed off
    assert stored.claimed_by == ""

    Message.objects.filter(pk=message.pk).update(status=MessageStatus.PROCESSING, claimed_by="w")
    stored = Message.objects.get(pk=message.pk)
    assert not stored.mark_retry("503 Service Unavailable", retry_count=2, backoff_base=10, backoff_max=60)
    stored.refresh_from_db()
    assert stored.status == MessageStatus.FAILED
    assert stored.attempts == 2
    assert stored.error == "503 Service Unavailable"


def test_dependency_wait_does_not_use_a_try_and_is_bounded():
    message = ProcessingMessageFactory.create()
    assert message.mark_waiting("product ITEM1", delay=0, max_waits=1)
    stored = Message.objects.get(pk=message.pk)
    assert (stored.status, stored.attempts, stored.waits) == (MessageStatus.PENDING, 0, 1)
    assert stored.reason == "waiting for product ITEM1"

    Message.objects.filter(pk=message.pk).update(status=MessageStatus.PROCESSING, claimed_by="w")
    stored = Message.objects.get(pk=message.pk)
    assert not stored.mark_waiting("product ITEM1", delay=0, max_waits=1)
    stored.refresh_from_db()
    assert stored.status == MessageStatus.FAILED
    assert "product ITEM1" in stored.error


def test_failed_message_requeued_with_tries_reset():
    message = FailedMessageFactory.create(attempts=3)
    message.requeue_failed()
    stored = Message.objects.get(pk=message.pk)
    assert (stored.status, stored.attempts, stored.source) == (
        MessageStatus.PENDING,
        0,
        MessageSource.REPROCESS,
    )


def test_succeeded_message_cannot_be_requeued_in_place():
    message = ProcessingMessageFactory.create()
    message.mark_succeeded()
    with pytest.raises(IllegalTransitionError):
        message.requeue_failed()
