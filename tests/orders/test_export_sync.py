"""Acumatica orders to Magento orders over real HTTP against both sandboxes: created once in the
customer's account, never echoed back as imports, and imported orders never exported."""

from __future__ import annotations

from typing import Any

import pytest

from endpoints.clients.acumatica import AcumaticaClient
from sandbox.testing import SandboxHandle
from sync.choices import Direction, Entity
from sync.flows.order_export import OrderExportFlow
from sync.flows.orders import OrderImportFlow
from sync.links import get_link
from sync.models import Link, Message, MessageStatus, SetupParameters
from tests.orders.support import generate_orders, run, start_polling, value

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def shared_customer(acumatica: SandboxHandle, magento: SandboxHandle) -> tuple[str, dict[str, Any]]:
    """A customer in both systems, linked as the customer flow would have linked it."""
    people = {c["email"].lower(): c for c in magento.state("customers")}
    for record in acumatica.state("Customer"):
        email = str(value(record["MainContact"], "Email") or "").lower()
        if email in people and value(record, "Status") == "Active":
            customer_id = value(record, "CustomerID")
            Link.objects.create(
                entity=Entity.CUSTOMER, acumatica_key=customer_id, magento_id=str(people[email]["id"])
            )
            return customer_id, people[email]
    raise AssertionError("the demo data has customers in both systems")


def enter_order(clerk: AcumaticaClient, customer_id: str, skus: list[str], **fields: Any) -> str:
    body = {
        "OrderType": {"value": "SO"},
        "CustomerID": {"value": customer_id},
        "ShipVia": {"value": "UPSGROUND"},
        "PaymentMethod": {"value": "CHECK"},
        "Details": [{"InventoryID": {"value": sku}, "OrderQty": {"value": 2}} for sku in skus],
        **{name: {"value": v} for name, v in fields.items()},
    }
    return str(value(clerk.push_record("SalesOrder", body), "OrderNbr"))


@pytest.fixture
def exporting(db: None) -> None:
    setup = SetupParameters.load()
    setup.order_types = ["SO"]
    setup.save()
    start_polling(Entity.ORDER, Direction.A2M)
    start_polling(Entity.ORDER, Direction.M2A)


def test_acumatica_order_of_a_magento_customer_is_created_in_magento_once_and_not_imported_back(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    exporting: None,
):
    customer_id, customer = shared_customer(acumatica, magento)
    skus = [item["InventoryID"]["value"] for item in acumatica.state("StockItem")[:2]]
    order_nbr = enter_order(clerk, customer_id, skus)
    record = acumatica.state("SalesOrder", f"SO/{order_nbr}")

    run(OrderExportFlow)
    run(OrderExportFlow, OrderImportFlow)  # polls again: nothing new either way

    [order] = [o for o in magento.state("orders") if o.get("ext_order_id") == f"acumatica:SO/{order_nbr}"]
    assert (order["customer_id"], order["customer_email"]) == (customer["id"], customer["email"])
    assert [(i["sku"], i["qty_ordered"]) for i in order["items"]] == [(sku, 2.0) for sku in skus]
    assert order["grand_total"] == pytest.approx(float(value(record, "OrderTotal")))
    assert order["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"] == "ups_GND"
    assert order["payment"]["method"] == "checkmo"
    link = get_link(Entity.ORDER, f"SO/{order_nbr}")
    assert link is not None and link.extra["origin"] == "acumatica" and len(link.extra["lines"]) == 2
    imported = Message.objects.get(entity=Entity.ORDER, direction=Direction.M2A, key=order["increment_id"])
    assert imported.status == MessageStatus.SKIPPED
    assert imported.reason == f"created from Acumatica order SO/{order_nbr}; not imported back"
    assert Message.objects.filter(direction=Direction.A2M).count() == 1


def test_imported_orders_and_orders_of_other_customers_are_not_exported(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    exporting: None,
):
    acumatica.put_state("Customer", "C000016", {"Status": {"value": "Active"}})
    generate_orders(magento, 5)
    run(OrderImportFlow)
    sku = acumatica.state("StockItem")[0]["InventoryID"]["value"]
    enter_order(clerk, "C000013", [sku])  # an Acumatica-only customer
    orders_before = len(magento.state("orders"))

    run(OrderExportFlow)

    assert len(magento.state("orders")) == orders_before
    assert not Message.objects.filter(direction=Direction.A2M).exists()


def test_export_whose_answer_is_lost_is_found_and_linked_not_repeated(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    clerk: AcumaticaClient,
    demo_mappings: None,
    exporting: None,
    settings,
):
    settings.HTTP_READ_TIMEOUT = 0.3
    customer_id, _ = shared_customer(acumatica, magento)
    sku = acumatica.state("StockItem")[0]["InventoryID"]["value"]
    order_nbr = enter_order(clerk, customer_id, [sku])
    magento.config(hang_seconds=3)
    magento.faults([{"method": "PUT", "path": "/orders/create$", "kind": "hang_after_commit", "rate": 1}])

    run(OrderExportFlow)
    magento.clear_faults()

    made = [o for o in magento.state("orders") if o.get("ext_order_id") == f"acumatica:SO/{order_nbr}"]
    assert len(made) == 1
    message = Message.objects.get(direction=Direction.A2M)
    assert (message.status, message.reason) == (
        MessageStatus.SUCCEEDED,
        f"Magento order {made[0]['increment_id']}",
    )
    assert get_link(Entity.ORDER, f"SO/{order_nbr}") is not None
