"""The admin lists of per-scope rows read each row's store view (and a store view's connection) in
the list's own query: the number of queries does not grow with the rows shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sync.models import (
    CustomerGroupMapping,
    CustomerSyncSettings,
    OrderStatusMapping,
    OrderSyncSettings,
    PaymentMethodMapping,
    ShippingMethodMapping,
    StoreView,
    SyncConfiguration,
    WarehouseSourceMapping,
)
from tests.factories import AcumaticaConnectionFactory, StoreViewFactory

pytestmark = pytest.mark.django_db

ROWS: dict[str, Callable[[StoreView, int], object]] = {
    "paymentmethodmapping": lambda view, i: PaymentMethodMapping.objects.create(
        store_view=view, magento_method=f"method{i}", acumatica_payment_method="CHECK", cash_account="10200"
    ),
    "shippingmethodmapping": lambda view, i: ShippingMethodMapping.objects.create(
        store_view=view, magento_method=f"carrier{i}_rate", acumatica_ship_via="UPSGROUND"
    ),
    "customergroupmapping": lambda view, i: CustomerGroupMapping.objects.create(
        store_view=view, magento_group_id=10 + i, acumatica_customer_class="GENERAL"
    ),
    "warehousesourcemapping": lambda view, i: WarehouseSourceMapping.objects.create(
        store_view=view, acumatica_warehouse=f"WH{i}", magento_source="default"
    ),
    "orderstatusmapping": lambda view, i: OrderStatusMapping.objects.create(
        store_view=view, acumatica_status=f"Status {i}", magento_status="holded"
    ),
    "ordersyncsettings": lambda view, i: OrderSyncSettings.objects.create(store_view=view),
    "customersyncsettings": lambda view, i: CustomerSyncSettings.objects.create(
        store_view=view, default_customer_class="GENERAL"
    ),
    "syncconfiguration": lambda view, i: SyncConfiguration.objects.create(
        store_view=view, entity="product", enabled=True, direction="a2m"
    ),
    "storeview": lambda view, i: view,
}


def store_views(start: int, count: int) -> list[StoreView]:
    """Store views with connections of their own."""
    return [
        StoreViewFactory.create(
            code=f"store{i}",
            name=f"Store {i}",
            website_code="base",
            acumatica_connection=AcumaticaConnectionFactory.create(name=f"Company {i}"),
        )
        for i in range(start, start + count)
    ]


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("model", sorted(ROWS))
def test_a_per_scope_admin_list_reads_its_store_views_in_its_own_query(staff_client: Client, model: str):
    url = f"/admin/sync/{model}/"
    for i, view in enumerate(store_views(0, 2)):
        ROWS[model](view, i)
    few = queries(staff_client, url)
    for i, view in enumerate(store_views(2, 10), start=2):
        ROWS[model](view, i)

    # Before: one query per row for its store view (or its connection).
    assert queries(staff_client, url) == few
