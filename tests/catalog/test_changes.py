"""Changes after the initial sync: through the poller and through push notifications, only active
schema fields count, readiness decides what may sync, and dependencies come first."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections

from sandbox.common.catalog import Catalog
from sandbox.testing import SandboxHandle
from schema.models import SchemaField
from sync.choices import Entity
from sync.loop import run_queue
from sync.models import Link, Message, MessageSource, MessageStatus, PushSettings
from sync.queue import QueueSettings, enqueue
from tests.catalog import expected

pytestmark = pytest.mark.integration

Sandboxes = tuple[SandboxHandle, SandboxHandle]
PUSH_SECRET = "catalog-push-secret"


def sync_everything() -> None:
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    call_command("initial_sync", "--no-progress", stdout=StringIO())


def product(magento: SandboxHandle, sku: str) -> dict[str, Any]:
    return next(p for p in magento.state("products") if p["sku"] == sku)


def custom(record: dict[str, Any], code: str) -> Any:
    return next((c["value"] for c in record["custom_attributes"] if c["attribute_code"] == code), None)


@pytest.mark.django_db
def test_a_description_changed_in_acumatica_reaches_magento_through_the_poller(
    connector: Sandboxes, catalog: Catalog
) -> None:
    acumatica, magento = connector
    item = expected.simple_item(catalog)
    sync_everything()
    magento.reset_stats()

    acumatica.put_state("StockItem", item.inventory_id, {"Description": {"value": "Renamed in Acumatica"}})
    run_queue(until_idle=True, force_poll=True)

    assert product(magento, item.inventory_id)["name"] == "Renamed in Acumatica"
    message = Message.objects.get(entity=Entity.PRODUCT, key=item.inventory_id, source=MessageSource.POLL)
    assert message.status == MessageStatus.SUCCEEDED
    writes = [r for r in magento.requests() if r["method"] != "GET"]
    assert [(r["method"], r["path"]) for r in writes] == [
        ("PUT", f"/rest/all/V1/products/{item.inventory_id}")
    ]


@pytest.mark.django_db
def test_a_price_changed_in_acumatica_is_written_as_a_price_without_saving_the_product(
    connector: Sandboxes, catalog: Catalog
) -> None:
    acumatica, magento = connector
    item = expected.simple_item(catalog)
    sync_everything()
    magento.reset_stats()

    acumatica.put_state("StockItem", item.inventory_id, {"DefaultPrice": {"value": 123.45}})
    run_queue(until_idle=True, force_poll=True)

    assert product(magento, item.inventory_id)["price"] == 123.45
    writes = [r for r in magento.requests() if r["method"] != "GET"]
    assert [r["path"] for r in writes] == ["/rest/V1/products/base-prices"]


@pytest.mark.django_db(transaction=True)
def test_a_description_changed_in_acumatica_reaches_magento_through_a_push_notification(
    connector: Sandboxes, catalog: Catalog, live_server: Any
) -> None:
    acumatica, magento = connector
    item = expected.simple_item(catalog)
    sync_everything()
    push = PushSettings.load()
    push.secret = PUSH_SECRET
    push.save()
    acumatica.config(
        push_url=f"{live_server.url}/hooks/acumatica/", push_headers={push.header_name: PUSH_SECRET}
    )

    acumatica.put_state("StockItem", item.inventory_id, {"Description": {"value": "Pushed from Acumatica"}})
    pushed = Message.objects.filter(entity=Entity.PRODUCT, key=item.inventory_id, source=MessageSource.PUSH)
    deadline = time.monotonic() + 10
    while not pushed.exists() and time.monotonic() < deadline:
        time.sleep(0.02)  # the sandbox delivers from its own thread
    run_queue(until_idle=True, poll=False)

    assert pushed.get().status == MessageStatus.SUCCEEDED
    assert product(magento, item.inventory_id)["name"] == "Pushed from Acumatica"


@pytest.mark.django_db(transaction=True)
def test_a_price_and_a_description_pushed_while_the_loop_runs_reach_magento_within_one_sleep_interval(
    connector: Sandboxes, catalog: Catalog, live_server: Any
) -> None:
    """design.md section 4: a message that arrives while a run is active is picked up within one
    Process Sleep Time; here the run is the scheduled task's loop, running in another thread."""
    acumatica, magento = connector
    item = expected.simple_item(catalog)
    sync_everything()
    push = PushSettings.load()
    push.secret = PUSH_SECRET
    push.save()
    acumatica.config(
        push_url=f"{live_server.url}/hooks/acumatica/", push_headers={push.header_name: PUSH_SECRET}
    )
    settings = replace(QueueSettings.load(), check_process_time=30, process_sleep_time=2)
    stop = threading.Event()

    def scheduled_run() -> None:
        try:
            run_queue(settings=settings, poll=False, should_stop=stop.is_set)
        finally:
            connections.close_all()

    runner = threading.Thread(target=scheduled_run)
    runner.start()
    try:
        time.sleep(0.5)  # the run has passed once and sleeps
        acumatica.put_state(
            "StockItem",
            item.inventory_id,
            {"Description": {"value": "Pushed mid-run"}, "DefaultPrice": {"value": 77.5}},
        )
        pushed = Message.objects.filter(key=item.inventory_id, source=MessageSource.PUSH)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            done = pushed.filter(status=MessageStatus.SUCCEEDED)
            if {Entity.PRODUCT, Entity.PRICE} <= set(done.values_list("entity", flat=True)):
                break
            time.sleep(0.05)
    finally:
        stop.set()
        runner.join(timeout=30)

    for entity in (Entity.PRODUCT, Entity.PRICE):
        message = pushed.get(entity=entity)
        assert message.status == MessageStatus.SUCCEEDED, (entity, message.error)
        assert message.processed_at is not None
        waited = (message.processed_at - message.created_at).total_seconds()
        assert waited <= settings.process_sleep_time + 1.0, (entity, waited)
    assert product(magento, item.inventory_id)["name"] == "Pushed mid-run"
    assert product(magento, item.inventory_id)["price"] == 77.5


