"""Price storage and inventory fidelity (point 6): per-row failure lists while valid rows save,
MSI source items with `Validation Failed` errors, sources, stocks and the legacy stock item."""

from __future__ import annotations

import pytest

from .conftest import MagentoClient, criteria

INVALID = "Invalid attribute %fieldName = %fieldValue."


@pytest.fixture
def bolt(magento: MagentoClient) -> MagentoClient:
    magento.create_product("ACU-1001", name="Steel Bolt", price=1.95)
    return magento


def test_base_prices_report_failed_rows_exactly_and_save_valid_ones(bolt: MagentoClient) -> None:
    body = {
        "prices": [
            {"sku": "not_existing_sku", "price": -9999, "store_id": 9999},
            {"sku": "ACU-1001", "price": 2.25, "store_id": 0},
        ]
    }
    failures = bolt.ok(bolt.post("/rest/V1/products/base-prices", body))
    assert failures == [
        {"message": INVALID, "parameters": ["SKU", "not_existing_sku"]},
        {"message": INVALID, "parameters": ["Price", "-9999"]},
        {
            "message": "Requested store is not found. Row ID: SKU = not_existing_sku, Store ID: 9999.",
            "parameters": ["not_existing_sku", "9999"],
        },
    ]
    assert bolt.ok(bolt.get("/rest/all/V1/products/ACU-1001"))["price"] == 2.25


def test_base_prices_all_valid_answer_empty_list_and_bump_updated_at(magento: MagentoClient) -> None:
    magento.handle.config(clock_offset_seconds=-3600)
    before = magento.create_product("ACU-1001", name="Steel Bolt", price=1.95)
    magento.handle.config(clock_offset_seconds=0)
    bolt = magento
    assert (
        bolt.ok(
            bolt.post(
                "/rest/V1/products/base-prices", {"prices": [{"sku": "ACU-1001", "price": 3, "store_id": 0}]}
            )
        )
        == []
    )
    product = bolt.ok(bolt.get("/rest/all/V1/products/ACU-1001"))
    assert product["updated_at"] > before["updated_at"]
    assert bolt.ok(bolt.post("/rest/V1/products/base-prices-information", {"skus": ["ACU-1001"]})) == [
        {"price": 3.0, "store_id": 0, "sku": "ACU-1001"}
    ]
    missing = bolt.post("/rest/V1/products/base-prices-information", {"skus": ["NOPE"]})
    assert (missing.status_code, missing.json()["parameters"]) == (404, {"sku": "NOPE"})


def test_base_prices_need_the_prices_parameter(bolt: MagentoClient) -> None:
    response = bolt.post("/rest/V1/products/base-prices", {"price": []})
    assert response.json()["parameters"] == {"fieldName": "prices"}


def test_special_prices(bolt: MagentoClient) -> None:
    row = {
        "sku": "ACU-1001",
        "price": 1.5,
        "store_id": 0,
        "price_from": "2024-06-01 00:00:00",
        "price_to": "2024-06-30 23:59:59",
    }
    unknown = {**row, "sku": "X"}
    failures = bolt.ok(bolt.post("/rest/V1/products/special-price", {"prices": [unknown, row]}))
    assert failures == [
        {
            "message": "The product that was requested doesn't exist. Verify the product and try again. "
            "Row ID: SKU = X, Store ID: 0, Price From: 2024-06-01 00:00:00, Price To: 2024-06-30 23:59:59.",
            "parameters": ["X", "0", "2024-06-01 00:00:00", "2024-06-30 23:59:59"],
        }
    ]
    assert bolt.ok(bolt.post("/rest/V1/products/special-price-information", {"skus": ["ACU-1001"]})) == [row]
    assert bolt.ok(bolt.post("/rest/V1/products/special-price-delete", {"prices": [row]})) == []
    assert bolt.ok(bolt.post("/rest/V1/products/special-price-information", {"skus": ["ACU-1001"]})) == []


