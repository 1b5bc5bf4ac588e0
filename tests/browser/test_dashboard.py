"""The Sync dashboard in a real browser: reached from the admin index, its CSS bars drawn to scale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sync.models import MessageStatus
from tests.dashboard.helpers import finished, pending

pytestmark = pytest.mark.django_db(transaction=True)


def test_dashboard_draws_queue_depth_and_hourly_bars_to_scale(admin_page: Page) -> None:
    page = admin_page
    now = timezone.now()
    for _ in range(3):
        finished(MessageStatus.SUCCEEDED, now - timedelta(hours=2), entity="price")
    finished(MessageStatus.FAILED, now - timedelta(hours=1), entity="price", error="Invalid price 0.")
    pending(now - timedelta(minutes=5), entity="price")

    page.goto("/admin/")
    page.get_by_role("link", name="Sync dashboard").click()

    expect(page.locator("#sync-total-pending")).to_have_text("1")
    expect(page.locator("#sync-total-failed")).to_have_text("1")
    expect(page.locator("#sync-day-succeeded")).to_have_text("3")
    expect(page.locator("#sync-day-failed")).to_have_text("1")
    depth = page.locator("#sync-depth tbody tr").filter(has_text="Price")
    expect(depth.locator(".sync-seg.sync-pending")).to_be_visible()

    hourly = page.locator(".sync-figure").first
    expect(hourly.locator("figcaption")).to_contain_text("tallest bar 3")
    succeeded = hourly.locator(".sync-seg.sync-succeeded")
    failed = hourly.locator(".sync-seg.sync-failed")
    expect(succeeded).to_be_visible()
    expect(failed).to_be_visible()
    chart_box, succeeded_box, failed_box = (
        hourly.locator(".sync-chart").bounding_box(),
        succeeded.bounding_box(),
        failed.bounding_box(),
    )
    assert chart_box and succeeded_box and failed_box
    # The tallest bar fills the chart; one failure against three successes is a third of it.
    assert succeeded_box["height"] == pytest.approx(chart_box["height"] - 1, abs=2)
    assert failed_box["height"] == pytest.approx(succeeded_box["height"] / 3, abs=2)
    expect(page.locator("#sync-reasons")).to_contain_text("Invalid price 0.")
