"""The processing loop's semantics with in-process flows (no HTTP): batching, retries, waits,
connection errors, pause, the check-process-time rhythm, the runner guard, polling."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any, ClassVar

import pytest
from django.db import connection
from django.utils import timezone

from endpoints.exceptions import AuthError, ServerError, ValidationError
from endpoints.redaction import register_secret
from sync.context import SyncContext
from sync.cursors import set_cursor
from sync.exchange_log import make_entry
from sync.flows import Change, Dependency, Flow, Outcome, temporary_flows
from sync.loop import run_queue
from sync.models import ConnectionState, Cursor, Message, MessageStatus
from sync.queue import QueueSettings, acquire_run_lease, enqueue, pause_queue
from tests.engine.factories import MessageFactory, ProcessingMessageFactory

pytestmark = pytest.mark.django_db

FAST = QueueSettings(
    threshold_count=25,
    batch_count=5,
    retry_count=3,
    check_process_time=10,
    process_sleep_time=3,
    backoff_base=0,
    wait_delay=0,
    poll_interval=0,
    poll_lookback=60,
)


class FakeClock:
    """A monotonic clock that only moves when the loop sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self.on_sleep: list[Any] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        for action in self.on_sleep:
            action()


class PriceFake(Flow):
    entity = "price"
    batchable = True
    depends_on = ("product",)
    calls: ClassVar[list[list[str]]] = []
    raise_error: ClassVar[Exception | None] = None

    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> Mapping[int, Outcome]:
        type(self).calls.append([m.key for m in messages])
        error = type(self).raise_error
        if error is not None:
            raise error
        ctx.exchanges.record(
            make_entry(system="magento", method="POST", url="http://m/V1/products/base-prices", status=200)
        )
        return {m.pk: Outcome.succeeded(f"price of {m.key}") for m in messages}


class ProductFake(Flow):
    entity = "product"
    calls: ClassVar[list[list[str]]] = []

    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> Mapping[int, Outcome]:
        type(self).calls.append([m.key for m in messages])
        return {m.pk: Outcome.succeeded("saved") for m in messages}


class CategoryPoller(Flow):
    entity = "category"
    windows: ClassVar[list[tuple[Any, Any]]] = []
    changes: ClassVar[list[Change]] = []
    fail: ClassVar[bool] = False

    def poll(self, ctx: SyncContext, since: Any, until: Any) -> list[Change]:
        type(self).windows.append((since, until))
        if type(self).fail:
            raise ServerError("503 from Acumatica", system="acumatica", status=503)
        return list(type(self).changes)

    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> Mapping[int, Outcome]:
        return {m.pk: Outcome.skipped("unchanged") for m in messages}


@pytest.fixture(autouse=True)
def fake_flows() -> Iterator[None]:
    for flow in (PriceFake, ProductFake, CategoryPoller):
        for value in vars(flow).values():
            if isinstance(value, list):
                value.clear()
    PriceFake.raise_error = None
    CategoryPoller.fail = False
    with temporary_flows(PriceFake, ProductFake, CategoryPoller):
        yield


def run(**kwargs: Any) -> Any:
    clock = kwargs.pop("clock", FakeClock())
    kwargs.setdefault("settings", FAST)
    return run_queue(sleep=clock.sleep, clock=clock, **kwargs)


def test_backlog_over_threshold_goes_in_batches_of_batch_count():
    MessageFactory.create_batch(50, entity="price")
    run(single_pass=True)
    assert [len(call) for call in PriceFake.calls] == [5] * 10
    assert Message.objects.filter(status=MessageStatus.SUCCEEDED).count() == 50


def test_backlog_up_to_threshold_goes_one_record_per_request():
    MessageFactory.create_batch(20, entity="price")
    run(single_pass=True)
    assert [len(call) for call in PriceFake.calls] == [1] * 20


def test_flow_that_is_not_batchable_gets_one_record_per_call():
    MessageFactory.create_batch(30, entity="product")
    run(single_pass=True)
    assert [len(call) for call in ProductFake.calls] == [1] * 30


def test_retryable_error_is_retried_until_retry_count_then_failed_with_remote_message():
    message = MessageFactory.create(entity="price", key="AAA")
    PriceFake.raise_error = ServerError(
        "POST base-prices: 503", remote_message="Service Unavailable", system="magento", status=503
    )
    report = run(until_idle=True)
    message.refresh_from_db()
    assert len(PriceFake.calls) == 3
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 3
    assert "Service Unavailable" in message.error
    assert report.stats.failed == 1


