"""Helpers for Acumatica's record representation and endpoint-version differences.

Records travel as `{"Field": {"value": ...}}`, with `error` strings on the record and on fields
when the server refuses them (422). Pure functions, no HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..defaults import LAST_MODIFIED_FIELDS, SUPPORTED_ACUMATICA_VERSIONS
from ..exceptions import FieldError


def value_of(record: Mapping[str, Any], field: str, default: Any = None) -> Any:
    """The plain value of a `{"Field": {"value": ...}}` field (`default` when empty or absent)."""
    wrapped = record.get(field)
    if isinstance(wrapped, Mapping):
        return wrapped.get("value", default)
    return default if wrapped is None else wrapped


def wrap_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """`{"InventoryID": "A"}` -> `{"InventoryID": {"value": "A"}}` (nested dicts/lists kept)."""
    return {
        key: value if isinstance(value, Mapping | list) else {"value": value} for key, value in values.items()
    }


def record_field_errors(record: Any, path: str = "") -> list[FieldError]:
    """Every `error` in an Acumatica record (422 body): on the record, fields, linked and detail rows."""
    errors: list[FieldError] = []
    if isinstance(record, list):
        for index, row in enumerate(record):
            errors.extend(record_field_errors(row, f"{path}[{index}]"))
        return errors
    if not isinstance(record, Mapping):
        return errors
    if isinstance(record.get("error"), str) and record["error"]:
        errors.append(FieldError(path, record["error"]))
    for key, value in record.items():
        if key in ("error", "_links", "custom"):
            continue
        child = f"{path}.{key}" if path else key
        if isinstance(value, Mapping) and "value" in value:
            if isinstance(value.get("error"), str) and value["error"]:
                errors.append(FieldError(child, value["error"]))
        elif isinstance(value, Mapping | list):
            errors.extend(record_field_errors(value, child))
    return errors


def _version_tuple(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (0,)


def last_modified_field(version: str, entity: str) -> str | None:
    """The last-modified field name of `entity` in endpoint `version` (see `defaults`)."""
    known = sorted(SUPPORTED_ACUMATICA_VERSIONS, key=_version_tuple)
    older = [v for v in known if _version_tuple(v) <= _version_tuple(version)]
    table = LAST_MODIFIED_FIELDS[older[-1] if older else known[0]]
    return table.get(entity, "LastModifiedDateTime")
