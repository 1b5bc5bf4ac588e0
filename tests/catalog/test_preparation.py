"""Data Preparation: `enable_for_sync`, the admin lists and their bulk actions, and the setting that
enables newly discovered records."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from sandbox.common.catalog import Catalog
from sandbox.testing import SandboxHandle
from sync.choices import Entity
from sync.models import ItemClass, Link, Message, MessageSource, SalesCategory, StockItem, Visibility
from sync.preparation import discover_categories, discover_item_classes, discover_items
from tests.catalog import expected

pytestmark = pytest.mark.django_db

Sandboxes = tuple[SandboxHandle, SandboxHandle]


def queued(entity: str) -> list[str]:
    return list(
        Message.objects.filter(entity=entity, source=MessageSource.MANUAL)
        .order_by("id")
        .values_list("key", flat=True)
    )


@pytest.mark.integration
def test_enabling_an_item_class_enables_its_items_with_the_visibility_and_queues_them(
    connector: Sandboxes, catalog: Catalog
) -> None:
    out = StringIO()

    call_command("enable_for_sync", "--item-class", "APPAREL", "--visibility", "Catalog", stdout=out)

    apparel = {i.inventory_id for i in catalog.items if i.item_class == "APPAREL"}
    apparel |= {t.inventory_id for t in catalog.templates if t.item_class == "APPAREL"}
    enabled = StockItem.objects.filter(enabled_for_sync=True)
    assert {item.inventory_id for item in enabled} == apparel
    assert {item.visibility for item in enabled} == {Visibility.CATALOG}
    assert list(ItemClass.objects.filter(enabled_for_sync=True).values_list("acumatica_key", flat=True)) == [
        "APPAREL"
    ]
    assert queued(Entity.ATTRIBUTE_SET) == ["APPAREL"]
    assert set(queued(Entity.PRODUCT)) == apparel
    assert out.getvalue().startswith(f"Enabled for Magento sync: 1 item classes, {len(apparel)} stock items;")


@pytest.mark.integration
def test_enabling_a_category_enables_its_parents_first_with_the_status(connector: Sandboxes) -> None:
    call_command("enable_for_sync", "--categories", "2", "--category-status", "Inactive", stdout=StringIO())

    enabled = SalesCategory.objects.filter(enabled_for_sync=True)
    assert {(c.category_id, c.category_status) for c in enabled} == {("1", "inactive"), ("2", "inactive")}
    assert queued(Entity.CATEGORY) == ["1", "2"]


@pytest.mark.integration
def test_inactive_categories_reach_magento_inactive(connector: Sandboxes) -> None:
    _, magento = connector
    call_command("enable_for_sync", "--categories", "2", "--category-status", "Inactive", stdout=StringIO())

    call_command("initial_sync", "--entity", "category", "--no-progress", stdout=StringIO())

    assert expected.magento_category_paths(magento) == {"Apparel": False, "Apparel/Men": False}


@pytest.mark.integration
def test_unknown_records_and_values_are_refused_in_one_line(connector: Sandboxes) -> None:
    with pytest.raises(CommandError, match=r"^Not found in Acumatica: NOPE\.$"):
        call_command("enable_for_sync", "--items", "NOPE", stdout=StringIO())
    with pytest.raises(CommandError, match=r"^Unknown visibility 'Everywhere'"):
        call_command("enable_for_sync", "--all", "--visibility", "Everywhere", stdout=StringIO())
    with pytest.raises(CommandError, match="--disable works with"):
        call_command("enable_for_sync", "--all", "--disable", stdout=StringIO())


@pytest.mark.integration
def test_newly_discovered_records_are_enabled_when_the_setting_is_on(
    connector: Sandboxes, catalog: Catalog
) -> None:
    _, magento = connector
    call_command("configure", "--set", "setup.auto_enable_new_records=true", stdout=StringIO())

    call_command("initial_sync", "--no-progress", stdout=StringIO())

    assert not Link.objects.filter(
        entity__in=["attribute_set", "category", "product"], enabled_for_sync=False
    ).exists()
    assert expected.magento_products(magento) == expected.products(catalog)


@pytest.mark.integration
def test_without_the_setting_nothing_discovered_syncs(connector: Sandboxes) -> None:
    _, magento = connector

    call_command(
        "initial_sync", "--entity", "attribute_set,category,product", "--no-progress", stdout=StringIO()
    )

    assert magento.state("products") == []
    assert Link.objects.filter(entity="product").count() == 65  # listed, waiting to be enabled
    reasons = set(Message.objects.filter(entity="product").values_list("reason", flat=True))
    assert all("not enabled for Magento sync" in r or "not active in Acumatica" in r for r in reasons)


# ---------------------------------------------------------------------------- the admin lists
@pytest.fixture
def prepared() -> None:
    discover_item_classes({"APPAREL": {"description": "Apparel", "attributes": ["COLOR", "SIZE"]}})
    discover_categories(
        {
            "1": {"description": "Apparel", "parent": "0", "path": "Apparel"},
            "2": {"description": "Men", "parent": "1", "path": "Apparel/Men"},
        }
    )
    discover_items(
        {
            "APP0001": {
                "description": "Hoodie",
                "item_class": "APPAREL",
                "status": "Active",
                "kind": "simple",
            },
            "APP0002": {
                "description": "Tee",
                "item_class": "APPAREL",
                "status": "Active",
                "kind": "template",
            },
            "APP0002-RED-S": {
                "description": "Tee Red S",
                "item_class": "APPAREL",
                "status": "Active",
                "kind": "variant",
            },
        }
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/admin/sync/itemclass/", ["APPAREL", "Apparel", "COLOR, SIZE"]),
        ("/admin/sync/stockitem/", ["APP0001", "Hoodie", "Matrix template", "Matrix item"]),
        ("/admin/sync/salescategory/", ["Apparel/Men"]),
    ],
)
def test_the_lists_show_what_acumatica_said(
    admin_client: Client, prepared: None, url: str, shown: list[str]
) -> None:
    page = admin_client.get(url)
    assert page.status_code == 200
    for text in shown:
        assert text in page.content.decode()


def post_action(client: Client, url: str, action: str, keys: list[str], model: Any) -> None:
    ids = [str(pk) for pk in model.objects.filter(acumatica_key__in=keys).values_list("pk", flat=True)]
    response = client.post(url, {"action": action, "_selected_action": ids})
    assert response.status_code == 302


def test_bulk_actions_enable_and_queue(admin_client: Client, prepared: None) -> None:
    post_action(admin_client, "/admin/sync/stockitem/", "visibility_2", ["APP0001", "APP0002"], StockItem)
    post_action(admin_client, "/admin/sync/salescategory/", "enable", ["2"], SalesCategory)
    post_action(admin_client, "/admin/sync/itemclass/", "enable", ["APPAREL"], ItemClass)

    assert {(s.inventory_id, s.visibility) for s in StockItem.objects.filter(enabled_for_sync=True)} == {
        ("APP0001", "2"),
        ("APP0002", "2"),
    }
    assert set(
        SalesCategory.objects.filter(enabled_for_sync=True).values_list("acumatica_key", flat=True)
    ) == {"1", "2"}
    assert queued(Entity.PRODUCT) == ["APP0001", "APP0002"]
    assert queued(Entity.CATEGORY) == ["1", "2"]
    assert queued(Entity.ATTRIBUTE_SET) == ["APPAREL"]


def test_a_new_matrix_item_defaults_to_not_visible_individually(prepared: None) -> None:
    assert StockItem.objects.get(acumatica_key="APP0002-RED-S").visibility == Visibility.NOT_VISIBLE
    assert StockItem.objects.get(acumatica_key="APP0001").visibility == Visibility.CATALOG_SEARCH


def test_rediscovery_refreshes_facts_but_keeps_the_choices(prepared: None) -> None:
    StockItem.objects.filter(acumatica_key="APP0001").update(enabled_for_sync=True, visibility="3")

    discover_items({"APP0001": {"description": "Hoodie v2", "item_class": "APPAREL", "status": "Inactive"}})

    item = StockItem.objects.get(acumatica_key="APP0001")
    assert (item.description, item.item_status, item.enabled_for_sync, item.visibility) == (
        "Hoodie v2",
        "Inactive",
        True,
        "3",
    )