def test_permanent_error_fails_at_once():
    message = MessageFactory.create(entity="price", key="AAA")
    PriceFake.raise_error = ValidationError(
        "POST base-prices: 400", remote_message='Invalid attribute SKU = "AAA".', system="magento", status=400
    )
    run(until_idle=True)
    message.refresh_from_db()
    assert len(PriceFake.calls) == 1
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "Invalid attribute SKU" in message.error


def test_auth_error_stops_the_connection_for_the_run_without_using_tries():
    MessageFactory.create_batch(3, entity="price")
    PriceFake.raise_error = AuthError("401 Unauthorized: the bearer token was refused", system="magento")
    report = run(single_pass=True)
    assert len(PriceFake.calls) == 1  # the other two were not even tried
    assert set(Message.objects.values_list("status", "attempts")) == {(MessageStatus.PENDING, 0)}
    assert all("bearer token was refused" in m.error for m in Message.objects.all())
    state = ConnectionState.objects.get(system="magento")
    assert not state.ok and "bearer token" in state.error
    assert "magento@default" in report.stats.connection_errors


def test_product_and_price_of_one_item_go_product_first():
    price = MessageFactory.create(entity="price", key="AAA")
    product = MessageFactory.create(entity="product", key="AAA")
    run(single_pass=True)
    price.refresh_from_db()
    product.refresh_from_db()
    assert (price.status, product.status) == (MessageStatus.SUCCEEDED, MessageStatus.SUCCEEDED)
    assert price.processed_at and product.processed_at
    assert price.processed_at >= product.processed_at


def test_price_waits_for_its_product_without_using_a_try():
    MessageFactory.create(entity="product", key="AAA", next_attempt_at=timezone.now() + timedelta(hours=1))
    price = MessageFactory.create(entity="price", key="AAA")
    run(single_pass=True)
    price.refresh_from_db()
    assert PriceFake.calls == []
    assert (price.status, price.attempts, price.waits) == (MessageStatus.PENDING, 0, 1)
    assert price.reason == "waiting for product AAA"


def test_exchanges_are_stored_on_every_message_of_the_batch_without_secrets():
    register_secret("s3cr3t-token-value")
    MessageFactory.create_batch(2, entity="price")
    PriceFake.raise_error = None
    run(single_pass=True)
    for message in Message.objects.all():
        assert len(message.exchanges) == 1
        assert message.exchanges[0]["url"] == "http://m/V1/products/base-prices"
    entry = make_entry(
        system="magento",
        method="POST",
        url="http://m/x?token=s3cr3t-token-value",
        status=401,
        request={"password": "hunter22", "sku": "A"},
        response="Bearer s3cr3t-token-value refused",
    )
    assert "s3cr3t-token-value" not in str(entry) and "hunter22" not in str(entry)


def test_paused_queue_sends_nothing_but_producers_still_queue():
    MessageFactory.create(entity="price")
    set_cursor("category", "a2m", "default", timezone.now() - timedelta(minutes=5))
    CategoryPoller.changes = [Change("12")]
    pause_queue(by="ops")
    report = run(single_pass=True)
    assert PriceFake.calls == []
    assert report.paused
    assert Message.objects.filter(entity="category", key="12", status=MessageStatus.PENDING).exists()
    assert Message.objects.get(entity="price").status == MessageStatus.PENDING


def test_run_repeats_after_process_sleep_time_until_check_process_time_is_used():
    clock = FakeClock()
    arrivals = iter(["A", "B", "C", "D"])
    clock.on_sleep.append(lambda: enqueue("product", next(arrivals)))
    report = run(clock=clock)
    # passes at t=0, 3, 6, 9; after t=9 a sleep of 3 would pass check process time 10
    assert clock.sleeps == [3, 3, 3]
    assert report.passes == 4
    assert ProductFake.calls == [["A"], ["B"], ["C"]]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite limits the queue to one runner")
def test_second_runner_on_sqlite_does_nothing_while_the_first_holds_the_lease():
    MessageFactory.create(entity="price")
    assert acquire_run_lease("other/run", 300)
    report = run(single_pass=True)
    assert report.busy
    assert PriceFake.calls == []


