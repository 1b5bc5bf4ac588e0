"""Browser tests: the admin as an integrator sees it, in headless Chromium driven by Playwright,
against pytest-django's `live_server` (a real HTTP server on the transactional test database).

Chromium is Debian's package (`/usr/bin/chromium`, or the path in `ACMC_CHROMIUM`); Playwright
never downloads a browser of its own. Without it the tests are skipped with the reason, unless
`ACMC_REQUIRE_BROWSER=1` (set by `.ci/run`) turns a missing browser into a failure.

Playwright's sync API keeps an asyncio loop marked as running on this thread while it is open.
Django then sees the tests as async code: it refuses their ORM calls as "async unsafe", and its
connection handler (thread-critical, so per-context under a running loop) would hand them a second
connection instead of the one the test database was set up on (no serialized rollback, a stray
PostgreSQL session). The tests never run inside that loop (they are plain code between two
Playwright calls), so while the browser is open the check is off and the thread's own connections
are bound to that context too. The browser lives only as long as this package's tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.endpoints.configured import fresh_state
from tests.factories import StaffUserFactory

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

CHROMIUM = os.environ.get("ACMC_CHROMIUM") or "/usr/bin/chromium"
# What this kind of machine needs: no sandbox (root), no GPU, and no calls home (the network is closed).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000  # an upper bound for one action or expectation, not a wait: nothing sleeps


def _browser_missing(reason: str) -> None:
    if os.environ.get("ACMC_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the browser tests (launching it costs about a second)."""
    if shutil.which(CHROMIUM) is None:
        _browser_missing(f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set ACMC_CHROMIUM)")
    expect.set_options(timeout=TIMEOUT_MS)
    own = {alias: connections[alias] for alias in connections}  # looked up before the loop runs
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in own.items():
            connections[alias] = connection
        # Playwright adds --headless and a fresh temporary --user-data-dir itself.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """The live server shares this process's caches: no picker list or endpoint table from another test."""
    fresh_state()
    yield
    fresh_state()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser context (no cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def staff_user(transactional_db: None) -> User:
    return StaffUserFactory.create()


@pytest.fixture
def admin_page(page: Page, staff_user: User, live_server: LiveServer) -> Page:
    """A page already signed in as staff: the session of a server-side login handed to the browser
    (the login form itself is exercised once, by the Setup Parameters test)."""
    client = Client()
    client.force_login(staff_user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    return page
