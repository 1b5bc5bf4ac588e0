"""What the sandbox accepts and answers, checked against the real Acumatica endpoint definitions
in `../shared/reference/` (located by `ACMC_SHARED_REFERENCE`); skipped when they are absent, as
on a user's machine.

Each request below is validated against the real request schema of its operation, sent to the
sandbox, and its answer validated against the real response schema of that status. The served
`swagger.json` is compared with the real export: same paths, operationIds, tags and schema names,
and every field we describe exists there with the same type.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from jsonschema import Draft7Validator

from sandbox.acumatica.schema import RECORD_ENTITIES, TOP_LEVEL, VERSIONS
from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi, reference_dir, value, wrap

REFERENCE = reference_dir()
pytestmark = pytest.mark.skipif(
    not (REFERENCE / "acumatica-default-24.200.001-swagger.json").exists(),
    reason=f"the real Acumatica endpoint definitions are not in {REFERENCE} (set ACMC_SHARED_REFERENCE)",
)


@cache
def spec(version: str) -> dict[str, Any]:
    return json.loads((REFERENCE / f"acumatica-default-{version}-swagger.json").read_text())


def _root(version: str) -> dict[str, Any]:
    document = spec(version)
    return (
        {"components": document["components"]}
        if "components" in document
        else {"definitions": document["definitions"]}
    )


def _resolve(version: str, node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node and node["$ref"].startswith("#/components/responses/"):
        node = spec(version)["components"]["responses"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _operation(version: str, path: str, method: str) -> dict[str, Any]:
    return spec(version)["paths"][path][method.lower()]


def request_schema(version: str, path: str, method: str) -> dict[str, Any]:
    operation = _operation(version, path, method)
    if "requestBody" in operation:
        return operation["requestBody"]["content"]["application/json"]["schema"]
    return next(p["schema"] for p in operation["parameters"] if p.get("in") == "body")


def response_schema(version: str, path: str, method: str, status: int) -> dict[str, Any] | None:
    answer = _resolve(version, _operation(version, path, method)["responses"][str(status)])
    if "content" in answer:
        return answer["content"]["application/json"]["schema"]
    return answer.get("schema")


def check(version: str, schema: dict[str, Any] | None, instance: Any) -> None:
    assert schema is not None
    validator = Draft7Validator({**_root(version), **schema})
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def exchange(
    api: AcumaticaApi,
    method: str,
    spec_path: str,
    url_path: str,
    status: int,
    body: Any = None,
    headers: Any = None,
    **params: Any,
) -> Any:
    """Validate the request, send it, check the status, validate the answer; return its JSON."""
    version = api.version
    if body is not None:
        check(version, request_schema(version, spec_path, method), body)
    response = api.http.request(
        method, f"{api.base}/{url_path}", json=body, params=params, headers=headers, timeout=10
    )
    assert response.status_code == status, response.text
    expected = response_schema(version, spec_path, method, status)
    if expected is None:
        assert response.content == b""
        return None
    data = response.json()
    check(version, expected, data)
    return data


def full_expand(entity: str, version: str) -> str:
    from sandbox.acumatica.odata.query import full_projection

    return ",".join(sorted(full_projection(TOP_LEVEL[entity], version).expand))


@pytest.mark.parametrize("entity", RECORD_ENTITIES)
def test_every_list_answer_fully_expanded_matches_the_real_schema(
    acumatica: AcumaticaApi, entity: str
) -> None:
    records = exchange(
        acumatica, "GET", f"/{entity}", entity, 200, **{"$expand": full_expand(entity, acumatica.version)}
    )
    if records:
        first = records[0]
        keys = "/".join(str(value(first, k)) for k in TOP_LEVEL[entity].keys)
        exchange(
            acumatica,
            "GET",
            f"/{entity}/{{ids}}",
            f"{entity}/{keys}",
            200,
            **{"$expand": full_expand(entity, acumatica.version)},
        )
        exchange(acumatica, "GET", f"/{entity}/{{id}}", f"{entity}/{first['id']}", 200)
    exchange(acumatica, "GET", f"/{entity}/$adHocSchema", f"{entity}/$adHocSchema", 200)


def test_the_2023_endpoint_answers_match_its_swagger_2_definitions(acumatica: AcumaticaApi) -> None:
    old = AcumaticaApi(acumatica.url, "23.200.001")
    old.http = acumatica.http
    for entity in ("StockItem", "SalesOrder", "Customer", "SalesInvoice"):
        exchange(old, "GET", f"/{entity}", entity, 200, **{"$expand": full_expand(entity, "23.200.001")})


def test_writes_actions_and_their_answers_match_the_real_schemas(acumatica: AcumaticaApi) -> None:
    customer = {
        **wrap(CustomerName="Schema Check", CustomerClass="GENERAL"),
        "MainContact": {**wrap(Email="schema@example.com"), "Address": wrap(City="Austin", State="TX")},
    }
    exchange(
        acumatica,
        "PUT",
        "/Customer",
        "Customer",
        200,
        customer,
        **{"$expand": "MainContact,MainContact/Address"},
    )
    order = {
        **wrap(
            OrderType="SO",
            CustomerID="C000001",
            CustomerOrder="SCHEMA-1",
            ShipVia="FLATRATE",
            PaymentMethod="CHECK",
        ),
        "Hold": {"value": False},
        "ShipToAddressOverride": {"value": True},
        "ShipToAddress": wrap(
            AddressLine1="1 Main St", City="Austin", State="TX", PostalCode="78701", Country="US"
        ),
        "Details": [{**wrap(InventoryID="APP0001", WarehouseID="WHOLESALE"), "OrderQty": {"value": 2}}],
    }
    created = exchange(acumatica, "PUT", "/SalesOrder", "SalesOrder", 200, order, **{"$expand": "Details"})
    refused = {**order, **wrap(CustomerID="NOBODY")}
    exchange(acumatica, "PUT", "/SalesOrder", "SalesOrder", 422, refused, **{"$expand": "Details"})
    exchange(acumatica, "PUT", "/StockItem", "StockItem", 412, wrap(InventoryID="NOPE"), {"If-Match": "*"})

    invocation = {"entity": {"id": created["id"]}, "parameters": wrap(WarehouseID="WHOLESALE")}
    path = "/SalesOrder/SalesOrderCreateShipment"
    check(acumatica.version, request_schema(acumatica.version, path, "POST"), invocation)
    started = acumatica.post("SalesOrder/SalesOrderCreateShipment", invocation)
    assert started.status_code == 202
    assert (
        "Location"
        in _resolve(acumatica.version, _operation(acumatica.version, path, "POST")["responses"]["202"])[
            "headers"
        ]
    )
    assert acumatica.poll(started.headers["Location"]).status_code == 204

    shipment = acumatica.get("Shipment").json()[-1]
    tracking = {"id": shipment["id"], "Packages": [wrap(BoxID="LARGE", TrackingNbr="1Z1")]}
    exchange(acumatica, "PUT", "/Shipment", "Shipment", 200, tracking, **{"$expand": "Packages"})
    confirm = {"entity": wrap(ShipmentNbr=value(shipment, "ShipmentNbr"))}
    check(acumatica.version, request_schema(acumatica.version, "/Shipment/ConfirmShipment", "POST"), confirm)
    custom = {"entity": wrap(OrderType="SO", OrderNbr=value(created, "OrderNbr")), "parameters": {}}
    check(acumatica.version, request_schema(acumatica.version, "/SalesOrder/{actionName}", "POST"), custom)
    exchange(acumatica, "DELETE", "/StockItem/{ids}", "StockItem/NOSUCH", 500)


@pytest.mark.parametrize(
    ("entity", "body", "expand"),
    [
        (
            "InventoryQuantityAvailable",
            wrap(InventoryID="APP0001", LastModifiedDateTime="2024-06-07"),
            "Results",
        ),
        ("InventorySummaryInquiry", wrap(InventoryID="APP0001", WarehouseID="WHOLESALE"), "Results"),
        ("SalesPricesInquiry", wrap(PriceType="Base"), "SalesPriceDetails"),
        ("CompaniesStructure", {}, "Results"),
    ],
)
def test_inquiry_requests_and_answers_match_the_real_schemas(
    acumatica: AcumaticaApi, entity: str, body: dict[str, Any], expand: str
) -> None:
    exchange(acumatica, "PUT", f"/{entity}", entity, 200, body, **{"$expand": expand})


def test_error_answers_are_http_errors(sandbox: SandboxHandle) -> None:
    anonymous = AcumaticaApi(sandbox.url)
    exchange(anonymous, "GET", "/StockItem", "StockItem", 401)
    assert anonymous.login().status_code == 204
    exchange(anonymous, "GET", "/StockItem/{ids}", "StockItem/NOSUCH", 500)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_served_swagger_has_the_real_paths_operation_ids_tags_and_schema_names(
    sandbox: SandboxHandle, version: str
) -> None:
    ours = (
        AcumaticaApi(sandbox.url, version)
        .http.get(f"{sandbox.url}/entity/Default/{version}/swagger.json")
        .json()
    )
    real = spec(version)
    our_schemas = ours["components"]["schemas"]
    real_schemas = real["components"]["schemas"] if "components" in real else real["definitions"]

    assert ours["info"]["title"] == real["info"]["title"]
    real_tags = {t["name"] for t in real["tags"]}
    assert {t["name"] for t in ours["tags"]} <= real_tags
    for path, methods in ours["paths"].items():
        assert path in real["paths"], path
        for method, operation in methods.items():
            assert operation["operationId"] == real["paths"][path][method]["operationId"]
            assert operation["tags"] == real["paths"][path][method]["tags"]
    assert set(our_schemas) <= set(real_schemas), set(our_schemas) - set(real_schemas)
    for name, schema in our_schemas.items():
        if "allOf" not in schema or len(schema["allOf"]) < 2:
            continue
        real_properties = real_schemas[name]["allOf"][1]["properties"]
        for field, described in schema["allOf"][1]["properties"].items():
            real_field = json.dumps(real_properties.get(field)).replace(
                "#/definitions/", "#/components/schemas/"
            )
            assert json.loads(real_field) == described, f"{name}.{field}"


def test_the_schema_check_itself_catches_wrong_shapes() -> None:
    schema = {"$ref": "#/components/schemas/StockItem"}
    check("24.200.001", schema, {"InventoryID": {"value": "A1"}, "Attributes": [{"Value": {"value": "RED"}}]})
    with pytest.raises(AssertionError):
        check("24.200.001", schema, {"InventoryID": {"value": 5}})
    with pytest.raises(AssertionError):
        check("24.200.001", schema, {"Attributes": {"value": "not a list"}})
