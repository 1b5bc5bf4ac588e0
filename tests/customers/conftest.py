"""Fixtures of the customer tests: the connector configured for both sandboxes, with the demo's
customer classes selected and mapped to its customer groups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from sync.choices import Direction, Entity
from sync.flows import temporary_flows
from sync.flows.customer import CustomerFlow, MagentoCustomerFlow
from sync.models import Cursor, CustomerGroupMapping, SetupParameters
from sync.queue import QueueSettings
from tests.engine.conftest import acumatica, magento  # noqa: F401  (fixtures)

SETTINGS = QueueSettings(
    retry_count=3,
    check_process_time=5,
    process_sleep_time=1,
    backoff_base=0,
    wait_delay=0,
    poll_interval=0,
    poll_lookback=60,
)
DEMO_CLASSES = {"GENERAL": 1, "WHOLESALE": 2, "RETAILER": 3}
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def only_the_customer_flows() -> Iterator[None]:
    """The other entities' flows are not under test here."""
    with temporary_flows(CustomerFlow, MagentoCustomerFlow):
        yield


@pytest.fixture
def demo_mappings(db: None) -> None:
    """Setup Parameters select the demo's customer classes; each maps to its Magento group."""
    setup = SetupParameters.load()
    setup.customer_classes = list(DEMO_CLASSES)
    setup.save()
    for klass, group in DEMO_CLASSES.items():
        CustomerGroupMapping.objects.create(magento_group_id=group, acumatica_customer_class=klass)


def watch_from_the_start(direction: str, scope: str = "default") -> None:
    """Move the poller's cursor back so the next poll reads every existing customer."""
    Cursor.objects.update_or_create(
        entity=Entity.CUSTOMER, direction=direction, scope=scope, defaults={"value": LONG_AGO}
    )


__all__ = ["DEMO_CLASSES", "SETTINGS", "Direction", "demo_mappings", "watch_from_the_start"]
