"""MagentoClient: exact requests of every method, store scoping, searchCriteria paging that stops
by total_count, and per-record results of the multi-row and async bulk routes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from endpoints.clients.magento import MagentoClient, RecordResult
from endpoints.clients.search_criteria import SearchCriteria, render_message
from endpoints.exceptions import ServerError

from .conftest import MAGENTO_TOKEN, MAGENTO_URL, body_of, sent

REST = f"{MAGENTO_URL}/rest/V1"


def test_search_criteria_query_string_is_exact(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    criteria = (
        SearchCriteria()
        .where("updated_at", datetime(2024, 5, 1, 2, 0, tzinfo=UTC), "gteq")
        .where_any(("status", "processing"), ("status", ["pending", "holded"], "in"))
        .order_by("updated_at")
        .with_page(100, 1)
    )
    url = (
        f"{REST}/orders?"
        "searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=updated_at"
        "&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=2024-05-01%2002%3A00%3A00"
        "&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=gteq"
        "&searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=status"
        "&searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=processing"
        "&searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=eq"
        "&searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B1%5D%5Bfield%5D=status"
        "&searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B1%5D%5Bvalue%5D=pending,holded"
        "&searchCriteria%5Bfilter_groups%5D%5B1%5D%5Bfilters%5D%5B1%5D%5Bcondition_type%5D=in"
        "&searchCriteria%5BsortOrders%5D%5B0%5D%5Bfield%5D=updated_at&searchCriteria%5BsortOrders%5D%5B0%5D%5Bdirection%5D=ASC"
        "&searchCriteria%5BpageSize%5D=100&searchCriteria%5BcurrentPage%5D=1"
    )
    mocked.get(url, json={"items": [{"entity_id": 3}], "search_criteria": {}, "total_count": 1})

    page = magento.search("magento.order.search", criteria)

    assert (page.items, page.total_count) == ([{"entity_id": 3}], 1)
    assert sent(mocked) == [("GET", url)]
    assert mocked.calls[0].request.headers["Authorization"] == f"Bearer {MAGENTO_TOKEN}"


def test_empty_criteria_still_sends_the_required_parameter(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.get(f"{REST}/customerGroups/search?searchCriteria=", json={"items": [], "total_count": 0})

    assert magento.search("magento.customer_group.search").items == []


def test_iter_search_stops_by_total_count_although_later_pages_repeat_the_last(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    customers = [{"id": n} for n in range(1, 6)]

    def page(request: Any) -> tuple[int, dict[str, str], str]:
        query = parse_qs(urlsplit(request.url).query)
        size = int(query["searchCriteria[pageSize]"][0])
        current = min(int(query["searchCriteria[currentPage]"][0]), 3)  # Magento clamps to the last page
        items = customers[(current - 1) * size : current * size]
        return 200, {}, json.dumps({"items": items, "total_count": len(customers)})

    mocked.add_callback(responses.GET, f"{REST}/customers/search", callback=page)

    found = list(
        magento.iter_search("magento.customer.search", SearchCriteria().order_by("entity_id"), page_size=2)
    )

    assert found == customers
    assert len(mocked.calls) == 3


def test_store_code_scopes_the_url(mocked: responses.RequestsMock, magento: MagentoClient) -> None:
    product = {"sku": "ACU/1 B", "name": "Bolt", "price": 1.95}
    mocked.put(f"{MAGENTO_URL}/rest/all/V1/products/ACU%2F1%20B", json=product)
    mocked.put(f"{MAGENTO_URL}/rest/us/V1/products/ACU%2F1%20B", json=product)
    mocked.get(f"{REST}/products/ACU%2F1%20B", json=product)
    mocked.delete(f"{MAGENTO_URL}/rest/all/V1/products/ACU%2F1%20B", json=True)

    magento.push_product(product)
    magento.push_product(product, store="us", save_options=True)
    magento.fetch_product("ACU/1 B")
    magento.delete_product("ACU/1 B")

    assert [m for m, _ in sent(mocked)] == ["PUT", "PUT", "GET", "DELETE"]
    assert body_of(mocked.calls[0]) == {"product": product}
    assert body_of(mocked.calls[1]) == {"product": product, "saveOptions": True}
    assert mocked.calls[0].request.headers["Content-Type"] == "application/json"


def test_base_price_failures_become_per_record_results(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    prices = [
        {"sku": "ACU-1", "price": 1.95, "store_id": 0},
        {"sku": "not_existing_sku", "price": 3.5, "store_id": 0},
        {"sku": "ACU-3", "price": -9999, "store_id": 0},
    ]
    mocked.post(
        f"{REST}/products/base-prices",
        json=[
            {
                "message": "Invalid attribute %fieldName = %fieldValue.",
                "parameters": ["SKU", "not_existing_sku"],
            },
            {"message": "Invalid attribute %fieldName = %fieldValue.", "parameters": ["Price", "-9999"]},
        ],
    )

    results = magento.push_base_prices(prices)

    assert body_of(mocked.calls[0]) == {"prices": prices}
    assert results == [
        RecordResult(0, "ACU-1", True, ""),
        RecordResult(1, "not_existing_sku", False, "Invalid attribute SKU = not_existing_sku."),
        RecordResult(2, "ACU-3", False, "Invalid attribute Price = -9999."),
    ]


def test_price_failure_naming_no_row_fails_every_row(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.post(
        f"{REST}/products/special-price", json=[{"message": "Something went wrong %1", "parameters": ["x"]}]
    )
    rows = [
        {"sku": "A", "price": 1, "store_id": 0, "price_from": "2024-06-01 00:00:00"},
        {"sku": "B", "price": 2},
    ]

    results = magento.push_special_prices(rows)

    assert [r.ok for r in results] == [False, False]
    assert results[0].message == "Something went wrong x (Magento did not say which row)"


def test_source_items_all_saved_or_all_refused(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    items = [{"sku": "A", "source_code": "default", "quantity": 5, "status": 1}]
    mocked.post(f"{REST}/inventory/source-items", json=[])
    assert magento.push_source_items(items) == [RecordResult(0, "A", True, "")]
    assert body_of(mocked.calls[0]) == {"sourceItems": items}

    mocked.replace(
        responses.POST,
        f"{REST}/inventory/source-items",
        status=400,
        json={
            "message": 'Validation Failed: "quantity" should be numeric.',
            "errors": [{"message": '"%field" should be numeric.', "parameters": {"field": "quantity"}}],
        },
    )
    refused = magento.push_source_items([*items, {"sku": "B", "source_code": "default", "quantity": "x"}])
    assert [r.ok for r in refused] == [False, False]
    assert (
        refused[1].message
        == 'Validation Failed: "quantity" should be numeric. (quantity: "quantity" should be numeric.)'
    )
    assert not refused[1].retryable


def test_multi_row_retryable_failure_is_raised_for_the_whole_batch(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.post(f"{REST}/products/base-prices", status=500, json={"message": "Internal Error"})

    with pytest.raises(ServerError):
        magento.push_base_prices([{"sku": "A", "price": 1, "store_id": 0}])


def _operation(op_id: int, status: int, sku: str, message: str = "") -> dict[str, Any]:
    meta = json.dumps({"product": {"sku": sku}})
    return {
        "id": op_id,
        "status": status,
        "result_message": message,
        "serialized_data": json.dumps({"entity_id": None, "entity_link": "", "meta_information": meta}),
    }


def test_bulk_products_are_polled_into_per_product_results(
    mocked: responses.RequestsMock, magento: MagentoClient, sleeps: list[float]
) -> None:
    products = [{"sku": s, "name": s, "attribute_set_id": 4, "price": 1} for s in ("P1", "P2", "P3", "P4")]
    mocked.post(
        f"{MAGENTO_URL}/rest/all/async/bulk/V1/products",
        status=202,
        json={
            "bulk_uuid": "5f3c2a9e",
            "request_items": [
                {"id": 0, "data_hash": None, "status": "accepted"},
                {"id": 1, "data_hash": None, "status": "accepted"},
                {"id": 2, "status": "rejected", "error_message": "Could not queue"},
                {"id": 3, "data_hash": None, "status": "accepted"},
            ],
            "errors": True,
        },
    )
    status_url = f"{REST}/bulk/5f3c2a9e/detailed-status"
    mocked.get(status_url, json={"operations_list": [_operation(12, 4, "P1"), _operation(13, 4, "P2")]})
    mocked.get(
        status_url,
        json={
            "operations_list": [
                _operation(14, 2, "P4", "Deadlock found"),
                _operation(12, 1, "P1", "Service execution success"),
                _operation(13, 3, "P2", "URL key for specified store already exists."),
            ]
        },
    )

    results = magento.push_products_bulk(products)

    assert body_of(mocked.calls[0]) == [{"product": p} for p in products]
    assert sent(mocked)[1:] == [("GET", status_url), ("GET", status_url)]
    assert sleeps == [2.0]
    assert results == [
        RecordResult(0, "P1", True, "Service execution success"),
        RecordResult(1, "P2", False, "URL key for specified store already exists."),
        RecordResult(2, "P3", False, "Could not queue"),
        RecordResult(3, "P4", False, "Deadlock found", retryable=True),
    ]


def test_bulk_operations_still_open_at_the_time_out_are_retryable(mocked: responses.RequestsMock) -> None:
    ticks = iter(range(0, 1000, 10))
    client = MagentoClient(
        MAGENTO_URL, MAGENTO_TOKEN, bulk_timeout=25, sleep=lambda _: None, clock=lambda: float(next(ticks))
    )
    mocked.post(f"{MAGENTO_URL}/rest/all/async/bulk/V1/products", status=202, json={"bulk_uuid": "u1"})
    mocked.get(f"{REST}/bulk/u1/detailed-status", json={"operations_list": [{"id": 1, "status": 4}]})

    [result] = client.push_products_bulk([{"sku": "P1"}])

    assert not result.ok and result.retryable
    assert "still queued in Magento after 25 s" in result.message


def test_order_comment_ship_and_invoice(mocked: responses.RequestsMock, magento: MagentoClient) -> None:
    mocked.post(f"{REST}/orders/3/comments", json=True)
    mocked.post(f"{REST}/order/3/ship", json="5")
    mocked.post(f"{REST}/order/3/invoice", json=9)

    assert magento.push_order_comment(3, "Imported to Acumatica as SO004711", status="processing")
    assert (
        magento.push_shipment(3, {"tracks": [{"track_number": "1Z9", "title": "UPS", "carrier_code": "ups"}]})
        == 5
    )
    assert magento.push_invoice(3, {"capture": True}) == 9

    assert body_of(mocked.calls[0]) == {
        "statusHistory": {
            "comment": "Imported to Acumatica as SO004711",
            "is_customer_notified": 0,
            "is_visible_on_front": 0,
            "parent_id": 3,
            "status": "processing",
        }
    }
    assert body_of(mocked.calls[1]) == {
        "tracks": [{"track_number": "1Z9", "title": "UPS", "carrier_code": "ups"}]
    }
    assert body_of(mocked.calls[2]) == {"capture": True}


def test_customers_categories_and_store_structure(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.post(f"{MAGENTO_URL}/rest/default/V1/customers", json={"id": 7})
    mocked.put(f"{REST}/customers/7", json={"id": 7})
    mocked.get(f"{REST}/customers/7", json={"id": 7})
    mocked.post(f"{MAGENTO_URL}/rest/all/V1/categories", json={"id": 41})
    mocked.put(f"{MAGENTO_URL}/rest/all/V1/categories/41", json={"id": 41})
    mocked.get(f"{REST}/categories", json={"id": 2, "children_data": []})
    for route in ("websites", "storeGroups", "storeConfigs"):
        mocked.get(f"{REST}/store/{route}", json=[{"id": 1}])

    magento.push_new_customer({"email": "j@example.com"}, store="default")
    magento.push_customer(7, {"group_id": 2})
    magento.fetch_customer(7)
    magento.push_new_category({"parent_id": 2, "name": "Fasteners"})
    magento.push_category(41, {"name": "Fasteners & Bolts"})
    magento.fetch_category_tree()
    magento.fetch_websites(), magento.fetch_store_groups(), magento.fetch_store_configs()

    assert body_of(mocked.calls[0]) == {"customer": {"email": "j@example.com"}}
    assert body_of(mocked.calls[1]) == {"customer": {"group_id": 2}}
    assert body_of(mocked.calls[3]) == {"category": {"parent_id": 2, "name": "Fasteners"}}
    assert body_of(mocked.calls[4]) == {"category": {"name": "Fasteners & Bolts"}}
    assert len(mocked.calls) == 9


def test_render_message_fills_positional_and_named_placeholders() -> None:
    assert render_message("SKU length should be %1 characters maximum.", [64]) == (
        "SKU length should be 64 characters maximum."
    )
    assert render_message(
        "No such entity with %fieldName = %fieldValue", {"fieldName": "id", "fieldValue": 5}
    ) == ("No such entity with id = 5")
    assert render_message("%1 and %10", list(range(1, 11))) == "1 and 10"
    assert render_message("Invalid attribute %fieldName = %fieldValue.", ["SKU", "X-1"]) == (
        "Invalid attribute SKU = X-1."
    )


def test_naive_datetimes_are_refused_in_filters() -> None:
    with pytest.raises(ValueError, match="aware"):
        SearchCriteria().where("updated_at", datetime(2024, 1, 1))
