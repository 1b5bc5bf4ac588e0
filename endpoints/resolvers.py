"""`DatabaseResolver`: clients resolve their URLs through the admin's endpoint tables.

`endpoint_resolver(system)` is what every client built from the admin's configuration passes as
`resolver=` (the sync engine's client factory, pickers, Test Connection, `test_connections`). It
returns the system's table as it is at that moment: the rows of `EndpointURL`, with the shipped
defaults behind them for a key that has no row yet (a row added by a newer release works before
anyone restores defaults).

The table is cached per process. Each new resolver checks with one small query (row count and
latest change) whether the table changed since it was read, so an edit saved in the admin reaches
the next client of every process (web, queue cluster) without a restart, and a rolled-back edit
is noticed too; a save also drops the cached copy of its own process at once. A client keeps the
table it was created with, so one run never mixes old and new URLs.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max

from .clients.routing import EndpointResolver, TableResolver
from .defaults import ACUMATICA, ACUMATICA_ROUTES, MAGENTO, MAGENTO_ROUTES

SHIPPED: Mapping[str, EndpointResolver] = {MAGENTO: MAGENTO_ROUTES, ACUMATICA: ACUMATICA_ROUTES}


class DatabaseResolver(TableResolver):
    """The routes of one system from its endpoint table, the shipped rows as fallback."""

    def __init__(self, system: str, routes: Mapping[str, tuple[str, str]]) -> None:
        super().__init__(routes, SHIPPED[system])
        self.system = system

    def __repr__(self) -> str:
        return f"<DatabaseResolver {self.system}>"


@dataclass(frozen=True)
class _Snapshot:
    version: tuple[int, datetime | None]
    routes: Mapping[str, tuple[str, str]]


_lock = threading.Lock()
_snapshots: dict[str, _Snapshot] = {}


def forget_endpoint_tables() -> None:
    """Drop this process's cached tables (called on every save of a row)."""
    with _lock:
        _snapshots.clear()


def _table(system: str) -> Mapping[str, tuple[str, str]]:
    from .models import EndpointURL

    rows = EndpointURL.objects.filter(system=system)
    stats = rows.aggregate(count=Count("pk"), latest=Max("updated_at"))
    version = (int(stats["count"] or 0), stats["latest"])
    with _lock:
        cached = _snapshots.get(system)
    if cached is not None and cached.version == version:
        return cached.routes
    routes = {
        key: (method, template) for key, method, template in rows.values_list("key", "method", "url_template")
    }
    with _lock:
        _snapshots[system] = _Snapshot(version, routes)
    return routes


def endpoint_resolver(system: str) -> DatabaseResolver:
    """The endpoint table of `system` (`"magento"` or `"acumatica"`) for a new client."""
    if system not in SHIPPED:
        raise ValueError(f"Unknown system {system!r}: use {MAGENTO!r} or {ACUMATICA!r}.")
    return DatabaseResolver(system, _table(system))
