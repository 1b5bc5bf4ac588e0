"""Bulk reads of Acumatica catalog records (design.md 6.2: list pages, or-ed keys in chunks).

Every read names its fields (`$select`/`$expand`/`$custom`), built from the active schema fields
plus the paths the flow itself needs, so a change to a field nobody maps is never even read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from endpoints.clients import odata
from endpoints.clients.acumatica_records import value_of
from schema.mapping import ReadPlan, fingerprint

if TYPE_CHECKING:
    from sync.context import SyncContext

Record = dict[str, Any]


def text(record: Mapping[str, Any], field: str) -> str:
    """A field's value as trimmed text ("" when empty)."""
    value = value_of(record, field)
    return "" if value is None else str(value).strip()


def rows(record: Mapping[str, Any], detail: str) -> list[Mapping[str, Any]]:
    found = record.get(detail) or []
    return [row for row in found if isinstance(row, Mapping)] if isinstance(found, list) else []


def plan_id(plan: ReadPlan) -> str:
    """A short id of a read plan: a snapshot read with another plan is read again."""
    return fingerprint(list(plan.select), list(plan.expand), list(plan.custom))[:16]


def _options(plan: ReadPlan) -> dict[str, Any]:
    return {
        "select": list(plan.select) or None,
        "expand": list(plan.expand) or None,
        "custom": list(plan.custom) or None,
    }


def window_filter(field: str, since: datetime | None, until: datetime | None) -> str | None:
    """`[since, until)` on the last-modified field; None reads everything."""
    expression = odata.and_(
        odata.ge(field, since) if since is not None else "",
        odata.lt(field, until) if until is not None else "",
    )
    return expression or None


def iter_changed(
    ctx: SyncContext, entity: str, plan: ReadPlan, since: datetime | None, until: datetime | None
) -> Iterator[Record]:
    """Every record of `entity` modified in `[since, until)` (all of them when both are None),
    page by page."""
    field = ctx.acumatica.last_modified_field(entity) or "LastModifiedDateTime"
    yield from ctx.acumatica.iter_records(entity, filter=window_filter(field, since, until), **_options(plan))


def fetch_by_keys(
    ctx: SyncContext, entity: str, key_field: str, keys: Iterable[Any], plan: ReadPlan
) -> dict[str, Record]:
    """The records of `keys`, by key text, in one list call per chunk of or-ed keys. Keys not in
    the answer do not exist (any more)."""
    found: dict[str, Record] = {}
    wanted = list(dict.fromkeys(keys))
    for _, expression in odata.chunk_keys(key_field, wanted):
        for record in ctx.acumatica.fetch_list(entity, filter=expression, **_options(plan)):
            key = text(record, key_field)
            if key:
                found[key] = record
    return found
