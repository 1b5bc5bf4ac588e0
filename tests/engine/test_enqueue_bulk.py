"""`enqueue_changes` writes a producer's page in bulk: one read of the pending messages and one
insert for the new ones, not a read and an insert per change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sync.models import Message, MessageStatus
from sync.queue import Change, enqueue_changes
from tests.engine.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_a_page_of_new_changes_is_stored_in_a_bulk_insert_in_order():
    changes = [Change(f"ITEM{i:03}", payload={"price": str(i)}) for i in range(200)]

    with CaptureQueriesContext(connection) as captured:
        counts = enqueue_changes("price", changes)

    # Before: a look-up, a savepoint, an insert and its release per change (800 statements). Now
    # one multi-row insert (SQLite splits it by its limit on query parameters: ~50 rows each).
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(writes) <= 5
    assert len(captured.captured_queries) <= 10
    assert (counts.created, counts.coalesced) == (200, 0)
    stored = list(Message.objects.order_by("id").values_list("id", "key", "payload", "status"))
    assert [row[0] for row in stored] == counts.message_ids
    assert [(key, payload) for _, key, payload, _ in stored] == [(c.key, c.payload) for c in changes]
    assert {row[3] for row in stored} == {MessageStatus.PENDING}


def test_changes_of_records_with_pending_messages_coalesce_and_the_rest_are_inserted():
    old = MessageFactory.create(entity="price", key="B", payload={"price": "old"})

    counts = enqueue_changes("price", [Change("A", payload={"p": 1}), Change("B", payload={"p": 2})])

    assert (counts.created, counts.coalesced) == (1, 1)
    assert counts.message_ids == [Message.objects.get(key="A").pk, old.pk]
    assert Message.objects.get(pk=old.pk).payload == {"p": 2}


def test_a_pending_message_inserted_by_another_producer_meanwhile_is_coalesced_into(monkeypatch):
    """The bulk read misses a rival's pending message: the insert is refused as a whole and each
    change goes one by one, folding into the rival's message."""
    from sync import queue

    rival = MessageFactory.create(entity="price", key="B", payload={"price": "rival"})
    real_pending = Message.objects.pending
    lookups = []

    def pending_unseen_once():
        lookups.append(1)
        return Message.objects.none() if len(lookups) == 1 else real_pending()

    monkeypatch.setattr(queue.Message.objects, "pending", pending_unseen_once)
    counts = enqueue_changes("price", [Change("A", payload={"p": 1}), Change("B", payload={"p": 2})])

    assert (counts.created, counts.coalesced) == (1, 1)
    assert Message.objects.filter(key="B").count() == 1
    assert Message.objects.get(pk=rival.pk).payload == {"p": 2}
    assert Message.objects.get(key="A").payload == {"p": 1}
