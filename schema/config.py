"""The `schema` section of `manage.py configure --export/--import`: every entity's schema fields.

Document shape (one list per entity, rows in display order)::

    "schema": {"product": [{"api_reference_path": "Description", "api_input_name": "name",
                            "transform": "text", "transform_options": {}, "active": true,
                            "required": true, "direction": "a2m", "tab": "General Settings",
                            "display_name": "Description", "origin": "shipped"}, ...], ...}

Import matches rows by (entity, API Reference Field Path, API Input Field Name): a known row takes
the document's choices, an unknown one is created (a field discovered or added by hand elsewhere).
Rows the document does not list are left alone. Deactivations are applied before activations so a
target can move from one field to another in one import. Every row is validated like the admin's
form; the first bad row aborts the whole import (the configure command runs it in a transaction).
"""

from __future__ import annotations

from typing import Any

from schema.models import SchemaEntity, SchemaField, SchemaOrigin

EXPORTED_FIELDS = (
    "api_reference_path",
    "api_input_name",
    "transform",
    "transform_options",
    "active",
    "required",
    "direction",
    "tab",
    "display_name",
    "origin",
)
_KEY = ("api_reference_path", "api_input_name")
_SETTABLE = tuple(name for name in EXPORTED_FIELDS if name not in (*_KEY, "origin"))
_TYPES: dict[str, type | tuple[type, ...]] = {
    "transform_options": dict,
    "active": bool,
    "required": bool,
}


def export_schema() -> dict[str, list[dict[str, Any]]]:
    return {
        entity: [
            {name: getattr(row, name) for name in EXPORTED_FIELDS}
            for row in SchemaField.objects.for_entity(entity).order_by("sort_order", "pk")
        ]
        for entity in SchemaEntity.values
    }


def _checked_rows(document: Any, error: type[Exception]) -> list[tuple[str, int, dict[str, Any]]]:
    if not isinstance(document, dict):
        raise error("schema: expects an object of entities, each a list of fields.")
    rows = []
    for entity, items in document.items():
        if entity not in SchemaEntity.values:
            raise error(f"schema: unknown entity {entity!r} (known: {', '.join(SchemaEntity.values)}).")
        if not isinstance(items, list):
            raise error(f"schema.{entity}: expects a list of fields.")
        for position, item in enumerate(items):
            where = f"schema.{entity}[{position}]"
            if not isinstance(item, dict) or any(not isinstance(item.get(key), str) for key in _KEY):
                raise error(f"{where}: a field needs api_reference_path and api_input_name.")
            unknown = sorted(set(item) - set(EXPORTED_FIELDS))
            if unknown:
                raise error(f"{where}.{unknown[0]}: unknown setting (known: {', '.join(EXPORTED_FIELDS)}).")
            for name, kind in _TYPES.items():
                if name in item and not isinstance(item[name], kind):
                    raise error(f"{where}.{name}: {item[name]!r} has the wrong type.")
            rows.append((entity, position, item))
    return rows


def import_schema(document: Any, ctx: Any) -> None:
    """Apply an exported `schema` section (see the module docstring)."""
    from sync.config_io import ConfigError, save_validated

    rows = _checked_rows(document, ConfigError)
    # Deactivations first: a target may move from one active field to another in one import.
    rows.sort(key=lambda row: bool(row[2].get("active", False)))
    for entity, position, item in rows:
        row = SchemaField.objects.filter(
            entity=entity,
            api_reference_path=item["api_reference_path"],
            api_input_name=item["api_input_name"],
        ).first()
        if row is None:  # new here: appended after the entity's fields (see SchemaField.save)
            origin = str(item.get("origin"))
            row = SchemaField(
                entity=entity,
                api_reference_path=item["api_reference_path"],
                api_input_name=item["api_input_name"],
                display_name=item.get("display_name") or item["api_reference_path"],
                origin=origin if origin in SchemaOrigin.values else SchemaOrigin.MANUAL.value,
            )
        updates = {name: item[name] for name in _SETTABLE if name in item}
        if row.pk and all(getattr(row, name) == value for name, value in updates.items()):
            continue  # already as the document says
        for name, value in updates.items():
            setattr(row, name, value)
        save_validated(row, f"schema.{entity}[{position}]")
        if f"schema.{entity}" not in ctx.changed:
            ctx.changed.append(f"schema.{entity}")
