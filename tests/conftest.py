"""Shared test fixtures: the two sandboxes over real HTTP on 127.0.0.1, and a staff admin client.

Each sandbox is started once per test session in a thread on a free port (`*_server`), and reset
to its seeded demo state before every test that uses it (`acumatica_sandbox`, `magento_sandbox`).
Tests talk to them only over HTTP, like the connector does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from tests.factories import StaffUserFactory

if TYPE_CHECKING:
    from sandbox.acumatica import AcumaticaApp

SANDBOX_SEED = 1
SANDBOX_ITEMS = int(os.environ.get("SANDBOX_TEST_ITEMS", "60"))
ACUMATICA_TENANT = "Company"
ACUMATICA_USER = "admin"
ACUMATICA_PASSWORD = "sandbox"
MAGENTO_TOKEN = "sandbox-token"
# The instant sandbox enforces no license limits, so a connection pointed at it needs none either
# (the model's defaults are a small real license: 100 requests a minute would make tests wait).
UNLIMITED_LICENSE = {"max_concurrent_requests": None, "max_requests_per_minute": None, "max_api_users": None}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test restores the database by serialized rollback.

    Data migrations seed rows other tests rely on (Default Config, Setup Parameters, the schema
    catalog, the endpoint tables); a transactional test's flush would remove them. Mixing flushes
    with and without serialized rollback also breaks content types (Django ticket #25251), so it is
    applied to all of them here rather than remembered test by test.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


def acumatica_app(**overrides: Any) -> AcumaticaApp:
    """The Acumatica sandbox as the tests run it: instant, the seeded demo tenant, the tests'
    credentials, no push. `overrides` replace any `create_app` argument (another seed or version)."""
    from sandbox.acumatica import create_app

    settings: dict[str, Any] = {
        "profile": "instant",
        "seed": SANDBOX_SEED,
        "items": SANDBOX_ITEMS,
        "version": "24.200.001",
        "tenant": ACUMATICA_TENANT,
        "user": ACUMATICA_USER,
        "password": ACUMATICA_PASSWORD,
        "push_url": None,
        "push_headers": {},
    }
    return create_app(**{**settings, **overrides})


@pytest.fixture(scope="session")
def acumatica_server() -> Iterator[SandboxServer]:
    with SandboxServer(acumatica_app()) as server:
        yield server


@pytest.fixture(scope="session")
def magento_server() -> Iterator[SandboxServer]:
    from sandbox.magento import create_app

    app = create_app(profile="instant", seed=SANDBOX_SEED, items=SANDBOX_ITEMS, token=MAGENTO_TOKEN)
    with SandboxServer(app) as server:
        yield server


@pytest.fixture
def acumatica_sandbox(acumatica_server: SandboxServer) -> SandboxHandle:
    """The Acumatica sandbox, reset to its demo state (faults cleared, limits and stats reset)."""
    handle = SandboxHandle(acumatica_server.url)
    handle.reset()
    return handle


@pytest.fixture
def magento_sandbox(magento_server: SandboxServer) -> SandboxHandle:
    """The Magento sandbox, reset to its demo state (faults cleared, stats reset)."""
    handle = SandboxHandle(magento_server.url)
    handle.reset()
    return handle


@pytest.fixture
def staff_client(db: None) -> Client:
    """The admin as a logged-in staff user sees it."""
    client = Client()
    client.force_login(StaffUserFactory.create())
    return client
