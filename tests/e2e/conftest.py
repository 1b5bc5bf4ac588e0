"""Fixtures of the scale-out tests: real clusters, and the connector configured for the sandboxes.

The connector's configuration is stored in the (committed) test database, where the clusters read
it; the sandboxes run in this process and the clusters reach them over HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from endpoints.clients.magento import MagentoClient
from sandbox.common.server import SandboxServer
from sync.choices import PriceSource
from sync.models import Message, MessageSource, SetupParameters
from tests.conftest import MAGENTO_TOKEN
from tests.e2e.clusters import Clusters
from tests.engine.conftest import acumatica, magento
from tests.engine.factories import MessageFactory

__all__ = ["acumatica", "clusters", "configure_queue", "create_products", "enqueue_prices", "magento"]


@pytest.fixture
def clusters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Clusters]:
    """Clusters started by the test; always stopped (or killed) at the end, even on failure."""
    started = Clusters(tmp_path, monkeypatch)
    try:
        yield started
    finally:
        started.stop_all()


def configure_queue(*, threshold: int, batch: int, check_process_time: int = 3) -> None:
    """The guide's Queue Processing Settings, short enough for a test's runs."""
    setup = SetupParameters.load()
    setup.threshold_count = threshold
    setup.batch_count = batch
    setup.check_process_time = check_process_time
    setup.process_sleep_time = 1
    setup.save()


def create_products(magento_server: SandboxServer, skus: Sequence[str]) -> None:
    """The Magento products the prices belong to, in one async bulk request (as a merchant's
    import would), which is much faster than one request per product."""
    client = MagentoClient(magento_server.url, MAGENTO_TOKEN, bulk_poll_interval=0.05, bulk_timeout=60)
    products = [
        {"sku": sku, "name": f"Product {sku}", "price": 1, "attribute_set_id": 4, "type_id": "simple"}
        for sku in skus
    ]
    failed = [result for result in client.push_products_bulk(products) if not result.ok]
    assert not failed, failed[:3]


def enqueue_prices(skus: Sequence[str]) -> dict[str, float]:
    """One pending price message per SKU carrying its Acumatica snapshot, stored in one statement
    (the drain is under test, not the producers); returns the price each SKU should get."""
    prices = {sku: 10 + index + 0.25 for index, sku in enumerate(skus)}
    Message.objects.bulk_create(
        MessageFactory.build(
            key=sku,
            payload={"price": f"{price:.2f}", "price_source": PriceSource.DEFAULT_PRICE},
            source=MessageSource.INITIAL,
        )
        for sku, price in prices.items()
    )
    return prices
