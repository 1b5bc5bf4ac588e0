"""`swagger.json` of the endpoint, generated from the simulator's own entity definitions.

Same layout, operationIds (`StockItem_GetList`, `SalesOrder_InvokeAction_SalesOrderCreateShipment`,
...), tags and schema names as the real exports, so client generators and libraries that build
themselves from it work unchanged. The document format follows the build, not the endpoint
version: a 2024 R2 instance (newest endpoint 24.200.001) writes OpenAPI 3.0.1, a 2023 R2 instance
writes Swagger 2.0 (reference s.6.16).
"""

from __future__ import annotations

from typing import Any

from .schema import TOP_LEVEL, EntityDef, type_of

VALUE_FORMATS: dict[str, dict[str, str]] = {
    "String": {"type": "string"},
    "Decimal": {"type": "number", "format": "double"},
    "Double": {"type": "number", "format": "double"},
    "Int": {"type": "integer", "format": "int32"},
    "Short": {"type": "integer", "format": "int32"},
    "Long": {"type": "integer", "format": "int64"},
    "Byte": {"type": "integer", "format": "int32"},
    "Boolean": {"type": "boolean"},
    "DateTime": {"type": "string", "format": "date-time"},
    "Guid": {"type": "string", "format": "uuid"},
}
QUERY_PARAMETERS = {
    "select": ("$select", "The fields of the entity to be returned from the system."),
    "filter": ("$filter", "The conditions that determine which records should be selected from the system."),
    "expand": ("$expand", "The linked and detail entities that should be expanded."),
    "custom": (
        "$custom",
        "The fields that are not defined in the contract of the endpoint to be returned from the system.",
    ),
}
PRECONDITION = (
    "Either the header of the request specifies that the entity has to be inserted but an entity with these "
    "keys already exists in the database and cannot be inserted, or the header specifies that the entity has "
    "to be updated but there is no entity with these keys in the database."
)


