"""One phase of `initial_sync`: read every record of an entity, queue it, drive the loop until
what was queued is finished; or, in a dry run, pass the records through the flow in memory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
def run_dry(
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
