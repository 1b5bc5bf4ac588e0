"""One phase of `initial_sync`: read every record of an entity, queue it, drive the loop until
what was queued is finished; or, in a dry run, pass the records through the flow in memory.

Catalog phases run once, in Default Config (catalog records are global). A per-scope phase
(customers) runs once in every scope whose Sync Configuration enables its entity A to M, each
run a `ScopedPhase` with a key of its own (`customer@west`), so a resumed sync skips exactly the
scopes already done."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

from sync.choices import Direction, Entity
from sync.context import ClientFactory, SyncContext
from sync.flows import Flow, Outcome, OutcomeKind, get_flow
from sync.initial_sync.report import InitialSyncError, InitialSyncReport, PhaseResult, ProgressFactory
from sync.links import links_for
from sync.loop import run_queue
from sync.models import (
    DEFAULT_SCOPE,
    InitialSyncRun,
    Message,
    MessageAction,
    MessageSource,
    MessageStatus,
)
from sync.queue import Change, QueueSettings, enqueue_changes
from sync.scopes import all_scopes, is_sync_enabled

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # "all time" for flows that only know how to poll
BUSY_WAIT = 1.0
TERMINAL = (MessageStatus.SUCCEEDED, MessageStatus.SKIPPED, MessageStatus.FAILED)


@dataclass(frozen=True)
class Phase:
    name: str
    entity: str
    label: str
    select: Callable[[Change], bool] = lambda change: True
    linked_products_only: bool = False
    # False: once, in Default Config; True: once in each scope that enables the entity A to M.
    per_scope: bool = False

    def scopes(self, only: str | None) -> list[str]:
        """The scopes this phase runs in: Default Config for a catalog phase (whatever `only`
        says); for a per-scope phase `only` or every scope, those whose Sync Configuration (and
        the entity's Individual Sync Status) enable the entity A to M."""
        if self.per_scope:
            candidates = [only] if only else all_scopes()
            return [scope for scope in candidates if is_sync_enabled(scope, self.entity, Direction.A2M)]
        return [DEFAULT_SCOPE] if is_sync_enabled(DEFAULT_SCOPE, self.entity, Direction.A2M) else []


@dataclass(frozen=True)
class ScopedPhase:
    """One phase in one scope: the unit a run executes, records as done, resumes and reports."""

    phase: Phase
    scope: str

    @property
    def entity(self) -> str:
        return self.phase.entity

    @property
    def key(self) -> str:
        return f"{self.phase.name}@{self.scope}" if self.phase.per_scope else self.phase.name

    @property
    def label(self) -> str:
        return f"{self.phase.label} ({self.scope})" if self.phase.per_scope else self.phase.label


def _is_template(change: Change) -> bool:
    return (change.payload or {}).get("kind") == "template"


PHASES = (
    Phase("attribute_set", Entity.ATTRIBUTE_SET, "Attribute sets"),
    Phase("category", Entity.CATEGORY, "Categories"),
    Phase("product", Entity.PRODUCT, "Products", select=lambda change: not _is_template(change)),
    Phase("configurable", Entity.PRODUCT, "Configurable products", select=_is_template),
    Phase("price", Entity.PRICE, "Prices", linked_products_only=True),
    Phase("inventory", Entity.INVENTORY, "Inventory", linked_products_only=True),
    Phase("customer", Entity.CUSTOMER, "Customers", per_scope=True),
)


def plan_phases(entities: Sequence[str], only_scope: str | None) -> list[ScopedPhase]:
    """The phases of `entities` in dependency order, each in the scopes it runs in."""
    return [
        ScopedPhase(phase, scope)
        for phase in PHASES
        if phase.entity in entities
        for scope in phase.scopes(only_scope)
    ]


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


def run_phase(
    run: InitialSyncRun,
    step: ScopedPhase,
    progress: ProgressFactory,
    factory: ClientFactory | None,
    settings: QueueSettings,
    sleep: Callable[[float], None],
) -> PhaseResult:
    flow = get_flow(step.entity, Direction.A2M)
    result = PhaseResult(step.key)
    if flow is None:
        return result
    with SyncContext(step.scope, factory=factory, settings=settings) as ctx:
        changes = _changes(step.phase, flow, ctx, run.began_at)
    counts = enqueue_changes(
        step.entity, changes, direction=flow.direction, scope=step.scope, source=MessageSource.INITIAL
    )
    ids = set(counts.message_ids)
    result.queued = len(ids)
    bar = progress(step.label, len(ids))
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
def run_dry(
    steps: Sequence[ScopedPhase],
    progress: ProgressFactory,
    factory: ClientFactory | None,
    settings: QueueSettings | None,
) -> InitialSyncReport:
    """Every phase through its flow in memory with a dry-run context of its scope: reads only,
    nothing queued."""
    settings = settings or QueueSettings.load()
    report = InitialSyncReport(None, dry_run=True)
    now = timezone.now()
    with ExitStack() as stack:
        contexts: dict[str, SyncContext] = {}
        for step in steps:
            flow = get_flow(step.entity, Direction.A2M)
            if flow is None:
                continue
            ctx = contexts.get(step.scope)
            if ctx is None:
                ctx = stack.enter_context(
                    SyncContext(step.scope, factory=factory, settings=settings, dry_run=True)
                )
                contexts[step.scope] = ctx
            report.phases.append(_dry_phase(step, flow, ctx, now, progress, settings))
    return report


def _dry_phase(
    step: ScopedPhase,
    flow: Flow,
    ctx: SyncContext,
    now: datetime,
    progress: ProgressFactory,
    settings: QueueSettings,
) -> PhaseResult:
    changes = _changes(step.phase, flow, ctx, now)
    result = PhaseResult(step.key, queued=len(changes))
    bar = progress(step.label, len(changes))
    size = settings.batch_count if flow.batchable else 1
    try:
        for start in range(0, len(changes), size):
            chunk = [
                _transient(step, flow, change, -(start + i + 1))
                for i, change in enumerate(changes[start : start + size])
            ]
            outcomes = flow.process(ctx, chunk)
            for message in chunk:
                _tally(result, message, outcomes.get(message.pk))
            bar.update(len(chunk))
    finally:
        bar.close()
    return result


def _transient(step: ScopedPhase, flow: Flow, change: Change, pk: int) -> Message:
    """An unsaved message for a dry run (flows read only key, action, payload, scope and pk)."""
    message = Message(
        entity=step.entity,
        direction=flow.direction,
        key=change.key,
        scope=step.scope,
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
