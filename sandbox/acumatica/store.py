"""The simulated database: records per entity, indexed by key and by id, plus numbering.

A record is a dict in contract field names with internal values (str, Decimal, int, bool,
datetime, None); linked entities are nested dicts and detail collections lists of dicts. Keys
starting with `_` are system data: `_id` (the NoteID GUID the API calls `id`), `_note`,
`_created`, `_modified`, `_custom` (`{view: {field: value}}`), `_files`, and per-entity internals
(quantities available, allocations). Keys are matched case-insensitively and ignoring trailing
blanks, as Acumatica's SQL collation does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .schema import EntityDef

Record = dict[str, Any]


def normalize_key_part(value: Any) -> str:
    return str(value).strip().upper() if value is not None else ""


def key_of(entity: EntityDef, record: Record) -> tuple[str, ...]:
    return tuple(normalize_key_part(record.get(k)) for k in entity.keys)


def display_key(entity: EntityDef, record: Record) -> str:
    """The key as it appears in URLs: values in screen order joined by `/` (`SO/000001`)."""
    return "/".join(str(record.get(k) or "") for k in entity.keys)


class Store:
    def __init__(self) -> None:
        self._records: dict[str, dict[tuple[str, ...], Record]] = {}
        self._ids: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._numbers: dict[str, int] = {}

    def clear(self) -> None:
        self._records = {}
        self._ids = {}
        self._numbers = {}

    def collections(self) -> dict[str, int]:
        return {name: len(records) for name, records in self._records.items()}

    def ensure(self, entity: str) -> None:
        self._records.setdefault(entity, {})

    def all(self, entity: EntityDef) -> list[Record]:
        """Every record in key order (the order list GETs return them in)."""
        records = self._records.get(entity.name, {})
        return [records[k] for k in sorted(records, key=_sort_key)]

    def iter(self, entity: str) -> Iterator[Record]:
        return iter(list(self._records.get(entity, {}).values()))

    def get(self, entity: EntityDef, key: tuple[str, ...]) -> Record | None:
        normalized = tuple(normalize_key_part(part) for part in key)
        return self._records.get(entity.name, {}).get(normalized)

    def get_by_id(self, entity: EntityDef, record_id: str) -> Record | None:
        found = self._ids.get(record_id.lower())
        if found is None or found[0] != entity.name:
            return None
        return self._records.get(entity.name, {}).get(found[1])

    def put(self, entity: EntityDef, record: Record) -> None:
        key = key_of(entity, record)
        records = self._records.setdefault(entity.name, {})
        previous = self._ids.get(record["_id"].lower())
        if previous is not None and previous[1] != key:
            records.pop(previous[1], None)
        records[key] = record
        self._ids[record["_id"].lower()] = (entity.name, key)

    def delete(self, entity: EntityDef, record: Record) -> None:
        self._records.get(entity.name, {}).pop(key_of(entity, record), None)
        self._ids.pop(record["_id"].lower(), None)

    def next_number(self, sequence: str, template: str) -> str:
        """The next value of a numbering sequence, e.g. `template="{:06d}"` -> `000007`."""
        self._numbers[sequence] = self._numbers.get(sequence, 0) + 1
        return template.format(self._numbers[sequence])

    def bump_number(self, sequence: str, at_least: int) -> None:
        """Make sure the sequence continues after a number seeded by the demo data."""
        self._numbers[sequence] = max(self._numbers.get(sequence, 0), at_least)


def _sort_key(key: tuple[str, ...]) -> tuple[tuple[int, Any], ...]:
    """Numeric keys sort as numbers (sales category 10 after 9)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in key)
