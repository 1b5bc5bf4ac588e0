"""Log retention, unlogged actions, Flush Messages and system messages: finished log entries go,
pending, processing and failed work never does."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from sync.choices import Entity, LogAction, LogCleaningFrequency
from sync.flows import temporary_flows
from sync.loop import run_queue
from sync.models import LogCleaning, LogCleaningKind, LoggingSettings, Message, MessageSource, MessageStatus
from sync.queue import QueueSettings
from sync.retention import (
    CLEAN_LOGS,
    clean_logs,
    ensure_retention_schedule,
    flush_messages,
    run_scheduled_cleaning,
)
from tests.engine.factories import FailedMessageFactory, MessageFactory, ProcessingMessageFactory
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db
ALL_STATUSES = {"pending", "processing", "failed", "succeeded", "skipped"}


def aged(days: float, **fields: object) -> Message:
    """A message in any status that finished (or was created) `days` ago."""
    when = timezone.now() - timedelta(days=days)
    status = str(fields.pop("status", MessageStatus.SUCCEEDED))
    factories: dict[str, type[MessageFactory]] = {
        MessageStatus.FAILED: FailedMessageFactory,
        MessageStatus.PROCESSING: ProcessingMessageFactory,
    }
    factory = factories.get(status, MessageFactory)
    message = factory.create(status=status, **fields)
    finished = status in (MessageStatus.SUCCEEDED, MessageStatus.SKIPPED, MessageStatus.FAILED)
    Message.objects.filter(pk=message.pk).update(created_at=when, processed_at=when if finished else None)
    return message


def one_of_each(days: float) -> dict[str, int]:
    return {status: aged(days, status=status).pk for status in ALL_STATUSES}


def remaining() -> set[int]:
    return set(Message.objects.values_list("pk", flat=True))


def test_retention_removes_only_expired_succeeded_and_skipped_entries() -> None:
    settings = LoggingSettings.load()
    settings.log_lifetime_days = 30
    settings.save()
    old, recent = one_of_each(days=45), one_of_each(days=5)

    record = clean_logs()

    expected = remaining()
    assert old["succeeded"] not in expected and old["skipped"] not in expected
    assert {old[s] for s in ("pending", "processing", "failed")} <= expected
    assert set(recent.values()) <= expected
    assert record.expired_removed == 2


def test_scheduled_cleaning_runs_at_the_log_cleaning_frequency() -> None:
    settings = LoggingSettings.load()
    settings.cleaning_frequency = LogCleaningFrequency.WEEKLY
    settings.log_lifetime_days = 1
    settings.save()

    assert run_scheduled_cleaning()["cleaned"] is True
    aged(3)
    assert run_scheduled_cleaning() == {"cleaned": False}  # a week has not passed
    LogCleaning.objects.update(started_at=timezone.now() - timedelta(days=7))
    result = run_scheduled_cleaning()

    assert result["cleaned"] is True and result["expired"] == 1
    assert LogCleaning.objects.filter(kind=LogCleaningKind.SCHEDULED).count() == 2


def test_the_cleaning_schedule_is_ensured_once_by_name() -> None:
    ensure_retention_schedule()
    ensure_retention_schedule()
    Schedule.objects.create(name=CLEAN_LOGS.name, func="something.else", schedule_type=Schedule.DAILY)

    ensure_retention_schedule()

    schedule = Schedule.objects.get(name=CLEAN_LOGS.name)
    assert (schedule.func, schedule.minutes) == ("sync.retention.run_scheduled_cleaning", 60)


def test_finished_messages_of_unlogged_actions_are_deleted_after_the_run_and_work_is_kept() -> None:
    settings = LoggingSettings.load()
    settings.logged_actions = [a for a in LogAction.values if a != LogAction.PRICE]
    settings.save()
    price = {status: aged(0, status=status, entity=Entity.PRICE).pk for status in ALL_STATUSES - {"pending"}}
    waiting = MessageFactory.create(entity=Entity.PRICE, next_attempt_at=timezone.now() + timedelta(hours=1))
    initial = aged(0, entity=Entity.PRICE, source=MessageSource.INITIAL)  # Initialization is logged
    product = aged(0, entity=Entity.PRODUCT)

    with temporary_flows():
        run_queue(settings=QueueSettings(), single_pass=True, poll=False)

    left = remaining()
    assert price["succeeded"] not in left and price["skipped"] not in left
    assert {price["processing"], price["failed"], waiting.pk, initial.pk, product.pk} <= left


def test_flush_keeps_pending_processing_and_failed_messages() -> None:
    kept = {pk for status, pk in one_of_each(days=1).items() if status in ("pending", "processing", "failed")}
    finished = aged(400)

    record = flush_messages(by="tester")

    assert remaining() == kept
    assert finished.pk not in remaining()
    assert (record.kind, record.flushed, record.requested_by) == (LogCleaningKind.FLUSH, 3, "tester")


def test_flush_messages_command_asks_first_and_can_be_narrowed(monkeypatch: pytest.MonkeyPatch) -> None:
    price, product = aged(1, entity=Entity.PRICE), aged(1, entity=Entity.PRODUCT)
    failed = aged(1, status=MessageStatus.FAILED, entity=Entity.PRICE)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was deleted"):
        call_command("flush_messages", stdout=StringIO())
    assert remaining() == {price.pk, product.pk, failed.pk}

    call_command("flush_messages", "--entity", "price", "--yes", stdout=StringIO())
    assert remaining() == {product.pk, failed.pk}


def staff_client() -> Client:
    client = Client()
    client.force_login(StaffUserFactory.create(is_superuser=True))
    return client


def test_admin_flush_shows_a_confirmation_page_before_deleting() -> None:
    finished, failed = aged(1), aged(1, status=MessageStatus.FAILED)
    client = staff_client()
    url = reverse("admin:sync_flush_messages")

    page = client.get(url)
    assert page.status_code == 200
    assert b"Are you sure?" in page.content and b"1 failed" in page.content
    assert remaining() == {finished.pk, failed.pk}  # looking deletes nothing

    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 302 and remaining() == {finished.pk, failed.pk}

    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert remaining() == {failed.pk}


def test_failures_show_as_system_messages_on_admin_pages_when_enabled() -> None:
    FailedMessageFactory.create(
        entity=Entity.ORDER, error='No shipping method mapping for Magento method "ups_GND"'
    )
    client = staff_client()

    page = client.get(reverse("admin:index"))
    assert b"sync-system-messages" in page.content
    assert b"1 failed sync message" in page.content and b"ups_GND" in page.content

    settings = LoggingSettings.load()
    settings.show_in_system_messages = False
    settings.save()
    assert b"sync-system-messages" not in client.get(reverse("admin:index")).content


def test_no_system_message_without_failures() -> None:
    aged(1)
    assert b"sync-system-messages" not in staff_client().get(reverse("admin:index")).content