@pytest.mark.django_db
def test_a_change_to_an_inactive_schema_field_makes_no_magento_write(
    connector: Sandboxes, catalog: Catalog
) -> None:
    acumatica, magento = connector
    item = expected.simple_item(catalog)
    sync_everything()
    assert not SchemaField.objects.get(entity="product", api_reference_path="MSRP").active
    magento.reset_stats()

    acumatica.put_state("StockItem", item.inventory_id, {"MSRP": {"value": 999.5}})
    run_queue(until_idle=True, force_poll=True)

    message = Message.objects.get(entity=Entity.PRODUCT, key=item.inventory_id, source=MessageSource.POLL)
    assert (message.status, message.reason) == (MessageStatus.SKIPPED, "unchanged")
    assert magento.stats()["writes_total"] == 0

    # The same change once the field is active is written.
    SchemaField.objects.filter(entity="product", api_reference_path="MSRP").update(active=True)
    acumatica.put_state("StockItem", item.inventory_id, {"MSRP": {"value": 1001.25}})
    run_queue(until_idle=True, force_poll=True)

    assert float(custom(product(magento, item.inventory_id), "msrp")) == 1001.25


@pytest.mark.django_db
def test_items_that_may_not_sync_are_skipped_with_the_reason(connector: Sandboxes, catalog: Catalog) -> None:
    _, magento = connector
    apparel = next(i for i in catalog.simple_items if i.item_class == "APPAREL")
    electronic, other = [i for i in catalog.simple_items if i.item_class == "ELECTRONIC"][:2]
    call_command("enable_for_sync", "--items", apparel.inventory_id, "--no-queue", stdout=StringIO())
    call_command("enable_for_sync", "--item-class", "ELECTRONIC", "--no-queue", stdout=StringIO())
    call_command("enable_for_sync", "--items", other.inventory_id, "--disable", stdout=StringIO())

    call_command("initial_sync", "--entity", "attribute_set,product", "--no-progress", stdout=StringIO())

    def reason(key: str) -> tuple[str, str]:
        message = Message.objects.get(entity=Entity.PRODUCT, key=key)
        return message.status, message.reason

    assert reason(apparel.inventory_id) == (
        MessageStatus.SKIPPED,
        "item class APPAREL is not enabled for Magento sync",
    )
    assert reason(other.inventory_id) == (
        MessageStatus.SKIPPED,
        f"item {other.inventory_id} is not enabled for Magento sync",
    )
    assert reason(electronic.inventory_id)[0] == MessageStatus.SUCCEEDED
    skus = {p["sku"] for p in magento.state("products")}
    assert electronic.inventory_id in skus
    assert apparel.inventory_id not in skus and other.inventory_id not in skus


@pytest.mark.django_db
def test_a_product_whose_category_is_not_in_magento_yet_waits_for_it_then_succeeds(
    connector: Sandboxes, catalog: Catalog
) -> None:
    _, magento = connector
    item = next(i for i in catalog.simple_items if i.categories[0] in (2, 3, 5, 6, 8, 9))  # a subcategory
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    call_command("initial_sync", "--entity", "attribute_set", "--no-progress", stdout=StringIO())
    assert not Link.objects.for_entity(Entity.CATEGORY).linked().exists()

    enqueue(Entity.PRODUCT, item.inventory_id)
    run_queue(until_idle=True, poll=False)

    message = Message.objects.get(entity=Entity.PRODUCT, key=item.inventory_id)
    assert message.status == MessageStatus.SUCCEEDED
    assert message.waits >= 1
    names = expected.magento_products(magento)[item.inventory_id]["categories"]
    assert names == expected.products(catalog)[item.inventory_id]["categories"]
    # The parent category came first, then the child, then the product.
    categories = Message.objects.filter(entity=Entity.CATEGORY, status=MessageStatus.SUCCEEDED).order_by(
        "processed_at"
    )
    parent = next(c for c in catalog.categories if c.category_id == item.categories[0]).parent_id
    assert [m.key for m in categories][:2] == [str(parent), str(item.categories[0])]


@pytest.mark.django_db
def test_an_item_that_stops_being_active_is_disabled_in_magento_not_deleted(
    connector: Sandboxes, catalog: Catalog
) -> None:
    acumatica, magento = connector
    item = expected.simple_item(catalog)
    sync_everything()

    acumatica.put_state("StockItem", item.inventory_id, {"ItemStatus": {"value": "Inactive"}})
    run_queue(until_idle=True, force_poll=True)

    assert product(magento, item.inventory_id)["status"] == 2
    message = Message.objects.get(entity=Entity.PRODUCT, key=item.inventory_id, source=MessageSource.POLL)
    assert message.reason == f"updated disabled product {item.inventory_id}"
