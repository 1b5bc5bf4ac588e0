"""The contract the simulator serves: every entity, looked up by name, per endpoint version."""

from __future__ import annotations

from . import inquiries, items, partners, sales
from .model import VERSIONS, ActionDef, EntityDef, FieldDef, version_key

TOP_LEVEL: dict[str, EntityDef] = {
    e.name: e for module in (items, partners, sales, inquiries) for e in module.TOP_LEVEL
}
TYPES: dict[str, EntityDef] = {
    e.name: e for module in (items, partners, sales, inquiries) for e in module.LINKED_AND_DETAIL
}
# Linked entities may also be top-level types elsewhere in the contract (Contact is both).
for _name, _definition in TOP_LEVEL.items():
    TYPES.setdefault(_name, _definition)

RECORD_ENTITIES = [name for name, e in TOP_LEVEL.items() if not e.inquiry]


def find_entity(name: str) -> EntityDef | None:
    """A top-level entity by name; URL entity names match case-insensitively like ASP.NET routes."""
    found = TOP_LEVEL.get(name)
    if found is None:
        lowered = name.lower()
        found = next((e for n, e in TOP_LEVEL.items() if n.lower() == lowered), None)
    return found


def type_of(field: FieldDef) -> EntityDef:
    """The entity definition of a linked or detail field."""
    return TYPES[field.type]


__all__ = [
    "RECORD_ENTITIES",
    "TOP_LEVEL",
    "TYPES",
    "VERSIONS",
    "ActionDef",
    "EntityDef",
    "FieldDef",
    "find_entity",
    "type_of",
    "version_key",
]
