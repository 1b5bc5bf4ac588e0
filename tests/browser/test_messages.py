"""Messages in a real browser: a failed message in the list, the Reprocess Failed Messages screen
filtered by entity, and reprocessing one turns it pending."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from sync.choices import Entity
from sync.models import MessageStatus
from tests.engine.factories import FailedMessageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failed_message_is_found_filtered_by_entity_and_reprocessed_to_pending(admin_page: Page) -> None:
    page = admin_page
    price = FailedMessageFactory.create(entity=Entity.PRICE, key="AACOMPUT01", error="Invalid price 0.")
    product = FailedMessageFactory.create(entity=Entity.PRODUCT, key="AALEGO500", error="SKU too long.")

    page.goto("/admin/sync/message/?status__exact=failed")
    listed = page.locator("#result_list tbody tr")
    expect(listed).to_have_count(2)
    expect(listed.filter(has_text="AACOMPUT01")).to_contain_text("Failed")

    page.get_by_role("link", name="Reprocess Failed Messages").click()
    expect(page.get_by_text("2 failed messages match")).to_be_visible()
    page.get_by_label("Entity").select_option(label="Price")
    page.get_by_role("button", name="Filter").click()

    expect(page.get_by_text("1 failed message match")).to_be_visible()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("AACOMPUT01")
    expect(rows).to_contain_text("Invalid price 0.")
    rows.get_by_role("checkbox").check()
    page.get_by_role("button", name="Reprocess selected").click()

    expect(page.locator(".messagelist .success")).to_have_text("Reprocess: 1 requeued.")
    expect(page.get_by_text("0 failed messages match")).to_be_visible()
    price.refresh_from_db()
    product.refresh_from_db()
    assert (price.status, price.attempts) == (MessageStatus.PENDING, 0)
    assert product.status == MessageStatus.FAILED
