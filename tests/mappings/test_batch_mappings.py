"""`BatchMappings`: a batch asks the database once per distinct value, a missing mapping included."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sync.mappings import BatchMappings, MissingMappingError, customer_class_for_group, resolve_shipping
from sync.models import CustomerGroupMapping, CustomerSyncSettings, ShippingMethodMapping, StoreView

pytestmark = pytest.mark.django_db


def test_each_distinct_value_is_resolved_once_per_batch_with_the_resolvers_answer() -> None:
    west = StoreView.objects.create(code="west", name="West", website_code="west")
    ShippingMethodMapping.objects.create(magento_method="flatrate_flatrate", acumatica_ship_via="FLAT")
    ShippingMethodMapping.objects.create(
        store_view=west, magento_method="flatrate_flatrate", acumatica_ship_via="WESTFLAT"
    )
    ShippingMethodMapping.objects.create(magento_method="ups_GND", acumatica_ship_via="UPSGROUND")
    mappings = BatchMappings("west")
    methods = ["flatrate_flatrate", "ups_GND"] * 10

    with CaptureQueriesContext(connection) as captured:
        found = [mappings.resolve(resolve_shipping, method).acumatica_ship_via for method in methods]

    assert found == ["WESTFLAT", "UPSGROUND"] * 10
    assert len(captured.captured_queries) == 2


def test_a_missing_mapping_fails_every_record_that_needs_it_with_one_query() -> None:
    mappings = BatchMappings("default")
    with CaptureQueriesContext(connection) as captured:
        errors = []
        for _ in range(5):
            with pytest.raises(MissingMappingError) as caught:
                mappings.resolve(resolve_shipping, "tablerate_bestway")
            errors.append(str(caught.value))
    assert len(captured.captured_queries) == 1
    assert (
        errors
        == [str(MissingMappingError(ShippingMethodMapping, "Magento method", "tablerate_bestway", "default"))]
        * 5
    )


def test_any_scope_resolver_can_be_asked_through_a_batch() -> None:
    CustomerGroupMapping.objects.create(magento_group_id=2, acumatica_customer_class="WHOLESALE")
    CustomerSyncSettings.objects.create(default_customer_class="GENERAL")
    mappings = BatchMappings("default")
    assert mappings.resolve(customer_class_for_group, 2) == customer_class_for_group("default", 2)
    assert mappings.resolve(customer_class_for_group, 5) == ("GENERAL", "")
