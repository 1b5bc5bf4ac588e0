"""`swagger.json` of the endpoint, generated from the simulator's own entity definitions.

Same layout, operationIds (`StockItem_GetList`, `SalesOrder_InvokeAction_SalesOrderCreateShipment`,
...), tags and schema names as the real exports, so client generators and libraries that build
themselves from it work unchanged. The document format follows the build, not the endpoint
version: a 2024 R2 instance (newest endpoint 24.200.001) writes OpenAPI 3.0.1, a 2023 R2 instance
writes Swagger 2.0 (reference s.6.16).
"""

from __future__ import annotations

from typing import Any

from ..schema import TOP_LEVEL
from .paths import entity_paths
from .schemas import common_schemas, entity_schema, reachable
from .writer import Writer

# The document formats of the real exports: 24.200.001 is OpenAPI 3.0.1, 22/23 are Swagger 2.0.
OPENAPI_VERSION = "3.0.1"
SWAGGER_VERSION = "2.0"


def build_swagger(version: str, host: str, openapi3: bool = True) -> dict[str, Any]:
    w = Writer(openapi3)
    schemas = common_schemas(w)
    paths: dict[str, Any] = {}
    tags = []
    custom_block = {
        "type": "object",
        "additionalProperties": {"type": "object", "additionalProperties": w.ref("CustomField")},
    }
    for name in sorted(TOP_LEVEL):
        entity = TOP_LEVEL[name]
        paths.update(entity_paths(w, entity, version))
        description = f"{entity.title} ({entity.screen})" if openapi3 else f"({entity.screen})"
        tags.append({"name": name, "description": description})
        for action in entity.actions_in(version):
            schema: dict[str, Any] = {
                "required": ["entity"],
                "type": "object",
                "properties": {"entity": w.ref(name)},
            }
            if action.parameters:
                schema["required"] = ["entity", "parameters"]
                schema["properties"]["parameters"] = {
                    "type": "object",
                    "description": "The parameters of the action.",
                    "properties": {p: w.ref(f"{t}Value") for p, t in action.parameters.items()},
                }
            schemas[action.name] = schema
        schemas[f"{name}CustomAction"] = {
            "required": ["entity"],
            "type": "object",
            "properties": {
                "entity": w.ref(name),
                "parameters": {
                    "type": "object",
                    "description": "The parameters of the action.",
                    "properties": {"custom": custom_block},
                },
            },
        }
    for name, definition in sorted(reachable(version).items()):
        schemas[name] = entity_schema(w, definition, version)
    info = {"title": f"Default/{version}", "version": "4"}
    if openapi3:
        return {
            "openapi": OPENAPI_VERSION,
            "info": info,
            "servers": [{"url": f"http://{host}/entity/Default/{version}"}],
            "paths": paths,
            "components": {"schemas": schemas, "responses": {}, "parameters": {}},
            "tags": tags,
        }
    return {
        "swagger": SWAGGER_VERSION,
        "info": info,
        "host": host,
        "basePath": f"/entity/Default/{version}",
        "schemes": ["http"],
        "paths": paths,
        "definitions": schemas,
        "tags": tags,
    }