def test_run_recovers_stale_claims_before_claiming():
    stale = ProcessingMessageFactory.create(
        entity="price", key="AAA", lease_expires_at=timezone.now() - timedelta(seconds=5)
    )
    run(until_idle=True)
    stale.refresh_from_db()
    assert stale.status == MessageStatus.SUCCEEDED
    assert stale.attempts == 2  # the lost try counts


def test_until_idle_returns_when_nothing_is_pending_or_processing():
    MessageFactory.create_batch(3, entity="product")
    report = run(until_idle=True)
    assert not Message.objects.active().exists()
    assert report.stats.succeeded == 3


def test_first_poll_only_starts_the_cursor():
    CategoryPoller.changes = [Change("12")]
    run(single_pass=True)
    assert CategoryPoller.windows == []
    assert Cursor.objects.get(entity="category").value is not None
    assert not Message.objects.exists()


def test_poll_reads_from_cursor_minus_lookback_and_commits_after_storing():
    start = timezone.now() - timedelta(minutes=10)
    set_cursor("category", "a2m", "default", start)
    CategoryPoller.changes = [Change("12", payload={"Description": "Bikes"}), Change("13")]
    report = run(single_pass=True)
    since, until = CategoryPoller.windows[0]
    assert since == start - timedelta(seconds=FAST.poll_lookback)
    assert Cursor.objects.get(entity="category").value == until
    assert report.stats.polled == 2
    assert set(Message.objects.values_list("key", "status")) == {
        ("12", MessageStatus.SKIPPED),
        ("13", MessageStatus.SKIPPED),
    }


def test_failed_poll_keeps_the_cursor_for_the_next_run():
    start = timezone.now() - timedelta(minutes=10)
    set_cursor("category", "a2m", "default", start)
    CategoryPoller.fail = True
    run(single_pass=True)
    assert Cursor.objects.get(entity="category").value == start


def test_disabled_entity_is_not_polled():
    from sync.models import SetupParameters

    set_cursor("category", "a2m", "default", timezone.now() - timedelta(minutes=10))
    setup = SetupParameters.load()
    setup.category_sync_active = False
    setup.save()
    run(single_pass=True)
    assert CategoryPoller.windows == []


class SlowPriceFlow(PriceFake):
    """Processing outlives the lease: another worker recovers and finishes the message meanwhile."""

    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> Mapping[int, Outcome]:
        for message in messages:
            Message.objects.filter(pk=message.pk).update(claimed_by="other-worker/run")
        return {m.pk: Outcome.succeeded("late") for m in messages}


def test_result_of_a_worker_that_lost_its_claim_is_dropped_not_raised():
    message = MessageFactory.create(entity="price")
    with temporary_flows(SlowPriceFlow, ProductFake):
        report = run(single_pass=True)
    message.refresh_from_db()
    assert (message.status, message.claimed_by) == (MessageStatus.PROCESSING, "other-worker/run")
    assert report.stats.lost == 1 and report.stats.succeeded == 0


class TreeFake(Flow):
    """A category waits for its parent category (same entity, other key)."""

    entity = "category"
    order: ClassVar[list[str]] = []

    def dependencies(self, ctx: SyncContext, message: Message) -> list[Dependency]:
        parent = (message.payload or {}).get("parent")
        return [Dependency("category", parent)] if parent else []

    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> Mapping[int, Outcome]:
        type(self).order.extend(m.key for m in messages)
        return {m.pk: Outcome.succeeded("saved") for m in messages}


def test_parent_processed_earlier_in_the_same_pass_does_not_hold_its_child():
    TreeFake.order.clear()
    MessageFactory.create(entity="category", key="1", payload={})
    MessageFactory.create(entity="category", key="2", payload={"parent": "1"})
    MessageFactory.create(entity="category", key="3", payload={"parent": "2"})
    with temporary_flows(TreeFake):
        report = run(single_pass=True)
    assert TreeFake.order == ["1", "2", "3"]
    assert report.stats.waited == 0


def test_child_claimed_before_its_parent_waits_without_a_try():
    TreeFake.order.clear()
    child = MessageFactory.create(entity="category", key="2", payload={"parent": "1"})
    MessageFactory.create(entity="category", key="1", payload={})
    with temporary_flows(TreeFake):
        run(single_pass=True)
        child.refresh_from_db()
        assert (child.status, child.waits, child.attempts) == (MessageStatus.PENDING, 1, 0)
        run(until_idle=True)
    child.refresh_from_db()
    assert child.status == MessageStatus.SUCCEEDED
    assert TreeFake.order == ["1", "2"]
