"""Acumatica shipments to Magento shipments over real HTTP against both sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from endpoints.clients.acumatica import AcumaticaClient
from sandbox.testing import SandboxHandle
from sync.choices import Direction, Entity, ShipmentTrigger
from sync.flows.shipment import ShipmentFlow
from sync.models import Link, Message, MessageStatus, SetupParameters, ShippingMethodMapping
from sync.queue import enqueue, reprocess_messages
from tests.factories import StoreViewFactory, SyncConfigurationFactory
from tests.orders.support import run, start_polling, value
from tests.shipments.support import (
    add_packages,
    confirm,
    create_shipment,
    import_orders,
    invoice_and_release,
    magento_shipments,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def order_with_lines(links: list[Link], at_least: int) -> Link:
    return next(link for link in links if len(link.extra["lines"]) >= at_least)


def shipped_items(shipment: dict[str, Any]) -> dict[int, float]:
    return {item["order_item_id"]: item["qty"] for item in shipment["items"]}


def ordered(acumatica: SandboxHandle, order: Link) -> dict[int, float]:
    """Magento item id -> ordered quantity of the order's lines, from the sales order."""
    record = acumatica.state("SalesOrder", order.acumatica_key)
    return {int(value(row, "ExternalRef")): float(value(row, "OrderQty")) for row in record["Details"]}


def test_confirmed_shipment_creates_one_magento_shipment_with_its_tracking_numbers(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    order_import_polling: None,
):
    order = import_orders(acumatica, magento, 1)[0]
    start_polling(Entity.SHIPMENT, Direction.A2M)
    shipment_nbr = create_shipment(clerk, order)
    add_packages(clerk, shipment_nbr, ["1Z999AA10123456784", "1Z999AA10123456785"])
    run(ShipmentFlow)
    assert magento_shipments(magento, order) == []  # not confirmed yet

    confirm(clerk, shipment_nbr)
    run(ShipmentFlow)
    run(ShipmentFlow)  # the next poll sees the same shipment again

    [shipment] = magento_shipments(magento, order)
    assert shipped_items(shipment) == ordered(acumatica, order)
    ship_via = value(acumatica.state("Shipment", shipment_nbr), "ShipVia")
    mapping = ShippingMethodMapping.objects.get(acumatica_ship_via=ship_via)
    assert [(t["track_number"], t["carrier_code"], t["title"]) for t in shipment["tracks"]] == [
        ("1Z999AA10123456784", mapping.magento_carrier_code, mapping.magento_title),
        ("1Z999AA10123456785", mapping.magento_carrier_code, mapping.magento_title),
    ]
    assert [c["comment"] for c in shipment["comments"]] == [f"Acumatica shipment {shipment_nbr}"]
    link = Link.objects.get(entity=Entity.SHIPMENT)
    assert (link.acumatica_key, link.magento_id) == (
        f"{shipment_nbr}/{order.acumatica_key}",
        str(shipment["entity_id"]),
    )


def test_partial_shipment_ships_only_its_lines_and_the_rest_follows(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    order_import_polling: None,
):
    order = order_with_lines(import_orders(acumatica, magento, 12), at_least=2)
    lines = order.extra["lines"]  # Acumatica line number -> Magento item id
    first, *rest = sorted(lines, key=int)
    start_polling(Entity.SHIPMENT, Direction.A2M)

    partial = create_shipment(clerk, order, lines=[int(first)])
    add_packages(clerk, partial, ["PARTIAL-1"])
    confirm(clerk, partial)
    run(ShipmentFlow)

    [shipment] = magento_shipments(magento, order)
    quantities = ordered(acumatica, order)
    assert shipped_items(shipment) == {lines[first]: quantities[lines[first]]}
    magento_order = magento.state("orders", str(order.extra["entity_id"]))
    shipped = {i["item_id"]: i["qty_shipped"] for i in magento_order["items"] if "parent_item_id" not in i}
    assert {item: qty for item, qty in shipped.items() if qty} == {lines[first]: quantities[lines[first]]}

    remainder = create_shipment(clerk, order)
    confirm(clerk, remainder)
    run(ShipmentFlow)

    second = next(s for s in magento_shipments(magento, order) if s["entity_id"] != shipment["entity_id"])
    assert shipped_items(second) == {lines[n]: quantities[lines[n]] for n in rest}
    assert second["tracks"] == []


def test_on_invoice_release_the_shipment_waits_for_the_released_invoice(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    order_import_polling: None,
):
    setup = SetupParameters.load()
    setup.shipment_trigger = ShipmentTrigger.INVOICE_RELEASE
    setup.save()
    order = import_orders(acumatica, magento, 1)[0]
    start_polling(Entity.SHIPMENT, Direction.A2M)
    shipment_nbr = create_shipment(clerk, order)
    add_packages(clerk, shipment_nbr, ["INV-TRACK-1"])
    confirm(clerk, shipment_nbr)

    run(ShipmentFlow)
    assert magento_shipments(magento, order) == []

    invoice_and_release(clerk, shipment_nbr)
    run(ShipmentFlow)

    [shipment] = magento_shipments(magento, order)
    assert [t["track_number"] for t in shipment["tracks"]] == ["INV-TRACK-1"]


