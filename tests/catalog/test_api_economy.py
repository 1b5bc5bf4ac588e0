"""How many remote calls the catalog flows make (design.md 6.2: read in bulk, never one request per
record where a list form exists), counted from the Magento sandbox's request log."""

from __future__ import annotations

from io import StringIO
from typing import Any

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


CATEGORY_SEARCH = "GET /V1/categories/list"


def categories_below_root(magento: SandboxHandle) -> int:
    return sum(c["level"] >= 2 for c in magento.state("categories"))


def test_categories_under_a_parent_created_by_the_run_are_not_searched_for(
    connector: tuple[SandboxHandle, SandboxHandle], catalog: Catalog
) -> None:
    _, magento = connector
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    magento.reset_stats()

    call_command("initial_sync", "--entity", "category", "--no-progress", stdout=StringIO())

    paths = expected.category_paths(catalog)
    assert expected.magento_category_paths(magento) == dict.fromkeys(paths, True)
    assert categories_below_root(magento) == len(paths)
    top_level = [c for c in catalog.categories if not c.parent_id]
    assert len(top_level) < len(paths)
    # Before: one search by name under the parent before each create. A category the run created
    # has only the children the run adds, so only the top-level ones are looked up.
    assert magento.stats()["requests"].get(CATEGORY_SEARCH, 0) == len(top_level)


def test_a_category_create_whose_answer_is_lost_is_found_not_created_again(
    connector: tuple[SandboxHandle, SandboxHandle], catalog: Catalog, settings: Any
) -> None:
    _, magento = connector
    settings.HTTP_READ_TIMEOUT = 0.3
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    magento.config(hang_seconds=3)
    magento.faults(
        [{"method": "POST", "path": "/V1/categories$", "kind": "hang_after_commit", "rate": 0.5}], seed=3
    )

    call_command("initial_sync", "--entity", "category", "--no-progress", stdout=StringIO())

    fired = magento.fault_rules()[0]["fired"]
    magento.clear_faults()
    assert fired >= 1
    paths = expected.category_paths(catalog)
    assert expected.magento_category_paths(magento) == dict.fromkeys(paths, True)
    assert categories_below_root(magento) == len(paths)  # none twice
