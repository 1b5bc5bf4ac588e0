"""A record in the contract-based JSON representation.

Layout (reference s.3.1): `id`, `rowNumber`, `note` first (an `error` after them on a refused
record); then the contract fields in case-insensitive alphabetical order, each `{"value": ...}`
or `{}` when empty, with an `error` string beside the value when validation failed; linked and
detail entities only when expanded; `files` when `$expand=files`; then `custom` (`{}` unless
`$custom` asked for fields) and `_links`. Linked entities carry no links; detail rows carry a
`files:put` link into their own data view; inquiry records carry none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .odata.query import Projection
from .schema import EntityDef, FieldDef, type_of
from .schema.custom import CustomFields
from .store import Record
from .values import CUSTOM_TYPES, format_value, new_guid

# (top-level entity, detail path, record) -> rows the system computes instead of storing
ComputedDetails = Callable[[EntityDef, str, Record], list[Record] | None]


@dataclass
class Rendered:
    body: dict[str, Any]
    detail_rows: int  # expanded detail rows (they cost list time)


class Renderer:
    def __init__(self, version: str, base_path: str, custom: CustomFields, computed: ComputedDetails) -> None:
        self.version = version
        self.base_path = base_path  # "/entity/Default/24.200.001"
        self.custom = custom
        self.computed = computed

    def record(
        self, entity: EntityDef, record: Record, projection: Projection, row_number: int = 1
    ) -> Rendered:
        counter = [0]
        body = self._level(entity, entity, record, projection, "", row_number, "top", counter)
        return Rendered(body, counter[0])

    def _level(
        self,
        top: EntityDef,
        definition: EntityDef,
        obj: Record,
        projection: Projection,
        level: str,
        row_number: int,
        kind: str,
        counter: list[int],
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"id": obj.get("_id") or new_guid(), "rowNumber": row_number}
        out["note"] = {"value": obj.get("_note") or ""}
        if obj.get("_error"):
            out["error"] = obj["_error"]
        errors: dict[str, str] = obj.get("_errors") or {}
        fields = definition.fields_in(self.version)
        for name in sorted(fields, key=str.lower):
            field = fields[name]
            path = f"{level}/{name}" if level else name
            if field.kind == "scalar":
                if projection.includes_scalar(level, name):
                    out[name] = self._value(field, obj, errors.get(name))
                continue
            if not projection.includes_child(level, name):
                continue
            child_type = type_of(field)
            if field.kind == "linked":
                child = obj.get(name)
                if not isinstance(child, dict):
                    child = {"_id": new_guid(f"{obj.get('_id')}/{name}")}
                out[name] = self._level(top, child_type, child, projection, path, 1, "linked", counter)
                continue
            rows = self.computed(top, path, obj) if kind == "top" else None
            if rows is None:
                rows = obj.get(name) or []
            rendered_rows = []
            for index, row in enumerate(rows, start=1):
                rendered_rows.append(
                    self._level(top, child_type, row, projection, path, index, "detail", counter)
                )
            counter[0] += len(rendered_rows)
            out[name] = rendered_rows
        if kind == "top" and projection.files_expanded(level):
            out["files"] = [
                {
                    "id": f["id"],
                    "filename": f["filename"],
                    "href": f"{self.base_path}/files/{f['id']}",
                    "comment": f.get("comment"),
                }
                for f in obj.get("_files", [])
            ]
        out["custom"] = self._custom_block(top, obj, projection, level)
        links = self._links(top, obj, level, kind)
        if links:
            out["_links"] = links
        return out

    @staticmethod
    def _value(field: FieldDef, obj: Record, error: str | None) -> dict[str, Any]:
        if field.meta == "modified":
            value = obj.get("_modified")
        elif field.meta == "created":
            value = obj.get("_created")
        elif field.meta == "noteid":
            value = obj.get("_id")
        else:
            value = obj.get(field.name)
        out: dict[str, Any] = {}
        if value is not None:
            out["value"] = format_value(field.type, value)
        if error:
            out["error"] = error
        return out

    def _custom_block(
        self, top: EntityDef, obj: Record, projection: Projection, level: str
    ) -> dict[str, dict[str, dict[str, Any]]]:
        block: dict[str, dict[str, dict[str, Any]]] = {}
        for view, name, type_name in projection.custom_at(level):
            value = custom_value(self.custom, top, obj, level, view, name)
            block.setdefault(view, {})[name] = {
                "type": type_name,
                "value": format_value(CUSTOM_TYPES[type_name], value),
            }
        return block

    def _links(self, top: EntityDef, obj: Record, level: str, kind: str) -> dict[str, str]:
        if top.inquiry or kind == "linked":
            return {}
        record_id = obj.get("_id")
        if kind == "top":
            links = {"self": f"{self.base_path}/{top.name}/{record_id}"}
            if top.graph and top.view:
                links["files:put"] = f"{self.base_path}/files/{top.graph}/{top.view}/{record_id}/{{filename}}"
            return links
        view = top.sub_views.get(level)
        if not view or not top.graph:
            return {}
        return {"files:put": f"{self.base_path}/files/{top.graph}/{view}/{record_id}/{{filename}}"}


def custom_value(custom: CustomFields, top: EntityDef, obj: Record, level: str, view: str, name: str) -> Any:
    """The value of custom field `View.Field` on one level of a record."""
    attribute_id = custom.is_attribute(top, level, view, name)
    if attribute_id is not None:
        for row in obj.get("Attributes") or []:
            if str(row.get("AttributeID", "")).upper() == attribute_id.upper():
                return row.get("Value")
        return None
    return (obj.get("_custom") or {}).get(view, {}).get(name)
