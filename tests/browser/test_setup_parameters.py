"""Setup Parameters in a real browser: what an integrator sees after logging in, a refused value,
the secret that is never shown, and the Test Connection button against the Magento sandbox."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from sync.models import SetupParameters
from tests.conftest import MAGENTO_TOKEN
from tests.endpoints.configured import configure_magento

pytestmark = pytest.mark.django_db(transaction=True)

SETUP_PAGE = "/admin/sync/setupparameters/1/change/"
# The sections of the connector guide's Setup Parameters screen, in its order.
GUIDE_SECTIONS = [
    "Connection Settings",
    "Queue Processing Settings",
    "Price Sync Preferences",
    "Inventory Sync Preferences",
    "Configurable Products Sync Support",
    "Vendor Inventory Preferences",
    "Shipment Sync Trigger",
    "A to M Customer Sync Preferences",
    "A to M Order Sync Preferences",
    "A to M Dropship ShipVia Sync Preferences",
    "Additional Settings",
    "Individual Sync Status",
]


def _log_in(page: Page, user: User) -> None:
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()


def test_staff_logs_in_and_setup_parameters_refuses_a_bad_check_process_time_and_hides_the_token(
    page: Page, staff_user: User
) -> None:
    configure_magento("https://shop.example.com", token=MAGENTO_TOKEN)

    page.goto("/admin/sync/setupparameters/")
    expect(page).to_have_title(re.compile("^Log in"))
    _log_in(page, staff_user)

    expect(page).to_have_url(re.compile(re.escape(SETUP_PAGE) + "$"))
    expect(page.locator("fieldset h2")).to_have_text(GUIDE_SECTIONS)
    token = page.get_by_label(re.compile("^Bearer Token"))
    expect(token).to_have_value("")
    expect(page.locator(".field-bearer_token .help")).to_contain_text(
        "A value is set. Leave blank to keep it"
    )
    assert MAGENTO_TOKEN not in page.content()

    page.get_by_label("Threshold Count").fill("9")
    page.get_by_label("Check Process Time").fill("60")
    page.get_by_role("button", name="Save", exact=True).first.click()

    expect(page.locator(".errornote")).to_contain_text("Please correct the error below.")
    expect(page.locator(".field-check_process_time .errorlist")).to_have_text(
        "Check Process Time must be between 1 and 59 seconds."
    )
    expect(page.get_by_label("Check Process Time")).to_have_value("60")  # what was typed stays
    assert MAGENTO_TOKEN not in page.content()
    setup = SetupParameters.load()
    assert (setup.check_process_time, setup.threshold_count, setup.bearer_token) == (50, 25, MAGENTO_TOKEN)


def test_test_connection_shows_the_magento_store_views_and_a_wrong_tokens_cause(
    admin_page: Page, magento_server: SandboxServer, magento_sandbox: SandboxHandle
) -> None:
    configure_magento(magento_server.url)
    host = magento_server.url.split("://", 1)[1]
    page = admin_page
    page.goto(SETUP_PAGE)

    page.get_by_role("button", name="Test Connection").click()

    expect(page.locator(".messagelist .success")).to_have_text(
        f"Magento: connected to {host}; 2 store views: default, west."
    )

    page.get_by_label(re.compile("^Bearer Token")).fill("not-the-token")
    page.get_by_label("Confirm Bearer Token").fill("not-the-token")
    page.get_by_role("button", name="Test Connection").click()

    error = page.locator(".messagelist .error")
    expect(error).to_have_count(1)
    expect(error).to_contain_text(
        re.compile(r"^Magento: wrong token: Magento refused the access token \(HTTP 401[^\n]*$")
    )
    expect(page.locator(".messagelist")).to_contain_text("Tested the values on this form; nothing was saved.")
    assert "not-the-token" not in page.content()
    assert SetupParameters.load().bearer_token == MAGENTO_TOKEN
