"""Producers: what turns changes in the remote systems into messages.

* The poller asks each polling flow for the records changed since its cursor (per entity and
  scope) and stores them; the cursor advances only after the messages are stored.
* The push receiver turns an Acumatica push notification into messages, once per notification
  `Id` (Acumatica resends up to five times when an answer is late).

Both only enqueue; the processing loop sends.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from endpoints.exceptions import AuthError, ConfigurationError, EndpointError
from endpoints.models import AcumaticaConnection
from sync.context import ContextPool, SyncContext
from sync.cursors import commit_cursor, get_cursor, poll_due, poll_window
from sync.flows import Change, Flow, all_flows
from sync.models import DEFAULT_SCOPE, MessageAction, MessageSource, PushReceipt, StoreView
from sync.processing import describe_error, record_connection_state
from sync.queue import QueueSettings, enqueue_changes
from sync.scopes import all_scopes, is_sync_enabled

logger = logging.getLogger(__name__)


def flow_scopes(flow: Flow) -> list[str]:
    """The scopes a flow's records live in: Default Config, or each scope for per-store-view flows."""
    return all_scopes() if flow.per_store_view else [DEFAULT_SCOPE]


# ---------------------------------------------------------------------------- poller
def poll_flow(flow: Flow, ctx: SyncContext, settings: QueueSettings, until: datetime | None = None) -> int:
    """Read one entity's changes in one scope and store them; returns how many were stored."""
    until = until or timezone.now()
    cursor = get_cursor(flow.entity, flow.direction, ctx.scope)
    if cursor is None or cursor.value is None:
        # First poll: start watching from here; existing records are initial_sync's job.
        commit_cursor(flow.entity, flow.direction, ctx.scope, until)
        return 0
    window = poll_window(cursor.value, until, settings.poll_lookback)
    changes = list(flow.poll(ctx, window.since, window.until))
    with transaction.atomic():
        counts = enqueue_changes(
            flow.entity, changes, direction=flow.direction, scope=ctx.scope, source=MessageSource.POLL
        )
        commit_cursor(flow.entity, flow.direction, ctx.scope, window.until)
    if counts.total:
        logger.info(
            "Polled %s %s @%s: %d new, %d coalesced",
            flow.entity,
            flow.direction,
            ctx.scope,
            counts.created,
            counts.coalesced,
            extra={"entity": flow.entity, "scope": ctx.scope, "new_messages": counts.created},
        )
    return counts.total


def run_producers(contexts: ContextPool, settings: QueueSettings, *, force: bool = False) -> int:
    """Poll every enabled polling flow in every scope whose poll is due; returns changes stored.

    A failing poll leaves its cursor where it was (the window is read again next time) and does
    not stop the other entities; an authentication or configuration error stops the scope's
    connection for the run, as it does for processing.
    """
    stored = 0
    for flow in all_flows():
        if not flow.polls:
            continue
        for scope in flow_scopes(flow):
            if not is_sync_enabled(scope, flow.entity, flow.direction):
                continue
            cursor = get_cursor(flow.entity, flow.direction, scope)
            if not force and not poll_due(cursor, settings.poll_interval):
                continue
            ctx = contexts.get(scope)
            if ctx.stopped:
                continue
            try:
                stored += poll_flow(flow, ctx, settings)
            except (AuthError, ConfigurationError) as exc:
                reason = describe_error(exc)
                ctx.stop(reason)
                record_connection_state(scope, exc.system, reason)
                logger.error("Polling stopped for scope %s: %s", scope, reason, extra={"scope": scope})
            except EndpointError as exc:
                logger.warning(
                    "Polling %s @%s failed, will retry: %s",
                    flow.entity,
                    scope,
                    describe_error(exc),
                    extra={"entity": flow.entity, "scope": scope},
                )
            except Exception:
                logger.exception("Polling %s @%s failed", flow.entity, scope, extra={"entity": flow.entity})
    return stored


# ---------------------------------------------------------------------------- push notifications
class PushPayloadError(ValueError):
    """The body is not an Acumatica push notification."""


@dataclass(frozen=True)
class PushResult:
    notification_id: str
    query: str
    enqueued: int = 0
    duplicate: bool = False
    ignored: str = ""  # why nothing was queued, when nothing was

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.notification_id, "query": self.query, "enqueued": self.enqueued}
        if self.duplicate:
            data["duplicate"] = True
        if self.ignored:
            data["ignored"] = self.ignored
        return data


def _rows(payload: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    rows = payload.get(name) or []
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
        raise PushPayloadError(f"'{name}' must be a list of objects.")
    return rows


def push_changes(
    flow: Flow, inserted: Sequence[Mapping[str, Any]], deleted: Sequence[Mapping[str, Any]]
) -> list[Change]:
    """A key in Inserted (alone or also in Deleted) changed; a key only in Deleted is gone."""
    upserts = [key for key in (flow.key_from_push(row) for row in inserted) if key]
    removed = [key for key in (flow.key_from_push(row) for row in deleted) if key]
    changes = [Change(key, MessageAction.UPSERT) for key in dict.fromkeys(upserts)]
    changes += [
        Change(key, MessageAction.DELETE) for key in dict.fromkeys(removed) if key not in set(upserts)
    ]
    return changes


def push_scopes(flow: Flow, company: str) -> list[str]:
    """The scopes a notification from Acumatica company `company` concerns."""
    scopes = flow_scopes(flow)
    if not flow.per_store_view or not company:
        return scopes
    default_tenant = AcumaticaConnection.objects.ensure_default().tenant
    own = dict(
        StoreView.objects.filter(acumatica_connection__isnull=False).values_list(
            "code", "acumatica_connection__tenant"
        )
    )

    def tenant(scope: str) -> str:
        return own.get(scope) or default_tenant

    return [scope for scope in scopes if not tenant(scope) or tenant(scope).casefold() == company.casefold()]


def receive_push(payload: Any) -> PushResult:
    """Store the changes of one push notification as messages, once per notification `Id`."""
    if not isinstance(payload, Mapping):
        raise PushPayloadError("The body must be a JSON object.")
    inserted, deleted = _rows(payload, "Inserted"), _rows(payload, "Deleted")
    notification_id = str(payload.get("Id") or "").strip()
    query = str(payload.get("Query") or "").strip()
    company = str(payload.get("CompanyId") or "").strip()
    flows = [flow for flow in all_flows() if query.casefold() in {q.casefold() for q in flow.push_queries}]
    if not flows:
        return PushResult(notification_id, query, ignored=f"No flow watches the query {query!r}.")
    with transaction.atomic():
        if notification_id:
            receipt, created = PushReceipt.objects.get_or_create(
                notification_id=notification_id, defaults={"query": query[:255], "company": company[:100]}
            )
            if not created:
                return PushResult(notification_id, query, duplicate=True)
        enqueued = 0
        for flow in flows:
            changes = push_changes(flow, inserted, deleted)
            for scope in push_scopes(flow, company):
                if changes and is_sync_enabled(scope, flow.entity, flow.direction):
                    enqueued += enqueue_changes(
                        flow.entity, changes, direction=flow.direction, scope=scope, source=MessageSource.PUSH
                    ).total
        if notification_id:
            PushReceipt.objects.filter(pk=receipt.pk).update(enqueued=enqueued)
    logger.info(
        "Push notification %s (%s): %d messages",
        notification_id,
        query,
        enqueued,
        extra={"notification_id": notification_id, "enqueued": enqueued},
    )
    return PushResult(notification_id, query, enqueued=enqueued)
