"""Fixtures of the catalog tests: the connector configured for both sandboxes (instant profile),
and the demo catalog the Acumatica sandbox serves, to compute what Magento must hold."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from endpoints.governor import forget_governors
from sandbox.common.catalog import Catalog, build_catalog
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from tests.conftest import (
    ACUMATICA_PASSWORD,
    ACUMATICA_TENANT,
    ACUMATICA_USER,
    MAGENTO_TOKEN,
    SANDBOX_ITEMS,
    SANDBOX_SEED,
)


@pytest.fixture
def catalog() -> Catalog:
    return build_catalog(SANDBOX_SEED, SANDBOX_ITEMS)


@pytest.fixture
def connector(
    acumatica_server: SandboxServer,
    acumatica_sandbox: SandboxHandle,
    magento_server: SandboxServer,
    magento_sandbox: SandboxHandle,
) -> Iterator[tuple[SandboxHandle, SandboxHandle]]:
    """The connector configured with `configure` for the two sandboxes; the engine's waits and
    back-offs shortened so dependency waits and retries take no wall-clock time. The client's
    license governor (100 requests a minute by default) starts afresh for each test, as it would
    for a new process, so one test's requests do not slow the next."""
    forget_governors()
    call_command(
        "configure",
        "--magento-url",
        magento_server.url,
        "--magento-token",
        MAGENTO_TOKEN,
        "--acumatica-url",
        acumatica_server.url,
        "--acumatica-user",
        ACUMATICA_USER,
        "--acumatica-password",
        ACUMATICA_PASSWORD,
        "--acumatica-company",
        ACUMATICA_TENANT,
        "--acumatica-version",
        "24.200.001",
        stdout=StringIO(),
    )
    with override_settings(
        SYNC_WAIT_DELAY=0, SYNC_BACKOFF_BASE=0, SYNC_POLL_INTERVAL=0, SYNC_POLL_LOOKBACK=0
    ):
        yield acumatica_sandbox, magento_sandbox
