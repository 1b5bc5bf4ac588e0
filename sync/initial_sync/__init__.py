"""`initial_sync`: every record of the enabled catalog entities, through the same queue and flows.

Phases run dependencies first: attribute sets, categories, products (stock items and matrix
items), configurable products (matrix templates, once their children exist), prices, inventory.
Each phase reads all of its records from Acumatica in bulk (the flow's own `read`, or its poller
over all time), queues them (`source=initial`; a record already queued coalesces), and drives the
processing loop in the foreground until every message it queued is finished. Prices and
inventory are queued only for products that are in Magento. No cluster is needed; when one holds
the queue (SQLite runs one runner at a time), this waits for it to process the messages.

A run is guarded by a row in `InitialSyncRun` (one `running` row at a time); a second copy stops
with a one-line error. An interrupted run is resumed by the next one: it keeps the original start
(the pollers' cursors are set to it at the end, so nothing changed meanwhile is missed) and skips
the phases already done; records already synced are skipped as unchanged, and every write is an
upsert or looked up first, so nothing is duplicated.

`dry_run` reads Acumatica and Magento but queues and writes nothing: each phase's records go
through their flow in memory with a dry-run context, and what would be created or changed is
reported.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from django.utils import timezone

from sync.choices import Direction, Entity
from sync.context import ClientFactory
from sync.cursors import set_cursor
from sync.flows import get_flow
from sync.initial_sync.guard import guard
from sync.initial_sync.phases import PHASES, Phase, run_dry, run_phase
from sync.initial_sync.report import (
    InitialSyncError,
    InitialSyncReport,
    PhaseResult,
    Progress,
    ProgressFactory,
    no_progress,
    tqdm_progress,
)
from sync.initial_sync.sessions import SharedSessions
from sync.models import DEFAULT_SCOPE, InitialSyncRun, InitialSyncStatus
from sync.queue import QueueSettings
from sync.scopes import get_store_view, is_sync_enabled

__all__ = [
    "CATALOG_ENTITIES",
    "InitialSyncError",
    "InitialSyncReport",
    "PhaseResult",
    "Progress",
    "ProgressFactory",
    "SharedSessions",
    "no_progress",
    "run_initial_sync",
    "tqdm_progress",
]

logger = logging.getLogger(__name__)

CATALOG_ENTITIES = (Entity.ATTRIBUTE_SET, Entity.CATEGORY, Entity.PRODUCT, Entity.PRICE, Entity.INVENTORY)


def run_initial_sync(
    entities: Sequence[str] | None = None,
    *,
    scope: str = DEFAULT_SCOPE,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
    factory: ClientFactory | None = None,
    settings: QueueSettings | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> InitialSyncReport:
    """Sync every record of `entities` (default: the enabled catalog entities); see the module."""
    get_store_view(scope)  # an unknown scope is refused before anything starts
    wanted = _entities(entities, scope)
    phases = [phase for phase in PHASES if phase.entity in wanted]
    sessions = SharedSessions(factory)
    try:
        if dry_run:
            return run_dry(phases, progress, sessions, settings)
        return _run(wanted, scope, phases, progress, sessions, settings or QueueSettings.load(), sleep)
    finally:
        sessions.close()


def _run(
    wanted: Sequence[str],
    scope: str,
    phases: Sequence[Phase],
    progress: ProgressFactory,
    factory: ClientFactory,
    settings: QueueSettings,
    sleep: Callable[[float], None],
) -> InitialSyncReport:
    with guard(wanted, scope) as run:
        report = InitialSyncReport(run.pk, dry_run=False, resumed=run.resumed_from_id is not None)
        for phase in phases:
            if phase.name in run.phases_done:
                report.skipped_phases.append(phase.name)
                continue
            result = run_phase(run, phase, progress, factory, settings, sleep)
            report.phases.append(result)
            run.phases_done = [*run.phases_done, phase.name]
            run.counts = {**run.counts, phase.name: result.counts}
            InitialSyncRun.objects.filter(pk=run.pk).update(
                phases_done=run.phases_done, counts=run.counts, heartbeat_at=timezone.now()
            )
        for entity in wanted:
            flow = get_flow(entity, Direction.A2M)
            if flow is not None and flow.polls:
                set_cursor(entity, Direction.A2M, DEFAULT_SCOPE, run.began_at)
        InitialSyncRun.objects.filter(pk=run.pk).update(
            status=InitialSyncStatus.FINISHED, finished_at=timezone.now()
        )
        run.status = InitialSyncStatus.FINISHED
    logger.info("Initial sync #%s finished", run.pk, extra={"run": run.pk, "failed": report.failed})
    return report


def _entities(entities: Sequence[str] | None, scope: str) -> list[str]:
    if entities:
        unknown = [e for e in entities if e not in CATALOG_ENTITIES]
        if unknown:
            names = ", ".join(CATALOG_ENTITIES)
            raise InitialSyncError(f"initial_sync does not load {', '.join(unknown)}: choose from {names}.")
        chosen = [str(e) for e in CATALOG_ENTITIES if e in entities]
    else:
        chosen = [str(e) for e in CATALOG_ENTITIES]
    # Catalog records are global: they sync in Default Config whatever --scope says.
    enabled = [e for e in chosen if is_sync_enabled(DEFAULT_SCOPE, e, Direction.A2M)]
    if entities and not enabled:
        raise InitialSyncError(
            "None of the chosen entities is enabled (Setup Parameters and Sync Configuration)."
        )
    return enabled
