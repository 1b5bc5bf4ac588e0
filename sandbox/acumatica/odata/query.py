"""`$select`, `$expand` and `$custom`: what a response contains.

Nothing linked or detail is returned unless expanded (contract v4); nested entities are expanded
explicitly (`MainContact,MainContact/Address`, and naming a nested path implies its parents).
`$select` narrows each level: `OrderNbr,Details/InventoryID` returns the order number and, in
expanded detail rows, the inventory ID only; naming a linked or detail entity alone
(`Details`) keeps all of its fields. `custom.<View>` entries in `$select` only keep custom blocks
(which are always returned). Names match case-insensitively and come back in contract spelling;
unknown names are refused, so a connector's typo fails loudly here as it would on a real system.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..schema import EntityDef, type_of


class QueryError(ValueError):
    """An invalid `$select`, `$expand` or `$custom`; answered with 400."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


# (level path, view, field) -> the custom field's type name, or None if it does not exist
CustomLookup = Callable[[str, str, str], str | None]


@dataclass
class Projection:
    select: set[str] | None = None  # canonical paths; None = every scalar field
    expand: set[str] = field(default_factory=set)  # canonical linked/detail paths (+ "files" levels)
    custom: dict[str, list[tuple[str, str, str]]] = field(
        default_factory=dict
    )  # level -> (view, field, type)

    def expanded(self, path: str) -> bool:
        return path in self.expand

    def files_expanded(self, level: str) -> bool:
        return (f"{level}/files" if level else "files") in self.expand

    def includes_scalar(self, level: str, name: str) -> bool:
        if self.select is None:
            return True
        path = f"{level}/{name}" if level else name
        return path in self.select or self._level_fully_selected(level)

    def includes_child(self, level: str, name: str) -> bool:
        path = f"{level}/{name}" if level else name
        if not self.expanded(path):
            return False
        if self.select is None or self._level_fully_selected(level):
            return True
        return path in self.select or any(s.startswith(path + "/") for s in self.select)

    def _level_fully_selected(self, level: str) -> bool:
        if not level or self.select is None:
            return False
        parts = level.split("/")
        return any("/".join(parts[: i + 1]) in self.select for i in range(len(parts)))

    def custom_at(self, level: str) -> list[tuple[str, str, str]]:
        return self.custom.get(level, [])


def _split(raw: str | None) -> list[str]:
    if not raw:
        return []
    return [part.strip() for part in raw.split(",") if part.strip()]


def canonical_path(entity: EntityDef, version: str, path: str, parameter: str) -> tuple[str, str]:
    """(canonical path, kind of the last element) of a `/`-separated field path."""
    current = entity
    names = []
    kind = "scalar"
    parts = path.split("/")
    for index, part in enumerate(parts):
        if part.lower() == "files" and index == len(parts) - 1:
            names.append("files")
            kind = "files"
            break
        found = current.field(part, version)
        if found is None:
            raise QueryError(parameter, f"The field '{path}' is not found in the entity '{entity.name}'.")
        names.append(found.name)
        kind = found.kind
        if index < len(parts) - 1:
            if found.kind == "scalar":
                raise QueryError(parameter, f"The field '{path}' is not found in the entity '{entity.name}'.")
            current = type_of(found)
    return "/".join(names), kind


def parse_projection(
    entity: EntityDef,
    version: str,
    select: str | None,
    expand: str | None,
    custom: str | None,
    custom_lookup: CustomLookup,
) -> Projection:
    projection = Projection()
    for raw in _split(expand):
        path, kind = canonical_path(entity, version, raw, "$expand")
        if kind == "scalar":
            raise QueryError("$expand", f"The field '{raw}' is not a linked or detail entity.")
        parts = path.split("/")
        for i in range(1, len(parts) + 1):
            projection.expand.add("/".join(parts[:i]))
    if select is not None and _split(select):
        projection.select = set()
        for raw in _split(select):
            if raw.lower().startswith("custom.") or "/custom." in raw.lower():
                continue
            path, _ = canonical_path(entity, version, raw, "$select")
            projection.select.add(path)
    for raw in _split(custom):
        level_raw, _, qualified = raw.rpartition("/")
        level = ""
        if level_raw:
            level, kind = canonical_path(entity, version, level_raw, "$custom")
            if kind == "scalar":
                raise QueryError("$custom", f"'{level_raw}' is not a linked or detail entity.")
        view, _, name = qualified.partition(".")
        if not view or not name:
            raise QueryError("$custom", f"'{raw}' is not in the form View.Field.")
        type_name = custom_lookup(level, view, name)
        if type_name is None:
            raise QueryError(
                "$custom", f"The field '{view}.{name}' is not found in the entity '{entity.name}'."
            )
        projection.custom.setdefault(level, []).append((view, name, type_name))
    return projection


def full_projection(entity: EntityDef, version: str) -> Projection:
    """Everything expanded (the inspection API's view of a record)."""
    projection = Projection()

    def walk(definition: EntityDef, prefix: str) -> None:
        for f in definition.fields_in(version).values():
            if f.kind == "scalar":
                continue
            path = f"{prefix}/{f.name}" if prefix else f.name
            projection.expand.add(path)
            walk(type_of(f), path)

    walk(entity, "")
    return projection
