"""Fixtures of the engine tests: the connector configured for the sandboxes."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from endpoints.models import AcumaticaConnection
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from sync.models import SetupParameters
from tests.conftest import (
    ACUMATICA_PASSWORD,
    ACUMATICA_TENANT,
    ACUMATICA_USER,
    MAGENTO_TOKEN,
    UNLIMITED_LICENSE,
)


@pytest.fixture
def magento(magento_server: SandboxServer, magento_sandbox: SandboxHandle) -> SandboxHandle:
    """The Magento sandbox, with Setup Parameters pointing at it."""
    setup = SetupParameters.load()
    setup.magento_url = magento_server.url
    setup.bearer_token = MAGENTO_TOKEN
    setup.save()
    return magento_sandbox


@pytest.fixture
def acumatica(acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle) -> SandboxHandle:
    """The Acumatica sandbox, with the Default Config connection pointing at it."""
    connection = AcumaticaConnection.objects.ensure_default()
    connection.base_url = acumatica_server.url
    connection.username = ACUMATICA_USER
    connection.password = ACUMATICA_PASSWORD
    connection.tenant = ACUMATICA_TENANT
    connection.endpoint_version = "24.200.001"
    for name, value in UNLIMITED_LICENSE.items():
        setattr(connection, name, value)
    connection.save()
    return acumatica_sandbox


def create_magento_products(magento: SandboxHandle, skus: Iterable[str]) -> None:
    """Products as a merchant (or the product flow) would have created them."""
    for sku in skus:
        magento.put_state(
            "products",
            sku,
            {"sku": sku, "name": f"Product {sku}", "price": 1, "attribute_set_id": 4, "type_id": "simple"},
        )
