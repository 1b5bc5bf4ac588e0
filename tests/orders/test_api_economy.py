"""How many remote calls the order flows make for a batch (design.md 6.2: read in bulk, never one
request per record where a list form exists), counted from the sandboxes' request logs."""

from __future__ import annotations

import math

import pytest

from sandbox.testing import SandboxHandle
from sync.choices import Entity, SyncDirection
from sync.flows.orders import OrderImportFlow
from sync.models import Link, Message, MessageStatus, SyncConfiguration
from tests.orders.support import SETTINGS, generate_orders, run, sales_orders, value

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ORDERS = 30
BATCHES = math.ceil(ORDERS / SETTINGS.batch_count)
CUSTOMER_BY_ID = "GET /V1/customers/{customerId}"
CUSTOMER_SEARCH = "GET /V1/customers/search"
ACUMATICA_CUSTOMER_LIST = "GET /entity/{endpoint}/{version}/Customer"


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