class _Writer:
    """Knows the differences between Swagger 2.0 and OpenAPI 3.0 for the pieces we emit."""

    def __init__(self, openapi3: bool) -> None:
        self.openapi3 = openapi3

    def ref(self, name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}" if self.openapi3 else f"#/definitions/{name}"}

    def content(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {"application/json": {"schema": schema}, "text/json": {"schema": schema}}

    def response(
        self, description: str, schema: dict[str, Any] | None = None, location: str | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"description": description}
        if schema is not None:
            if self.openapi3:
                out["content"] = self.content(schema)
            else:
                out["schema"] = schema
        if location is not None:
            header: dict[str, Any] = {"description": location}
            if self.openapi3:
                header["schema"] = {"type": "string", "format": "uri"}
            else:
                header.update({"type": "string", "format": "uri"})
            out["headers"] = {"Location": header}
        return out

    def errors(self) -> dict[str, Any]:
        return {
            "401": self.response("The user is not logged in to the system.", self.ref("HttpError")),
            "500": self.response("Internal server error.", self.ref("HttpError")),
        }

    def query(self, key: str) -> dict[str, Any]:
        if key in QUERY_PARAMETERS:
            name, description = QUERY_PARAMETERS[key]
            schema = {"type": "string"}
        else:
            name, description = (
                f"${key}",
                (
                    "The number of records to be skipped from the list of returned records."
                    if key == "skip"
                    else "The number of records to be returned from the system."
                ),
            )
            schema = {"type": "integer", "format": "int32"}
        if self.openapi3:
            return {"name": name, "in": "query", "description": description, "schema": schema}
        return {"in": "query", "name": name, "description": description, **schema}

    def path_parameter(self, key: str) -> dict[str, Any]:
        if key == "ids":
            ids = "The values of the key fields of the record."
            if self.openapi3:
                return {
                    "name": "ids",
                    "in": "path",
                    "description": ids + " The values are slash-delimited.",
                    "required": True,
                    "schema": {"type": "string"},
                }
            return {
                "in": "path",
                "name": "ids",
                "description": ids,
                "required": True,
                "type": "array",
                "items": {"type": "string"},
                "collectionFormat": "pipes",
            }
        schema = {"type": "string", "format": "uuid"} if key == "id" else {"type": "string"}
        description: str | None = {
            "id": "The session ID of the record.",
            "filename": "The name of the file that you are going to attach with the extension.",
        }.get(key)
        out: dict[str, Any] = {"name": key, "in": "path", "required": True}
        if description:
            out["description"] = description
        if self.openapi3:
            out["schema"] = schema
        else:
            out.update(schema)
        return out

    def operation(
        self,
        entity: str,
        operation_id: str,
        summary: str,
        parameters: list[dict[str, Any]],
        responses: dict[str, Any],
        body: tuple[str, str, dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"tags": [entity], "summary": summary, "operationId": operation_id}
        if not self.openapi3:
            if body is not None:
                out["consumes"] = ["application/json", "text/json"]
            out["produces"] = ["application/json", "text/json"]
        params = list(parameters)
        if body is not None:
            name, description, schema = body
            if self.openapi3:
                out["requestBody"] = {
                    "description": description,
                    "content": self.content(schema),
                    "required": True,
                    "x-bodyName": name,
                }
            else:
                params.append(
                    {
                        "in": "body",
                        "name": name,
                        "description": description,
                        "required": True,
                        "schema": schema,
                    }
                )
        if params:
            out["parameters"] = params
        out["responses"] = {**self.errors(), **responses}
        return out


def _entity_paths(w: _Writer, entity: EntityDef, version: str) -> dict[str, Any]:
    name = entity.name
    me = w.ref(name)
    q = [w.query(k) for k in ("select", "filter", "expand", "custom")]
    invalid = w.response("The data specified in the request is invalid.", w.ref("HttpError"))
    unprocessable = w.response("The data specified in the request is invalid.", me)
    action_responses = {
        "204": w.response(
            "The operation that was initiated by the action is completed.",
            None,
            "A URL that can be used to obtain the processed entity through the GET HTTP method.",
        ),
        "202": w.response(
            "The operation is in progress.",
            None,
            "A URL that can be used to check the status of the operation through the GET HTTP method.",
        ),
        "400": invalid,
        "412": w.response(PRECONDITION, w.ref("HttpError")),
        "422": unprocessable,
    }
    invocation = (
        "invocation",
        "The record to which the action should be applied and the parameters of the action.",
    )
    paths: dict[str, Any] = {}
    for action in entity.actions_in(version):
        paths[f"/{name}/{action.name}"] = {
            "post": w.operation(
                name,
                f"{name}_InvokeAction_{action.name}",
                "Performs an action in the system.",
                [],
                action_responses,
                (*invocation, w.ref(action.name)),
            )
        }
    paths[f"/{name}/{{actionName}}"] = {
        "post": w.operation(
            name,
            f"{name}_InvokeAction_CustomAction",
            "Performs an action in the system.",
            [w.path_parameter("actionName")],
            action_responses,
            (*invocation, w.ref(f"{name}CustomAction")),
        )
    }
    paths[f"/{name}/$adHocSchema"] = {
        "get": w.operation(
            name,
            f"{name}_GetAdHocSchema",
            "Retrieves the schema of custom fields of the entity from the system.",
            [],
            {
                "200": w.response(
                    "The field name, view name, and type of the fields that are not defined in the contract "
                    "of the endpoint for this entity.",
                    me,
                )
            },
        )
    }
    paths[f"/{name}/{{ids}}"] = {
        "get": w.operation(
            name,
            f"{name}_GetByKeys",
            "Retrieves a record by the values of its key fields from the system.",
            [w.path_parameter("ids"), *q],
            {"200": w.response("The requested record.", me)},
        ),
        "delete": w.operation(
            name,
            f"{name}_DeleteByKeys",
            "Deletes the record by the values of its key fields.",
            [w.path_parameter("ids")],
            {"204": w.response("The record is successfully deleted.")},
        ),
    }
    paths[f"/{name}/{{ids}}/files/{{filename}}"] = {
        "put": w.operation(
            name,
            f"{name}_PutFile",
            "Attaches a file to a record.",
            [w.path_parameter("ids"), w.path_parameter("filename")],
            {
                "204": w.response(
                    "The file is successfully attached.",
                    None,
                    "A URL that can be used to retrieve the file from the system.",
                )
            },
        )
    }
    paths[f"/{name}/{{id}}"] = {
        "get": w.operation(
            name,
            f"{name}_GetById",
            "Retrieves a record by the value of the session entity ID from the system.",
            [w.path_parameter("id"), *q],
            {"200": w.response("The requested record.", me)},
        ),
        "delete": w.operation(
            name,
            f"{name}_DeleteById",
            "Deletes the record by its session identifier.",
            [w.path_parameter("id")],
            {"204": w.response("The record is successfully deleted.")},
        ),
    }
    array = {"type": "array", "items": me}
    paths[f"/{name}"] = {
        "get": w.operation(
            name,
            f"{name}_GetList",
            "Retrieves records that satisfy the specified conditions from the system.",
            [*q, w.query("skip"), w.query("top")],
            {"200": w.response("The list of records that satisfy the specified conditions.", array)},
        ),
        "put": w.operation(
            name,
            f"{name}_PutEntity",
            "Creates a record or updates an existing record.",
            q,
            {
                "200": w.response("The created or updated record.", me),
                "400": invalid,
                "412": w.response(PRECONDITION, w.ref("HttpError")),
                "422": unprocessable,
            },
            ("entity", "The record to be passed to the system.", me),
        ),
    }
    return paths


def _entity_schema(w: _Writer, definition: EntityDef, version: str) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    fields = definition.fields_in(version)
    for name in sorted(fields, key=str.lower):
        field = fields[name]
        if field.kind == "scalar":
            properties[name] = w.ref(field.value_type)
        elif field.kind == "linked":
            properties[name] = w.ref(field.type)
        else:
            properties[name] = {"type": "array", "items": w.ref(field.type)}
    return {"allOf": [w.ref("Entity"), {"type": "object", "properties": properties}]}


def _reachable(version: str) -> dict[str, EntityDef]:
    found: dict[str, EntityDef] = {}

    def walk(definition: EntityDef) -> None:
        if definition.name in found:
            return
        found[definition.name] = definition
        for field in definition.fields_in(version).values():
            if field.kind != "scalar":
                walk(type_of(field))

    for definition in TOP_LEVEL.values():
        walk(definition)
    return found


def _common_schemas(w: _Writer) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for type_name, value in VALUE_FORMATS.items():
        schemas[f"{type_name}Value"] = {
            "type": "object",
            "properties": {"value": value, "error": {"type": "string"}},
        }
    schemas["CustomField"] = {
        "required": ["type"],
        "type": "object",
        "properties": {"type": {"type": "string"}},
        "discriminator": {"propertyName": "type"} if w.openapi3 else "type",
    }
    for type_name, value in VALUE_FORMATS.items():
        schemas[f"Custom{type_name}Field"] = {
            "allOf": [
                w.ref("CustomField"),
                {"type": "object", "properties": {"value": value, "error": {"type": "string"}}},
            ]
        }
    custom_block = {
        "type": "object",
        "additionalProperties": {"type": "object", "additionalProperties": w.ref("CustomField")},
    }
    schemas["Entity"] = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "rowNumber": {"type": "integer", "format": "int64"},
            "note": w.ref("StringValue"),
            "custom": custom_block,
            "error": {"type": "string"},
            "files": {"type": "array", "items": w.ref("FileLink")},
        },
    }
    schemas["FileLink"] = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "filename": {"type": "string"},
            "href": {"type": "string", "format": "uri"},
            "comment": {"type": "string"},
        },
    }
    schemas["HttpError"] = {
        "type": "object",
        "properties": {
            "message": {"type": "string"},
            "exceptionMessage": {"type": "string"},
            "exceptionType": {"type": "string"},
            "stackTrace": {"type": "string"},
            "modelState": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
            "messageDetail": {"type": "string"},
        },
        "additionalProperties": {"type": "object"},
    }
    return schemas


def build_swagger(version: str, host: str, openapi3: bool = True) -> dict[str, Any]:
    w = _Writer(openapi3)
    schemas = _common_schemas(w)
    paths: dict[str, Any] = {}
    tags = []
    custom_block = {
        "type": "object",
        "additionalProperties": {"type": "object", "additionalProperties": w.ref("CustomField")},
    }
    for name in sorted(TOP_LEVEL):
        entity = TOP_LEVEL[name]
        paths.update(_entity_paths(w, entity, version))
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
    for name, definition in sorted(_reachable(version).items()):
        schemas[name] = _entity_schema(w, definition, version)
    info = {"title": f"Default/{version}", "version": "4"}
    if openapi3:
        return {
            "openapi": "3.0.1",
            "info": info,
            "servers": [{"url": f"http://{host}/entity/Default/{version}"}],
            "paths": paths,
            "components": {"schemas": schemas, "responses": {}, "parameters": {}},
            "tags": tags,
        }
    return {
        "swagger": "2.0",
        "info": info,
        "host": host,
        "basePath": f"/entity/Default/{version}",
        "schemes": ["http"],
        "paths": paths,
        "definitions": schemas,
        "tags": tags,
    }
