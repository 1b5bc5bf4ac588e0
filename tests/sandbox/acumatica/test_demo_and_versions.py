"""The demo tenant agrees with the shared catalog; endpoint versions 23.200.001 and 24.200.001
(checklist item 10)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from sandbox.common.catalog import build_catalog
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from tests.conftest import acumatica_app

from .conftest import AcumaticaApi, value

CATALOG = build_catalog(1, 60)


def test_the_tenant_is_the_shared_catalog(acumatica: AcumaticaApi) -> None:
    def keys(entity: str, field: str) -> list:
        return [value(r, field) for r in acumatica.get(entity, **{"$select": field}).json()]

    assert sorted(keys("StockItem", "InventoryID")) == sorted(i.inventory_id for i in CATALOG.items)
    assert sorted(keys("TemplateItems", "InventoryID")) == sorted(t.inventory_id for t in CATALOG.templates)
    assert keys("Warehouse", "WarehouseID") == sorted(w.warehouse_id for w in CATALOG.warehouses)
    assert sorted(keys("ShipVia", "CarrierID")) == sorted(s.ship_via_id for s in CATALOG.ship_vias)
    assert sorted(keys("PaymentMethod", "PaymentMethodID")) == sorted(
        p.payment_method_id for p in CATALOG.payment_methods
    )
    assert sorted(keys("CustomerClass", "ClassID")) == sorted(c.class_id for c in CATALOG.customer_classes)
    assert sorted(keys("ItemClass", "ClassID")) == sorted(c.class_id for c in CATALOG.item_classes)
    assert keys("ItemSalesCategory", "CategoryID") == [c.category_id for c in CATALOG.categories]
    customers = acumatica.get(
        "Customer", **{"$expand": "MainContact", "$select": "CustomerID,MainContact/Email"}
    ).json()
    assert {value(c, "CustomerID"): value(c, "MainContact", "Email") for c in customers} == {
        p.customer_id: p.email for p in CATALOG.customers if p.in_acumatica
    }


def test_stock_items_carry_the_catalog_values(acumatica: AcumaticaApi) -> None:
    item = CATALOG.items[0]
    record = acumatica.get(
        f"StockItem/{item.inventory_id}",
        **{"$expand": "WarehouseDetails,Categories,Attributes,CrossReferences"},
    ).json()

    assert value(record, "Description") == item.description
    assert value(record, "DefaultPrice") == float(item.default_price)
    assert value(record, "ItemClass") == item.item_class
    assert value(record, "CustomURL") == item.custom_url
    assert [value(c, "CategoryID") for c in record["Categories"]] == list(item.categories)
    assert {value(a, "AttributeID"): value(a, "Value") for a in record["Attributes"]} == item.attributes
    assert value(record["CrossReferences"][0], "AlternateID") == item.barcode
    on_hand = {value(w, "WarehouseID"): value(w, "QtyOnHand") for w in record["WarehouseDetails"]}
    assert on_hand == {w: q.on_hand for w, q in item.quantities.items()}


def test_order_types_are_discoverable_from_sales_orders(acumatica: AcumaticaApi) -> None:
    orders = acumatica.get("SalesOrder", **{"$select": "OrderType"}).json()
    assert sorted({value(o, "OrderType") for o in orders}) == sorted(
        t.order_type for t in CATALOG.order_types
    )


def test_the_same_seed_builds_the_same_tenant() -> None:
    def build() -> list:
        app = acumatica_app(seed=3, items=20, tenant="T", user="u", password="p")
        return app.state_list("SalesOrder") + app.state_list("StockItem")

    assert build() == build()


def test_endpoint_list_shows_both_versions_and_fields_follow_the_version(acumatica: AcumaticaApi) -> None:
    endpoints = requests.get(f"{acumatica.url}/entity", timeout=5).json()
    assert [e["version"] for e in endpoints["endpoints"]] == ["23.200.001", "24.200.001"]
    assert endpoints["endpoints"][1]["href"] == "/entity/Default/24.200.001/"

    v24 = acumatica.get("StockItem/APP0001").json()
    old = AcumaticaApi(acumatica.url, "23.200.001")
    old.http = acumatica.http
    v23 = old.get("StockItem/APP0001").json()

    assert "LastModifiedDateTime" in v24 and "LastModified" in v24
    assert "LastModified" in v23 and "LastModifiedDateTime" not in v23
    assert v23["LastModified"] == v24["LastModifiedDateTime"]
    assert (
        old.get(
            "StockItem", **{"$filter": "LastModified gt datetimeoffset'2020-01-01T00:00:00Z'"}
        ).status_code
        == 200
    )
    assert (
        old.get("StockItem", **{"$filter": "LastModifiedDateTime gt datetimeoffset'2020-01-01'"}).status_code
        == 400
    )
    assert "UnlimitedPackages" not in old.get("Shipment/$adHocSchema").json()
    assert "UnlimitedPackages" in acumatica.get("Shipment/$adHocSchema").json()
    assert old.post("SalesOrder/RecalculatePricesDiscounts", {"entity": {}}).status_code == 404


@pytest.fixture(scope="module")
def instance_2023() -> Iterator[str]:
    with SandboxServer(acumatica_app(seed=1, items=10, version="23.200.001")) as server:
        yield server.url


def test_a_2023_instance_serves_only_23_200_001_and_writes_swagger_2(instance_2023: str) -> None:
    api = AcumaticaApi(instance_2023, "23.200.001")
    assert api.login().status_code == 204

    assert [e["version"] for e in requests.get(f"{instance_2023}/entity", timeout=5).json()["endpoints"]] == [
        "23.200.001"
    ]
    assert AcumaticaApi(instance_2023, "24.200.001").get("StockItem").status_code in (401, 404)
    assert api.http.get(f"{instance_2023}/entity/Default/24.200.001/StockItem").status_code == 404
    swagger = requests.get(f"{instance_2023}/entity/Default/23.200.001/swagger.json", timeout=5).json()
    assert swagger["swagger"] == "2.0"
    assert swagger["basePath"] == "/entity/Default/23.200.001"
    assert "LastModifiedDateTime" not in swagger["definitions"]["StockItem"]["allOf"][1]["properties"]


def all_ids(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {node["id"]} if isinstance(node.get("id"), str) else set()
        return found.union(*(all_ids(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(all_ids(v) for v in node))
    return set()


def test_tenants_in_one_process_draw_record_ids_from_their_own_streams(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    existing = set().union(*(all_ids(sandbox.state(name)) for name in sandbox.collections()))
    acumatica_app()  # a second tenant from the same seed must not replay this tenant's ids

    created = acumatica.put(
        "StockItem", {"InventoryID": {"value": "FRESH"}}, **{"$expand": "WarehouseDetails"}
    )

    assert not all_ids(created.json()) & existing
    assert value(acumatica.get(f"StockItem/{created.json()['id']}").json(), "InventoryID") == "FRESH"
