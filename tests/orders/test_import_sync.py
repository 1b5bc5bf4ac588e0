"""Magento orders to Acumatica sales orders over real HTTP against both sandboxes: the 200-order
import, time-outs after commit, failures that name what to fix, and scopes."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from sandbox.testing import SandboxHandle
from sync.choices import Direction, Entity, SyncDirection
from sync.flows.orders import OrderImportFlow
from sync.flows.orders.mapping import order_lines
from sync.links import get_link
from sync.models import Link, Message, MessageStatus, OrderSyncSettings, ShippingMethodMapping
from sync.queue import reprocess_messages
from tests.factories import StoreViewFactory, SyncConfigurationFactory
from tests.orders.support import generate_orders, run, sales_orders, start_polling, value

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CREDIT_HOLD_CUSTOMER = "C000016"


def release_credit_hold(acumatica: SandboxHandle) -> None:
    acumatica.put_state("Customer", CREDIT_HOLD_CUSTOMER, {"Status": {"value": "Active"}})


def magento_orders(magento: SandboxHandle, ids: list[str]) -> dict[str, dict[str, Any]]:
    wanted = set(ids)
    return {o["increment_id"]: o for o in magento.state("orders") if o["increment_id"] in wanted}


def money(amount: Any) -> Decimal:
    return Decimal(str(amount)).quantize(Decimal("0.01"))


def assert_matches(order: dict[str, Any], sales_order: dict[str, Any]) -> None:
    """Lines (SKU, quantity, price, discount) and totals of the sales order are the Magento order's."""
    expected = [
        (line.sku, Decimal(line.qty), money(line.price), money(line.discount))
        for line in order_lines(order["items"])
    ]
    actual = [
        (
            value(row, "InventoryID"),
            Decimal(str(value(row, "OrderQty"))),
            money(value(row, "UnitPrice")),
            money(value(row, "DiscountAmount") or 0),
        )
        for row in sales_order["Details"]
    ]
    assert actual == expected
    assert money(value(sales_order, "OrderTotal")) == money(order["base_grand_total"])
    assert value(sales_order, "ExternalRef") == order["increment_id"]
    assert money(value(sales_order["Totals"], "Freight")) == money(order["base_shipping_amount"])
    assert money(value(sales_order, "TaxTotal")) == money(order["base_tax_amount"])


