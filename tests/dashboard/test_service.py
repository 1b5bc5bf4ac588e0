"""The dashboard's figures (`sync.dashboard`): throughput per hour and day, failure reasons, the
oldest pending message, the entity filter and the empty state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sync.choices import LogAction
from sync.dashboard import (
    DAYS,
    HOURS,
    build_dashboard,
    failure_reasons,
    normalize_error,
    search_text,
    throughput,
)
from sync.models import LoggingSettings, MessageStatus
from tests.dashboard.helpers import NOW, finished, pending

pytestmark = pytest.mark.django_db

SUCCEEDED, SKIPPED, FAILED = MessageStatus.SUCCEEDED, MessageStatus.SKIPPED, MessageStatus.FAILED


def test_hourly_series_counts_each_outcome_in_the_hour_it_finished():
    finished(SUCCEEDED, NOW - timedelta(minutes=10))  # 14:15, the current hour
    finished(SUCCEEDED, NOW - timedelta(minutes=25))  # 14:00 sharp, still the current hour
    finished(SKIPPED, NOW - timedelta(minutes=5))
    finished(FAILED, NOW - timedelta(hours=1, minutes=20))  # 13:05
    finished(SUCCEEDED, NOW - timedelta(hours=23))  # 15:25 yesterday: the oldest hour shown
    finished(SUCCEEDED, NOW - timedelta(hours=23, minutes=30))  # 14:55 yesterday: not in 24 hours
    finished(SUCCEEDED, NOW + timedelta(hours=2))  # after "now": not counted
    pending(NOW - timedelta(minutes=1))  # not finished: not counted

    hourly, _ = throughput(NOW)

    assert len(hourly.buckets) == HOURS
    current, previous, oldest = hourly.buckets[-1], hourly.buckets[-2], hourly.buckets[0]
    assert (current.start.hour, previous.start.hour, oldest.start.hour) == (14, 13, 15)
    assert (current.succeeded, current.skipped, current.failed) == (2, 1, 0)
    assert (previous.succeeded, previous.skipped, previous.failed) == (0, 0, 1)
    assert (oldest.succeeded, oldest.total) == (1, 1)
    assert (hourly.succeeded, hourly.skipped, hourly.failed) == (3, 1, 1)
    assert sum(bucket.total for bucket in hourly.buckets[1:-2]) == 0


def test_daily_series_sums_fourteen_days_including_today():
    finished(SUCCEEDED, NOW - timedelta(hours=1))
    finished(FAILED, NOW - timedelta(hours=2))
    finished(SKIPPED, NOW - timedelta(days=1))
    finished(SUCCEEDED, NOW.replace(hour=0, minute=1) - timedelta(days=13))  # first day shown
    finished(SUCCEEDED, NOW.replace(hour=23, minute=59) - timedelta(days=14))  # the day before: out

    _, daily = throughput(NOW)

    assert len(daily.buckets) == DAYS
    assert [b.start.date().isoformat() for b in (daily.buckets[0], daily.buckets[-1])] == [
        "2026-02-25",
        "2026-03-10",
    ]
    today, yesterday, first = daily.buckets[-1], daily.buckets[-2], daily.buckets[0]
    assert (today.succeeded, today.skipped, today.failed) == (1, 0, 1)
    assert (yesterday.succeeded, yesterday.skipped, yesterday.failed) == (0, 1, 0)
    assert first.succeeded == 1
    assert daily.total == 4


def test_hours_and_days_follow_the_admin_time_zone():
    # 23:30 UTC on 9 March is 00:30 on 10 March in Berlin.
    late = NOW.replace(day=9, hour=23, minute=30)
    finished(SUCCEEDED, late)

    _, utc_days = throughput(NOW)
    with timezone.override("Europe/Berlin"):
        berlin_hours, berlin_days = throughput(NOW)

    assert (utc_days.buckets[-2].succeeded, utc_days.buckets[-1].succeeded) == (1, 0)
    assert (berlin_days.buckets[-2].succeeded, berlin_days.buckets[-1].succeeded) == (0, 1)
    counted = [b for b in berlin_hours.buckets if b.total]
    # Buckets start in the time zone that was current when they were made.
    assert [b.start.strftime("%d %H:%M %Z") for b in counted] == ["10 00:00 CET"]
    assert berlin_hours.buckets[-1].start.hour == 15  # 14:25 UTC is 15:25 there


def test_entity_filter_limits_the_series_and_the_reasons():
    finished(SUCCEEDED, NOW - timedelta(hours=1), entity="price")
    finished(SUCCEEDED, NOW - timedelta(hours=1), entity="inventory")
    finished(FAILED, NOW - timedelta(hours=1), entity="inventory", error="Source not found")
    finished(FAILED, NOW - timedelta(hours=1), entity="price", error="Invalid attribute")

    price = build_dashboard(NOW, entity="price")
    everything = build_dashboard(NOW)

    assert (price.hourly.succeeded, price.hourly.failed, price.daily.total) == (1, 1, 2)
    assert (everything.hourly.succeeded, everything.hourly.failed) == (2, 2)
    assert [(r.entity, r.reason) for r in price.reasons] == [("price", "Invalid attribute")]
    assert {r.entity for r in everything.reasons} == {"price", "inventory"}
    assert (price.failed_total, everything.failed_total) == (1, 2)


def test_unknown_entity_is_refused():
    with pytest.raises(ValueError, match="Unknown entity 'prices'"):
        build_dashboard(NOW, entity="prices")


def test_failures_that_differ_only_by_key_and_numbers_are_one_reason():
    for key, scope in (("WIDGET-1", "default"), ("WIDGET-2", "default"), ("GADGET-9", "fr")):
        finished(
            FAILED,
            NOW - timedelta(hours=2),
            key=key,
            scope=scope,
            error=f"Magento refused the price of {key}: Invalid attribute (request 48213{key[-1]}).",
        )
    finished(FAILED, NOW - timedelta(hours=1), key="OTHER-1", error="HTTP 503 from Magento")
    finished(FAILED, NOW - timedelta(hours=3), key="OTHER-2", error="HTTP 500 from Magento")
    finished(
        FAILED, NOW - timedelta(hours=3), entity="inventory", key="OTHER-3", error="HTTP 503 from Magento"
    )

    reasons = failure_reasons()

    top = reasons[0]
    assert (top.entity, top.count) == ("price", 3)
    assert top.reason == "Magento refused the price of {key}: Invalid attribute (request {n})."
    assert top.search == "Magento refused the price of"  # the first of the longest parts
    assert top.latest == NOW - timedelta(hours=2)
    rest = {(r.entity, r.reason): r.count for r in reasons[1:]}
    assert rest == {
        ("price", "HTTP 503 from Magento"): 1,
        ("price", "HTTP 500 from Magento"): 1,  # status codes are not merged
        ("inventory", "HTTP 503 from Magento"): 1,  # nor are entities
    }


def test_a_short_key_is_not_replaced_inside_other_words():
    finished(FAILED, NOW, entity="customer", key="5", error="HTTP 500 for customer 5")

    (reason,) = failure_reasons()

    assert reason.reason == "HTTP 500 for customer 5"


def test_reasons_are_limited_to_the_most_frequent():
    for n in range(4):
        for _ in range(n + 1):
            finished(FAILED, NOW, error=f"Error kind {'ABCD'[n]}")

    reasons = failure_reasons(limit=2)

    assert [(r.reason, r.count) for r in reasons] == [("Error kind D", 4), ("Error kind C", 3)]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("Invalid attribute", "Invalid attribute"),
        ("HTTP 404: no such entity", "HTTP 404: no such entity"),
        ("Order 000000123 not found", "Order {n} not found"),
        ("Trace 3f2a1c9e-8b7d-4e6f-a5b4-c3d2e1f0a9b8 failed", "Trace {id} failed"),
        ("Token a1b2c3d4e5f60718293a rejected", "Token {id} rejected"),
        ("  padded  ", "padded"),
    ],
)
def test_normalize_error_replaces_what_varies_by_record(error, expected):
    assert normalize_error(error) == expected


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("Magento refused {key}: Invalid attribute", ": Invalid attribute"),
        ("Order {n} of {key} was not found in Acumatica", "was not found in Acumatica"),
        ("Invalid attribute", "Invalid attribute"),
        ("{key}", ""),
        ("x" * 150, "x" * 100),
    ],
)
def test_search_text_is_the_longest_literal_part(reason, expected):
    assert search_text(reason) == expected


def test_oldest_pending_message_and_its_age():
    pending(NOW - timedelta(minutes=5), entity="price", key="NEW")
    oldest = pending(NOW - timedelta(hours=2), entity="inventory", key="OLD", scope="fr")
    pending(NOW - timedelta(minutes=50), entity="inventory", key="MIDDLE", scope="fr")
    finished(FAILED, NOW - timedelta(days=3))  # older, but not pending

    status = build_dashboard(NOW).status

    assert status["oldest_pending"]["id"] == oldest.pk
    assert (status["oldest_pending"]["key"], status["oldest_pending"]["scope"]) == ("OLD", "fr")
    assert status["oldest_pending"]["age_seconds"] == 7200.0
    rows = {(r["entity"], r["scope"]): r for r in status["entities"]}
    assert rows[("inventory", "fr")]["oldest_pending"] == oldest.created_at.isoformat()
    assert rows[("inventory", "fr")]["pending"] == 2
    assert rows[("price", "default")]["oldest_pending"] is not None


def test_empty_dashboard():
    data = build_dashboard(NOW)

    assert data.hourly.total == data.daily.total == 0
    assert len(data.hourly.buckets) == HOURS and len(data.daily.buckets) == DAYS
    assert data.reasons == []
    assert data.failed_total == 0
    assert data.status["oldest_pending"] is None
    assert data.status["paused"] is False and data.control is None
    assert data.status["heartbeat"]["alive"] is False


def test_entities_whose_successes_are_not_logged_are_named():
    settings = LoggingSettings.load()
    settings.logged_actions = [a for a in LogAction.values if a != LogAction.PRICE]
    settings.save()

    assert build_dashboard(NOW).unlogged_entities == ["price"]
