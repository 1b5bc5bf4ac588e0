"""Fixtures of the initial sync tests: the connector configured for both sandboxes (shared with the
catalog tests), the demo's customer group mappings, two customer classes selected for sync, and a
second store view `west` (Magento's West Coast website)."""

from __future__ import annotations

import pytest

from sandbox.common.catalog import CUSTOMER_CLASSES
from sandbox.testing import SandboxHandle
from sync.models import CustomerGroupMapping, SetupParameters, StoreView
from tests.catalog.conftest import catalog, connector

__all__ = ["SELECTED_CLASSES", "Sandboxes", "catalog", "connector", "customers_selected"]

Sandboxes = tuple[SandboxHandle, SandboxHandle]
SELECTED_CLASSES = ("WHOLESALE", "RETAILER")  # GENERAL is left out: its customers must not sync


@pytest.fixture
def customers_selected(connector: Sandboxes) -> Sandboxes:
    """Every demo class mapped to its Magento group; only `SELECTED_CLASSES` selected for sync; a
    `west` store view whose customers live in Magento's West Coast website."""
    for klass in CUSTOMER_CLASSES:
        CustomerGroupMapping.objects.create(
            magento_group_id=klass.magento_group_id, acumatica_customer_class=klass.class_id
        )
    setup = SetupParameters.load()
    setup.customer_classes = list(SELECTED_CLASSES)
    setup.save()
    StoreView.objects.create(code="west", name="West Coast Store View", website_code="west")
    return connector
