"""Filling the data-preparation lists straight from Acumatica (`enable_for_sync`, the admin).

The lists normally fill as the flows read records; before the first sync (a fresh installation,
the demo) they are empty, so enabling "everything" or "this item class" first asks Acumatica for
the records in question: a few list calls with only the fields the lists show.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from endpoints.clients import odata
from schema.mapping import ReadPlan
from sync.catalog.reads import fetch_by_keys, text
from sync.flows.attribute_set import ITEM_CLASS, item_class_facts, item_class_plan
from sync.flows.category import ITEM_SALES_CATEGORY, category_facts, category_key
from sync.flows.product.records import ENTITIES, STOCK, TEMPLATE, ItemRecord
from sync.preparation import discover_categories, discover_item_classes, discover_items

if TYPE_CHECKING:
    from sync.context import SyncContext

_ITEM_FIELDS = ("InventoryID", "Description", "ItemClass", "ItemStatus", "Categories/CategoryID")
ITEM_PLANS = {
    STOCK: ReadPlan(select=(*_ITEM_FIELDS, "TemplateItemID"), expand=("Categories",)),
    TEMPLATE: ReadPlan(select=_ITEM_FIELDS, expand=("Categories",)),
}
CATEGORY_PLAN = ReadPlan(select=("CategoryID", "Description", "ParentCategoryID", "Path", "SortOrder"))


def discover_item_classes_from(ctx: SyncContext) -> int:
    plan = item_class_plan()
    records = {
        text(r, "ClassID"): r
        for r in ctx.acumatica.iter_records(ITEM_CLASS, select=list(plan.select), expand=list(plan.expand))
    }
    records.pop("", None)
    return len(discover_item_classes({key: item_class_facts(r) for key, r in records.items()}))


def discover_categories_from(ctx: SyncContext) -> int:
    records = {
        category_key(r): r
        for r in ctx.acumatica.iter_records(ITEM_SALES_CATEGORY, select=list(CATEGORY_PLAN.select))
    }
    records.pop("", None)
    return len(discover_categories({key: category_facts(r) for key, r in records.items()}))


def discover_items_from(ctx: SyncContext, *, item_class: str | None = None, keys: Sequence[str] = ()) -> int:
    """Stock items and templates: all, those of one item class, or the given keys."""
    items: dict[str, ItemRecord] = {}
    for kind, entity in ENTITIES.items():
        plan = ITEM_PLANS[kind]
        if keys:
            found = fetch_by_keys(ctx, entity, "InventoryID", [k for k in keys if k not in items], plan)
            records = list(found.values())
        else:
            expression = odata.eq("ItemClass", item_class) if item_class else None
            records = list(
                ctx.acumatica.iter_records(
                    entity, filter=expression, select=list(plan.select), expand=list(plan.expand)
                )
            )
        for record in records:
            key = text(record, "InventoryID")
            if key:
                items[key] = ItemRecord(key, kind, record)
    return len(discover_items({key: item.facts() for key, item in items.items()}))
