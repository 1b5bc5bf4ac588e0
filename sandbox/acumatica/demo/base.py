"""Shared pieces of the demo seeding: the fixed demo clock and record helpers."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from ..store import Record
from ..values import new_guid

if TYPE_CHECKING:
    from ..system import AcumaticaSystem

# Demo records look recent (30 days old) and stay identical for the life of the process, so a
# connector's "changed in the last year" reads find them and every later change is newer.
DEMO_EPOCH = datetime.combine(datetime.now(UTC).date() - timedelta(days=30), time(9, 0), tzinfo=UTC)
CREDIT_HOLD_CUSTOMER = "C000016"
SEEDED_ORDERS = (
    ("SO", "C000013", "Phone order"),
    ("IN", "C000014", "Counter sale"),
    ("QT", "C000015", "Quote for a bulk purchase"),
    ("RC", "C000013", "Return of a damaged item"),
)


class Quiet:
    """The change listener during seeding: demo data sends no push notifications."""

    def changed(self, entity: str, before: Record | None, after: Record | None) -> None:
        return None


class DemoClock:
    def __init__(self) -> None:
        self.moment = DEMO_EPOCH

    def tick(self) -> datetime:
        self.moment += timedelta(seconds=7)
        return self.moment


def put(system: AcumaticaSystem, entity: str, record: Record, clock: DemoClock) -> Record:
    moment = clock.tick()
    record.setdefault("_id", new_guid())
    record["_created"] = record["_modified"] = moment
    system.store.put(system.definition(entity), record)
    return record


def row(**fields: Any) -> Record:
    return {"_id": new_guid(), **fields}
