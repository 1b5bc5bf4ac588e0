"""Products from Acumatica stock items and matrix templates (`product`, A to M).

A stock item becomes a simple product; a matrix template (`TemplateItems`) becomes a configurable
product whose children are its matrix items (simple products, normally Not Visible Individually)
and whose options are the attributes they differ by. See `build` for what a payload holds,
`configurable` for the parent's children and options, `send` for how writes go out (one PUT, or
async bulk for a batch) and `records` for how items are read (in bulk, fields from the schema).

A product may sync only when the item is active in Acumatica, its item class is enabled and the
item is enabled (Data Preparation); otherwise its message is skipped with that reason. A product
whose attribute set or category is not in Magento yet waits for it; a configurable product waits
for its children. An item that stops being active is disabled in Magento, not deleted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sync.choices import Entity
from sync.flows import Change, Dependency, Flow, Outcome, register
from sync.flows.product.build import ProductBuilder, ProductWrite, disable_write
from sync.flows.product.configurable import children_part
from sync.flows.product.records import STOCK, ItemRecord, load_items, read_changed, snapshot
from sync.flows.product.send import ProductSender
from sync.links import links_for
from sync.models import Link, MessageAction
from sync.preparation import discover_items

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

__all__ = ["ProductFlow"]


@register
class ProductFlow(Flow):
    entity = Entity.PRODUCT
    batchable = True  # many pending products go out through async bulk, Batch Count per request
    push_queries = (
        "Stock Items",
        "Stock Items: Last Modified Date",
        "Template Items",
        "Template Items: Last Modified Date",
    )
    push_key_field = "InventoryID"

    # ----------------------------------------------------------------- reading Acumatica
    def read(self, ctx: SyncContext, since: datetime | None, until: datetime | None) -> list[Change]:
        """Items and templates changed in `[since, until)` (all when None), discovered and
        snapshotted; matrix items come before templates."""
        found = read_changed(ctx, since, until)
        discover_items({item.key: item.facts() for item, _ in found})
        return [Change(item.key, payload=snapshot(item, plan)) for item, plan in found]

    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        return self.read(ctx, since, until)

    def dependencies(self, ctx: SyncContext, message: Message) -> list[Dependency]:
        payload = message.payload or {}
        record = payload.get("record")
        if not isinstance(record, dict):
            return []
        item = ItemRecord(message.key, str(payload.get("kind") or STOCK), record)
        found = [Dependency(Entity.ATTRIBUTE_SET, item.item_class)] if item.item_class else []
        found += [Dependency(Entity.CATEGORY, key) for key in item.category_ids]
        if item.is_template:
            found += [Dependency(Entity.PRODUCT, key) for key in item.matrix_items]
        return found

    # ----------------------------------------------------------------- writing Magento
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        current = [m for m in messages if m.action != MessageAction.DELETE]
        deleted = [m for m in messages if m.action == MessageAction.DELETE]
        items = load_items(ctx, current, links_for(Entity.PRODUCT, [m.key for m in current]))
        links = discover_items({key: item.facts() for key, item in items.items()})
        links.update(links_for(Entity.PRODUCT, [m.key for m in deleted]))
        builder = ProductBuilder(ctx, list(items.values()), links)
        sender = ProductSender(builder)
        simple: list[tuple[Message, ProductWrite]] = []
        templates: list[tuple[Message, ItemRecord]] = []
        for message in deleted:
            planned = self._disable_deleted(message, links)
            if isinstance(planned, Outcome):
                outcomes[message.pk] = planned
            else:
                simple.append((message, planned))
        for message in current:
            item = items.get(message.key)
            if item is None:
                outcomes[message.pk] = Outcome.skipped("not found in Acumatica")
            elif item.is_template:
                templates.append((message, item))
            else:
                self._plan(builder, message, item, outcomes, simple)
        # Children first: a configurable product links its children by their Magento ids.
        outcomes.update(sender.send(simple))
        for message, item in templates:
            parents: list[tuple[Message, ProductWrite]] = []
            self._plan(builder, message, item, outcomes, parents, children=True)
            outcomes.update(sender.send(parents))
        return outcomes

    @staticmethod
    def _plan(
        builder: ProductBuilder,
        message: Message,
        item: ItemRecord,
        outcomes: dict[int, Outcome],
        writes: list[tuple[Message, ProductWrite]],
        *,
        children: bool = False,
    ) -> None:
        planned = builder.plan(item, children=(lambda it: children_part(builder, it)) if children else None)
        if isinstance(planned, Outcome):
            outcomes[message.pk] = planned
        else:
            writes.append((message, planned))

    @staticmethod
    def _disable_deleted(message: Message, links: Mapping[str, Link]) -> Outcome | ProductWrite:
        """An item deleted in Acumatica is disabled in Magento (orders keep their product)."""
        link = links.get(message.key)
        if link is None or not link.is_linked:
            return Outcome.skipped("deleted in Acumatica; it was never in Magento")
        return disable_write(message.key, link)
