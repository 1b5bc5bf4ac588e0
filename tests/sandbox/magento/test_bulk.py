"""Asynchronous and bulk API fidelity (point 10) and the consumers that process the operations."""

from __future__ import annotations

import json
import re

from .conftest import MagentoClient, criteria


def _products(*skus: str) -> list[dict]:
    return [
        {
            "product": {
                "sku": sku,
                "name": f"Bulk {sku}",
                "attribute_set_id": 4,
                "price": 1.5,
                "type_id": "simple",
            }
        }
        for sku in skus
    ]


def test_bulk_accepts_an_array_and_answers_request_items(magento: MagentoClient) -> None:
    response = magento.post("/rest/all/async/bulk/V1/products", _products("B-1", "B-2"))
    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"bulk_uuid", "request_items", "errors"}
    assert re.fullmatch(r"[0-9a-f-]{36}", body["bulk_uuid"])
    assert [(i["id"], i["status"]) for i in body["request_items"]] == [(0, "accepted"), (1, "accepted")]
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["data_hash"]) for i in body["request_items"])
    assert body["errors"] is False


def test_consumers_process_operations_in_the_url_scope(magento: MagentoClient) -> None:
    bulk_uuid = magento.ok(magento.post("/rest/all/async/bulk/V1/products", _products("B-1", "B-2")), 202)[
        "bulk_uuid"
    ]
    status = magento.wait_bulk(bulk_uuid)
    assert [op["status"] for op in status["operations_list"]] == [1, 1]
    assert status["operations_list"][0]["result_message"] == (
        "Service execution success Magento\\Catalog\\Model\\ProductRepository\\Interceptor::save"
    )
    assert status["operations_list"][0]["error_code"] is None
    assert status["description"] == "Topic async.magento.catalog.api.productrepositoryinterface.save.post"
    assert (status["operation_count"], status["user_type"]) == (2, 1)
    product = magento.ok(magento.get("/rest/all/V1/products/B-2"))
    assert product["extension_attributes"]["website_ids"] == [1, 2]


def test_business_failures_show_only_in_the_operation_status(magento: MagentoClient) -> None:
    clash = [*_products("C-1"), {"product": {"sku": "C-2", "name": "Bulk C-1", "price": 1}}]
    accepted = magento.post("/rest/all/async/bulk/V1/products", clash)
    assert accepted.status_code == 202 and accepted.json()["errors"] is False
    status = magento.wait_bulk(accepted.json()["bulk_uuid"])
    assert [op["status"] for op in status["operations_list"]] == [1, 3]
    assert status["operations_list"][1]["result_message"] == "URL key for specified store already exists."
    assert status["operations_list"][1]["error_code"] == 0


def test_a_deserialisation_error_in_any_element_fails_the_whole_request(magento: MagentoClient) -> None:
    bad = [*_products("D-1"), {"product": {"sku": "D-2", "price": "cheap"}}]
    response = magento.post("/rest/all/async/bulk/V1/products", bad)
    assert response.status_code == 400
    assert response.json()["message"].startswith('Error occurred during "price" processing.')
    missing = magento.post("/rest/all/async/bulk/V1/products", [{"saveOptions": True}])
    assert missing.json()["parameters"] == {"fieldName": "product"}
    assert magento.handle.collections()["bulk_operations"] == 0


def test_path_parameters_become_by_segments_with_values_in_each_element(magento: MagentoClient) -> None:
    magento.create_product("E-1")
    magento.create_product("E-2")
    updated = magento.ok(
        magento.put("/rest/all/async/bulk/V1/products/bySku", [{"product": {"sku": "E-1", "price": 10}}]), 202
    )
    assert [op["status"] for op in magento.wait_bulk(updated["bulk_uuid"])["operations_list"]] == [1]
    assert magento.ok(magento.get("/rest/all/V1/products/E-1"))["price"] == 10.0
    deleted = magento.ok(
        magento.delete("/rest/async/bulk/V1/products/bySku", [{"sku": "E-1"}, {"sku": "E-2"}]), 202
    )
    magento.wait_bulk(deleted["bulk_uuid"])
    assert magento.handle.collections()["products"] == 0
    unknown = magento.post("/rest/async/bulk/V1/products/{sku}", [])
    assert unknown.status_code == 404


