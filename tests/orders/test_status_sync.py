"""Acumatica order status changes to Magento order comments, over real HTTP against both sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.testing import SandboxHandle
from sync.choices import Direction, Entity
from sync.flows.order_status import OrderStatusFlow, change_id, comment_text, has_comment
from sync.flows.orders import OrderImportFlow
from sync.links import get_link
from sync.models import Link, Message, MessageStatus
from sync.queue import enqueue
from tests.orders.support import generate_orders, run, sales_orders, start_polling, value

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def imported_order(acumatica: SandboxHandle, magento: SandboxHandle) -> tuple[str, int]:
    """One generated order imported: its sales order key and its Magento entity id."""
    acumatica.put_state("Customer", "C000016", {"Status": {"value": "Active"}})
    [increment_id] = generate_orders(magento, 1)
    run(OrderImportFlow)
    sales_order = sales_orders(acumatica)[increment_id][0]
    key = f"{value(sales_order, 'OrderType')}/{value(sales_order, 'OrderNbr')}"
    link = get_link(Entity.ORDER, key)
    assert link is not None
    return key, int(link.extra["entity_id"])


def connector_comments(magento: SandboxHandle, order_id: int) -> list[dict[str, Any]]:
    history = magento.state("orders", str(order_id))["status_histories"]
    return sorted((h for h in history if "[acumatica-status " in h["comment"]), key=lambda h: h["entity_id"])


def test_status_changes_become_one_comment_each_with_the_mapped_status(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    key, order_id = imported_order(acumatica, magento)
    before = magento.state("orders", str(order_id))["status"]  # pending, or processing when paid
    start_polling(Entity.ORDER_STATUS, Direction.A2M)

    run(OrderStatusFlow)  # the new sales order is Open: processing, where Magento allows it
    acumatica.put_state("SalesOrder", key, {"Hold": {"value": True}})
    run(OrderStatusFlow)
    run(OrderStatusFlow)  # the next poll reads the same change again (overlapping windows)

    comments = connector_comments(magento, order_id)
    assert [(c["status"], c["comment"].split(" [")[0]) for c in comments] == [
        (before, f"Acumatica order {key.replace('/', ' ')} is Open."),
        ("holded", f"Acumatica order {key.replace('/', ' ')} is On Hold."),
    ]
    assert magento.state("orders", str(order_id))["status"] == "holded"
    assert Message.objects.filter(entity=Entity.ORDER_STATUS, reason__startswith="unchanged").exists()

    acumatica.put_state("SalesOrder", key, {"Hold": {"value": False}})
    run(OrderStatusFlow)
    assert [c["status"] for c in connector_comments(magento, order_id)] == [before, "holded", before]
    assert magento.state("orders", str(order_id))["state"] != "holded"  # the hold was released


def test_a_repeated_status_change_is_detected_by_its_id_in_the_comments(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    key, order_id = imported_order(acumatica, magento)
    start_polling(Entity.ORDER_STATUS, Direction.A2M)
    acumatica.put_state("SalesOrder", key, {"Hold": {"value": True}})
    run(OrderStatusFlow)
    # The connector forgets what it wrote (as after a crash between the comment and the link)
    # and the same change is delivered again.
    Link.objects.filter(entity=Entity.ORDER_STATUS).delete()
    enqueue(Entity.ORDER_STATUS, key, direction=Direction.A2M)

    run(OrderStatusFlow, poll=False)

    assert [c["status"] for c in connector_comments(magento, order_id)] == ["holded"]
    assert Message.objects.filter(entity=Entity.ORDER_STATUS, status=MessageStatus.SUCCEEDED).count() == 2


def test_status_of_an_order_not_from_magento_is_skipped(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None
):
    enqueue(Entity.ORDER_STATUS, "SO/000001", direction=Direction.A2M)
    run(OrderStatusFlow, poll=False)
    message = Message.objects.get()
    assert (message.status, message.reason) == (MessageStatus.SKIPPED, "not linked to a Magento order")


def test_comment_carries_the_change_id_that_detects_it():
    change = change_id("SO/000123", "On Hold", "2026-01-01T10:00:00+00:00")
    text = comment_text("SO/000123", "On Hold", change)
    assert text == (
        "Acumatica order SO 000123 is On Hold. [acumatica-status SO/000123:On Hold:2026-01-01T10:00:00+00:00]"
    )
    assert has_comment([{"comment": "other"}, {"comment": text}], change)
    assert not has_comment(
        [{"comment": text}], change_id("SO/000123", "On Hold", "2026-01-02T10:00:00+00:00")
    )
