"""MagentoClient against the Magento sandbox over real HTTP: paging under injected faults, failure
classification on real sockets, and Test Connection."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from endpoints.clients.base import RetryPolicy
from endpoints.clients.magento import MagentoClient
from endpoints.clients.search_criteria import SearchCriteria
from endpoints.connection_check import check_magento
from endpoints.exceptions import RequestTimeoutError, ValidationError
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from tests.conftest import MAGENTO_TOKEN

pytestmark = pytest.mark.integration

FAST_RETRIES = RetryPolicy(max_retries=4, base_delay=0.01, max_delay=0.05)


@pytest.fixture
def magento(magento_server: SandboxServer, magento_sandbox: SandboxHandle) -> Iterator[MagentoClient]:
    with MagentoClient(
        magento_server.url, MAGENTO_TOKEN, retry_policy=FAST_RETRIES, read_timeout=10
    ) as client:
        yield client


def free_port() -> int:
    """A port with nothing listening on it (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_500_products_are_read_completely_despite_20_percent_injected_503s(
    magento: MagentoClient, magento_sandbox: SandboxHandle
) -> None:
    skus = [f"IT-{n:04d}" for n in range(500)]
    for sku in skus:
        magento.push_product(
            {"sku": sku, "name": f"Item {sku}", "attribute_set_id": 4, "price": 1.5, "type_id": "simple"}
        )
    magento_sandbox.faults(
        [{"method": "GET", "path": "/V1/products$", "kind": "status", "status": 503, "rate": 0.2}]
    )

    read = list(
        magento.iter_search("magento.product.search", SearchCriteria().order_by("entity_id"), page_size=50)
    )

    assert sorted(item["sku"] for item in read) == skus
    stats = magento_sandbox.stats()
    assert stats["faults"]["status"] >= 1
    assert stats["statuses"]["503"] == stats["faults"]["status"]


def test_bulk_products_come_back_as_per_product_results(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle
) -> None:
    products = [
        {
            "sku": f"BULK-{n}",
            "name": f"Bulk item {n}",
            "attribute_set_id": 4,
            "price": 2.0,
            "type_id": "simple",
        }
        for n in range(4)
    ]
    products.append({"sku": "BULK-DUP", "name": "Bulk item 1", "attribute_set_id": 4, "price": 2.0})

    with MagentoClient(magento_server.url, MAGENTO_TOKEN, bulk_poll_interval=0.02) as magento:
        results = magento.push_products_bulk(products)
        saved = magento.fetch_product("BULK-3")

    assert [(r.key, r.ok) for r in results] == [
        ("BULK-0", True),
        ("BULK-1", True),
        ("BULK-2", True),
        ("BULK-3", True),
        ("BULK-DUP", False),
    ]
    assert results[-1].message == "URL key for specified store already exists." and not results[-1].retryable
    assert saved["name"] == "Bulk item 3"
    assert len(magento_sandbox.requests(method="POST", path="async/bulk/V1/products")) == 1


def test_multi_row_price_and_stock_calls_report_each_row(
    magento: MagentoClient, magento_sandbox: SandboxHandle
) -> None:
    for sku in ("ROW-1", "ROW-2"):
        magento.push_product(
            {"sku": sku, "name": sku, "attribute_set_id": 4, "price": 1.0, "type_id": "simple"}
        )

    prices = magento.push_base_prices(
        [
            {"sku": "ROW-1", "price": 9.5, "store_id": 0},
            {"sku": "NO-SUCH-SKU", "price": 1.0, "store_id": 0},
            {"sku": "ROW-2", "price": -1, "store_id": 0},
        ]
    )
    stock = magento.push_source_items(
        [{"sku": "ROW-1", "source_code": "default", "quantity": 7, "status": 1}]
    )
    refused = magento.push_source_items(
        [{"sku": "ROW-2", "source_code": "no-such-source", "quantity": 1, "status": 1}]
    )

    assert [(r.key, r.ok) for r in prices] == [("ROW-1", True), ("NO-SUCH-SKU", False), ("ROW-2", False)]
    assert prices[1].message == "Invalid attribute SKU = NO-SUCH-SKU."
    assert magento.fetch_product("ROW-1")["price"] == 9.5
    assert [r.ok for r in stock] == [True]
    assert [(r.ok, r.message) for r in refused] == [(False, "Could not save Source Item")]
    assert len(magento_sandbox.requests(method="POST", path="/V1/products/base-prices$")) == 1


def test_a_400_surfaces_magentos_message_without_retries(
    magento: MagentoClient, magento_sandbox: SandboxHandle
) -> None:
    with pytest.raises(ValidationError) as caught:
        magento.push_product({"sku": "NO-NAME-1", "price": 1, "attribute_set_id": 4})

    assert (
        caught.value.remote_message
        == 'The "Product Name" attribute value is empty. Set the attribute and try again.'
    )
    assert caught.value.attempts == 1
    assert len(magento_sandbox.requests(method="PUT", path="/V1/products/")) == 1


@pytest.mark.parametrize("kind", ["truncate", "html", "drop"])
def test_garbled_and_dropped_answers_are_retried_over_real_sockets(
    magento: MagentoClient, magento_sandbox: SandboxHandle, kind: str
) -> None:
    magento_sandbox.faults([{"method": "GET", "path": "storeViews", "kind": kind, "rate": 1.0, "limit": 2}])

    views = magento.fetch_store_views()

    assert {view["code"] for view in views} >= {"default"}
    assert magento_sandbox.stats()["faults"] == {kind: 2}


def test_a_hanging_server_is_a_time_out(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle
) -> None:
    magento_sandbox.config(hang_seconds=2)
    magento_sandbox.faults([{"path": "storeViews", "kind": "hang", "rate": 1.0}])
    client = MagentoClient(
        magento_server.url, MAGENTO_TOKEN, read_timeout=0.3, max_retries=1, sleep=lambda _: None
    )

    with client, pytest.raises(RequestTimeoutError) as caught:
        client.fetch_store_views()

    assert caught.value.attempts == 2
    magento_sandbox.clear_faults()


def test_connection_check_reports_store_views_or_the_cause(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle
) -> None:
    ok = check_magento(magento_server.url, MAGENTO_TOKEN)
    wrong = check_magento(magento_server.url, "not-the-token")
    stopped = check_magento(f"http://127.0.0.1:{free_port()}", MAGENTO_TOKEN, timeout=2)

    assert ok.ok and ok.message.endswith("2 store views: default, west.")
    assert (wrong.ok, wrong.cause) == (False, "wrong_token")
    assert wrong.message.startswith("Magento: wrong token: Magento refused the access token (HTTP 401")
    assert (stopped.ok, stopped.cause) == (False, "host_unreachable")
    assert "Connection refused" in stopped.message
    for result in (ok, wrong, stopped):
        assert "\n" not in result.message and "Traceback" not in result.message
        assert MAGENTO_TOKEN not in result.message