def test_shipment_whose_answer_is_lost_or_that_is_sent_again_is_created_once(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    order_import_polling: None,
    settings,
):
    settings.HTTP_READ_TIMEOUT = 0.3
    orders = import_orders(acumatica, magento, 4)
    start_polling(Entity.SHIPMENT, Direction.A2M)
    numbers = []
    for order in orders:
        numbers.append(create_shipment(clerk, order))
        add_packages(clerk, numbers[-1], [f"TRACK-{numbers[-1]}"])
        confirm(clerk, numbers[-1])
    magento.config(hang_seconds=3)
    magento.faults([{"method": "POST", "path": "/ship$", "kind": "hang_after_commit", "rate": 0.5}], seed=3)

    run(ShipmentFlow)
    magento.clear_faults()
    assert Message.objects.filter(reason__contains="its answer was lost").exists()  # the faults fired
    # Everything forgotten and sent again (a crash between the create and the link).
    Link.objects.filter(entity=Entity.SHIPMENT).delete()
    for number in numbers:
        enqueue(Entity.SHIPMENT, number, direction=Direction.A2M)
    run(ShipmentFlow, poll=False)

    assert [len(magento_shipments(magento, order)) for order in orders] == [1, 1, 1, 1]
    assert Message.objects.filter(entity=Entity.SHIPMENT, reason__contains="already in Magento").count() == 4


def test_drop_shipment_tracking_uses_the_dropship_carrier(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    order_import_polling: None,
):
    setup = SetupParameters.load()
    setup.dropship_ship_via, setup.dropship_carrier_code, setup.dropship_carrier_title = (
        "DROPSHIP",
        "vendor",
        "Shipped by the vendor",
    )
    setup.save()
    order = import_orders(acumatica, magento, 1)[0]
    start_polling(Entity.SHIPMENT, Direction.A2M)
    shipment_nbr = create_shipment(clerk, order)
    add_packages(clerk, shipment_nbr, ["VENDOR-77"], ShipVia="DROPSHIP")
    confirm(clerk, shipment_nbr)

    run(ShipmentFlow)

    [shipment] = magento_shipments(magento, order)
    assert [(t["carrier_code"], t["title"]) for t in shipment["tracks"]] == [
        ("vendor", "Shipped by the vendor")
    ]


def test_unmapped_ship_via_fails_naming_it_and_reprocess_ships_after_the_mapping_is_added(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    order_import_polling: None,
):
    order = import_orders(acumatica, magento, 1)[0]
    start_polling(Entity.SHIPMENT, Direction.A2M)
    shipment_nbr = create_shipment(clerk, order)
    add_packages(clerk, shipment_nbr, ["UPS-1"], ShipVia="UPSGROUND")
    confirm(clerk, shipment_nbr)
    ShippingMethodMapping.objects.filter(acumatica_ship_via="UPSGROUND").delete()

    run(ShipmentFlow)

    message = Message.objects.get(entity=Entity.SHIPMENT)
    assert message.status == MessageStatus.FAILED
    assert 'Acumatica ShipVia "UPSGROUND"' in message.error and "Shipping method mappings" in message.error
    assert magento_shipments(magento, order) == []

    ShippingMethodMapping.objects.create(
        magento_method="ups_GND",
        acumatica_ship_via="UPSGROUND",
        magento_carrier_code="ups",
        magento_title="UPS",
    )
    reprocess_messages([message])
    run(ShipmentFlow, poll=False)

    [shipment] = magento_shipments(magento, order)
    assert [(t["track_number"], t["carrier_code"]) for t in shipment["tracks"]] == [("UPS-1", "ups")]


def test_each_store_view_sends_the_shipments_of_its_own_orders_and_a_disabled_one_none(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
):
    west = StoreViewFactory.create(code="west", name="West Coast Store View", website_code="west")
    for scope in ("default", "west"):
        start_polling(Entity.ORDER, Direction.M2A, scope=scope)
        start_polling(Entity.SHIPMENT, Direction.A2M, scope=scope)
    links = import_orders(acumatica, magento, 12)
    by_scope = {scope: next(link for link in links if link.scope == scope) for scope in ("default", "west")}
    for order in by_scope.values():
        confirm(clerk, create_shipment(clerk, order))

    run(ShipmentFlow)

    for scope, order in by_scope.items():
        assert len(magento_shipments(magento, order)) == 1
        assert Message.objects.get(entity=Entity.SHIPMENT, scope=scope).status == MessageStatus.SUCCEEDED

    SyncConfigurationFactory.create(store_view=west, entity=Entity.SHIPMENT, enabled=False)
    more = import_orders(acumatica, magento, 12)
    later = {scope: next(link for link in more if link.scope == scope) for scope in ("default", "west")}
    for order in later.values():
        confirm(clerk, create_shipment(clerk, order))
    run(ShipmentFlow)

    assert len(magento_shipments(magento, later["default"])) == 1
    assert magento_shipments(magento, later["west"]) == []
    assert Message.objects.filter(entity=Entity.SHIPMENT, scope="west").count() == 1
