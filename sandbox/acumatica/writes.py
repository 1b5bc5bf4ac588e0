"""Applying a value-wrapped body (PUT, action `entity`, the inspection API) to a record.

Fields are `{"value": ...}`; a field sent as `{}` is left alone; linked entities are nested
objects; detail collections are arrays whose rows update an existing line when they carry its `id`
(or its detail key fields, e.g. `LineNbr`, `AttributeID`) and are inserted otherwise, and
`{"id": ..., "delete": true}` removes a line. `note` is `{"value": ...}`, `custom` blocks set
custom fields. System-maintained fields (last modified, created, note id) and names outside the
contract are ignored, as the real deserializer does. A value of the wrong type is a field error
(422); a field that is not wrapped in `{"value": ...}` is a malformed body (400).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .schema import EntityDef, FieldDef, type_of
from .schema.custom import CustomFields
from .store import Record, normalize_key_part
from .values import CUSTOM_TYPES, ConversionError, new_guid, parse_value

SYSTEM_KEYS = {"id", "rowNumber", "note", "custom", "delete", "_links", "error", "files"}


class BodyError(ValueError):
    """A body the API cannot bind (400 with `modelState`)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


@dataclass
class WriteResult:
    touched: set[str] = field(default_factory=set)  # linked/detail paths the body sent
    detail_lines: int = 0  # detail rows in the body (each costs PUT time)
    errors: bool = False


def set_error(obj: Record, name: str, message: str) -> None:
    obj.setdefault("_errors", {})[name] = message


def apply_body(
    top: EntityDef,
    version: str,
    target: Record,
    body: dict[str, Any],
    custom: CustomFields,
    result: WriteResult | None = None,
) -> WriteResult:
    result = result or WriteResult()
    _apply(top, top, version, target, body, custom, "", result)
    return result


def _apply(
    top: EntityDef,
    definition: EntityDef,
    version: str,
    target: Record,
    body: dict[str, Any],
    custom: CustomFields,
    level: str,
    result: WriteResult,
) -> None:
    for name, raw in body.items():
        if name == "note":
            text = raw.get("value") if isinstance(raw, dict) else raw
            target["_note"] = "" if text is None else str(text)
            continue
        if name == "custom":
            _apply_custom(top, target, raw, custom, level, result)
            continue
        if name in SYSTEM_KEYS:
            continue
        found = definition.field(name, version)
        if found is None or found.meta is not None:
            continue
        path = f"{level}/{found.name}" if level else found.name
        if found.kind == "scalar":
            _apply_scalar(found, target, raw, path, result)
        elif found.kind == "linked":
            if not isinstance(raw, dict):
                raise BodyError(path, f"Error converting value to type '{found.type}'.")
            result.touched.add(path)
            child = target.get(found.name)
            if not isinstance(child, dict):
                child = {"_id": new_guid()}
                target[found.name] = child
            _apply(top, type_of(found), version, child, raw, custom, path, result)
        else:
            if not isinstance(raw, list):
                raise BodyError(path, f"Error converting value to type '{found.type}[]'.")
            result.touched.add(path)
            _apply_rows(top, found, version, target, raw, custom, path, result)


def _apply_scalar(found: FieldDef, target: Record, raw: Any, path: str, result: WriteResult) -> None:
    if not isinstance(raw, dict):
        raise BodyError(path, f"Error converting value {raw!r} to type '{found.value_type}'.")
    if "value" not in raw:
        return
    try:
        value = parse_value(found.type, raw["value"])
    except ConversionError as exc:
        set_error(target, found.name, str(exc))
        result.errors = True
        return
    if found.choices and value is not None:
        match = next((c for c in found.choices if c.lower() == str(value).lower()), None)
        if match is None:
            set_error(target, found.name, f"The value '{value}' is not in the list of allowed values.")
            result.errors = True
            return
        value = match
    target[found.name] = value


def _row_matches(row: Record, keys: tuple[str, ...], wanted: dict[str, str]) -> bool:
    return all(normalize_key_part(row.get(k)) == wanted[k] for k in keys)


def _apply_rows(
    top: EntityDef,
    found: FieldDef,
    version: str,
    target: Record,
    rows: list[Any],
    custom: CustomFields,
    path: str,
    result: WriteResult,
) -> None:
    row_type = type_of(found)
    existing: list[Record] = target.setdefault(found.name, [])
    for raw in rows:
        if not isinstance(raw, dict):
            raise BodyError(path, f"Error converting value to type '{found.type}'.")
        result.detail_lines += 1
        match = None
        if raw.get("id"):
            match = next(
                (r for r in existing if str(r.get("_id", "")).lower() == str(raw["id"]).lower()), None
            )
        elif row_type.keys:
            wanted = {}
            for key in row_type.keys:
                sent = raw.get(key)
                if isinstance(sent, dict) and sent.get("value") not in (None, ""):
                    wanted[key] = normalize_key_part(sent["value"])
            if len(wanted) == len(row_type.keys):
                match = next((r for r in existing if _row_matches(r, row_type.keys, wanted)), None)
        if raw.get("delete") is True:
            if match is not None:
                existing.remove(match)
            continue
        if match is None:
            match = {"_id": new_guid(), "_new": True}
            existing.append(match)
        _apply(top, row_type, version, match, raw, custom, path, result)


def _apply_custom(
    top: EntityDef, target: Record, raw: Any, custom: CustomFields, level: str, result: WriteResult
) -> None:
    if not isinstance(raw, dict):
        raise BodyError(f"{level}/custom" if level else "custom", "Error converting value to type 'custom'.")
    for view, fields in raw.items():
        if not isinstance(fields, dict):
            continue
        for name, wrapped in fields.items():
            if not isinstance(wrapped, dict) or "value" not in wrapped:
                continue
            known = custom.lookup(top, level, view, name)
            if known is None:
                continue  # not a field of this screen: ignored like unknown contract fields
            known_view, known_field, type_name = known
            try:
                value = parse_value(CUSTOM_TYPES[type_name], wrapped["value"])
            except ConversionError as exc:
                target.setdefault("_error", str(exc))
                result.errors = True
                continue
            attribute_id = custom.is_attribute(top, level, known_view, known_field)
            if attribute_id is not None:
                set_attribute(target, attribute_id, value)
            else:
                target.setdefault("_custom", {}).setdefault(known_view, {})[known_field] = value


def set_attribute(target: Record, attribute_id: str, value: Any) -> None:
    rows: list[Record] = target.setdefault("Attributes", [])
    for row in rows:
        if str(row.get("AttributeID", "")).upper() == attribute_id.upper():
            row["Value"] = value
            return
    rows.append({"_id": new_guid(), "AttributeID": attribute_id, "Value": value, "_new": True})
