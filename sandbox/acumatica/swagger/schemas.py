"""Schemas: value types, custom fields, `Entity`, `HttpError`, and every served entity."""

from __future__ import annotations

from typing import Any

from ..schema import TOP_LEVEL, EntityDef, type_of
from .writer import VALUE_FORMATS, Writer


def entity_schema(w: Writer, definition: EntityDef, version: str) -> dict[str, Any]:
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


def reachable(version: str) -> dict[str, EntityDef]:
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


def common_schemas(w: Writer) -> dict[str, Any]:
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
