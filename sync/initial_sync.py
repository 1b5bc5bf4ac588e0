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
import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from django.db import IntegrityError, transaction
from django.utils import timezone

from sync.choices import Direction, Entity
from sync.context import ClientFactory, SyncContext
from sync.cursors import set_cursor
from sync.flows import Flow, Outcome, OutcomeKind, get_flow
from sync.links import links_for
from sync.loop import run_queue
from sync.models import (
    DEFAULT_SCOPE,
    InitialSyncRun,
    InitialSyncStatus,
    Link,
    Message,
    MessageAction,
    MessageSource,
    MessageStatus,
)
from sync.queue import Change, QueueSettings, enqueue_changes
from sync.scopes import get_store_view, is_sync_enabled

logger = logging.getLogger(__name__)

CATALOG_ENTITIES = (Entity.ATTRIBUTE_SET, Entity.CATEGORY, Entity.PRODUCT, Entity.PRICE, Entity.INVENTORY)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # "all time" for flows that only know how to poll
STALE_AFTER = timedelta(seconds=90)  # a running row without a heartbeat this long is a dead process
BUSY_WAIT = 1.0
TERMINAL = (MessageStatus.SUCCEEDED, MessageStatus.SKIPPED, MessageStatus.FAILED)


class InitialSyncError(Exception):
    """Why initial_sync cannot run, in one line."""


class Progress(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def close(self) -> Any: ...


ProgressFactory = Callable[[str, int], Progress]


def tqdm_progress(label: str, total: int) -> Progress:
    """A progress bar on stderr (the command's default)."""
    import sys

    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="rec", file=sys.stderr, leave=True, dynamic_ncols=True)


class _NoProgress:
    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


def no_progress(label: str, total: int) -> Progress:
    return _NoProgress()


@dataclass(frozen=True)
class Phase:
    name: str
    entity: str
    label: str
    select: Callable[[Change], bool] = lambda change: True
    linked_products_only: bool = False


def _is_template(change: Change) -> bool:
    return (change.payload or {}).get("kind") == "template"


PHASES = (
    Phase("attribute_set", Entity.ATTRIBUTE_SET, "Attribute sets"),
    Phase("category", Entity.CATEGORY, "Categories"),
    Phase("product", Entity.PRODUCT, "Products", select=lambda change: not _is_template(change)),
    Phase("configurable", Entity.PRODUCT, "Configurable products", select=_is_template),
    Phase("price", Entity.PRICE, "Prices", linked_products_only=True),
    Phase("inventory", Entity.INVENTORY, "Inventory", linked_products_only=True),
)


@dataclass
class PhaseResult:
    phase: str
    queued: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)  # dry run: what would be written

    def line(self) -> str:
        done = ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items()) if n) or "nothing to do"
        return f"{self.phase}: {self.queued} records, {done}"


@dataclass
class InitialSyncReport:
    run_id: int | None
    dry_run: bool
    resumed: bool = False
    phases: list[PhaseResult] = field(default_factory=list)
    skipped_phases: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(result.counts.get(MessageStatus.FAILED, 0) for result in self.phases)

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.resumed:
            out.append(
                f"Resumed an interrupted initial sync; already done: {', '.join(self.skipped_phases) or '-'}."
            )
        for result in self.phases:
            out.append(result.line())
            out.extend(f"  {change}" for change in result.changes)
        return out


