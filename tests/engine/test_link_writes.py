"""A batch flow records what landed with a bounded number of link writes (`record_synced_many`),
not a get-or-create and an update per record."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sync.context import SyncContext
from sync.flows.price import PriceFlow
from sync.links import get_link, record_synced, record_synced_many
from sync.models import Link
from tests.engine.factories import LinkFactory, ProcessingMessageFactory
from tests.engine.test_price_flow import Factory, FakeAcumatica, FakeMagento

pytestmark = pytest.mark.django_db


def test_a_price_batch_writes_its_links_in_a_few_statements():
    keys = [f"ITEM{i:02}" for i in range(25)]
    LinkFactory.create(
        entity="price", acumatica_key="ITEM03", magento_id="OLD", fingerprint="old", last_error="x"
    )
    messages = [ProcessingMessageFactory.create(entity="price", key=key) for key in keys]
    ctx = SyncContext("default", factory=Factory(FakeAcumatica(dict.fromkeys(keys, 5)), FakeMagento()))

    with CaptureQueriesContext(connection) as captured:
        outcomes = PriceFlow().process(ctx, messages)

    assert len(outcomes) == 25
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    # Before: a savepoint, a get-or-create and an update per price (100+ statements).
    assert len(writes) == 2  # the new links in one insert, every link in one update
    assert len(captured.captured_queries) <= 8
    links = {link.acumatica_key: link for link in Link.objects.filter(entity="price")}
    assert sorted(links) == keys
    assert {(link.acumatica_key, link.magento_id, link.last_error) for link in links.values()} == {
        (key, key, "") for key in keys
    }
    assert all(link.fingerprint and link.last_synced_at for link in links.values())


def test_links_recorded_together_end_as_record_synced_leaves_each_one():
    LinkFactory.create(entity="inventory", acumatica_key="B", extra={"kept": True}, last_error="refused")
    record_synced_many("inventory", {"A": ("SKU-A", "fa"), "B": ("SKU-B", "fb")})
    record_synced("inventory", "C", magento_id="SKU-C", fingerprint="fc")

    for key, sku, print_ in (("A", "SKU-A", "fa"), ("B", "SKU-B", "fb"), ("C", "SKU-C", "fc")):
        link = get_link("inventory", key)
        assert link is not None
        assert (link.magento_id, link.fingerprint, link.last_error) == (sku, print_, "")
        assert link.last_synced_at is not None and link.updated_at >= link.last_synced_at
    b = get_link("inventory", "B")
    assert b is not None and b.extra == {"kept": True}
