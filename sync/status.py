"""What the queue is doing, for the status API, `sync_status` and the admin: one service, three views."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Min
from django.utils import timezone

from sync.flows import all_flows
from sync.models import DEFAULT_SCOPE, ConnectionState, Cursor, Heartbeat, Message, MessageStatus
from sync.queue import is_paused

# A runner that has not been seen for this long is reported as stale (the schedule runs each minute).
HEARTBEAT_STALE_SECONDS = 180


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def entity_status() -> list[dict[str, Any]]:
    """Per (entity, direction, scope): pending, processing, failed, the oldest pending message's
    creation time, last success and cursor."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}

    def row(entity: str, direction: str, scope: str) -> dict[str, Any]:
        key = (entity, direction, scope)
        if key not in rows:
            rows[key] = {
                "entity": entity,
                "direction": direction,
                "scope": scope,
                "pending": 0,
                "processing": 0,
                "failed": 0,
                "oldest_pending": None,
                "last_success": None,
                "cursor": None,
                "last_polled": None,
            }
        return rows[key]

    for flow in all_flows():
        row(flow.entity, str(flow.direction), DEFAULT_SCOPE)
    counted = (
        Message.objects.filter(
            status__in=[MessageStatus.PENDING, MessageStatus.PROCESSING, MessageStatus.FAILED]
        )
        .values_list("entity", "direction", "scope", "status")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by()
    )
    for entity, direction, scope, status, n, oldest in counted:
        target = row(entity, direction, scope)
        target[status] = n
        if status == MessageStatus.PENDING:
            target["oldest_pending"] = _iso(oldest)
    successes = (
        Message.objects.filter(status=MessageStatus.SUCCEEDED)
        .values_list("entity", "direction", "scope")
        .annotate(last=Max("processed_at"))
        .order_by()
    )
    for entity, direction, scope, last in successes:
        row(entity, direction, scope)["last_success"] = _iso(last)
    for cursor in Cursor.objects.all():
        target = row(cursor.entity, cursor.direction, cursor.scope)
        target["cursor"] = _iso(cursor.value)
        target["last_polled"] = _iso(cursor.updated_at)
    return [rows[key] for key in sorted(rows)]


def heartbeat_status(now: datetime | None = None) -> dict[str, Any]:
    """The most recent sign of life of a queue runner, and the runners seen recently."""
    now = now or timezone.now()
    workers = list(Heartbeat.objects.order_by("-last_seen")[:20])
    latest = workers[0] if workers else None
    age = (now - latest.last_seen).total_seconds() if latest else None
    return {
        "last_seen": _iso(latest.last_seen) if latest else None,
        "age_seconds": round(age, 1) if age is not None else None,
        "alive": age is not None and age < HEARTBEAT_STALE_SECONDS,
        "last_run": latest.last_run if latest else {},
        "workers": [
            {
                "worker": beat.worker,
                "last_seen": _iso(beat.last_seen),
                "run_started_at": _iso(beat.run_started_at),
                "run_finished_at": _iso(beat.run_finished_at),
            }
            for beat in workers
        ],
    }


def connection_status() -> list[dict[str, Any]]:
    return [
        {
            "system": state.system,
            "scope": state.scope,
            "ok": state.ok,
            "error": state.error,
            "checked_at": _iso(state.checked_at),
        }
        for state in ConnectionState.objects.all()
    ]


def oldest_pending(now: datetime | None = None) -> dict[str, Any] | None:
    """The pending message that has waited longest, or None when nothing is pending.

    A queue whose oldest pending message keeps ageing is stuck (no runner, a paused queue, a
    stopped connection, a dependency that never arrives) even when its depth looks small. Messages
    backing off after a failed try count: they are work not done yet.
    """
    now = now or timezone.now()
    message = (
        Message.objects.pending()
        .order_by("created_at", "id")
        .values(
            "id", "entity", "direction", "scope", "key", "created_at", "next_attempt_at", "attempts", "error"
        )
        .first()
    )
    if message is None:
        return None
    return {
        **message,
        "created_at": _iso(message["created_at"]),
        "next_attempt_at": _iso(message["next_attempt_at"]),
        "age_seconds": round(max(0.0, (now - message["created_at"]).total_seconds()), 1),
    }


def queue_status(now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    entities = entity_status()
    return {
        "paused": is_paused(),
        "pending": sum(r["pending"] for r in entities),
        "processing": sum(r["processing"] for r in entities),
        "failed": sum(r["failed"] for r in entities),
        "oldest_pending": oldest_pending(now),
        "entities": entities,
        "heartbeat": heartbeat_status(now),
        "connections": connection_status(),
    }


def health() -> dict[str, Any]:
    """Is the service able to work: database reachable, a runner alive, no connection stopped."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # the health check reports, it does not raise
        database = f"error: {type(exc).__name__}"
    if database != "ok":
        return {"status": "down", "database": database}
    beat = heartbeat_status()
    broken = [c for c in connection_status() if not c["ok"]]
    status = "ok" if beat["alive"] and not broken else "degraded"
    return {
        "status": status,
        "database": database,
        "paused": is_paused(),
        "worker_alive": beat["alive"],
        "heartbeat_age_seconds": beat["age_seconds"],
        "connections_failing": [f"{c['system']}@{c['scope']}: {c['error']}" for c in broken],
    }
