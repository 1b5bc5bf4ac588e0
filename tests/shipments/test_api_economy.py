"""How many remote calls the shipment flow makes for a batch (design.md 6.2), counted from the
Magento sandbox's request log."""

from __future__ import annotations

import dataclasses

import pytest

from endpoints.clients.acumatica import AcumaticaClient
from sandbox.testing import SandboxHandle
from sync.choices import Direction, Entity
from sync.flows.shipment import ShipmentFlow
from sync.models import Link
from tests.orders.support import SETTINGS, run, start_polling
from tests.shipments.support import confirm, create_shipment, import_orders, magento_shipments

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BATCHED = dataclasses.replace(SETTINGS, threshold_count=1)


def test_shipments_of_orders_without_a_line_map_read_those_orders_in_one_search(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    order_import_polling: None,
):
    orders = import_orders(acumatica, magento, 4)
    start_polling(Entity.SHIPMENT, Direction.A2M)
    for order in orders:  # linked before the import kept line maps: lines are matched by SKU
        Link.objects.filter(pk=order.pk).update(extra={k: v for k, v in order.extra.items() if k != "lines"})
        confirm(clerk, create_shipment(clerk, order))
    magento.reset_stats()

    run(ShipmentFlow, settings=BATCHED)

    for order in orders:
        [shipment] = magento_shipments(magento, order)
        assert shipment["items"]
    calls = magento.stats()["requests"]
    # Before: one orders search per shipment whose lines the link's line map lacks.
    assert calls.get("GET /V1/orders", 0) == 1
    assert calls.get("GET /V1/orders/{id}", 0) == 0
    assert calls.get("POST /V1/order/{orderId}/ship", 0) == len(orders)
