"""Fields outside the contract: user-defined attributes and customization fields.

Each level of an entity (the top record, a linked entity, a detail row) has data views; a custom
field is `<View>.<Field>` with a `Custom*Field` type. Two kinds exist here:
- user-defined fields: every attribute of the demo catalog is `Attribute<ID>` in the primary view
  of the entities that carry `Attributes` (its value is that attribute's value on the record);
- customization fields added at run time through `PUT /__sandbox__/schema/<Entity>/custom`
  (`UsrBrand` in `ItemSettings`...), stored on the record.
They appear in `$adHocSchema`, in `custom` blocks, in `$custom` reads and in `cf.*()` filters.
"""

from __future__ import annotations

import threading

from ..values import CUSTOM_TYPES
from .model import EntityDef

ATTRIBUTE_PREFIX = "Attribute"


class CustomFieldError(ValueError):
    """A custom field that cannot be added (unknown level, view or type)."""


def views_at(entity: EntityDef, level: str) -> tuple[str, ...]:
    """The data views whose fields may be custom fields at `level` ("" = the top record)."""
    if not level:
        return entity.views
    view = entity.sub_views.get(level)
    return (view,) if view else ()


class CustomFields:
    def __init__(self, attributes: dict[str, tuple[str, ...]]) -> None:
        self._lock = threading.Lock()
        self._attributes = attributes  # entity name -> attribute IDs (user-defined fields)
        self._added: dict[str, dict[str, dict[str, dict[str, str]]]] = {}  # entity -> level -> view -> field

    def reset(self) -> None:
        with self._lock:
            self._added = {}

    def add(self, entity: EntityDef, level: str, view: str, field: str, type_name: str) -> None:
        if type_name not in CUSTOM_TYPES:
            raise CustomFieldError(f"type must be one of {', '.join(CUSTOM_TYPES)}; got {type_name!r}")
        views = views_at(entity, level)
        match = next((v for v in views if v.lower() == view.lower()), None)
        if match is None:
            where = f"level {level!r}" if level else "the top level"
            known = ", ".join(views) or "none"
            raise CustomFieldError(f"{entity.name} has no view {view!r} at {where}; views: {known}")
        if not field or not field.replace("_", "").isalnum():
            raise CustomFieldError(f"field must be an identifier; got {field!r}")
        with self._lock:
            self._added.setdefault(entity.name, {}).setdefault(level, {}).setdefault(match, {})[field] = (
                type_name
            )

    def attribute_ids(self, entity: EntityDef) -> tuple[str, ...]:
        return self._attributes.get(entity.name, ())

    def at(self, entity: EntityDef, level: str) -> dict[str, dict[str, str]]:
        """view -> field -> custom type, for one level (attributes included at the top)."""
        result: dict[str, dict[str, str]] = {}
        if not level and entity.view:
            for attribute_id in self.attribute_ids(entity):
                result.setdefault(entity.view, {})[f"{ATTRIBUTE_PREFIX}{attribute_id}"] = "CustomStringField"
        with self._lock:
            for view, fields in self._added.get(entity.name, {}).get(level, {}).items():
                result.setdefault(view, {}).update(fields)
        return result

    def lookup(self, entity: EntityDef, level: str, view: str, field: str) -> tuple[str, str, str] | None:
        """(view, field, custom type) in their registered spelling, matched case-insensitively."""
        for known_view, fields in self.at(entity, level).items():
            if known_view.lower() != view.lower():
                continue
            for known_field, type_name in fields.items():
                if known_field.lower() == field.lower():
                    return known_view, known_field, type_name
        return None

    def added(self) -> dict[str, dict[str, dict[str, dict[str, str]]]]:
        with self._lock:
            return {
                e: {lvl: {v: dict(f) for v, f in views.items()} for lvl, views in levels.items()}
                for e, levels in self._added.items()
            }

    def is_attribute(self, entity: EntityDef, level: str, view: str, field: str) -> str | None:
        """The attribute ID when `View.Field` is a user-defined attribute field of the record."""
        if level or view != entity.view or not field.startswith(ATTRIBUTE_PREFIX):
            return None
        attribute_id = field[len(ATTRIBUTE_PREFIX) :]
        return attribute_id if attribute_id in self.attribute_ids(entity) else None
