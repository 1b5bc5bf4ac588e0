"""Processing claimed messages through their flows (design.md section 4, step 2 and 3).

Messages are grouped by (entity, direction, scope) and the groups run in dependency order
(attribute sets, categories, products, prices, inventory), so a product and its price claimed in
the same pass arrive in that order. A batchable flow whose backlog exceeds Threshold Count gets
Batch Count messages per call, every other flow one. Outcomes and exceptions become transitions:

| what happened | message |
|---|---|
| `Outcome.succeeded` / `skipped` | finished |
| `Outcome.failed`, `PermanentError`, `RecordError` | `failed` at once, with the remote message or the fix |
| `Outcome.retry`, `RetryableError`, an unexpected error | pending after a backoff; then `failed` |
| `Outcome.wait`, a dependency with work queued | pending without using a try (bounded) |
| `AuthError`, `ConfigurationError` | released untouched; the scope's connection stops for the run |
| the queue was paused | released untouched |
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from endpoints.exceptions import AuthError, ConfigurationError, EndpointError, PermanentError
from endpoints.redaction import redact_text
from sync import exchange_log
from sync.context import ConnectionStoppedError, ContextPool, SyncContext
from sync.errors import RecordError
from sync.flows import Flow, Outcome, OutcomeKind, all_flows, get_flow
from sync.models import ConnectionState, Message
from sync.models.queue import TransitionConflictError
from sync.queue import QueueSettings, is_paused, renew_leases

logger = logging.getLogger(__name__)

GroupKey = tuple[str, str, str]  # entity, direction, scope


@dataclass
class RunStats:
    """Counts of one run, stored on the heartbeat and returned by the task and the command."""

    claimed: int = 0
    succeeded: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    waited: int = 0
    released: int = 0
    lost: int = 0  # claims that expired while in hand and were taken over by another worker
    calls: int = 0  # flow calls (one per record, or one per batch)
    polled: int = 0  # changes stored by the producers
    by_entity: Counter[str] = field(default_factory=Counter)
    connection_errors: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = {
            name: getattr(self, name)
            for name in ("claimed", "succeeded", "skipped", "failed", "retried", "waited", "released", "lost")
        }
        data.update(
            calls=self.calls,
            polled=self.polled,
            by_entity=dict(self.by_entity),
            connection_errors=dict(self.connection_errors),
        )
        return data


def describe_error(exc: BaseException) -> str:
    """One line for the message's error column: the remote message, never a traceback or secret."""
    if isinstance(exc, EndpointError):
        text = exc.summary
        if exc.remote_message and exc.remote_message not in text:
            text = f"{text}: {exc.remote_message}"
        if exc.field_errors:
            text += " (" + "; ".join(str(error) for error in exc.field_errors) + ")"
        return text
    return redact_text(f"{type(exc).__name__}: {exc}")


def record_connection_state(scope: str, system: str, error: str = "") -> None:
    """Remember whether a scope's connection works, for the admin and the status API."""
    ConnectionState.objects.update_or_create(
        system=system or "connection", scope=scope, defaults={"ok": not error, "error": error}
    )


