"""The Sync dashboard (`/admin/sync/dashboard/`): queue depth, heartbeat, connections, throughput
and failures over time, top failure reasons, the oldest pending message.

Thin: it parses the entity filter, calls `sync.dashboard.build_dashboard` and turns the numbers
into bar heights. The page is server-rendered HTML with CSS bars (no JavaScript, nothing fetched
from elsewhere), so it works offline and on any browser an operator has at hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_datetime

from sync.choices import Direction, Entity
from sync.dashboard import STUCK_AFTER, FailureReason, Series, build_dashboard
from sync.models import Message, MessageStatus

ENTITY_LABELS = dict(Entity.choices)
DIRECTION_LABELS = dict(Direction.choices)
THROUGHPUT_KINDS = (MessageStatus.SUCCEEDED, MessageStatus.SKIPPED, MessageStatus.FAILED)
FAILURE_KINDS = (MessageStatus.FAILED,)
MIN_VISIBLE_PERCENT = 1.5  # a non-zero count stays visible next to a much larger one


@dataclass(frozen=True)
class Segment:
    kind: str
    count: int
    percent: float


@dataclass(frozen=True)
class Column:
    when: str  # the bucket, in words
    label: str  # shown under the bar, or "" to keep the axis readable
    total: int
    segments: list[Segment]

    @property
    def title(self) -> str:
        """The tooltip: the bucket and its counts."""
        return f"{self.when}: " + ", ".join(f"{s.count} {s.kind}" for s in self.segments)


@dataclass(frozen=True)
class Chart:
    caption: str
    kinds: tuple[str, ...]
    columns: list[Column]
    peak: int

    @property
    def empty(self) -> bool:
        return self.peak == 0


def build_chart(series: Series, kinds: tuple[str, ...], caption: str) -> Chart:
    """Bar heights in percent of the tallest bar, one stacked segment per kind (bottom first)."""
    counts = [{kind: getattr(bucket, kind) for kind in kinds} for bucket in series.buckets]
    peak = max((sum(c.values()) for c in counts), default=0)
    columns = []
    for index, (bucket, by_kind) in enumerate(zip(series.buckets, counts, strict=True)):
        start = timezone.localtime(bucket.start)
        if series.unit == "hour":
            label = dateformat.format(start, "H") if index % 3 == 0 else ""
            when = dateformat.format(start, "D j M, H:00") + "-" + f"{(start.hour + 1) % 24:02d}:00"
        else:
            label = dateformat.format(start, "j")
            when = dateformat.format(start, "D j M Y")
        segments = [
            Segment(kind, n, max(MIN_VISIBLE_PERCENT, n * 100 / peak) if n else 0.0)
            for kind, n in by_kind.items()
        ]
        columns.append(Column(when, label, sum(by_kind.values()), segments))
    return Chart(caption, kinds, columns, peak)


def _moments(row: dict[str, Any], *names: str) -> dict[str, Any]:
    """A status row (JSON-ready, ISO strings) with the named times as datetimes for the template."""
    parsed = dict(row)
    for name in names:
        parsed[name] = parse_datetime(row[name]) if row.get(name) else None
    return parsed


def _changelist(**filters: str) -> str:
    return reverse("admin:sync_message_changelist") + "?" + urlencode(filters)


def _search_phrase(text: str) -> str:
    """The admin's search box takes a quoted phrase as one term (backslash escapes quotes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reason_links(reason: FailureReason) -> dict[str, str]:
    listing = {"status__exact": MessageStatus.FAILED, "entity__exact": reason.entity}
    reprocess = {"entity": reason.entity}
    if reason.search:
        listing["q"] = _search_phrase(reason.search)
        reprocess["error"] = reason.search
    return {
        "messages_url": _changelist(**listing),
        "reprocess_url": reverse("admin:sync_message_reprocess_failed") + "?" + urlencode(reprocess),
    }


