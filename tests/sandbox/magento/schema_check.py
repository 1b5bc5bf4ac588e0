"""Validation of Magento sandbox traffic against Magento's own admin schema (Swagger 2.0, 2.4.8).

The schema is read in place from the shared reference folder (`ACMC_SHARED_REFERENCE`, default
`<repo>/../shared/reference`). Definitions are made strict where the schema is loose and loose
only where the reference documents that real Magento departs from its own schema:

- objects allow no properties beyond the declared ones (catches invented output fields);
- a property the interface declares required may be `null` (Magento emits required getters even
  when they return null, e.g. `stock_item.low_stock_date`, `payment.account_status`);
- a custom attribute value may be a list of strings (`category_ids`), reference s.5.3;
- error `parameters` may be an object (named placeholders), reference s.3.1;
- ship, invoice and configurable-option routes may answer their new id as a digit string,
  reference s.6 and s.13.
The async/bulk 202 answer is not in the schema; it is checked against the shape of reference s.14.2.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema

from .conftest import MagentoClient

REFERENCE_DIR = Path(
    os.environ.get("ACMC_SHARED_REFERENCE")
    or Path(__file__).resolve().parents[3].parent / "shared" / "reference"
)
SCHEMA_PATH = REFERENCE_DIR / "magento-2.4.8-admin-swagger.json"
STRING_IDS = {
    ("POST", "/V1/order/{orderId}/ship"),
    ("POST", "/V1/order/{orderId}/invoice"),
    ("POST", "/V1/configurable-products/{sku}/options"),
    ("PUT", "/V1/configurable-products/{sku}/options/{id}"),
}
ASYNC_ANSWER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["bulk_uuid", "request_items", "errors"],
    "properties": {
        "bulk_uuid": {"type": "string"},
        "errors": {"type": "boolean"},
        "request_items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "data_hash", "status"],
                "properties": {
                    "id": {"type": "integer"},
                    "data_hash": {"type": ["string", "null"]},
                    "status": {"enum": ["accepted", "rejected"]},
                    "error_message": {"type": "string"},
                    "error_code": {"type": "integer"},
                },
            },
        },
    },
}


@functools.cache
def swagger() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())


@functools.cache
def definitions(request: bool = False) -> dict[str, Any]:
    """Answers: required properties must be there (null allowed). Requests: an interface's required
    list describes its getters, not what a caller must send (the reference's own examples send a
    stock item with two fields), so it is dropped; unknown fields stay refused."""
    result = copy.deepcopy(swagger()["definitions"])
    for definition in result.values():
        properties = definition.get("properties")
        if definition.get("type") != "object" and properties is None:
            continue
        definition["additionalProperties"] = False
        for name in definition.get("required", []):
            if properties and name in properties:
                properties[name] = {"anyOf": [properties[name], {"type": "null"}]}
        if request:
            definition.pop("required", None)
    result["framework-attribute-interface"]["properties"]["value"] = {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
    }
    result["error-response"]["properties"]["parameters"] = {"type": ["array", "object"]}
    result["error-errors-item"]["properties"]["parameters"] = {"type": ["array", "object"]}
    return result


def validate(instance: Any, schema: dict[str, Any], where: str, *, request: bool = False) -> None:
    root = {**schema, "definitions": definitions(request)}
    errors = sorted(jsonschema.Draft4Validator(root).iter_errors(instance), key=lambda e: list(e.path))
    if errors:
        details = "; ".join(
            f"{'/'.join(map(str, e.path)) or '<root>'}: {e.message[:200]}" for e in errors[:5]
        )
        raise AssertionError(f"{where}: {details}")


def operation(method: str, template: str) -> dict[str, Any]:
    return swagger()["paths"][template][method.lower()]


def body_schema(op: dict[str, Any]) -> dict[str, Any] | None:
    return next((p["schema"] for p in op.get("parameters", []) if p.get("in") == "body"), None)


class SchemaCheck:
    """Sends requests through the sandbox, validating each body and answer against the schema."""

    def __init__(self, magento: MagentoClient) -> None:
        self.magento = magento
        self.covered: set[tuple[str, str]] = set()

    def call(
        self,
        method: str,
        template: str,
        values: dict[str, Any] | None = None,
        body: Any = None,
        *,
        query: Any = None,
        store: str = "",
        status: int = 200,
    ) -> Any:
        op = operation(method, template)
        where = f"{method} {template}"
        schema = body_schema(op)
        if body is not None and schema is not None:
            validate(body, schema, f"request of {where}", request=True)
        path = template.format(**{k: quote(str(v), safe="") for k, v in (values or {}).items()})
        prefix = f"/rest/{store}/V1" if store else "/rest/V1"
        response = self.magento.call(method, prefix + path[len("/V1") :], body, params=query)
        assert response.status_code == status, f"{where} -> {response.status_code}: {response.text}"
        answer = response.json()
        declared = op["responses"].get(str(status))
        if declared is None and status >= 400:
            declared = op["responses"].get("default")
        if declared is None:  # a void service method: Magento answers `[]`
            declared = {"schema": {"type": "array", "maxItems": 0}}
        answer_schema = declared.get("schema")
        if (method, template) in STRING_IDS and isinstance(answer, str) and answer.isdigit():
            answer_schema = {"type": "string"}
        if answer_schema is not None:
            validate(answer, answer_schema, f"answer of {where}")
        self.covered.add((method, template))
        return answer

    def call_async(self, method: str, template: str, elements: list[Any], *, bulk: bool = True) -> Any:
        schema = body_schema(operation(method, template))
        for element in elements:
            if schema is not None:
                validate(element, schema, f"bulk element of {method} {template}", request=True)
        prefix = "/rest/all/async/bulk/V1" if bulk else "/rest/all/async/V1"
        path = template[len("/V1") :]
        for name in [part[1:-1] for part in template.split("/") if part.startswith("{")]:
            path = path.replace("{" + name + "}", "by" + name[0].upper() + name[1:])
        body: Any = elements if bulk else elements[0]
        answer = self.magento.ok(self.magento.call(method, prefix + path, body), 202)
        validate(answer, ASYNC_ANSWER, f"async answer of {method} {template}")
        return answer