class Processor:
    """Processes the messages of one claim for one worker."""

    def __init__(
        self,
        worker: str,
        settings: QueueSettings,
        contexts: ContextPool,
        stats: RunStats,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.worker = worker
        self.settings = settings
        self.contexts = contexts
        self.stats = stats
        self.clock = clock
        self._lease_renewed = clock()

    # ----------------------------------------------------------------- entry
    def process(self, messages: Sequence[Message], backlog: Mapping[GroupKey, int]) -> None:
        groups: dict[GroupKey, list[Message]] = {}
        for message in messages:
            groups.setdefault((message.entity, message.direction, message.scope), []).append(message)
        order = {(flow.entity, str(flow.direction)): index for index, flow in enumerate(all_flows())}
        keys = sorted(groups, key=lambda k: (order.get((k[0], k[1]), len(order)), k[2]))
        remaining = [m.pk for m in messages]
        for key in keys:
            group = groups[key]
            self._process_group(key, group, backlog.get(key, len(group)), remaining)

    # ----------------------------------------------------------------- one group
    def _process_group(
        self, key: GroupKey, messages: list[Message], backlog: int, remaining: list[int]
    ) -> None:
        entity, direction, scope = key
        self.stats.by_entity[entity] += len(messages)
        flow = get_flow(entity, direction)
        if flow is None:
            for message in messages:
                self._finish(message, Outcome.failed(f"No flow handles {entity} {direction}."), None)
            return
        ctx = self.contexts.get(scope)
        size = self.settings.batch_count if flow.batchable and backlog > self.settings.threshold_count else 1
        for start in range(0, len(messages), size):
            chunk = messages[start : start + size]
            if ctx.stopped or is_paused():
                note = f"Not sent: {ctx.stopped}" if ctx.stopped else ""
                for message in messages[start:]:
                    self._release(message, note)
                return
            # Checked per chunk, so a parent processed earlier in this group no longer holds its child.
            ready = self._hold_for_dependencies(flow, ctx, chunk)
            if ready:
                self._renew_leases(remaining)
                self._call(flow, ctx, ready)
            done = {m.pk for m in chunk}
            remaining[:] = [pk for pk in remaining if pk not in done]

    def _hold_for_dependencies(self, flow: Flow, ctx: SyncContext, messages: list[Message]) -> list[Message]:
        """Messages whose dependencies still have work queued wait; the rest are returned."""
        if not flow.depends_on and type(flow).dependencies is Flow.dependencies:
            return messages
        wanted = {m.pk: list(flow.dependencies(ctx, m)) for m in messages}
        pairs = {(dep.entity, dep.key) for deps in wanted.values() for dep in deps}
        if not pairs:
            return messages
        busy = set(
            Message.objects.active()
            .filter(
                direction=flow.direction,
                scope=ctx.scope,
                entity__in={entity for entity, _ in pairs},
                key__in={key for _, key in pairs},
            )
            .exclude(pk__in=[m.pk for m in messages])
            .values_list("entity", "key")
        )
        ready = []
        for message in messages:
            blocking = [dep for dep in wanted[message.pk] if (dep.entity, dep.key) in busy]
            if blocking:
                self._finish(message, Outcome.wait(str(blocking[0])), None)
            else:
                ready.append(message)
        return ready

    # ----------------------------------------------------------------- one call
    def _call(self, flow: Flow, ctx: SyncContext, chunk: list[Message]) -> None:
        self.stats.calls += 1
        outcomes: Mapping[int, Outcome]
        with ctx.capture() as exchanges:
            try:
                outcomes = flow.process(ctx, chunk)
            except ConnectionStoppedError as exc:
                for message in chunk:
                    self._release(message, f"Not sent: {exc}")
                return
            except (AuthError, ConfigurationError) as exc:
                reason = describe_error(exc)
                ctx.stop(reason)
                self.stats.connection_errors[f"{exc.system or 'connection'}@{ctx.scope}"] = reason
                record_connection_state(ctx.scope, exc.system, reason)
                logger.error(
                    "Connection stopped for this run: %s",
                    reason,
                    extra={"scope": ctx.scope, "entity": flow.entity, "system": exc.system},
                )
                for message in chunk:
                    self._release(message, f"Not sent: {reason}")
                return
            except PermanentError as exc:
                outcomes = dict.fromkeys((m.pk for m in chunk), Outcome.failed(describe_error(exc)))
            except RecordError as exc:  # e.g. a missing mapping: fails at once, names the fix
                outcomes = dict.fromkeys((m.pk for m in chunk), Outcome.failed(str(exc)))
            except EndpointError as exc:
                outcomes = dict.fromkeys((m.pk for m in chunk), Outcome.retry(describe_error(exc)))
            except Exception as exc:
                logger.exception(
                    "Flow %s failed unexpectedly", type(flow).__name__, extra={"scope": ctx.scope}
                )
                error = f"Unexpected error in {type(flow).__name__}: {describe_error(exc)}"
                outcomes = dict.fromkeys((m.pk for m in chunk), Outcome.retry(error))
        for message in chunk:
            outcome = outcomes.get(message.pk) or Outcome.retry(
                f"{type(flow).__name__} returned no outcome for this message."
            )
            self._finish(message, outcome, exchanges)

    # ----------------------------------------------------------------- transitions
    def _finish(self, message: Message, outcome: Outcome, exchanges: list[dict[str, Any]] | None) -> None:
        try:
            self._apply(message, outcome, exchanges)
        except TransitionConflictError as exc:
            # Our lease ran out and another worker took the message over: its result stands.
            self.stats.lost += 1
            logger.warning("%s", exc, extra={"message_id": message.pk, "entity": message.entity})

    def _apply(self, message: Message, outcome: Outcome, exchanges: list[dict[str, Any]] | None) -> None:
        log = exchange_log.merge(message.exchanges, exchanges) if exchanges else None
        s = self.settings
        kind = outcome.kind
        if kind is OutcomeKind.SUCCEEDED:
            message.mark_succeeded(outcome.detail, exchanges=log)
            self.stats.succeeded += 1
        elif kind is OutcomeKind.SKIPPED:
            message.mark_skipped(outcome.detail, exchanges=log)
            self.stats.skipped += 1
        elif kind is OutcomeKind.FAILED:
            message.mark_failed(outcome.detail, exchanges=log)
            self.stats.failed += 1
        elif kind is OutcomeKind.RETRY:
            retried = message.mark_retry(
                outcome.detail,
                retry_count=s.retry_count,
                backoff_base=s.backoff_base,
                backoff_max=s.backoff_max,
                exchanges=log,
            )
            if retried:
                self.stats.retried += 1
            else:
                self.stats.failed += 1
        else:
            if message.mark_waiting(outcome.detail, delay=s.wait_delay, max_waits=s.max_waits):
                self.stats.waited += 1
            else:
                self.stats.failed += 1
        if kind in (OutcomeKind.FAILED, OutcomeKind.RETRY):
            logger.warning(
                "Message #%s %s: %s",
                message.pk,
                message.status,
                outcome.detail,
                extra={"message_id": message.pk, "entity": message.entity, "key": message.key},
            )

    def _release(self, message: Message, note: str) -> None:
        try:
            message.release(note, delay=self.settings.wait_delay if note else 0.0)
        except TransitionConflictError as exc:
            self.stats.lost += 1
            logger.warning("%s", exc, extra={"message_id": message.pk})
            return
        self.stats.released += 1

    def _renew_leases(self, remaining: list[int]) -> None:
        """Keep the claim of the messages still in hand alive through long runs."""
        if self.clock() - self._lease_renewed >= self.settings.lease_seconds / 3 and remaining:
            renew_leases(self.worker, remaining, self.settings.lease_seconds)
            self._lease_renewed = self.clock()