def test_200_generated_orders_arrive_once_with_the_magento_lines_and_totals(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    release_credit_hold(acumatica)
    ids = generate_orders(magento, 200)
    orders = magento_orders(magento, ids)
    began = time.monotonic()

    report = run(OrderImportFlow)

    elapsed = time.monotonic() - began
    assert report.stats.succeeded == 200 and report.stats.failed == 0
    found = sales_orders(acumatica)
    assert all(len(found.get(i, [])) == 1 for i in ids)
    for increment_id, order in orders.items():
        assert_matches(order, found[increment_id][0])
    # The sample has what the import must handle: guests and registered customers, configurable
    # lines, discounts, several payment and shipping methods, two store views.
    assert {o["customer_is_guest"] for o in orders.values()} == {0, 1}
    assert any(i["product_type"] == "configurable" for o in orders.values() for i in o["items"])
    assert any(o["base_discount_amount"] for o in orders.values())
    assert len({o["payment"]["method"] for o in orders.values()}) >= 3
    assert (
        len(
            {
                o["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"]
                for o in orders.values()
            }
        )
        >= 3
    )
    assert {o["store_id"] for o in orders.values()} == {1, 2}
    # Each is linked; no customer e-mail was created twice.
    assert Link.objects.filter(entity=Entity.ORDER).count() == 200
    emails = [value(c["MainContact"], "Email").lower() for c in acumatica.state("Customer")]
    assert len(emails) == len(set(emails))
    assert elapsed < 30


def test_time_outs_after_commit_on_a_tenth_of_creates_still_give_one_sales_order_each(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    demo_mappings: None,
    order_import_polling: None,
    settings,
):
    settings.HTTP_READ_TIMEOUT = 0.3
    release_credit_hold(acumatica)
    acumatica.config(hang_seconds=3)
    acumatica.faults(
        [
            {"method": "PUT", "path": "/SalesOrder$", "kind": "hang_after_commit", "rate": 0.1},
            {"method": "PUT", "path": "/Customer$", "kind": "hang_after_commit", "rate": 0.1},
        ],
        seed=7,
    )
    ids = generate_orders(magento, 100)

    report = run(OrderImportFlow)

    acumatica.clear_faults()
    found = sales_orders(acumatica)
    assert [i for i in ids if len(found.get(i, [])) != 1] == []
    assert report.stats.succeeded == 100
    lost = Message.objects.filter(reason__contains="its answer was lost")
    assert lost.count() >= 3  # the faults fired, and each of those creates was found, not repeated
    emails = [value(c["MainContact"], "Email").lower() for c in acumatica.state("Customer")]
    assert len(emails) == len(set(emails))


def test_unmapped_shipping_method_fails_naming_it_and_reprocess_imports_after_the_mapping_is_added(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    release_credit_hold(acumatica)
    ShippingMethodMapping.objects.filter(magento_method="flatrate_flatrate").delete()
    ids = generate_orders(magento, 12)
    flat = [
        i
        for i, o in magento_orders(magento, ids).items()
        if o["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"] == "flatrate_flatrate"
    ]
    assert flat

    run(OrderImportFlow)

    failed = Message.objects.filter(status=MessageStatus.FAILED)
    assert sorted(m.key for m in failed) == sorted(flat)
    assert all('Magento method "flatrate_flatrate"' in m.error for m in failed)
    assert all("Sync > Shipping method mappings" in m.error for m in failed)
    assert not set(flat) & set(sales_orders(acumatica))  # nothing was written for them

    ShippingMethodMapping.objects.create(magento_method="flatrate_flatrate", acumatica_ship_via="FLATRATE")
    reprocess_messages(failed)
    run(OrderImportFlow, poll=False)

    found = sales_orders(acumatica)
    assert all(len(found.get(i, [])) == 1 for i in ids)
    assert all(value(found[i][0], "ShipVia") == "FLATRATE" for i in flat)


def test_credit_hold_customer_fails_naming_the_customer_then_imports_once_released(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    customer = acumatica.state("Customer", CREDIT_HOLD_CUSTOMER)
    email = value(customer["MainContact"], "Email")
    orders = magento_orders(magento, generate_orders(magento, 10))
    order = next(o for o in orders.values() if o["customer_is_guest"])  # a guest with that e-mail
    magento.put_state("orders", str(order["entity_id"]), {"customer_email": email})
    ids = [order["increment_id"]]

    run(OrderImportFlow)

    message = Message.objects.get(key=ids[0])
    assert message.status == MessageStatus.FAILED
    assert f"customer {CREDIT_HOLD_CUSTOMER} ({email.lower()}) has the status Credit Hold" in message.error
    assert ids[0] not in sales_orders(acumatica)

    release_credit_hold(acumatica)
    reprocess_messages([message])
    run(OrderImportFlow, poll=False)

    assert [value(o, "CustomerID") for o in sales_orders(acumatica)[ids[0]]] == [CREDIT_HOLD_CUSTOMER]


def test_unknown_sku_fails_naming_the_sku(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    release_credit_hold(acumatica)
    ids = generate_orders(magento, 1)
    order = magento_orders(magento, ids)[ids[0]]
    sku = order_lines(order["items"])[0].sku
    acumatica.delete_state("StockItem", sku)

    run(OrderImportFlow)

    message = Message.objects.get(key=ids[0])
    assert message.status == MessageStatus.FAILED
    assert f'unknown SKU "{sku}"' in message.error
    assert f'create the item "{sku}" in Acumatica' in message.error
    assert ids[0] not in sales_orders(acumatica)


def test_each_store_view_imports_its_own_orders_with_its_order_type_and_a_disabled_scope_none(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None
):
    release_credit_hold(acumatica)
    west = StoreViewFactory.create(code="west", name="West Coast Store View", website_code="west")
    OrderSyncSettings.objects.create(store_view=west, order_type="IN")
    start_polling(Entity.ORDER, Direction.M2A)
    start_polling(Entity.ORDER, Direction.M2A, scope="west")
    ids = generate_orders(magento, 30)
    orders = magento_orders(magento, ids)

    run(OrderImportFlow)

    found = sales_orders(acumatica)
    for increment_id, order in orders.items():
        expected = ("IN", "west") if order["store_id"] == 2 else ("SO", "default")
        assert value(found[increment_id][0], "OrderType") == expected[0]
        assert Message.objects.get(key=increment_id).scope == expected[1]

    SyncConfigurationFactory.create(
        store_view=west, entity=Entity.ORDER, enabled=False, direction=SyncDirection.BIDIRECTIONAL
    )
    more = generate_orders(magento, 20)
    run(OrderImportFlow)
    west_orders = [i for i, o in magento_orders(magento, more).items() if o["store_id"] == 2]
    assert west_orders and not Message.objects.filter(key__in=west_orders).exists()


def test_import_delay_and_paid_only_rule_hold_orders_back(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    release_credit_hold(acumatica)
    settings = OrderSyncSettings.objects.create(import_delay_minutes=30)
    ids = generate_orders(magento, 10)
    run(OrderImportFlow)
    assert not Message.objects.exists()  # changed less than 30 minutes ago: not read yet

    settings.import_delay_minutes = 0
    settings.payment_rule = "paid_or_authorized"
    settings.save()
    run(OrderImportFlow)

    orders = magento_orders(magento, ids)
    paid = {i for i, o in orders.items() if o["payment"]["method"] == "braintree"}
    found = sales_orders(acumatica)
    assert {i for i in ids if i in found} == paid
    waiting = Message.objects.filter(status=MessageStatus.SKIPPED)
    assert {m.key for m in waiting} == set(ids) - paid
    assert all("not paid or authorized yet" in m.reason for m in waiting)
    link = get_link(Entity.ORDER, f"SO/{value(found[sorted(paid)[0]][0], 'OrderNbr')}") if paid else None
    assert not paid or (link is not None and link.extra["origin"] == "magento")


def test_registered_customers_are_linked_once_and_guest_orders_go_to_the_guest_customer(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    release_credit_hold(acumatica)
    acumatica.put_state("Customer", "GUEST", {"CustomerName": {"value": "Web guests"}})
    OrderSyncSettings.objects.create(guest_handling="guest_customer", guest_customer_id="GUEST")
    orders = magento_orders(magento, generate_orders(magento, 30))

    run(OrderImportFlow)
    more = magento_orders(magento, generate_orders(magento, 30))
    run(OrderImportFlow)

    found = sales_orders(acumatica)
    links = {link.magento_id: link.acumatica_key for link in Link.objects.filter(entity=Entity.CUSTOMER)}
    for order in [*orders.values(), *more.values()]:
        customer = value(found[order["increment_id"]][0], "CustomerID")
        if order["customer_is_guest"]:
            assert customer == "GUEST"
        else:
            assert customer == links[str(order["customer_id"])]
    registered = {o["customer_id"] for o in more.values() if not o["customer_is_guest"]}
    again = [
        Message.objects.get(key=o["increment_id"]).reason
        for o in more.values()
        if not o["customer_is_guest"] and o["customer_id"] in {p.get("customer_id") for p in orders.values()}
    ]
    assert registered and again and all("(linked)" in reason for reason in again)
    emails = [str(value(c["MainContact"], "Email") or "").lower() for c in acumatica.state("Customer")]
    assert len([e for e in emails if e]) == len({e for e in emails if e})  # the GUEST customer has none
