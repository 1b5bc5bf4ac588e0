"""`initial_sync`: every record of the enabled entities, through the same queue and flows.

Phases run dependencies first: attribute sets, categories, products (stock items and matrix
items), configurable products (matrix templates, once their children exist), prices, inventory,
then customers. The catalog phases run in Default Config (catalog records are global); the
customer phase runs in every scope whose Sync Configuration enables customers A to M (or only in
`scope` when one is given), loading the customers of the classes selected in Setup Parameters
into that scope's Magento website. Each phase reads all of its records from Acumatica in bulk (the
flow's own `read`, or its poller over all time), queues them (`source=initial`; a record already
queued coalesces), and drives the processing loop in the foreground until every message it queued
is finished. Prices and inventory are queued only for products that are in Magento. No cluster is
needed; when one holds the queue (SQLite runs one runner at a time), this waits for it to process
the messages.

A run is guarded by a row in `InitialSyncRun` (one `running` row at a time); a second copy stops
with a one-line error. An interrupted run is resumed by the next one with the same entities and
scope: it keeps the original start (the pollers' cursors are set to it at the end, so nothing
changed meanwhile is missed) and skips the phases already done (per scope for customers); records
already synced are skipped as unchanged, and every write is an upsert or looked up first, so
nothing is duplicated.

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
from sync.initial_sync.phases import ScopedPhase, plan_phases, run_dry, run_phase
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
from sync.models import DEFAULT_SCOPE, InitialSyncRun, InitialSyncStatus, SetupParameters
from sync.queue import QueueSettings
from sync.scopes import get_store_view

__all__ = [
    "CATALOG_ENTITIES",
    "INITIAL_SYNC_ENTITIES",
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
INITIAL_SYNC_ENTITIES = (*CATALOG_ENTITIES, Entity.CUSTOMER)


def run_initial_sync(
    entities: Sequence[str] | None = None,
    *,
    scope: str | None = None,
    dry_run: bool = False,
    progress: ProgressFactory = no_progress,
    factory: ClientFactory | None = None,
    settings: QueueSettings | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> InitialSyncReport:
    """Sync every record of `entities` (default: every enabled entity initial_sync loads); `scope`
    limits the per-scope phases (customers) to one scope. See the module."""
    if scope is not None:
        get_store_view(scope)  # an unknown scope is refused before anything starts
    steps = _plan(entities, scope)
    sessions = SharedSessions(factory)
    try:
        if dry_run:
            return run_dry(steps, progress, sessions, settings)
        return _run(
            steps, scope or DEFAULT_SCOPE, progress, sessions, settings or QueueSettings.load(), sleep
        )
    finally:
        sessions.close()


def _run(
    steps: Sequence[ScopedPhase],
    scope: str,
    progress: ProgressFactory,
    factory: ClientFactory,
    settings: QueueSettings,
    sleep: Callable[[float], None],
) -> InitialSyncReport:
    wanted = list(dict.fromkeys(step.entity for step in steps))
    with guard(wanted, scope) as run:
        report = InitialSyncReport(run.pk, dry_run=False, resumed=run.resumed_from_id is not None)
        for step in steps:
            if step.key in run.phases_done:
                report.skipped_phases.append(step.key)
                continue
            result = run_phase(run, step, progress, factory, settings, sleep)
            report.phases.append(result)
            run.phases_done = [*run.phases_done, step.key]
            run.counts = {**run.counts, step.key: result.counts}
            InitialSyncRun.objects.filter(pk=run.pk).update(
                phases_done=run.phases_done, counts=run.counts, heartbeat_at=timezone.now()
            )
        for entity, step_scope in dict.fromkeys((step.entity, step.scope) for step in steps):
            flow = get_flow(entity, Direction.A2M)
            if flow is not None and flow.polls:
                set_cursor(entity, Direction.A2M, step_scope, run.began_at)
        InitialSyncRun.objects.filter(pk=run.pk).update(
            status=InitialSyncStatus.FINISHED, finished_at=timezone.now()
        )
        run.status = InitialSyncStatus.FINISHED
    logger.info("Initial sync #%s finished", run.pk, extra={"run": run.pk, "failed": report.failed})
    return report


def _plan(entities: Sequence[str] | None, scope: str | None) -> list[ScopedPhase]:
    """The phases to run: the chosen entities (all by default) that are enabled, in the scopes
    that enable them. Customers need customer classes selected in Setup Parameters."""
    if entities:
        unknown = [e for e in entities if e not in INITIAL_SYNC_ENTITIES]
        if unknown:
            names = ", ".join(INITIAL_SYNC_ENTITIES)
            raise InitialSyncError(f"initial_sync does not load {', '.join(unknown)}: choose from {names}.")
        chosen = [str(e) for e in INITIAL_SYNC_ENTITIES if e in entities]
    else:
        chosen = [str(e) for e in INITIAL_SYNC_ENTITIES]
    if Entity.CUSTOMER in chosen and not SetupParameters.load().customer_classes:
        if entities:
            raise InitialSyncError(
                "No customer classes are selected for sync: choose them in Setup Parameters "
                "(configure --set setup.customer_classes=CLASS,CLASS)."
            )
        chosen.remove(Entity.CUSTOMER)  # nothing to load: customers sync only of selected classes
    steps = plan_phases(chosen, scope)
    if entities and not steps:
        where = f" in scope {scope}" if scope else ""
        raise InitialSyncError(
            f"None of the chosen entities is enabled{where} (Setup Parameters and Sync Configuration)."
        )
    return steps
