"""What an `$adHocSchema` answer offers for mapping, as candidate schema fields (pure).

Acumatica answers `GET /{Entity}/$adHocSchema` with the entity skeleton: each level (the top
record, each linked entity, one sample row per detail collection) carries a `custom` block
`{View: {Field: {"type": "Custom...Field", "value": null}}}` listing every field outside the
contract: customization fields and user-defined fields (`Attribute<ID>` in the form's primary
view). Each becomes a candidate:

- a user-defined field of an entity with an `Attributes` collection becomes the contract path
  `Attributes[AttributeID=<ID>].Value` -> `custom_attributes.<id>` (a Magento select attribute
  takes option ids, hence a lookup through `option:<code>`), on the entity's Attributes tab;
- any other custom field becomes `[<Level>.]custom.<View>.<Field>` -> `custom_attributes.<snake>`
  with the transform its type calls for, on the entity's custom-field tab.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from schema.contract import ACUMATICA, ACUMATICA_ENTITIES
from schema.defaults import ATTRIBUTE_TAB, CUSTOM_FIELD_TAB

ATTRIBUTE_PREFIX = "Attribute"
_SYSTEM_KEYS = {"custom", "_links", "files", "id", "rowNumber", "note"}

# The transform a custom field's type calls for.
CUSTOM_TYPE_TRANSFORMS = {
    "CustomStringField": "text",
    "CustomGuidField": "text",
    "CustomDecimalField": "decimal",
    "CustomDoubleField": "decimal",
    "CustomIntField": "integer",
    "CustomShortField": "integer",
    "CustomLongField": "integer",
    "CustomByteField": "integer",
    "CustomBooleanField": "boolean",
    "CustomDateTimeField": "date",
}


@dataclass(frozen=True)
class CustomField:
    """One entry of a `custom` block: where it is (level path), its view, name and type."""

    level: tuple[str, ...]  # () = top record; ("MainContact",), ("Details[]",) ...
    view: str
    name: str
    type: str


@dataclass(frozen=True)
class Candidate:
    api_reference_path: str
    api_input_name: str
    display_name: str
    tab: str
    transform: str
    options: dict[str, Any] = field(default_factory=dict)


def iter_custom_fields(schema: Mapping[str, Any], level: tuple[str, ...] = ()) -> Iterator[CustomField]:
    """Every custom field of every level of an `$adHocSchema` answer, in document order."""
    custom = schema.get("custom")
    if isinstance(custom, Mapping):
        for view, fields in custom.items():
            if not isinstance(fields, Mapping):
                continue
            for name, description in fields.items():
                kind = description.get("type") if isinstance(description, Mapping) else None
                yield CustomField(level, str(view), str(name), str(kind or "CustomStringField"))
    for key, value in schema.items():
        if key in _SYSTEM_KEYS:
            continue
        if isinstance(value, Mapping) and value:
            yield from iter_custom_fields(value, (*level, key))
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            yield from iter_custom_fields(value[0], (*level, f"{key}[]"))


def attribute_code(text: str) -> str:
    """A Magento attribute code for an Acumatica name: lower snake case, starting with a letter,
    at most 60 characters (`UsrBrand` -> `usr_brand`, `COLOR` -> `color`)."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    code = re.sub(r"[^a-z0-9]+", "_", snake.lower()).strip("_")
    if not code or not code[0].isalpha():
        code = f"attr_{code}"
    return code[:60]


def candidate_for(entity: str, found: CustomField) -> Candidate:
    """The schema field a custom field offers (validation of the row reports names no path can hold)."""
    has_attributes = "Attributes" in ACUMATICA[ACUMATICA_ENTITIES[entity]]
    if (
        not found.level
        and has_attributes
        and found.name.startswith(ATTRIBUTE_PREFIX)
        and len(found.name) > len(ATTRIBUTE_PREFIX)
    ):
        attribute_id = found.name[len(ATTRIBUTE_PREFIX) :]
        code = attribute_code(attribute_id)
        return Candidate(
            api_reference_path=f"Attributes[AttributeID={attribute_id}].Value",
            api_input_name=f"custom_attributes.{code}",
            display_name=f"{attribute_id} (attribute)",
            tab=ATTRIBUTE_TAB[entity],
            transform="lookup",
            options={"table": f"option:{code}"},
        )
    prefix = "".join(f"{segment}." for segment in found.level)
    where = " / ".join(segment.removesuffix("[]") for segment in found.level)
    transform = CUSTOM_TYPE_TRANSFORMS.get(found.type, "text")
    options: dict[str, Any] = {"custom_type": found.type} if found.type in CUSTOM_TYPE_TRANSFORMS else {}
    if transform == "boolean":
        options["output"] = "string"  # Magento yes/no attributes travel as "1"/"0"
    return Candidate(
        api_reference_path=f"{prefix}custom.{found.view}.{found.name}",
        api_input_name=f"custom_attributes.{attribute_code(found.name)}",
        display_name=f"{where + ': ' if where else ''}{found.name} ({found.view})",
        tab=CUSTOM_FIELD_TAB[entity],
        transform=transform,
        options=options,
    )


def discover_candidates(entity: str, schema: Mapping[str, Any]) -> list[Candidate]:
    """Candidates of an `$adHocSchema` answer, one per reference path, in document order."""
    seen: set[str] = set()
    candidates: list[Candidate] = []
    for found in iter_custom_fields(schema):
        candidate = candidate_for(entity, found)
        if candidate.api_reference_path in seen:
            continue
        seen.add(candidate.api_reference_path)
        candidates.append(candidate)
    return candidates
