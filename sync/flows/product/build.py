"""Building the Magento product for one Acumatica item: readiness, dependencies, payload, fingerprint.

The mapped part comes from the mapping engine and the active product schema fields. The flow owns
what makes the record a Magento product at all: its SKU, type, attribute set (the item class's),
website assignment, Visibility (Data Preparation), status, category links (the synced categories
of the item), the values of its item class's attributes (option ids; a matrix item's are what its
configurable product is built from) and, for a template, its configurable options and children.

The fingerprint covers the mapped values and those flow-owned fields, in the form an update sends,
so a record that is unchanged since the last write is skipped. Fields sent only when a product is
created (its price while the price flow owns prices, a URL key when none is mapped) are added after
fingerprinting and never make an update differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schema.mapping import FieldSpec, MappingResult, fingerprint, map_to_magento
from sync.catalog.dependencies import ensure_queued
from sync.catalog.magento import attribute_code, attribute_codes, catalog_for, product_website_ids
from sync.catalog.reads import text
from sync.choices import Direction, Entity
from sync.flows import Outcome
from sync.flows.product.records import ItemRecord, product_fields
from sync.links import links_for
from sync.models import DEFAULT_SCOPE, Link
from sync.preparation import item_is_active, product_blocker
from sync.scopes import is_sync_enabled

if TYPE_CHECKING:
    from sync.context import SyncContext

ENABLED, DISABLED = 1, 2
CATEGORY_LINKS = "extension_attributes.category_links"

ChildrenPart = Callable[[ItemRecord], "Outcome | Mapping[str, Any]"]


def unique_url_key(name: str, sku: str) -> str:
    """A URL key from the name and the SKU: `Classic Tee` + `APP0001` -> `classic-tee-app0001`."""
    return re.sub(r"[^a-z0-9]+", "-", f"{name} {sku}".lower()).strip("-")


@dataclass
class ProductWrite:
    """One product to send: the update-form payload, its fingerprint, and what creation adds."""

    key: str
    sku: str
    kind: str  # "simple", "variant", "template", "disable"
    payload: dict[str, Any]
    fingerprint: str
    creating: bool
    create_extra: dict[str, Any] = field(default_factory=dict)
    axis: dict[str, str] = field(default_factory=dict)  # attribute code -> option id (matrix items)
    template: str = ""  # a matrix item's template, refreshed once the item is new in Magento

    @property
    def body(self) -> dict[str, Any]:
        return {**self.payload, **self.create_extra} if self.creating else self.payload

    def summary(self) -> str:
        name = self.payload.get("name")
        label = {"disable": "disabled product", "template": "configurable product"}.get(self.kind, "product")
        verb = "created" if self.creating else "updated"
        return f"{verb} {label} {self.sku}" + (f" {name!r}" if name else "")


def disable_write(key: str, link: Link) -> Outcome | ProductWrite:
    """A product whose item stopped being active, or was deleted, in Acumatica is disabled in
    Magento, never deleted (orders and reports keep their product)."""
    sku = str(link.magento_id)
    print_ = fingerprint("disabled", sku)
    if link.fingerprint == print_:
        return Outcome.skipped("unchanged")
    return ProductWrite(key, sku, "disable", {"sku": sku, "status": DISABLED}, print_, creating=False)


class ProductBuilder:
    """Plans the writes of one batch; reads links and Magento structure once for the batch."""

    def __init__(self, ctx: SyncContext, items: Sequence[ItemRecord], links: Mapping[str, Link]) -> None:
        self.ctx = ctx
        self.catalog = catalog_for(ctx)
        self.links = dict(links)
        self.classes = links_for(Entity.ATTRIBUTE_SET, {item.item_class for item in items})
        category_keys = {key for item in items for key in item.category_ids}
        self.categories = links_for(Entity.CATEGORY, category_keys)
        self.class_attributes = {
            key: [str(a) for a in (link.extra or {}).get("attributes") or []]
            for key, link in self.classes.items()
        }
        self._websites: list[int] | None = None
        self._fields: dict[str, list[FieldSpec]] = {}
        setup = ctx.setup
        self.price_owned = setup.is_entity_active(Entity.PRICE) and is_sync_enabled(
            DEFAULT_SCOPE, Entity.PRICE, Direction.A2M
        )
        self.catalog.expect_attributes(self._attribute_codes(items))

    def _attribute_codes(self, items: Sequence[ItemRecord]) -> set[str]:
        """The attributes the batch's items may read: their classes' attributes they have values
        of, the option tables of the active fields, and the templates' axes (one search for all)."""
        ids = {
            attribute_id
            for item in items
            if not item.is_template
            for attribute_id in self.class_attributes.get(item.item_class) or []
            if attribute_id in item.attribute_values
        }
        ids.update(
            attribute_id for item in items if item.is_template for attribute_id in item.axis_attributes
        )
        codes = set(attribute_codes(ids))
        for kind in {item.kind for item in items}:
            codes.update(
                str(spec.options.get("table") or "").split(":", 1)[1]
                for spec in self.fields(kind)
                if spec.active and str(spec.options.get("table") or "").startswith("option:")
            )
        return codes

    # ----------------------------------------------------------------- shared pieces
    def fields(self, kind: str) -> list[FieldSpec]:
        """The product schema fields for items of `kind`, read once per batch (not per item)."""
        if kind not in self._fields:
            self._fields[kind] = product_fields(kind)
        return self._fields[kind]

    @property
    def website_ids(self) -> list[int]:
        if self._websites is None:
            self._websites = product_website_ids(self.ctx)
        return self._websites

    def creation_store(self) -> str | None:
        """A store view of the product's websites: Magento adds the website of the store a product
        is created through, so creating through one of ours assigns exactly ours."""
        return self.catalog.store_in_websites(self.website_ids)

    def blocker(self, item: ItemRecord) -> str:
        link = self.links.get(item.key)
        klass = self.classes.get(item.item_class)
        return product_blocker(item.key, item.status, link, item.item_class, klass)

    # ----------------------------------------------------------------- one item
    def plan(self, item: ItemRecord, *, children: ChildrenPart | None = None) -> Outcome | ProductWrite:
        """What to do with `item`: an outcome now (skip, wait, fail), or the write to send.

        `children` (templates only) gives the configurable part once the template itself may be
        written (see `sync.flows.product.configurable`)."""
        link = self.links.get(item.key)
        blocker = self.blocker(item)
        if blocker:
            if not item_is_active(item.status) and link is not None and link.is_linked:
                return self._disable(item, link)
            return Outcome.skipped(blocker)
        klass = self.classes[item.item_class]
        if not klass.is_linked:
            ensure_queued(Entity.ATTRIBUTE_SET, [item.item_class], dry_run=self.ctx.dry_run)
            if not self.ctx.dry_run:
                return Outcome.wait(f"attribute set {item.item_class}")
        category_ids, waiting = self._categories(item)
        if waiting:
            ensure_queued(Entity.CATEGORY, waiting, dry_run=self.ctx.dry_run)
            if not self.ctx.dry_run:
                return Outcome.wait(f"category {waiting[0]}")
        set_id = int(str(klass.magento_id)) if klass.is_linked else 0
        kind = "template" if item.is_template else ("variant" if item.template_id else "simple")
        axis = self._attribute_values(item)
        configurable: Mapping[str, Any] = {}
        if children is not None:
            part = children(item)
            if isinstance(part, Outcome):
                return part
            configurable = part
        fields = self.fields(item.kind)
        lookups: dict[str, Mapping[str, Any]] = {
            "attribute_set": {item.item_class: set_id},
            "category": {key: int(str(self.categories[key].magento_id)) for key in category_ids},
            **{f"option:{code}": table for code, table in self._option_tables(item).items()},
        }
        result = map_to_magento(item.record, fields, record_key=item.key, lookups=lookups)
        if not result.ok:
            return Outcome.failed("; ".join(str(issue) for issue in result.errors))
        payload = self._payload(item, result, link, set_id, category_ids, axis, configurable)
        creating = link is None or not link.is_linked
        write = ProductWrite(
            key=item.key,
            sku=str(payload["sku"]),
            kind=kind,
            payload=payload,
            fingerprint=fingerprint(_signature(result, payload), _printable(payload)),
            creating=creating,
            axis=dict(axis),
            template=item.template_id,
        )
        write.create_extra = self._create_extra(item, payload)
        if creating and not self.ctx.dry_run and not self.website_ids:
            return Outcome.skipped("no scope enables product sync, so the product has no website")
        if not creating and link is not None and link.fingerprint == write.fingerprint:
            return Outcome.skipped("unchanged")
        return write

    def _disable(self, item: ItemRecord, link: Link) -> Outcome | ProductWrite:
        return disable_write(item.key, link)

    def _categories(self, item: ItemRecord) -> tuple[list[str], list[str]]:
        """(synced categories of the item, enabled ones not in Magento yet). Categories that are
        not enabled for sync are left out of the product's category links."""
        linked, waiting = [], []
        for key in item.category_ids:
            link = self.categories.get(key)
            if link is None or not link.enabled_for_sync:
                continue
            if link.is_linked:
                linked.append(key)
            else:
                waiting.append(key)
        return linked, waiting

    def _attribute_values(self, item: ItemRecord) -> dict[str, str]:
        """Option ids of the item's values of its class's attributes (options added as needed)."""
        values = item.attribute_values
        wanted = self.class_attributes.get(item.item_class) or []
        if item.is_template:
            return {}
        axis: dict[str, str] = {}
        for attribute_id in wanted:
            if attribute_id not in values:
                continue
            value, label = values[attribute_id]
            code = attribute_code(attribute_id)
            if self.catalog.attribute(code) is None:
                continue  # the attribute set flow creates it; until then the value cannot be stored
            option = self.catalog.ensure_options(code, {value: label}).get(value)
            if option is not None:
                axis[code] = option
        return axis

    def _option_tables(self, item: ItemRecord) -> dict[str, dict[str, str]]:
        """The `option:<code>` lookup tables active schema fields name, for this item's values."""
        tables: dict[str, dict[str, str]] = {}
        values = item.attribute_values
        for spec in self.fields(item.kind):
            table = str(spec.options.get("table") or "")
            if not spec.active or not table.startswith("option:"):
                continue
            code = table.split(":", 1)[1]
            if self.catalog.attribute(code) is None:
                continue
            wanted = {
                value: label
                for attribute_id, (value, label) in values.items()
                if attribute_code(attribute_id) == code
            }
            tables[code] = self.catalog.ensure_options(code, wanted)
        return tables

    def _payload(
        self,
        item: ItemRecord,
        result: MappingResult,
        link: Link | None,
        set_id: int,
        category_ids: Sequence[str],
        axis: Mapping[str, str],
        children: Mapping[str, Any],
    ) -> dict[str, Any]:
        payload = dict(result.payload)
        payload["sku"] = str(payload.get("sku") or item.key)
        payload["attribute_set_id"] = set_id
        payload["type_id"] = "configurable" if item.is_template else "simple"
        payload["visibility"] = int(link.visibility) if link is not None and link.visibility else 4
        payload["status"] = payload.get("status") or ENABLED
        extension = dict(payload.get("extension_attributes") or {})
        extension["website_ids"] = list(self.website_ids)
        if any(
            spec.active and spec.api_input_name.startswith(CATEGORY_LINKS) for spec in self.fields(item.kind)
        ):
            extension["category_links"] = [
                {"position": 0, "category_id": str(self.categories[key].magento_id)} for key in category_ids
            ]
        extension.update(children)
        payload["extension_attributes"] = extension
        if axis:
            custom = [
                entry
                for entry in payload.get("custom_attributes") or []
                if entry.get("attribute_code") not in axis
            ]
            custom += [{"attribute_code": code, "value": option} for code, option in sorted(axis.items())]
            payload["custom_attributes"] = custom
        if item.is_template or self.price_owned:
            payload.pop("price", None)  # a configurable has no price; else the price flow owns it
        return payload

    def _create_extra(self, item: ItemRecord, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Fields only a new product gets: its first price (Magento requires one for a simple
        product; the price flow keeps it current afterwards) and a unique URL key when none is
        mapped (Magento derives one from the name, and names repeat across items)."""
        extra: dict[str, Any] = {}
        if not item.is_template and "price" not in payload:
            price = text(item.record, "DefaultPrice")
            extra["price"] = float(price) if price else 0.0
        codes = {entry.get("attribute_code") for entry in payload.get("custom_attributes") or []}
        if "url_key" not in codes:
            name = str(payload.get("name") or item.key)
            slug = unique_url_key(name, str(payload["sku"]))
            custom = [*(payload.get("custom_attributes") or []), {"attribute_code": "url_key", "value": slug}]
            extra["custom_attributes"] = custom
        return extra


def _signature(result: MappingResult, payload: Mapping[str, Any]) -> list[list[Any]]:
    """The mapped values the fingerprint covers. A price the builder left out of the payload (the
    price flow owns it, or the product is configurable) is not this product's content: a changed
    price must not save the whole product again."""
    return [entry for entry in result.signature if entry[0] != "price" or "price" in payload]


def _printable(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as fingerprinted: configurable option ids are Magento's bookkeeping (known only
    after the first save), not content, so they are left out."""
    extension = dict(payload.get("extension_attributes") or {})
    if "configurable_product_options" in extension:
        extension["configurable_product_options"] = [
            {k: v for k, v in option.items() if k != "id"}
            for option in extension["configurable_product_options"]
        ]
    return {**payload, "extension_attributes": extension}
