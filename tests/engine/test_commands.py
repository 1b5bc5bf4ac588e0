"""The engine's management commands: process_queue, reprocess_failed, sync_status,
setup_push_notifications, configure --push-secret, and the idempotent schedule."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_q.models import Schedule

from sync.context import SyncContext
from sync.flows import Flow, Outcome, temporary_flows
from sync.models import Message, MessageStatus, PushSettings
from sync.schedules import ensure_schedules
from tests.engine.factories import FailedMessageFactory, MessageFactory

pytestmark = pytest.mark.django_db


class InstantFlow(Flow):
    entity = "category"

    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> Mapping[int, Outcome]:
        return {m.pk: Outcome.succeeded("done") for m in messages}


@pytest.fixture
def instant_flow() -> Iterator[None]:
    with temporary_flows(InstantFlow):
        yield


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_process_queue_until_idle_drains_the_queue(instant_flow):
    MessageFactory.create_batch(4, entity="category")
    output = run("process_queue", "--until-idle", "--no-poll")
    assert "4 succeeded" in output
    assert not Message.objects.active().exists()


def test_process_queue_until_idle_returns_when_paused(instant_flow):
    MessageFactory.create(entity="category")
    call_command("process_queue", "--until-idle", stdout=StringIO())  # idle afterwards
    from sync.queue import pause_queue

    MessageFactory.create(entity="category")
    pause_queue()
    output = run("process_queue", "--until-idle", "--no-poll")
    assert "paused" in output
    assert Message.objects.filter(status=MessageStatus.PENDING).count() == 1


def test_reprocess_failed_by_entity():
    price = FailedMessageFactory.create(entity="price")
    inventory = FailedMessageFactory.create(entity="inventory")
    output = run("reprocess_failed", "--entity", "price")
    assert "1 requeued" in output
    price.refresh_from_db()
    inventory.refresh_from_db()
    assert (price.status, inventory.status) == (MessageStatus.PENDING, MessageStatus.FAILED)


def test_reprocess_failed_refuses_an_unknown_entity():
    with pytest.raises(CommandError, match="Unknown entity 'prices'"):
        call_command("reprocess_failed", "--entity", "prices")


def test_sync_status_prints_counts():
    FailedMessageFactory.create(entity="price")
    output = run("sync_status")
    assert "price" in output
    assert "never seen" in output


def test_setup_push_notifications_prints_address_header_and_generates_a_secret():
    output = run("setup_push_notifications", "--base-url", "https://connector.example.com")
    secret = PushSettings.load().secret
    assert secret
    assert "https://connector.example.com/hooks/acumatica/" in output
    assert "X-Push-Secret" in output and secret in output
    again = run("setup_push_notifications", "--base-url", "https://connector.example.com")
    assert PushSettings.load().secret == secret  # kept unless --rotate
    assert "generated" not in again


def test_configure_push_secret_flag_and_export_shows_only_set():
    call_command("configure", "--push-secret", "from-the-command-line", stdout=StringIO())
    assert PushSettings.load().secret == "from-the-command-line"
    out = StringIO()
    call_command("configure", "--export", stdout=out)
    assert '"secret": "set"' in out.getvalue()
    assert "from-the-command-line" not in out.getvalue()


def test_configure_refuses_a_bad_header_name():
    with pytest.raises(CommandError, match=r"push\.header_name"):
        call_command("configure", "--set", "push.header_name=X Push", stdout=StringIO())


def test_schedule_is_ensured_once_by_name():
    ensure_schedules()
    ensure_schedules()
    Schedule.objects.create(name="sync.process_queue", func="sync.tasks.process_queue")  # a stray copy
    ensure_schedules()
    schedules = Schedule.objects.filter(name="sync.process_queue")
    assert schedules.count() == 1
    schedule = schedules.get()
    assert (schedule.func, schedule.schedule_type, schedule.minutes, schedule.repeats) == (
        "sync.tasks.process_queue",
        Schedule.MINUTES,
        1,
        -1,
    )


def test_repeated_post_migrate_keeps_one_schedule():
    from django.core.management.sql import emit_post_migrate_signal

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Schedule.objects.filter(name="sync.process_queue").count() == 1