def test_tier_prices_add_replace_and_delete(bolt: MagentoClient) -> None:
    tier = {
        "sku": "ACU-1001",
        "price": 1.7,
        "price_type": "fixed",
        "website_id": 0,
        "customer_group": "General",
        "quantity": 100,
    }
    assert bolt.ok(bolt.post("/rest/V1/products/tier-prices", {"prices": [tier]})) == []
    discount = {**tier, "price": 10, "price_type": "discount", "customer_group": "Wholesale", "quantity": 50}
    assert bolt.ok(bolt.post("/rest/V1/products/tier-prices", {"prices": [discount]})) == []
    listed = bolt.ok(bolt.post("/rest/V1/products/tier-prices-information", {"skus": ["ACU-1001"]}))
    assert sorted((t["customer_group"], t["price_type"], t["quantity"]) for t in listed) == [
        ("General", "fixed", 100.0),
        ("Wholesale", "discount", 50.0),
    ]
    assert bolt.ok(bolt.put("/rest/V1/products/tier-prices", {"prices": [tier]})) == []
    assert len(bolt.ok(bolt.post("/rest/V1/products/tier-prices-information", {"skus": ["ACU-1001"]}))) == 1
    bad_group = bolt.ok(
        bolt.post("/rest/V1/products/tier-prices", {"prices": [{**tier, "customer_group": "Nobody"}]})
    )
    assert bad_group[0]["message"].startswith("No such entity with Customer Group = Nobody.")
    assert bolt.ok(bolt.post("/rest/V1/products/tier-prices-delete", {"prices": [tier]})) == []
    assert bolt.ok(bolt.get("/rest/all/V1/products/ACU-1001"))["tier_prices"] == []


def test_cost_storage(bolt: MagentoClient) -> None:
    failures = bolt.ok(
        bolt.post("/rest/V1/products/cost", {"prices": [{"sku": "ACU-1001", "cost": -9999, "store_id": 0}]})
    )
    assert failures == [
        {
            "message": "Invalid attribute Cost = -9999. Row ID: SKU = ACU-1001, Store ID: 0.",
            "parameters": ["-9999", "ACU-1001", "0"],
        }
    ]
    assert (
        bolt.ok(
            bolt.post("/rest/V1/products/cost", {"prices": [{"sku": "ACU-1001", "cost": 0.9, "store_id": 0}]})
        )
        == []
    )
    assert bolt.ok(bolt.post("/rest/V1/products/cost-information", {"skus": ["ACU-1001"]})) == [
        {"cost": 0.9, "store_id": 0, "sku": "ACU-1001"}
    ]
    assert bolt.ok(bolt.post("/rest/V1/products/cost-delete", {"skus": ["ACU-1001"]})) is True


def test_demo_sources_one_per_warehouse(magento: MagentoClient) -> None:
    sources = magento.ok(magento.get("/rest/V1/inventory/sources", params=criteria()))
    assert sorted(s["source_code"] for s in sources["items"]) == ["default", "retail", "westwh", "wholesale"]
    default = magento.ok(magento.get("/rest/V1/inventory/sources/default"))
    assert (default["name"], default["country_id"], default["postcode"]) == ("Default Source", "US", "00000")
    missing = magento.get("/rest/V1/inventory/sources/nope")
    assert missing.status_code == 404
    stocks = magento.ok(magento.get("/rest/V1/inventory/stocks", params=criteria()))
    assert [s["stock_id"] for s in stocks["items"]] == [1, 2]
    links = magento.ok(
        magento.get("/rest/V1/inventory/stock-source-links", params=criteria([[("stock_id", "2", "eq")]]))
    )
    assert [link["source_code"] for link in links["items"]] == ["westwh"]


def test_source_save_and_validation(magento: MagentoClient) -> None:
    body = {
        "source": {
            "source_code": "east",
            "name": "East",
            "enabled": True,
            "country_id": "US",
            "postcode": "10001",
        }
    }
    assert magento.ok(magento.post("/rest/V1/inventory/sources", body)) == []
    update = {"source": {"name": "East Coast", "country_id": "US", "postcode": "10001"}}
    assert magento.ok(magento.put("/rest/V1/inventory/sources/east", update)) == []
    assert magento.ok(magento.get("/rest/V1/inventory/sources/east"))["name"] == "East Coast"
    invalid = magento.put("/rest/V1/inventory/sources/east", {"source": {"name": "East"}})
    assert invalid.status_code == 400
    assert invalid.json()["message"].startswith("Validation Failed: ")


