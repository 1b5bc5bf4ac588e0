"""Reading stock items and matrix templates from Acumatica for the product flow.

A product is a `StockItem` (a simple product, or a matrix item when it has a `TemplateItemID`) or a
`TemplateItems` record (a matrix template, which becomes a configurable product). Both are read in
bulk with the fields the active product schema fields need plus the flow's own (key, class,
status, categories, attribute values, the template's matrix items); the template read leaves out
the fields a template does not have. The snapshot a producer stores names the read plan it used,
so a message snapshotted before the schema changed is read again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from schema.mapping import FieldSpec, ReadPlan, build_read_plan
from schema.paths import CUSTOM
from schema.services import load_fields
from sync.catalog.reads import Record, fetch_by_keys, iter_changed, plan_id, rows, text
from sync.choices import Entity
from sync.models import ItemKind

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Link, Message

STOCK = "stock"
TEMPLATE = "template"
ENTITIES = {STOCK: "StockItem", TEMPLATE: "TemplateItems"}

_COMMON = (
    "InventoryID",
    "Description",
    "ItemClass",
    "ItemStatus",
    "Categories[].CategoryID",
    "Attributes[].AttributeID",
    "Attributes[].Value",
    "Attributes[].ValueDescription",
    "DefaultPrice",
)
ALWAYS = {STOCK: (*_COMMON, "TemplateItemID"), TEMPLATE: (*_COMMON, "Matrix[].InventoryID")}

# The fields of `TemplateItems` in the Default endpoint (24.200.001): a product field a template
# lacks is not requested for templates.
TEMPLATE_FIELDS = frozenset(
    {
        "Attributes",
        "Availability",
        "BaseUOM",
        "Categories",
        "Content",
        "CurrentStdCost",
        "CurySpecificMSRP",
        "CurySpecificPrice",
        "CustomURL",
        "DefaultIssueLocationID",
        "DefaultPrice",
        "Description",
        "DimensionWeight",
        "ExportToExternal",
        "FileURLs",
        "InventoryID",
        "IsStockItem",
        "ItemClass",
        "ItemStatus",
        "LastModified",
        "LastModifiedDateTime",
        "MSRP",
        "Matrix",
        "MetaDescription",
        "MetaKeywords",
        "NotAvailable",
        "PageTitle",
        "RequireShipment",
        "SalesUOM",
        "SearchKeywords",
        "TaxCategory",
        "VendorDetails",
        "Visibility",
        "WeightUOM",
    }
)


@dataclass(frozen=True)
class ItemRecord:
    """One stock item or template as read from Acumatica."""

    key: str
    kind: str  # STOCK or TEMPLATE
    record: Record

    @property
    def item_class(self) -> str:
        return text(self.record, "ItemClass")

    @property
    def status(self) -> str:
        return text(self.record, "ItemStatus")

    @property
    def template_id(self) -> str:
        return text(self.record, "TemplateItemID") if self.kind == STOCK else ""

    @property
    def is_template(self) -> bool:
        return self.kind == TEMPLATE

    @property
    def category_ids(self) -> list[str]:
        found = (text(row, "CategoryID") for row in rows(self.record, "Categories"))
        return list(dict.fromkeys(key for key in found if key))

    @property
    def attribute_values(self) -> dict[str, tuple[str, str]]:
        """Attribute ID -> (value, value description) of the values the item has."""
        values = {}
        for row in rows(self.record, "Attributes"):
            attribute, value = text(row, "AttributeID"), text(row, "Value")
            if attribute and value:
                values[attribute] = (value, text(row, "ValueDescription") or value)
        return values

    @property
    def matrix_items(self) -> list[str]:
        found = (text(row, "InventoryID") for row in rows(self.record, "Matrix"))
        return list(dict.fromkeys(key for key in found if key))

    @property
    def axis_attributes(self) -> list[str]:
        """A template's attributes: the ones its matrix items differ by."""
        return [
            text(row, "AttributeID") for row in rows(self.record, "Attributes") if text(row, "AttributeID")
        ]

    def facts(self) -> dict[str, Any]:
        """What the Stock Items list shows about the item."""
        if self.is_template:
            kind = ItemKind.TEMPLATE
        elif self.template_id:
            kind = ItemKind.VARIANT
        else:
            kind = ItemKind.SIMPLE
        return {
            "description": text(self.record, "Description"),
            "item_class": self.item_class,
            "status": self.status,
            "kind": str(kind),
            "template": self.template_id,
            "categories": self.category_ids,
        }


