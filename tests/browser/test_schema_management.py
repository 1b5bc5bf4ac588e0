"""Schema Management in a real browser: the product page's tabs and an Active toggle saved from
the grid."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from schema.models import SchemaField
from tests.schema.guide import GUIDE_TABS

pytestmark = pytest.mark.django_db(transaction=True)


def test_product_schema_shows_the_guides_tabs_and_saves_an_active_toggle_from_the_grid(
    admin_page: Page,
) -> None:
    page = admin_page
    msrp = SchemaField.objects.get(entity="product", api_reference_path="MSRP")
    assert not msrp.active
    page.goto("/admin/")
    page.get_by_role("link", name="Product schema").click()

    tabs = page.get_by_role("navigation", name="Tabs").get_by_role("link")
    expect(tabs).to_have_count(len(GUIDE_TABS["product"]))
    for tab, label in zip(tabs.all(), GUIDE_TABS["product"], strict=True):
        expect(tab).to_contain_text(re.compile(rf"^{re.escape(label)} \(\d+/\d+ active\)$"))
    expect(tabs.first).to_have_attribute("aria-current", "page")

    tabs.filter(has_text="Price/Cost Information").click()
    expect(tabs.filter(has_text="Price/Cost Information")).to_have_attribute("aria-current", "page")
    expect(tabs.filter(has_text="Price/Cost Information")).to_contain_text("(1/6 active)")
    row = page.locator("#result_list tbody tr").filter(has=page.get_by_role("cell", name="MSRP", exact=True))
    active = row.locator("td.field-active input[type=checkbox]")
    expect(active).not_to_be_checked()
    active.check()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    expect(tabs.filter(has_text="Price/Cost Information")).to_contain_text("(2/6 active)")
    expect(active).to_be_checked()
    msrp.refresh_from_db()
    assert msrp.active
    assert (
        SchemaField.objects.filter(entity="product", tab="Price/Cost Information", active=True).count() == 2
    )
