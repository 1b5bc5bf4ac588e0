"""What the order and shipment tests share: the connector configured for the sandboxes with the
demo's mappings, generated Magento orders, a run of the queue, and reading the sales orders back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from endpoints.clients.acumatica import AcumaticaClient
from sandbox.common.catalog import CUSTOMER_CLASSES, PAYMENT_METHODS, SHIP_VIAS
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from sync.choices import Direction, Entity
from sync.cursors import set_cursor
from sync.flows import Flow, temporary_flows
from sync.loop import RunReport, run_queue
from sync.models import (
    DEFAULT_SCOPE,
    CustomerGroupMapping,
    CustomerSyncSettings,
    PaymentMethodMapping,
    ShippingMethodMapping,
)
from sync.queue import QueueSettings
from tests.conftest import ACUMATICA_PASSWORD, ACUMATICA_TENANT, ACUMATICA_USER

SETTINGS = QueueSettings(
    threshold_count=25,
    batch_count=25,
    retry_count=3,
    check_process_time=5,
    process_sleep_time=0,
    backoff_base=0,
    wait_delay=0,
    poll_interval=0,
    poll_lookback=60,
)


def value(record: dict[str, Any], name: str) -> Any:
    field = record.get(name)
    return field.get("value") if isinstance(field, dict) else field


def add_demo_mappings() -> None:
    """The mappings `suggest_mappings` finds for the demo data (Default Config)."""
    for method in PAYMENT_METHODS:
        PaymentMethodMapping.objects.create(
            magento_method=method.magento_code,
            acumatica_payment_method=method.payment_method_id,
            cash_account=method.cash_account,
        )
    for ship_via in SHIP_VIAS:
        ShippingMethodMapping.objects.create(
            magento_method=ship_via.magento_method,
            acumatica_ship_via=ship_via.ship_via_id,
            magento_carrier_code=ship_via.carrier_code,
            magento_title=ship_via.carrier_title,
        )
    for klass in CUSTOMER_CLASSES:
        CustomerGroupMapping.objects.create(
            magento_group_id=klass.magento_group_id, acumatica_customer_class=klass.class_id
        )
    CustomerSyncSettings.objects.create(default_customer_class="GENERAL")


@pytest.fixture
def demo_mappings(db: None) -> None:
    add_demo_mappings()


def start_polling(entity: str, direction: str, scope: str = DEFAULT_SCOPE, minutes: int = 5) -> None:
    """Put the entity's cursor a few minutes back, as if it had been polled then."""
    set_cursor(entity, direction, scope, timezone.now() - timedelta(minutes=minutes))


def generate_orders(magento: SandboxHandle, count: int) -> list[str]:
    """Storefront orders from the sandbox's generator; their increment ids."""
    answer = magento.post("orders/generate", {"count": count})
    return [order["increment_id"] for order in answer["orders"]]


def run(*flows: type[Flow], settings: QueueSettings = SETTINGS, **options: Any) -> RunReport:
    """Process the queue until idle with only these flows registered (polling them first)."""
    options.setdefault("until_idle", True)
    options.setdefault("force_poll", True)
    with temporary_flows(*flows):
        return run_queue(settings=settings, **options)


def sales_orders(acumatica: SandboxHandle) -> dict[str, list[dict[str, Any]]]:
    """Acumatica's sales orders by CustomerOrder."""
    found: dict[str, list[dict[str, Any]]] = {}
    for record in acumatica.state("SalesOrder"):
        found.setdefault(str(value(record, "CustomerOrder") or ""), []).append(record)
    return found


@pytest.fixture
def order_import_polling(db: None) -> Iterator[None]:
    start_polling(Entity.ORDER, Direction.M2A)
    yield


def configure_worker_database(magento_url: str, acumatica_url: str, increment_ids: list[str]) -> None:
    """For a worker in another process (its own database): the connector pointed at the sandboxes
    with the demo mappings, and the orders queued for import as the poller would have."""
    from endpoints.models import AcumaticaConnection
    from sync.models import SetupParameters
    from sync.queue import Change, enqueue_changes
    from tests.conftest import (
        ACUMATICA_PASSWORD,
        ACUMATICA_TENANT,
        ACUMATICA_USER,
        MAGENTO_TOKEN,
        UNLIMITED_LICENSE,
    )

    setup = SetupParameters.load()
    setup.magento_url, setup.bearer_token = magento_url, MAGENTO_TOKEN
    setup.save()
    connection = AcumaticaConnection.objects.ensure_default()
    connection.base_url, connection.username = acumatica_url, ACUMATICA_USER
    connection.password, connection.tenant = ACUMATICA_PASSWORD, ACUMATICA_TENANT
    for name, value in UNLIMITED_LICENSE.items():
        setattr(connection, name, value)
    connection.save()
    add_demo_mappings()
    enqueue_changes(Entity.ORDER, [Change(key) for key in increment_ids], direction=Direction.M2A)


@pytest.fixture
def clerk(acumatica_server: SandboxServer) -> Iterator[AcumaticaClient]:
    """An Acumatica API session of a user working in the warehouse."""
    with AcumaticaClient(
        acumatica_server.url,
        username=ACUMATICA_USER,
        password=ACUMATICA_PASSWORD,
        tenant=ACUMATICA_TENANT,
        poll_interval=0.01,
    ) as client:
        yield client
