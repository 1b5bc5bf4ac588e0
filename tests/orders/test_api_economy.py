"""How many remote calls the order flows make for a batch (design.md 6.2: read in bulk, never one
request per record where a list form exists), counted from the sandboxes' request logs."""

from __future__ import annotations

import dataclasses
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from endpoints.clients.acumatica import AcumaticaClient
from sandbox.testing import SandboxHandle
from sync.choices import Direction, Entity, SyncDirection
from sync.flows.order_export import OrderExportFlow
from sync.flows.order_status import OrderStatusFlow
from sync.flows.orders import OrderImportFlow
from sync.models import Link, Message, MessageStatus, SetupParameters, SyncConfiguration
from sync.queue import Change, enqueue_changes
from tests.factories import StoreViewFactory
from tests.orders.support import SETTINGS, generate_orders, run, sales_orders, start_polling, value

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ORDERS = 30
BATCHES = math.ceil(ORDERS / SETTINGS.batch_count)
CUSTOMER_BY_ID = "GET /V1/customers/{customerId}"
CUSTOMER_SEARCH = "GET /V1/customers/search"
ACUMATICA_CUSTOMER_LIST = "GET /entity/{endpoint}/{version}/Customer"
BATCHED = dataclasses.replace(SETTINGS, threshold_count=1)  # every backlog goes in batches


def enter_order(clerk: AcumaticaClient, customer_id: str, sku: str) -> str:
    """A sales order entered in Acumatica; its number."""
    body = {
        "OrderType": {"value": "SO"},
        "CustomerID": {"value": customer_id},
        "ShipVia": {"value": "UPSGROUND"},
        "PaymentMethod": {"value": "CHECK"},
        "Details": [{"InventoryID": {"value": sku}, "OrderQty": {"value": 1}}],
    }
    return str(value(clerk.push_record("SalesOrder", body), "OrderNbr"))


def routes(sandbox: SandboxHandle) -> dict[str, int]:
    return dict(sandbox.stats()["requests"])


def test_registered_customers_of_a_batch_are_read_in_one_search_and_looked_up_in_one_call(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    acumatica.put_state("Customer", "C000016", {"Status": {"value": "Active"}})
    SyncConfiguration.objects.filter(store_view__isnull=True, entity=Entity.CUSTOMER).update(
        enabled=True, direction=SyncDirection.M2A
    )
    ids = generate_orders(magento, ORDERS)
    magento.reset_stats()
    acumatica.reset_stats()

    run(OrderImportFlow)

    assert Message.objects.filter(status=MessageStatus.SUCCEEDED).count() == ORDERS
    found = sales_orders(acumatica)
    assert all(len(found[i]) == 1 for i in ids)
    linked = Link.objects.filter(entity=Entity.CUSTOMER).exclude(magento_id=None)
    assert linked.count() >= 5  # registered customers went through the customer flow
    for link in linked:
        assert value(acumatica.state("Customer", link.acumatica_key)["MainContact"], "Email")
    magento_calls, acumatica_calls = routes(magento), routes(acumatica)
    # Before: one GET /V1/customers/{id} and one e-mail lookup per registered customer.
    assert magento_calls.get(CUSTOMER_BY_ID, 0) == 0
    assert magento_calls.get(CUSTOMER_SEARCH, 0) <= BATCHES
    # Per batch: the registered customers' e-mails, then the guests' e-mails.
    assert acumatica_calls.get(ACUMATICA_CUSTOMER_LIST, 0) <= 2 * BATCHES


def test_an_export_batch_reads_its_customers_and_store_views_once(
    acumatica: SandboxHandle, magento: SandboxHandle, clerk: AcumaticaClient, demo_mappings: None
):
    setup = SetupParameters.load()
    setup.order_types = ["SO"]
    setup.save()
    StoreViewFactory.create(code="west", name="West Coast Store View", website_code="west")
    people = {c["email"].lower(): c for c in magento.state("customers")}
    shared: list[str] = []
    for record in acumatica.state("Customer"):
        email = str(value(record["MainContact"], "Email") or "").lower()
        if email in people and value(record, "Status") == "Active" and len(shared) < 3:
            customer_id = value(record, "CustomerID")
            Link.objects.create(
                entity=Entity.CUSTOMER, acumatica_key=customer_id, magento_id=str(people[email]["id"])
            )
            shared.append(customer_id)
    assert len(shared) == 3
    sku = acumatica.state("StockItem")[0]["InventoryID"]["value"]
    keys = [f"SO/{enter_order(clerk, customer_id, sku)}" for customer_id in shared for _ in range(2)]
    enqueue_changes(Entity.ORDER, [Change(key) for key in keys], direction=Direction.A2M, scope="west")
    magento.reset_stats()

    run(OrderExportFlow, poll=False, settings=BATCHED)

    made = {o["ext_order_id"]: o for o in magento.state("orders") if o.get("ext_order_id")}
    assert sorted(made) == sorted(f"acumatica:{key}" for key in keys)
    assert {o["store_id"] for o in made.values()} == {2}  # the west store view
    calls = routes(magento)
    # Before: one GET /V1/customers/{id} per customer and one store view read per order.
    assert calls.get(CUSTOMER_BY_ID, 0) == 0
    assert calls.get(CUSTOMER_SEARCH, 0) == 1
    assert calls.get("GET /V1/store/storeViews", 0) == 1
    assert calls.get("PUT /V1/orders/create", 0) == len(keys)


def test_status_changes_of_a_batch_read_their_magento_orders_in_one_search(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    acumatica.put_state("Customer", "C000016", {"Status": {"value": "Active"}})
    ids = generate_orders(magento, 4)
    run(OrderImportFlow)
    start_polling(Entity.ORDER_STATUS, Direction.A2M)
    keys = [f"SO/{value(sales_orders(acumatica)[i][0], 'OrderNbr')}" for i in ids]
    for key in keys:
        acumatica.put_state("SalesOrder", key, {"Hold": {"value": True}})
    magento.reset_stats()

    run(OrderStatusFlow, settings=BATCHED)

    held = [o for o in magento.state("orders") if o["increment_id"] in ids]
    assert [o["status"] for o in held] == ["holded"] * len(ids)
    calls = routes(magento)
    # Before: one GET /V1/orders/{id} before each comment and another after each hold.
    assert calls.get("GET /V1/orders/{id}", 0) == 0
    assert calls.get("GET /V1/orders", 0) == 1
    assert calls.get("POST /V1/orders/{id}/hold", 0) == len(ids)
    assert calls.get("POST /V1/orders/{id}/comments", 0) == len(ids)


def test_an_import_batch_looks_each_shipping_and_payment_method_up_once(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, order_import_polling: None
):
    acumatica.put_state("Customer", "C000016", {"Status": {"value": "Active"}})
    ids = generate_orders(magento, ORDERS)
    orders = [o for o in magento.state("orders") if o["increment_id"] in set(ids)]
    shipping = {o["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"] for o in orders}
    payment = {o["payment"]["method"] for o in orders}

    with CaptureQueriesContext(connection) as captured:
        run(OrderImportFlow, settings=BATCHED)

    assert Message.objects.filter(status=MessageStatus.SUCCEEDED).count() == ORDERS
    tables = [q["sql"] for q in captured.captured_queries]
    # Before: one query per order for each of the two mappings.
    assert sum('FROM "sync_shippingmethodmapping"' in sql for sql in tables) <= len(shipping) * BATCHES
    assert sum('FROM "sync_paymentmethodmapping"' in sql for sql in tables) <= len(payment) * BATCHES
