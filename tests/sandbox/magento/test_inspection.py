"""The inspection API of the Magento sandbox, the statistics, faults and the latency profiles."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests

from sandbox.magento import latency
from sandbox.magento.routes import all_routes

from .conftest import MagentoClient, criteria

COLLECTIONS = {
    "attribute_sets",
    "attributes",
    "bulk_operations",
    "bulks",
    "categories",
    "customer_groups",
    "customers",
    "invoices",
    "orders",
    "products",
    "shipments",
    "source_items",
    "sources",
    "stocks",
    "store_groups",
    "store_views",
    "websites",
}


def test_demo_state_awaits_the_first_sync(magento: MagentoClient) -> None:
    counts = magento.handle.collections()
    assert set(counts) == COLLECTIONS
    assert counts["products"] == counts["orders"] == counts["source_items"] == 0
    assert counts["categories"] == 2 and counts["sources"] == 4 and counts["customers"] == 16
    assert magento.handle.state("store_views", "west")["id"] == 2
    assert "size" in magento.handle.state("attribute_sets", "4")["attributes"]


def test_put_creates_and_changes_records_as_a_user_would(magento: MagentoClient) -> None:
    magento.handle.config(clock_offset_seconds=-3600)
    created = magento.handle.put_state("products", "INS-1", {"name": "Inspected", "price": 4})
    assert created["sku"] == "INS-1" and created["price"] == 4.0
    magento.handle.config(clock_offset_seconds=0)
    changed = magento.handle.put_state("products", "INS-1", {"price": 5})
    assert changed["name"] == "Inspected" and changed["price"] == 5.0
    assert changed["updated_at"] > created["updated_at"]
    assert magento.ok(magento.get("/rest/all/V1/products/INS-1"))["price"] == 5.0


def test_put_order_bumps_updated_at_so_a_cursor_sees_it(magento: MagentoClient) -> None:
    magento.handle.config(clock_offset_seconds=-7200)
    old, untouched = magento.generate_orders(2)
    magento.handle.config(clock_offset_seconds=0)
    changed = magento.handle.put_state("orders", str(old["entity_id"]), {"customer_note": "call first"})
    assert changed["customer_note"] == "call first" and changed["updated_at"] > old["updated_at"]
    since = (datetime.now(UTC) - timedelta(seconds=3600)).strftime(
        "%Y-%m-%d %H:%M:%S"
    )  # a connector's cursor
    found = magento.ok(magento.get("/rest/V1/orders", params=criteria([[("updated_at", since, "gteq")]])))
    assert [o["entity_id"] for o in found["items"]] == [old["entity_id"]]
    assert untouched["updated_at"] < since


def test_put_is_validated_like_the_api(magento: MagentoClient) -> None:
    magento.handle.put_state("products", "V-1", {"name": "Same", "price": 1})
    clash = requests.put(
        f"{magento.url}/__sandbox__/state/products/V-2", json={"name": "Same", "price": 1}, timeout=10
    )
    assert clash.status_code == 400 and clash.json() == {
        "error": "URL key for specified store already exists."
    }
    unknown = requests.put(f"{magento.url}/__sandbox__/state/products/V-3", json={"nope": 1}, timeout=10)
    assert unknown.status_code == 400


def test_customers_source_items_and_categories_through_the_state_route(magento: MagentoClient) -> None:
    customer = magento.handle.put_state("customers", "1", {"lastname": "Changed"})
    assert customer["lastname"] == "Changed" and customer["firstname"] == "Alice"
    item = magento.handle.put_state("source_items", "SKU-9/retail", {"quantity": 12})
    assert item == {"sku": "SKU-9", "source_code": "retail", "quantity": 12.0, "status": 1}
    category = magento.handle.put_state("categories", "new", {"name": "Inspected", "parent_id": 2})
    assert category["level"] == 2
    magento.handle.delete_state("categories", str(category["id"]))
    magento.handle.delete_state("source_items", "SKU-9/retail")
    assert magento.handle.collections()["categories"] == 2


def test_read_only_collections_refuse_writes(magento: MagentoClient) -> None:
    response = requests.put(f"{magento.url}/__sandbox__/state/shipments/1", json={}, timeout=10)
    assert response.status_code == 405
    missing = requests.get(f"{magento.url}/__sandbox__/state/products/NOPE", timeout=10)
    assert missing.status_code == 404


def test_writes_are_counted_per_collection_and_reads_write_nothing(magento: MagentoClient) -> None:
    magento.handle.reset_stats()
    magento.ok(magento.get("/rest/V1/products", params=criteria()))
    magento.ok(magento.get("/rest/V1/customers/search", params=criteria()))
    assert magento.handle.stats()["writes_total"] == 0
    magento.create_product("W-1")
    magento.ok(
        magento.post(
            "/rest/V1/inventory/source-items",
            {
                "sourceItems": [
                    {"sku": "W-1", "source_code": s, "quantity": 1, "status": 1}
                    for s in ("default", "retail")
                ]
            },
        )
    )
    stats = magento.handle.stats()
    assert stats["writes"] == {"products": 1, "source_items": 2}
    assert stats["requests"]["POST /V1/products"] == 1
    assert stats["requests"]["GET /V1/products"] == 1


def test_stats_report_bulk_operations_by_status(magento: MagentoClient) -> None:
    magento.handle.config(consumers=0)
    magento.ok(
        magento.post(
            "/rest/all/async/bulk/V1/products", [{"product": {"sku": "S-1", "name": "S", "price": 1}}]
        ),
        202,
    )
    stats = magento.handle.stats()
    assert stats["bulk_operations"]["open"] == 1 and stats["consumers"]["running"] == 0
    assert stats["requests"]["POST /async/bulk/V1/products"] == 1


def test_reset_restores_demo_state_and_config(magento: MagentoClient) -> None:
    magento.create_product("R-1")
    magento.handle.config(consumers=0)
    magento.handle.reset()
    assert magento.handle.collections()["products"] == 0
    assert magento.handle.config()["consumers"] == latency.CONSUMERS


def test_generate_validates_count(magento: MagentoClient) -> None:
    response = requests.post(f"{magento.url}/__sandbox__/orders/generate", json={"count": 0}, timeout=10)
    assert response.status_code == 400
    assert len(magento.handle.post("orders/generate", {"count": 2})["orders"]) == 2


def test_unknown_config_key_is_refused(magento: MagentoClient) -> None:
    response = requests.put(f"{magento.url}/__sandbox__/config", json={"bogus": 1}, timeout=10)
    assert response.status_code == 400


def test_fault_smoke(magento: MagentoClient) -> None:
    magento.handle.faults(
        [{"path": "/V1/products", "method": "GET", "kind": "status", "status": 503, "limit": 1}]
    )
    assert magento.get("/rest/V1/products/X").status_code == 503
    assert magento.get("/rest/V1/products/X").status_code == 404
    magento.handle.faults(
        [{"path": "/V1/products", "method": "POST", "kind": "after_commit_status", "rate": 1.0}]
    )
    response = magento.post(
        "/rest/all/V1/products", {"product": {"sku": "AF-1", "name": "After", "price": 1}}
    )
    assert response.status_code == 500
    assert magento.handle.state("products", "AF-1")["sku"] == "AF-1"
    magento.handle.faults([{"path": "storeViews", "kind": "html"}])
    html = magento.get("/rest/V1/store/storeViews")
    assert html.status_code == 502 and html.headers["Content-Type"].startswith("text/html")
    magento.handle.clear_faults()
    assert magento.get("/rest/V1/store/storeViews").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/V1/products", latency.PRODUCT_SAVE),
        ("POST", "/V1/categories", latency.ENTITY_SAVE),
        ("POST", "/V1/customers", latency.ENTITY_SAVE),
        ("POST", "/V1/order/{orderId}/ship", latency.DOCUMENT),
        ("POST", "/V1/order/{orderId}/invoice", latency.DOCUMENT),
    ],
)
def test_route_costs_follow_the_design_numbers(method: str, path: str, expected: float) -> None:
    route = next(r for r in all_routes() if (r.method, r.path) == (method, path))
    assert latency.request_cost(route, {}, None) == expected


def test_read_and_row_costs() -> None:
    routes = {(r.method, r.path): r for r in all_routes()}
    read = routes[("GET", "/V1/products")]
    assert latency.request_cost(read, {}, {"items": [{}] * 100}) == pytest.approx(0.150 + 0.05)
    rows = routes[("POST", "/V1/inventory/source-items")]
    assert latency.request_cost(rows, {"source_items": [{}] * 50}, []) == pytest.approx(0.2 + 0.2)
    prices = routes[("POST", "/V1/products/base-prices")]
    assert latency.request_cost(prices, {"prices": [{}] * 10}, []) == pytest.approx(0.24)
    assert latency.accept_cost(100) == pytest.approx(0.25)
    assert latency.operation_cost(routes[("POST", "/V1/products")], {}) == 0.4
    assert (latency.WORKERS, latency.CONSUMERS) == (8, 4)


def test_fast_profile_spends_a_twentieth_and_the_worker_pool_caps_concurrency(magento: MagentoClient) -> None:
    magento.handle.config(profile="fast")
    started = time.monotonic()
    magento.create_product("FAST-1")
    assert time.monotonic() - started >= latency.PRODUCT_SAVE / 20
    # The cap is the same on every clock; the realistic one makes the 12 saves overlap for sure
    # (800 ms each) even when a loaded machine starts the threads late.
    magento.handle.config(profile="realistic")
    magento.handle.reset_stats()
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda i: magento.create_product(f"FAST-P{i}"), range(12)))
    pool_stats = magento.handle.stats()["worker_pool"]
    assert pool_stats["size"] == latency.WORKERS
    assert pool_stats["peak_active"] <= latency.WORKERS and pool_stats["queued_total"] >= 1
