"""The business rules of one entity, as hooks the generic upsert calls in order.

`defaults` (a new record before the body is applied), `assign_key` (auto-numbering or a required
key), `prepare` (defaults that depend on other records, derived fields and statuses), `validate`
(field errors that refuse the write with 422), `after_save` (effects on other records, e.g. stock
allocation), `before_delete`/`after_delete`, and `computed` detail collections read from other
records at render time (a template's matrix items, an order's shipments).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import PXError
from ..schema import TOP_LEVEL, EntityDef
from ..store import Record
from ..values import new_guid
from ..writes import set_error

if TYPE_CHECKING:
    from ..system import AcumaticaSystem


class Behaviour:
    entity = "*"
    record_title = "Record"  # as in "Inserting 'Sales Order' record raised at least one error"
    autonumber: tuple[str, ...] = ()  # key fields the system numbers (`<NEW>` until saved)

    def __init__(self, system: AcumaticaSystem) -> None:
        self.system = system

    @property
    def definition(self) -> EntityDef:
        return TOP_LEVEL[self.entity]

    def defaults(self) -> Record:
        return {"_id": new_guid()}

    def require_keys(self, record: Record) -> None:
        """A new record needs its key fields, except those the system numbers."""
        for key in self.definition.keys:
            if key not in self.autonumber and record.get(key) in (None, ""):
                set_error(record, key, f"'{key}' cannot be empty.")

    def assign_key(self, record: Record, keys_sent: bool) -> None:
        """Number a new record (called once it passed validation, so refusals use no number)."""

    def prepare(self, record: Record, before: Record | None) -> None:
        return None

    def validate(self, record: Record, before: Record | None) -> None:
        return None

    def refuse(self, record: Record, before: Record | None) -> None:
        verb = "Inserting" if before is None else "Updating"
        record["_error"] = (
            f"{verb}  '{self.record_title}' record raised at least one error. Please review the errors."
        )

    def after_save(self, record: Record, before: Record | None) -> None:
        return None

    def before_delete(self, record: Record) -> None:
        return None

    def after_delete(self, record: Record) -> None:
        return None

    def computed(self, path: str, record: Record) -> list[Record] | None:
        return None

    # ----------------------------------------------------------------- helpers for rules
    def changed(self, record: Record, before: Record | None, name: str) -> bool:
        return before is None or before.get(name) != record.get(name)

    def require_reference(
        self, obj: Record, name: str, entity: str, display: str, *, required: bool = False
    ) -> Record | None:
        """The referenced record, or a field error `'<display>' cannot be found in the system.`"""
        value = obj.get(name)
        if value in (None, ""):
            if required:
                set_error(obj, name, f"'{display}' cannot be empty.")
            return None
        found = self.system.get(entity, value)
        if found is None:
            set_error(obj, name, f"'{display}' cannot be found in the system.")
        return found

    def refuse_action(self, message: str) -> None:
        raise PXError(message)


def copy_fields(source: Record | None, names: tuple[str, ...]) -> dict[str, Any]:
    if not source:
        return {}
    return {name: source.get(name) for name in names}


def number_lines(rows: list[Record]) -> None:
    """Rows sent without a `LineNbr` get the numbers after the highest one, in order, as Acumatica
    numbers detail lines (document lines, shipment packages)."""
    last = max((int(row.get("LineNbr") or 0) for row in rows), default=0)
    for row in rows:
        if not row.get("LineNbr"):
            last += 1
            row["LineNbr"] = last