def test_source_items_upsert_and_answer_empty_list(bolt: MagentoClient) -> None:
    items = [
        {"sku": "ACU-1001", "source_code": "default", "quantity": 250, "status": 1},
        {"sku": "ACU-1001", "source_code": "retail", "quantity": 40, "status": 1},
    ]
    assert bolt.ok(bolt.post("/rest/V1/inventory/source-items", {"sourceItems": items})) == []
    assert (
        bolt.ok(bolt.post("/rest/V1/inventory/source-items", {"sourceItems": [{**items[1], "quantity": 41}]}))
        == []
    )
    found = bolt.ok(
        bolt.get("/rest/V1/inventory/source-items", params=criteria([[("sku", "ACU-1001", "eq")]]))
    )
    assert found["items"] == [
        {"sku": "ACU-1001", "source_code": "default", "quantity": 250.0, "status": 1},
        {"sku": "ACU-1001", "source_code": "retail", "quantity": 41.0, "status": 1},
    ]
    stock = bolt.ok(bolt.get("/rest/V1/stockItems/ACU-1001"))
    assert (stock["qty"], stock["is_in_stock"]) == (250.0, True)


def test_source_item_validation_failures(bolt: MagentoClient) -> None:
    no_sku = bolt.post(
        "/rest/V1/inventory/source-items",
        {"sourceItems": [{"source_code": "default", "quantity": 1, "status": 1}]},
    )
    assert no_sku.status_code == 400
    assert no_sku.json() == {
        "message": 'Validation Failed: "sku" can not be empty.',
        "errors": [{"message": '"%field" can not be empty.', "parameters": {"field": "sku"}}],
    }
    bad_status = bolt.post(
        "/rest/V1/inventory/source-items",
        {"sourceItems": [{"sku": "A", "source_code": "default", "quantity": 1, "status": 7}]},
    )
    assert bad_status.json()["errors"] == [
        {"message": '"%field" should a known status.', "parameters": {"field": "status"}}
    ]
    unknown_source = bolt.post(
        "/rest/V1/inventory/source-items",
        {"sourceItems": [{"sku": "A", "source_code": "mars", "quantity": 1, "status": 1}]},
    )
    assert unknown_source.json() == {"message": "Could not save Source Item"}
    wrong_type = bolt.post(
        "/rest/V1/inventory/source-items",
        {"sourceItems": [{"sku": "A", "source_code": "default", "quantity": "test", "status": 1}]},
    )
    assert wrong_type.json() == {
        "message": 'Error occurred during "quantity" processing. The "test" value\'s type is invalid. '
        'The "float" type was expected. Verify and try again.'
    }
    assert bolt.post("/rest/V1/inventory/source-items", {"sourceItems": []}).json() == {
        "message": "Input data is empty"
    }
    assert bolt.handle.collections()["source_items"] == 0


def test_source_items_accept_an_unknown_sku_and_delete(bolt: MagentoClient) -> None:
    items = [{"sku": "NOT-IN-CATALOG", "source_code": "retail", "quantity": 3, "status": 1}]
    assert bolt.ok(bolt.post("/rest/V1/inventory/source-items", {"sourceItems": items})) == []
    assert bolt.ok(bolt.post("/rest/V1/inventory/source-items-delete", {"sourceItems": items})) == []
    assert bolt.handle.collections()["source_items"] == 0


def test_legacy_stock_item_route_updates_the_default_source(bolt: MagentoClient) -> None:
    item_id = bolt.ok(
        bolt.put(
            "/rest/V1/products/ACU-1001/stockItems/999", {"stockItem": {"qty": 120, "is_in_stock": True}}
        )
    )
    product = bolt.ok(bolt.get("/rest/all/V1/products/ACU-1001"))
    assert item_id == product["id"]
    assert bolt.handle.state("source_items", "ACU-1001/default") == {
        "sku": "ACU-1001",
        "source_code": "default",
        "quantity": 120.0,
        "status": 1,
    }
    status = bolt.ok(bolt.get("/rest/V1/stockStatuses/ACU-1001"))
    assert (status["qty"], status["stock_status"]) == (120, 1)
    assert bolt.get("/rest/V1/stockItems/NOPE").status_code == 404