# ---------------------------------------------------------------------------- one session
class _Kept:
    """A client handed to one context whose `close()` keeps it open for the next context."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def close(self) -> None:
        return None


class SharedSessions:
    """One Acumatica session (and one Magento client) for the whole initial sync, in Default Config.

    Every phase reads and then processes in contexts of its own; without this each would log in
    and out again, and an Acumatica login costs a request and, while it lasts, a license seat.
    Each context still gets the requests it makes in its own exchange log."""

    def __init__(self, inner: ClientFactory | None = None) -> None:
        from sync.clients import DefaultClientFactory

        self.inner: ClientFactory = inner or DefaultClientFactory()
        self.clients: dict[str, Any] = {}

    def _get(self, system: str, ctx: SyncContext) -> Any:
        from sync.clients import exchange_recorder

        if ctx.scope != DEFAULT_SCOPE:
            # Other scopes' work the loop meets on the way has its own connection: not shared.
            return getattr(self.inner, system)(ctx)
        client = self.clients.get(system)
        if client is None:
            client = getattr(self.inner, system)(ctx)
            self.clients[system] = client
        elif hasattr(client, "recorder"):
            client.recorder = exchange_recorder(ctx)
        return _Kept(client)

    def acumatica(self, ctx: SyncContext) -> Any:
        return self._get("acumatica", ctx)

    def magento(self, ctx: SyncContext) -> Any:
        return self._get("magento", ctx)

    def close(self) -> None:
        for client in self.clients.values():
            try:
                client.close()
            except Exception as exc:  # closing never hides the run's own outcome
                logger.warning("Closing a client after initial_sync failed: %s", exc)
        self.clients.clear()


# ---------------------------------------------------------------------------- entry point
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
            return _dry_run(phases, progress, sessions, settings)
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
    with _guard(wanted, scope) as run:
        report = InitialSyncReport(run.pk, dry_run=False, resumed=run.resumed_from_id is not None)
        for phase in phases:
            if phase.name in run.phases_done:
                report.skipped_phases.append(phase.name)
                continue
            result = _run_phase(run, phase, progress, factory, settings, sleep)
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


# ---------------------------------------------------------------------------- the lock
def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_dead(run: InitialSyncRun, now: datetime) -> bool:
    if now - run.heartbeat_at > STALE_AFTER:
        return True
    host, _, pid = run.owner.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


@contextmanager
def _guard(entities: Sequence[str], scope: str) -> Iterator[InitialSyncRun]:
    """Hold the one `running` row for the duration; resume the last interrupted run."""
    now = timezone.now()
    running = InitialSyncRun.objects.filter(status=InitialSyncStatus.RUNNING).first()
    if running is not None:
        if not _is_dead(running, now):
            raise InitialSyncError(
                f"initial_sync is already running (run #{running.pk} by {running.owner}, started "
                f"{running.created_at:%Y-%m-%d %H:%M:%S}); wait for it to finish."
            )
        _abandon(running)
    previous = (
        InitialSyncRun.objects.filter(status=InitialSyncStatus.INTERRUPTED, scope=scope)
        .order_by("-id")
        .first()
    )
    resume = previous is not None and sorted(previous.entities) == sorted(entities)
    try:
        with transaction.atomic():
            run = InitialSyncRun.objects.create(
                owner=_owner(),
                entities=list(entities),
                scope=scope,
                began_at=previous.began_at if resume and previous else now,
                phases_done=list(previous.phases_done) if resume and previous else [],
                counts=dict(previous.counts) if resume and previous else {},
                resumed_from=previous if resume else None,
            )
    except IntegrityError:
        raise InitialSyncError(
            "initial_sync is already running (another copy just started); wait for it."
        ) from None
    if resume and previous is not None:
        InitialSyncRun.objects.filter(pk=previous.pk).update(status=InitialSyncStatus.RESUMED)
    try:
        yield run
    finally:
        if run.status == InitialSyncStatus.RUNNING:
            InitialSyncRun.objects.filter(pk=run.pk, status=InitialSyncStatus.RUNNING).update(
                status=InitialSyncStatus.INTERRUPTED, heartbeat_at=timezone.now()
            )


def _abandon(run: InitialSyncRun) -> None:
    """A dead copy's row becomes interrupted (to be resumed), and the messages its process had
    claimed are given back at once instead of after their lease."""
    InitialSyncRun.objects.filter(pk=run.pk).update(status=InitialSyncStatus.INTERRUPTED)
    Message.objects.filter(status=MessageStatus.PROCESSING, claimed_by__startswith=f"{run.owner}:").update(
        lease_expires_at=timezone.now()
    )
    logger.warning("Initial sync #%s was interrupted; resuming it", run.pk, extra={"run": run.pk})


# ---------------------------------------------------------------------------- one phase
def _read(flow: Flow, ctx: SyncContext, until: datetime) -> list[Change]:
    reader = getattr(flow, "read", None)
    if callable(reader):
        return list(reader(ctx, None, None))
    return list(flow.poll(ctx, EPOCH, until))


def _changes(phase: Phase, flow: Flow, ctx: SyncContext, until: datetime) -> list[Change]:
    changes = [change for change in _read(flow, ctx, until) if phase.select(change)]
    if phase.linked_products_only:
        products = links_for(Entity.PRODUCT, [change.key for change in changes])
        changes = [
            change
            for change in changes
            if (link := products.get(change.key)) is not None
            and link.is_linked
            and (link.extra or {}).get("kind") != "template"
        ]
    return changes


def _run_phase(
    run: InitialSyncRun,
    phase: Phase,
    progress: ProgressFactory,
    factory: ClientFactory | None,
    settings: QueueSettings,
    sleep: Callable[[float], None],
) -> PhaseResult:
    flow = get_flow(phase.entity, Direction.A2M)
    result = PhaseResult(phase.name)
    if flow is None:
        return result
    with SyncContext(DEFAULT_SCOPE, factory=factory, settings=settings) as ctx:
        changes = _changes(phase, flow, ctx, run.began_at)
    counts = enqueue_changes(phase.entity, changes, scope=DEFAULT_SCOPE, source=MessageSource.INITIAL)
    ids = set(counts.message_ids)
    result.queued = len(ids)
    bar = progress(phase.label, len(ids))
    shown = 0

    def advance() -> bool:
        nonlocal shown
        done = Message.objects.filter(pk__in=ids, status__in=TERMINAL).count()
        if done > shown:
            bar.update(done - shown)
            shown = done
        InitialSyncRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
        return done >= len(ids)

    try:
        while not advance():
            report = run_queue(
                settings=settings, until_idle=True, poll=False, factory=factory, should_stop=advance
            )
            if report.paused:
                raise InitialSyncError(
                    "The queue is paused: resume it, then run initial_sync again to continue."
                )
            if report.busy and not advance():
                sleep(BUSY_WAIT)  # a cluster holds the queue (SQLite): it processes our messages
    finally:
        bar.close()
    for status in Message.objects.filter(pk__in=ids).values_list("status", flat=True):
        result.counts[status] = result.counts.get(status, 0) + 1
    return result


# ---------------------------------------------------------------------------- dry run
def _dry_run(
    phases: Sequence[Phase],
    progress: ProgressFactory,
    factory: ClientFactory | None,
    settings: QueueSettings | None,
) -> InitialSyncReport:
    """Every phase through its flow in memory with a dry-run context: reads only, nothing queued."""
    settings = settings or QueueSettings.load()
    report = InitialSyncReport(None, dry_run=True)
    now = timezone.now()
    with SyncContext(DEFAULT_SCOPE, factory=factory, settings=settings, dry_run=True) as ctx:
        for phase in phases:
            flow = get_flow(phase.entity, Direction.A2M)
            if flow is None:
                continue
            changes = _changes(phase, flow, ctx, now)
            result = PhaseResult(phase.name, queued=len(changes))
            bar = progress(phase.label, len(changes))
            size = settings.batch_count if flow.batchable else 1
            try:
                for start in range(0, len(changes), size):
                    chunk = [
                        _transient(phase.entity, change, -(start + i + 1))
                        for i, change in enumerate(changes[start : start + size])
                    ]
                    outcomes = flow.process(ctx, chunk)
                    for message in chunk:
                        _tally(result, message, outcomes.get(message.pk))
                    bar.update(len(chunk))
            finally:
                bar.close()
            report.phases.append(result)
    return report


def _transient(entity: str, change: Change, pk: int) -> Message:
    """An unsaved message for a dry run (flows read only key, action, payload and pk)."""
    message = Message(
        entity=entity,
        direction=Direction.A2M,
        key=change.key,
        scope=DEFAULT_SCOPE,
        action=change.action or MessageAction.UPSERT,
        payload=change.payload,
        source=MessageSource.INITIAL,
    )
    message.pk = pk
    return message


def _tally(result: PhaseResult, message: Message, outcome: Outcome | None) -> None:
    if outcome is None:
        result.counts["no outcome"] = result.counts.get("no outcome", 0) + 1
        return
    detail = outcome.detail
    if outcome.kind is OutcomeKind.SKIPPED and detail.startswith("dry run: "):
        result.counts["would change"] = result.counts.get("would change", 0) + 1
        result.changes.append(f"{message.key}: {detail.removeprefix('dry run: ')}")
        return
    name = "unchanged" if detail == "unchanged" else str(outcome.kind)
    result.counts[name] = result.counts.get(name, 0) + 1
    if outcome.kind is OutcomeKind.FAILED:
        result.changes.append(f"{message.key}: would fail: {detail}")


def linked_products() -> int:
    """How many products are in Magento (for the command's closing line)."""
    return Link.objects.for_entity(Entity.PRODUCT, DEFAULT_SCOPE).linked().count()
