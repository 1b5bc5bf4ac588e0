"""The engine end to end with the price flow, over real HTTP against both sandboxes: the guide's
threshold/batch arithmetic, Retry Count then failed then reprocess, and a price changed in
Acumatica reaching Magento through the push path and through the poller."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest

from endpoints.models import AcumaticaConnection
from sandbox.testing import SandboxHandle
from sync.flows import Change, temporary_flows
from sync.flows.price import PriceFlow
from sync.loop import run_queue
from sync.models import ConnectionState, Message, MessageSource, MessageStatus, PushSettings
from sync.queue import QueueSettings, enqueue_changes, reprocess_messages
from tests.engine.conftest import create_magento_products

pytestmark = [pytest.mark.integration]

SETTINGS = QueueSettings(
    threshold_count=25,
    batch_count=5,
    retry_count=3,
    check_process_time=5,
    process_sleep_time=1,
    backoff_base=0,
    wait_delay=0,
    poll_interval=0,
    poll_lookback=60,
)
PRICE_WRITES = r"/V1/products/base-prices$"
PUSH_SECRET = "engine-test-push-secret"


@pytest.fixture(autouse=True)
def only_the_price_flow() -> Iterator[None]:
    """Other entities' flows are not under test here (a stock item change also concerns them)."""
    with temporary_flows(PriceFlow):
        yield


def stock_items(acumatica: SandboxHandle) -> dict[str, Decimal]:
    return {
        item["InventoryID"]["value"]: Decimal(str(item["DefaultPrice"]["value"]))
        for item in acumatica.state("StockItem")
    }


def magento_price(magento: SandboxHandle, sku: str) -> Decimal:
    return Decimal(str(magento.state("products", sku)["price"]))


def queue_prices(keys: list[str]) -> None:
    enqueue_changes("price", [Change(key) for key in keys], source=MessageSource.INITIAL)


@pytest.mark.django_db
@pytest.mark.parametrize(("pending", "requests"), [(50, 10), (20, 20)])
def test_threshold_and_batch_count_decide_the_number_of_price_requests(
    acumatica: SandboxHandle, magento: SandboxHandle, pending: int, requests: int
):
    prices = stock_items(acumatica)
    keys = sorted(prices)[:pending]
    create_magento_products(magento, keys)
    queue_prices(keys)
    magento.reset_stats()

    report = run_queue(settings=SETTINGS, until_idle=True, poll=False)

    sent = magento.requests(method="POST", path=PRICE_WRITES)
    assert len(sent) == requests
    assert sorted(row["sku"] for r in sent for row in json.loads(r["body"])["prices"]) == keys
    assert report.stats.succeeded == pending
    assert all(magento_price(magento, key) == prices[key] for key in keys)
    sessions = acumatica.stats()["api_sessions"]
    assert sessions["logins"] >= 1 and sessions["open"] == 0  # logged out when the run ended


@pytest.mark.django_db
def test_record_failing_retry_count_times_is_failed_then_reprocess_succeeds(
    acumatica: SandboxHandle, magento: SandboxHandle, settings
):
    settings.HTTP_MAX_RETRIES = 0  # the queue's Retry Count is what is under test, not the client's
    key = sorted(stock_items(acumatica))[0]
    create_magento_products(magento, [key])
    queue_prices([key])
    magento.faults([{"method": "POST", "path": "base-prices", "kind": "status", "status": 500}])
    magento.reset_stats()

    run_queue(settings=SETTINGS, until_idle=True, poll=False)

    message = Message.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert "Injected fault: HTTP 500" in message.error
    assert len(magento.requests(method="POST", path=PRICE_WRITES)) == 3
    assert message.exchanges and message.exchanges[-1]["status"] == 500
    assert magento_price(magento, key) == Decimal(1)  # nothing written

    magento.clear_faults()
    assert reprocess_messages([message]).requeued == 1
    run_queue(settings=SETTINGS, until_idle=True, poll=False)

    message.refresh_from_db()
    assert message.status == MessageStatus.SUCCEEDED
    assert magento_price(magento, key) == stock_items(acumatica)[key]


