"""Data Preparation's bulk actions do their work in a bounded number of queries, however many
records are selected."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sync.choices import Entity
from sync.models import ItemClass, Message, StockItem
from sync.preparation import discover_item_classes, discover_items

pytestmark = pytest.mark.django_db


def prepare(classes: int) -> None:
    """`classes` item classes of three stock items each, and one item of a class left alone."""
    discover_item_classes(
        {f"CLASS{c}": {"description": f"Class {c}", "attributes": []} for c in range(classes)}
    )
    discover_item_classes({"OTHER": {"description": "Other", "attributes": []}})
    items = {
        f"ITEM{c}-{i}": {
            "description": "Item",
            "item_class": f"class{c}",
            "status": "Active",
            "kind": "simple",
        }
        for c in range(classes)
        for i in range(3)
    }
    items["LONE"] = {"description": "Lone", "item_class": "OTHER", "status": "Active", "kind": "simple"}
    discover_items(items)


def enable_with_items(client: Client, keys: list[str]) -> int:
    ids = [str(pk) for pk in ItemClass.objects.filter(acumatica_key__in=keys).values_list("pk", flat=True)]
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            "/admin/sync/itemclass/", {"action": "enable_with_items", "_selected_action": ids}
        )
    assert response.status_code == 302
    return len(captured.captured_queries)


def test_enabling_item_classes_with_their_items_costs_the_same_for_one_class_or_ten(admin_client: Client):
    prepare(10)
    one = enable_with_items(admin_client, ["CLASS0"])
    StockItem.objects.update(enabled_for_sync=False)
    ItemClass.objects.update(enabled_for_sync=False)
    Message.objects.all().delete()

    ten = enable_with_items(admin_client, [f"CLASS{c}" for c in range(10)])

    # Before: the classes' and items' updates and a scan of every stock item, once per class.
    assert ten == one
    enabled = set(StockItem.objects.filter(enabled_for_sync=True).values_list("acumatica_key", flat=True))
    assert enabled == {f"ITEM{c}-{i}" for c in range(10) for i in range(3)}  # class names match in any case
    assert set(ItemClass.objects.filter(enabled_for_sync=True).values_list("acumatica_key", flat=True)) == {
        f"CLASS{c}" for c in range(10)
    }
    assert Message.objects.filter(entity=Entity.PRODUCT).count() == 30


def test_rediscovering_changed_records_updates_their_facts_in_one_statement():
    discover_items(
        {f"ITEM{i}": {"description": "Old", "item_class": "A", "status": "Active"} for i in range(100)}
    )
    StockItem.objects.filter(acumatica_key="ITEM7").update(enabled_for_sync=True, visibility="3")
    changed = {f"ITEM{i}": {"description": f"New {i}", "status": "Inactive"} for i in range(0, 100, 2)}

    with CaptureQueriesContext(connection) as captured:
        links = discover_items({**changed, "ITEM1": {"description": "Old"}})

    # Before: one UPDATE per record whose facts changed (50 here).
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert links["ITEM8"].extra["description"] == "New 8"
    item = StockItem.objects.get(acumatica_key="ITEM8")
    assert (item.description, item.item_status, item.item_class) == ("New 8", "Inactive", "A")
    assert StockItem.objects.get(acumatica_key="ITEM1").description == "Old"
    kept = StockItem.objects.get(acumatica_key="ITEM7")
    assert (kept.description, kept.enabled_for_sync, kept.visibility) == ("Old", True, "3")
