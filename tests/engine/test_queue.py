"""Enqueue with coalescing, claims with leases, stale-claim recovery, reprocess."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sync.models import Message, MessageAction, MessageSource, MessageStatus
from sync.queue import (
    Change,
    acquire_run_lease,
    claim_messages,
    enqueue,
    enqueue_changes,
    recover_stale_claims,
    release_run_lease,
    reprocess_messages,
)
from tests.engine.factories import FailedMessageFactory, MessageFactory, ProcessingMessageFactory

pytestmark = pytest.mark.django_db


def _expired():
    return timezone.now() - timedelta(seconds=1)


def test_newer_change_coalesces_into_the_pending_message():
    first = enqueue("price", "AAA", payload={"price": "1.00"}, source=MessageSource.POLL)
    second = enqueue("price", "AAA", payload={"price": "2.00"}, source=MessageSource.PUSH)
    assert first.created and not second.created
    assert second.message.pk == first.message.pk
    stored = Message.objects.get()
    assert stored.payload == {"price": "2.00"}
    assert stored.source == MessageSource.PUSH


def test_key_only_change_replaces_an_older_snapshot():
    enqueue("price", "AAA", payload={"price": "1.00"})
    enqueue("price", "AAA", payload=None)
    assert Message.objects.get().payload is None


def test_same_key_in_other_scope_or_entity_is_a_separate_message():
    enqueue("price", "AAA")
    enqueue("price", "AAA", scope="fr")
    enqueue("inventory", "AAA")
    assert Message.objects.count() == 3


def test_change_of_a_record_being_processed_gets_a_new_pending_message():
    processing = ProcessingMessageFactory.create(entity="price", key="AAA")
    result = enqueue("price", "AAA", payload={"price": "3.00"})
    assert result.created
    assert result.message.pk != processing.pk
    assert Message.objects.filter(status=MessageStatus.PENDING).count() == 1


def test_coalescing_survives_a_concurrent_insert(monkeypatch):
    """Another producer inserts the pending message between our look-up and our insert: the unique
    constraint refuses our insert and the change folds into theirs."""
    from sync import queue

    rival = MessageFactory.create(entity="price", key="AAA", payload={"price": "rival"})
    real_pending = Message.objects.pending
    lookups = []

    def pending_unseen_once():
        lookups.append(1)
        return Message.objects.none() if len(lookups) == 1 else real_pending()

    monkeypatch.setattr(queue.Message.objects, "pending", pending_unseen_once)
    result = enqueue("price", "AAA", payload={"price": "mine"})
    assert not result.created
    assert result.message.pk == rival.pk
    assert Message.objects.get().payload == {"price": "mine"}


def test_enqueue_changes_stores_many_and_keeps_the_last_change_of_a_key():
    MessageFactory.create(entity="price", key="B", payload={"price": "old"})
    counts = enqueue_changes(
        "price",
        [Change("A", payload={"p": 1}), Change("B", payload={"p": 2}), Change("A", payload={"p": 3})],
    )
    assert (counts.created, counts.coalesced) == (1, 1)
    assert Message.objects.get(key="A").payload == {"p": 3}
    assert Message.objects.get(key="B").payload == {"p": 2}


def test_claim_takes_due_messages_once_under_a_lease():
    due = MessageFactory.create_batch(3)
    MessageFactory.create(next_attempt_at=timezone.now() + timedelta(minutes=5))  # backing off
    claimed = claim_messages("w1", limit=10, lease_seconds=60)
    assert [m.pk for m in claimed] == [m.pk for m in due]
    assert all(m.status == MessageStatus.PROCESSING and m.claimed_by == "w1" for m in claimed)
    assert all(m.lease_expires_at is not None and m.lease_expires_at > timezone.now() for m in claimed)
    assert claim_messages("w2", limit=10, lease_seconds=60) == []


def test_claim_respects_the_limit_oldest_first():
    messages = MessageFactory.create_batch(5)
    claimed = claim_messages("w1", limit=2, lease_seconds=60)
    assert [m.pk for m in claimed] == [messages[0].pk, messages[1].pk]


def test_stale_claim_returns_to_pending_and_counts_the_lost_try():
    stale = ProcessingMessageFactory.create(lease_expires_at=_expired(), attempts=0)
    live = ProcessingMessageFactory.create()
    assert recover_stale_claims(retry_count=3) == 1
    stale.refresh_from_db()
    live.refresh_from_db()
    assert (stale.status, stale.attempts, stale.claimed_by) == (MessageStatus.PENDING, 1, "")
    assert "claim expired" in stale.error
    assert live.status == MessageStatus.PROCESSING


def test_stale_claim_out_of_tries_is_failed():
    stale = ProcessingMessageFactory.create(lease_expires_at=_expired(), attempts=2)
    recover_stale_claims(retry_count=3)
    stale.refresh_from_db()
    assert stale.status == MessageStatus.FAILED


def test_recovered_stale_claim_can_be_claimed_again():
    ProcessingMessageFactory.create(lease_expires_at=timezone.now() - timedelta(seconds=1))
    recover_stale_claims(retry_count=3)
    assert len(claim_messages("w2", limit=10, lease_seconds=60)) == 1


def test_one_runner_at_a_time_until_the_lease_ends():
    assert acquire_run_lease("a", 60)
    assert not acquire_run_lease("b", 60)
    assert acquire_run_lease("a", 60)  # the holder renews
    release_run_lease("a")
    assert acquire_run_lease("b", 60)
    later = timezone.now() + timedelta(seconds=120)
    assert acquire_run_lease("c", 60, now=later)  # b's lease ran out


def test_reprocess_requeues_a_failed_message():
    failed = FailedMessageFactory.create()
    result = reprocess_messages([failed])
    assert result.requeued == 1
    failed.refresh_from_db()
    assert failed.status == MessageStatus.PENDING
    assert failed.attempts == 0


def test_reprocess_of_a_record_with_newer_pending_work_is_superseded():
    failed = FailedMessageFactory.create(key="AAA")
    newer = MessageFactory.create(key="AAA")
    result = reprocess_messages([failed])
    assert (result.requeued, result.superseded) == (0, 1)
    failed.refresh_from_db()
    assert failed.status == MessageStatus.SKIPPED
    assert failed.reason == f"superseded by #{newer.pk}"
    assert Message.objects.filter(status=MessageStatus.PENDING).count() == 1


def test_reprocess_of_two_failed_messages_of_one_record_keeps_only_the_newest():
    older = FailedMessageFactory.create(key="AAA")
    newest = FailedMessageFactory.create(key="AAA")
    result = reprocess_messages(Message.objects.filter(status=MessageStatus.FAILED))
    assert (result.requeued, result.superseded) == (1, 1)
    older.refresh_from_db()
    newest.refresh_from_db()
    assert newest.status == MessageStatus.PENDING
    assert older.reason == f"superseded by #{newest.pk}"


def test_reprocess_of_a_succeeded_message_queues_the_record_again_read_fresh():
    done = ProcessingMessageFactory.create(key="AAA", payload={"price": "1"})
    done.mark_succeeded()
    result = reprocess_messages([done])
    assert result.resent == 1
    fresh = Message.objects.get(status=MessageStatus.PENDING)
    assert (fresh.key, fresh.payload, fresh.source, fresh.action) == (
        "AAA",
        None,
        MessageSource.REPROCESS,
        MessageAction.UPSERT,
    )
