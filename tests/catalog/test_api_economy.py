"""How many remote calls the catalog flows make (design.md 6.2: read in bulk, never one request per
record where a list form exists), counted from the Magento sandbox's request log."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sandbox.common.catalog import Catalog
from sandbox.testing import SandboxHandle
from tests.catalog import expected

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

ATTRIBUTE_BY_CODE = "GET /V1/products/attributes/{attributeCode}"
ATTRIBUTE_SEARCH = "GET /V1/products/attributes"


def test_product_attributes_are_read_in_one_search_per_batch_not_one_read_per_code(
    connector: tuple[SandboxHandle, SandboxHandle], catalog: Catalog
) -> None:
    _, magento = connector
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    magento.reset_stats()

    call_command("initial_sync", "--no-progress", stdout=StringIO())

    sets = expected.attribute_sets(catalog)
    assert expected.magento_sets(magento) == sets
    assert expected.magento_products(magento) == expected.products(catalog)
    calls = magento.stats()["requests"]
    # Before: one GET products/attributes/{code} per attribute of each item class, and again for
    # the products (10 reads for this catalog). Now one search per attribute set, one for products.
    assert calls.get(ATTRIBUTE_BY_CODE, 0) == 0
    assert 0 < calls.get(ATTRIBUTE_SEARCH, 0) <= len(sets) + 1
