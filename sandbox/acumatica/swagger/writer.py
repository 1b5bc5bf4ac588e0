"""The differences between Swagger 2.0 and OpenAPI 3.0 for the pieces the endpoint export uses."""

from __future__ import annotations

from typing import Any

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


class Writer:
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