def test_single_async_request_uses_the_normal_body(magento: MagentoClient) -> None:
    body = {"sourceItems": [{"sku": "F-1", "source_code": "default", "quantity": 5, "status": 1}]}
    accepted = magento.ok(magento.post("/rest/async/V1/inventory/source-items", body), 202)
    assert len(accepted["request_items"]) == 1
    status = magento.wait_bulk(accepted["bulk_uuid"])
    assert (
        status["description"] == "Topic async.magento.inventoryapi.api.sourceitemssaveinterface.execute.post"
    )
    assert magento.handle.state("source_items", "F-1/default")["quantity"] == 5.0


def test_operations_stay_open_while_no_consumer_runs(magento: MagentoClient) -> None:
    magento.handle.config(consumers=0)
    accepted = magento.ok(magento.post("/rest/all/async/bulk/V1/products", _products("G-1")), 202)
    status = magento.ok(magento.get(f"/rest/V1/bulk/{accepted['bulk_uuid']}/status"))
    assert status["operations_list"] == [{"id": 1, "status": 4, "result_message": None, "error_code": None}]
    assert magento.ok(magento.get(f"/rest/V1/bulk/{accepted['bulk_uuid']}/operation-status/4")) == 1
    assert magento.handle.stats()["bulk_operations"]["open"] == 1
    magento.handle.config(consumers=2)
    assert magento.wait_bulk(accepted["bulk_uuid"])["operations_list"][0]["status"] == 1


def test_detailed_status_and_operation_search(magento: MagentoClient) -> None:
    accepted = magento.ok(magento.post("/rest/all/async/bulk/V1/products", _products("H-1")), 202)
    magento.wait_bulk(accepted["bulk_uuid"])
    detailed = magento.ok(magento.get(f"/rest/V1/bulk/{accepted['bulk_uuid']}/detailed-status"))
    operation = detailed["operations_list"][0]
    assert operation["bulk_uuid"] == accepted["bulk_uuid"]
    serialized = json.loads(operation["serialized_data"])
    assert json.loads(serialized["meta_information"]) == _products("H-1")[0]
    assert json.loads(operation["result_serialized_data"])["sku"] == "H-1"
    found = magento.ok(
        magento.get(
            "/rest/V1/bulk",
            params=criteria([[("bulk_uuid", accepted["bulk_uuid"], "eq")], [("status", 1, "eq")]]),
        )
    )
    assert found["total_count"] == 1 and found["items"][0]["topic_name"].startswith("async.magento.catalog")


def test_unknown_bulk_uuid_is_404(magento: MagentoClient) -> None:
    response = magento.get("/rest/V1/bulk/0000/status")
    assert response.status_code == 404
    assert response.json() == {"message": "Bulk uuid %bulkUuid not exist", "parameters": {"bulkUuid": "0000"}}


def test_bulk_customers_and_categories(magento: MagentoClient) -> None:
    customers = [
        {"customer": {"email": f"bulk{i}@example.com", "firstname": "Bulk", "lastname": str(i)}}
        for i in range(3)
    ]
    accepted = magento.ok(magento.post("/rest/async/bulk/V1/customers", customers), 202)
    assert [op["status"] for op in magento.wait_bulk(accepted["bulk_uuid"])["operations_list"]] == [1, 1, 1]
    categories = [{"category": {"name": "Bulk A"}}, {"category": {"name": "Bulk A"}}]
    accepted = magento.ok(magento.post("/rest/async/bulk/V1/categories", categories), 202)
    assert [op["status"] for op in magento.wait_bulk(accepted["bulk_uuid"])["operations_list"]] == [1, 3]