def _template_field(spec: FieldSpec) -> bool:
    first = spec.reference_segments[0].name
    return first == CUSTOM or first in TEMPLATE_FIELDS


def product_fields(kind: str) -> list[FieldSpec]:
    fields = load_fields(Entity.PRODUCT)
    return [spec for spec in fields if _template_field(spec)] if kind == TEMPLATE else fields


def read_plan(ctx: SyncContext, kind: str) -> ReadPlan:
    modified = ctx.acumatica.last_modified_field(ENTITIES[kind]) or "LastModifiedDateTime"
    return build_read_plan(product_fields(kind), always=(*ALWAYS[kind], modified))


def snapshot(item: ItemRecord, plan: ReadPlan) -> dict[str, Any]:
    return {"kind": item.kind, "plan": plan_id(plan), "record": item.record}


def read_changed(
    ctx: SyncContext, since: datetime | None, until: datetime | None
) -> list[tuple[ItemRecord, ReadPlan]]:
    """Stock items, then templates, changed in `[since, until)` (everything when both are None)."""
    found: list[tuple[ItemRecord, ReadPlan]] = []
    for kind in (STOCK, TEMPLATE):
        plan = read_plan(ctx, kind)
        for record in iter_changed(ctx, ENTITIES[kind], plan, since, until):
            key = text(record, "InventoryID")
            if key:
                found.append((ItemRecord(key, kind, record), plan))
    return found


def load_items(
    ctx: SyncContext, messages: Sequence[Message], known: Mapping[str, Link]
) -> dict[str, ItemRecord]:
    """The record of every message: its snapshot when read with today's plan, else read in bulk
    (stock items first, templates for the keys the Stock Items list knows as templates or that are
    not stock items). Keys missing from the result are not in Acumatica."""
    plans = {kind: read_plan(ctx, kind) for kind in ENTITIES}
    items: dict[str, ItemRecord] = {}
    missing: list[str] = []
    for message in messages:
        payload = message.payload or {}
        kind = payload.get("kind")
        if (
            kind in plans
            and payload.get("plan") == plan_id(plans[kind])
            and isinstance(payload.get("record"), dict)
        ):
            items[message.key] = ItemRecord(message.key, kind, dict(payload["record"]))
        else:
            missing.append(message.key)
    templates = [
        key for key in missing if (known.get(key) and (known[key].extra or {}).get("kind") == TEMPLATE)
    ]
    stock = [key for key in missing if key not in templates]
    for kind, keys in ((STOCK, stock), (TEMPLATE, templates)):
        _fetch(ctx, kind, keys, plans[kind], items)
    # A key that is not where its list entry said (or that was never listed) is tried the other way.
    retry = {STOCK: [k for k in templates if k not in items], TEMPLATE: [k for k in stock if k not in items]}
    for kind, keys in retry.items():
        _fetch(ctx, kind, keys, plans[kind], items)
    return items


def _fetch(
    ctx: SyncContext, kind: str, keys: Iterable[str], plan: ReadPlan, into: dict[str, ItemRecord]
) -> None:
    wanted = list(keys)
    if not wanted:
        return
    for key, record in fetch_by_keys(ctx, ENTITIES[kind], "InventoryID", wanted, plan).items():
        into[key] = ItemRecord(key, kind, record)