@pytest.mark.django_db
def test_unchanged_price_is_not_written_twice(acumatica: SandboxHandle, magento: SandboxHandle):
    keys = sorted(stock_items(acumatica))[:3]
    create_magento_products(magento, keys)
    queue_prices(keys)
    run_queue(settings=SETTINGS, until_idle=True, poll=False)
    magento.reset_stats()

    queue_prices(keys)
    run_queue(settings=SETTINGS, until_idle=True, poll=False)

    assert magento.requests(method="POST", path=PRICE_WRITES) == []
    assert Message.objects.filter(status=MessageStatus.SKIPPED, reason="unchanged").count() == 3


@pytest.mark.django_db
def test_wrong_magento_token_stops_the_connection_without_using_tries(
    acumatica: SandboxHandle, magento: SandboxHandle
):
    from sync.models import SetupParameters

    setup = SetupParameters.load()
    setup.bearer_token = "not-the-token"
    setup.save()
    key = sorted(stock_items(acumatica))[0]
    queue_prices([key])

    report = run_queue(settings=SETTINGS, single_pass=True, poll=False)

    message = Message.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 0)
    assert report.stats.connection_errors
    state = ConnectionState.objects.get(system="Magento")
    assert not state.ok
    assert "not-the-token" not in state.error and "not-the-token" not in message.error


def wait_for(condition, acumatica: SandboxHandle, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            log = acumatica._call("GET", "push")
            raise AssertionError(f"timed out waiting for the push notification: {log}")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_price_changed_in_acumatica_reaches_magento_through_push(
    acumatica: SandboxHandle, magento: SandboxHandle, live_server
):
    push = PushSettings.load()
    push.secret = PUSH_SECRET
    push.save()
    acumatica.config(
        push_url=f"{live_server.url}/hooks/acumatica/", push_headers={"X-Push-Secret": PUSH_SECRET}
    )
    key = sorted(stock_items(acumatica))[3]
    create_magento_products(magento, [key])

    acumatica.put_state("StockItem", key, {"DefaultPrice": {"value": 123.45}})
    wait_for(lambda: Message.objects.filter(entity="price", key=key).exists(), acumatica)

    message = Message.objects.get(entity="price", key=key)
    assert (message.source, message.payload) == (MessageSource.PUSH, None)
    run_queue(settings=SETTINGS, until_idle=True, poll=False)

    message.refresh_from_db()
    assert message.status == MessageStatus.SUCCEEDED
    assert magento_price(magento, key) == Decimal("123.45")
    deliveries = acumatica.stats()["push"]
    assert (deliveries["sent"], deliveries["failed"]) == (1, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("version", "modified_field"), [("24.200.001", "LastModifiedDateTime"), ("23.200.001", "LastModified")]
)
def test_price_changed_in_acumatica_reaches_magento_through_the_poller_when_push_is_off(
    acumatica: SandboxHandle, magento: SandboxHandle, version: str, modified_field: str
):
    connection = AcumaticaConnection.objects.ensure_default()
    connection.endpoint_version = version
    connection.save()
    key = sorted(stock_items(acumatica))[4]
    create_magento_products(magento, [key])
    first = run_queue(settings=SETTINGS, single_pass=True)  # the first poll starts the cursor
    assert first.stats.polled == 0

    acumatica.put_state("StockItem", key, {"DefaultPrice": {"value": 77.1}})
    report = run_queue(settings=SETTINGS, until_idle=True)

    message = Message.objects.get(entity="price", key=key)
    assert (message.source, message.status) == (MessageSource.POLL, MessageStatus.SUCCEEDED)
    assert message.payload == {"price": "77.1", "price_source": "default_price"}
    assert report.stats.polled == 1
    assert magento_price(magento, key) == Decimal("77.1")
    polls = [
        r for r in acumatica.requests(method="GET", path=f"/{version}/StockItem$") if "filter" in r["query"]
    ]
    assert polls and all(
        f"{modified_field}+ge+" in r["query"] or f"{modified_field}%20ge%20" in r["query"] for r in polls
    )