def _depth_rows(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    peak = max((r["pending"] + r["processing"] + r["failed"] for r in entities), default=0)
    rows = []
    for row in entities:
        shown = _moments(row, "oldest_pending", "last_success", "cursor", "last_polled")
        depth = row["pending"] + row["processing"] + row["failed"]
        filters = {"entity__exact": row["entity"], "scope": row["scope"]}
        shown.update(
            entity_label=ENTITY_LABELS.get(row["entity"], row["entity"]),
            direction_label=DIRECTION_LABELS.get(row["direction"], row["direction"]),
            depth=depth,
            bars=[
                (kind, row[kind] * 100 / peak if peak else 0.0)
                for kind in (MessageStatus.PENDING, MessageStatus.PROCESSING, MessageStatus.FAILED)
            ],
            links={
                kind: _changelist(**filters, status__exact=kind)
                for kind in (MessageStatus.PENDING, MessageStatus.PROCESSING, MessageStatus.FAILED)
            },
        )
        rows.append(shown)
    return rows


def _entity_param(request: HttpRequest) -> tuple[str | None, str]:
    """The `entity` query parameter, or None for all; an unknown one is reported, not a 500."""
    value = request.GET.get("entity", "").strip()
    if not value:
        return None, ""
    if value not in Entity.values:
        return None, f"Unknown entity {value!r}: showing all entities."
    return value, ""


def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The page. Staff only (the admin's login redirect) and only for who may view messages."""
    if not request.user.has_perm("sync.view_message"):
        raise PermissionDenied
    entity, problem = _entity_param(request)
    data = build_dashboard(now=timezone.now(), entity=entity)
    status = data.status
    beat = _moments(status["heartbeat"], "last_seen")
    beat["workers"] = [_moments(w, "last_seen", "run_started_at", "run_finished_at") for w in beat["workers"]]
    oldest = status["oldest_pending"]
    if oldest:
        oldest = _moments(oldest, "created_at", "next_attempt_at")
        oldest["stuck"] = oldest["age_seconds"] >= STUCK_AFTER.total_seconds()
        oldest["entity_label"] = ENTITY_LABELS.get(oldest["entity"], oldest["entity"])
    subject = ENTITY_LABELS[entity] if entity else "all entities"
    context = {
        **admin.site.each_context(request),
        "title": "Sync dashboard",
        "opts": Message._meta,
        "now": data.now,
        "dashboard": data,
        "problem": problem,
        "entity": entity,
        "entity_label": subject,
        "entity_choices": [
            ("", "All", _query(None)),
            *((value, name, _query(value)) for value, name in Entity.choices),
        ],
        "depth_rows": _depth_rows(status["entities"]),
        "heartbeat": beat,
        "oldest": oldest,
        "connections": [_moments(c, "checked_at") for c in status["connections"]],
        "stopped_connections": [c for c in status["connections"] if not c["ok"]],
        "throughput_charts": [
            build_chart(data.hourly, THROUGHPUT_KINDS, "Per hour, last 24 hours"),
            build_chart(data.daily, THROUGHPUT_KINDS, "Per day, last 14 days"),
        ],
        "failure_charts": [
            build_chart(data.hourly, FAILURE_KINDS, "Per hour, last 24 hours"),
            build_chart(data.daily, FAILURE_KINDS, "Per day, last 14 days"),
        ],
        "reasons": [
            {"reason": r, "entity_label": ENTITY_LABELS.get(r.entity, r.entity), **_reason_links(r)}
            for r in data.reasons
        ],
        "failed_url": _changelist(
            status__exact=MessageStatus.FAILED, **({"entity__exact": entity} if entity else {})
        ),
        "reprocess_url": reverse("admin:sync_message_reprocess_failed")
        + ("?" + urlencode({"entity": entity}) if entity else ""),
        "unlogged": [ENTITY_LABELS.get(e, e) for e in data.unlogged_entities],
    }
    return TemplateResponse(request, "admin/sync/dashboard.html", context)


def _query(entity: str | None) -> str:
    return "?" + urlencode({"entity": entity}) if entity else "?"


def dashboard_urls() -> list[URLPattern]:
    """For the root URLconf, before `admin.site.urls`: the page under the admin, with its login."""
    return [path("admin/sync/dashboard/", admin.site.admin_view(dashboard_view), name="sync_dashboard")]
