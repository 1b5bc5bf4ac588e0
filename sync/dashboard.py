"""The figures of the admin dashboard: queue depth now, throughput and failures over time, the top
failure reasons and the oldest pending message.

The "now" part is the status service's (`sync.status`), shared with the status API and
`sync_status`, so the three never disagree. What this module adds is history, read from the
message log in a bounded number of aggregate queries whatever the size of the log: one grouped
query for 14 days of outcomes per hour (the 24-hour and the 14-day series both come from it) and
one for the failure reasons. Pure ORM, so it runs on SQLite and PostgreSQL alike.

History comes from the message log, so it shows what the log keeps: finished messages of actions
the Logging settings do not log are deleted when their run ends, and entries older than Log Entry
Lifetime are cleaned. `Dashboard.unlogged_entities` and `Dashboard.lifetime_days` say so on the page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Case, CharField, Count, F, Max, QuerySet, Value, When
from django.db.models.functions import Length, Replace, TruncHour
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from sync.choices import Entity
from sync.models import LoggingSettings, Message, MessageStatus, QueueControl
from sync.retention import ENTITY_LOG_ACTIONS
from sync.status import queue_status

HOURS = 24
DAYS = 14
OUTCOMES = (MessageStatus.SUCCEEDED, MessageStatus.SKIPPED, MessageStatus.FAILED)
TOP_REASONS = 10
# Distinct error texts read to build the reasons: failed messages are work waiting for an admin,
# so their texts are few in practice; the cap only bounds a pathological log.
MAX_ERROR_TEXTS = 2000
KEY_MARK = "{key}"
NUMBER_MARK = "{n}"
ID_MARK = "{id}"
# A message's own key is replaced only when it is long enough not to occur by chance in the text
# (a customer id "5" must not turn "HTTP 500" into "HTTP {key}00").
MIN_KEY_LENGTH = 3
SEARCH_MAX = 100
# A pending message older than this means a stuck queue: a healthy one takes minutes at most, even
# with the longest retry backoff (SYNC_BACKOFF_MAX, 10 minutes) or waits for a dependency.
STUCK_AFTER = timedelta(minutes=30)

_UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
_HEX = re.compile(r"\b(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{16,}\b")
# Ids, counts, timestamps: 4 digits or more. Three-digit numbers (HTTP statuses) stay.
_NUMBER = re.compile(r"\d{4,}")
_MARK = re.compile("|".join(re.escape(mark) for mark in (KEY_MARK, NUMBER_MARK, ID_MARK)))


@dataclass(frozen=True)
class Bucket:
    """Messages that finished in one hour or one day, by outcome."""

    start: datetime
    succeeded: int = 0
    skipped: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.succeeded + self.skipped + self.failed


@dataclass(frozen=True)
class Series:
    """Consecutive buckets, oldest first; `unit` is "hour" or "day"."""

    unit: str
    buckets: list[Bucket]

    @property
    def succeeded(self) -> int:
        return sum(b.succeeded for b in self.buckets)

    @property
    def skipped(self) -> int:
        return sum(b.skipped for b in self.buckets)

    @property
    def failed(self) -> int:
        return sum(b.failed for b in self.buckets)

    @property
    def total(self) -> int:
        return sum(b.total for b in self.buckets)


@dataclass(frozen=True)
class FailureReason:
    """Failed messages of one entity whose errors differ only by record keys and numbers."""

    entity: str
    reason: str  # the error with keys, long numbers and ids replaced by placeholders
    count: int
    scopes: int  # scopes of the largest text of the group (a lower bound for the group)
    latest: datetime | None
    search: str  # a literal part of every error of the group, for the admin's filters


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    entity: str | None
    status: dict[str, Any]  # `sync.status.queue_status`: depth, heartbeat, connections, oldest pending
    control: QueueControl | None  # who paused the queue and when (None: never paused)
    hourly: Series
    daily: Series
    reasons: list[FailureReason]
    failed_total: int  # failed messages now (of the entity), all reasons together
    unlogged_entities: list[str] = field(default_factory=list)
    lifetime_days: int = 0


# ----------------------------------------------------------------------------- throughput
def _hour_starts(now: datetime, hours: int) -> list[datetime]:
    """The starts of the last `hours` local hours, the current one last.

    Stepped in real time from the current local hour's start, so a daylight-saving change gives
    a 23- or 25-hour local day without a missing or doubled bucket.
    """
    local = timezone.localtime(now)
    current = local.replace(minute=0, second=0, microsecond=0)
    return [timezone.localtime(current - timedelta(hours=back)) for back in range(hours - 1, -1, -1)]


def _day_starts(now: datetime, days: int) -> list[date]:
    today = timezone.localtime(now).date()
    return [today - timedelta(days=back) for back in range(days - 1, -1, -1)]


def _outcomes(entity: str | None) -> QuerySet[Message]:
    qs = Message.objects.filter(status__in=OUTCOMES)
    return qs.filter(entity=entity) if entity else qs


def throughput(now: datetime, entity: str | None = None) -> tuple[Series, Series]:
    """Messages that finished per local hour (last 24 hours) and per local day (last 14 days).

    One query groups 14 days by hour and outcome (at most 14 x 24 x 3 rows); the days are summed
    from the hours, so both series agree. A message counts at the time it finished
    (`processed_at`); messages waiting for a retry have not finished and are not counted.
    """
    hours = _hour_starts(now, HOURS)
    days = _day_starts(now, DAYS)
    since = timezone.make_aware(datetime.combine(days[0], time.min))
    until = hours[-1] + timedelta(hours=1)
    rows = (
        _outcomes(entity)
        .filter(processed_at__gte=min(since, hours[0]), processed_at__lt=until)
        .annotate(hour=TruncHour("processed_at"))
        .values_list("hour", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_hour: dict[float, dict[str, int]] = defaultdict(dict)
    per_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for hour, status, n in rows:
        per_hour[hour.timestamp()][status] = n
        if hour >= since:
            per_day[timezone.localtime(hour).date()][status] += n

    def bucket(start: datetime, counts: dict[str, int]) -> Bucket:
        return Bucket(
            start=start,
            succeeded=counts.get(MessageStatus.SUCCEEDED, 0),
            skipped=counts.get(MessageStatus.SKIPPED, 0),
            failed=counts.get(MessageStatus.FAILED, 0),
        )

    hourly = Series("hour", [bucket(start, per_hour.get(start.timestamp(), {})) for start in hours])
    daily = Series(
        "day",
        [bucket(timezone.make_aware(datetime.combine(day, time.min)), per_day.get(day, {})) for day in days],
    )
    return hourly, daily


# ----------------------------------------------------------------------------- failure reasons
def normalize_error(error: str) -> str:
    """The error with what differs from record to record replaced: ids, UUIDs, long numbers.

    The message's own key is replaced in the database query (it is per row); this handles the
    rest. Pure, so it is tested table-style. Three-digit numbers are kept: they are HTTP statuses.
    """
    text = _UUID.sub(ID_MARK, error.strip())
    text = _HEX.sub(ID_MARK, text)
    return _NUMBER.sub(NUMBER_MARK, text)


def search_text(reason: str) -> str:
    """The longest literal part of a reason (between placeholders; the first of equals), for an
    "error contains" filter: it occurs in every error of the group, so the filtered lists show
    the group."""
    parts = sorted((part.strip() for part in _MARK.split(reason)), key=len, reverse=True)
    return parts[0][:SEARCH_MAX].strip() if parts else ""


def failure_reasons(entity: str | None = None, limit: int = TOP_REASONS) -> list[FailureReason]:
    """The most frequent reasons of the failed messages (of one entity), most frequent first.

    The database groups by entity and error with each message's key replaced (one query); the
    groups whose texts then differ only by numbers and ids are merged here. Only the
    `MAX_ERROR_TEXTS` most frequent texts are read, so in a log with more distinct texts than
    that the long tail is left out (the top reasons are still the top ones).
    """
    qs = Message.objects.filter(status=MessageStatus.FAILED)
    if entity:
        qs = qs.filter(entity=entity)
    text = Case(
        When(
            GreaterThanOrEqual(Length("key"), MIN_KEY_LENGTH),
            # The stubs type Replace's search text as a Value; any expression works (SQL REPLACE).
            then=Replace(F("error"), F("key"), Value(KEY_MARK)),  # type: ignore[arg-type]
        ),
        default=F("error"),
        output_field=CharField(),
    )
    rows = (
        qs.annotate(text=text)
        .values_list("entity", "text")
        .annotate(n=Count("id"), scopes=Count("scope", distinct=True), latest=Max("processed_at"))
        .order_by("-n", "entity", "text")[:MAX_ERROR_TEXTS]
    )
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for row_entity, row_text, n, scopes, latest in rows:
        reason = normalize_error(row_text or "") or "(no error text)"
        group = groups.setdefault((row_entity, reason), {"count": 0, "scopes": 0, "latest": None})
        group["count"] += n
        group["scopes"] = max(group["scopes"], scopes)
        if latest is not None and (group["latest"] is None or latest > group["latest"]):
            group["latest"] = latest
    reasons = [
        FailureReason(
            entity=row_entity,
            reason=reason,
            count=group["count"],
            scopes=group["scopes"],
            latest=group["latest"],
            search=search_text(reason) if reason != "(no error text)" else "",
        )
        for (row_entity, reason), group in groups.items()
    ]
    reasons.sort(key=lambda r: (-r.count, r.entity, r.reason))
    return reasons[:limit]


# ----------------------------------------------------------------------------- the page
def unlogged_entities(settings: LoggingSettings) -> list[str]:
    """Entities whose successes and skips the log does not keep (so history undercounts them)."""
    return [str(entity) for entity, action in ENTITY_LOG_ACTIONS.items() if not settings.is_logged(action)]


def build_dashboard(now: datetime | None = None, entity: str | None = None) -> Dashboard:
    """Everything the dashboard shows, for one entity or all (`entity=None`).

    The queue's depth, heartbeat and connections are always shown for all entities (they are the
    "is it working" view); the time series and failure reasons follow the entity filter.
    """
    now = now or timezone.now()
    if entity is not None and entity not in Entity.values:
        raise ValueError(f"Unknown entity {entity!r}.")
    status = queue_status(now)
    control = QueueControl.objects.filter(pk=QueueControl.SINGLETON_PK).first() if status["paused"] else None
    hourly, daily = throughput(now, entity)
    failed_total = sum(row["failed"] for row in status["entities"] if entity in (None, row["entity"]))
    settings = LoggingSettings.load()
    return Dashboard(
        now=now,
        entity=entity,
        status=status,
        control=control,
        hourly=hourly,
        daily=daily,
        reasons=failure_reasons(entity),
        failed_total=failed_total,
        unlogged_entities=unlogged_entities(settings),
        lifetime_days=settings.log_lifetime_days,
    )
