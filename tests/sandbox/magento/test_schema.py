"""The Magento sandbox against Magento's real admin schema: every route exists there, the input
interfaces match its definitions, and every route's requests and answers validate against it."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.magento.interfaces import declared_interfaces
from sandbox.magento.routes import all_routes
from sandbox.magento.types import Interface, ListOf, Scalar

from .conftest import MagentoClient
from .schema_check import SCHEMA_PATH, SchemaCheck, body_schema, operation, swagger
from .schema_scenario import run_bulk, run_catalog, run_customers, run_prices_and_inventory, run_sales

pytestmark = pytest.mark.skipif(
    not SCHEMA_PATH.is_file(),
    reason=f"Magento's admin schema is not at {SCHEMA_PATH} "
    "(set ACMC_SHARED_REFERENCE to the shared reference folder)",
)
_SWAGGER_TYPES = {"int": "integer", "float": "number", "string": "string", "bool": "boolean"}


def test_every_route_is_a_real_magento_route() -> None:
    paths = swagger()["paths"]
    missing = [f"{r.method} {r.path}" for r in all_routes() if r.method.lower() not in paths.get(r.path, {})]
    assert missing == []


def _type_matches(ours: Any, theirs: dict[str, Any]) -> bool:
    if isinstance(ours, Scalar):
        return ours.name in {"mixed", "custom_attributes"} or theirs.get("type") == _SWAGGER_TYPES[ours.name]
    if isinstance(ours, ListOf):
        return theirs.get("type") == "array" and _type_matches(ours.item, theirs.get("items", {}))
    assert isinstance(ours, Interface)
    return theirs.get("$ref") == f"#/definitions/{ours.schema}"


def test_input_interfaces_match_the_schema_definitions() -> None:
    definitions = swagger()["definitions"]
    for interface in declared_interfaces():
        definition = definitions[interface.schema]
        properties = definition.get("properties", {})
        if not interface.strict:
            continue
        assert set(interface.fields) == set(properties), interface.schema
        wrong = [name for name, ours in interface.fields.items() if not _type_matches(ours, properties[name])]
        assert wrong == [], f"{interface.schema}: {wrong}"


def test_route_parameters_match_the_schema() -> None:
    for route in all_routes():
        op = operation(route.method, route.path)
        ours = {p.name: p for p in route.params if p.name not in route.path_params}
        schema = body_schema(op)
        if route.method == "GET":
            query = {p["name"].split("[")[0] for p in op.get("parameters", []) if p.get("in") == "query"}
            assert set(ours) <= query, f"{route.method} {route.path}: {set(ours) - query}"
            continue
        declared = set((schema or {}).get("properties", {}))
        assert set(ours) == declared, f"{route.method} {route.path}: {set(ours) ^ declared}"
        required = set((schema or {}).get("required", []))
        assert required == {name for name, p in ours.items() if p.required}, f"{route.method} {route.path}"


def test_requests_and_answers_of_every_route_follow_the_schema(magento: MagentoClient) -> None:
    check = SchemaCheck(magento)
    category = run_catalog(check)
    run_prices_and_inventory(check)
    run_customers(check)
    run_sales(check)
    run_bulk(check)
    check.call("DELETE", "/V1/products/{sku}", {"sku": "TEE"})
    check.call("DELETE", "/V1/categories/{categoryId}", {"categoryId": category["id"]})
    assert {(r.method, r.path) for r in all_routes()} - check.covered == set()


def test_error_answers_follow_the_schema(magento: MagentoClient) -> None:
    check = SchemaCheck(magento)
    check.call("GET", "/V1/products/{sku}", {"sku": "NOPE"}, status=404)
    check.call("GET", "/V1/customers/{customerId}", {"customerId": 99}, status=404)
    check.call("POST", "/V1/customers", body={"customer": {"email": "x@example.com"}}, status=400)
    check.call(
        "POST",
        "/V1/inventory/source-items",
        body={"sourceItems": [{"source_code": "default", "quantity": 1, "status": 1}]},
        status=400,
    )
    check.call("POST", "/V1/order/{orderId}/ship", {"orderId": 5}, {"items": []}, status=404)
