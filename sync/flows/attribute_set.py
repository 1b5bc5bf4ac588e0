"""Attribute sets from Acumatica item classes (`attribute_set`, A to M).

An item class that is enabled for Magento sync becomes an attribute set named after the class's
description, based on the Default skeleton (set 4), holding the class's attributes as product
attributes (select, global, so configurable products can use them) in an "Acumatica Attributes"
group. Option values are added by the product flow as items use them, because an item class lists
only attribute IDs.

Every write is safe to repeat (design.md section 4): the set is found by its link, then by name,
before one is created, and an "already exists" answer is resolved by looking it up; the group is
found by name in the set first; an attribute is read before it is created. A class whose name,
attributes and settings are unchanged since the last write is skipped as `unchanged`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from endpoints.clients.search_criteria import SearchCriteria
from endpoints.exceptions import NotFoundError, ValidationError
from schema.mapping import ReadPlan, fingerprint
from sync.catalog.magento import attribute_code, catalog_for
from sync.catalog.reads import Record, fetch_by_keys, iter_changed, rows, text
from sync.choices import Entity, VendorInventoryMode
from sync.flows import Change, Flow, Outcome, register
from sync.links import record_link_error, record_synced
from sync.models import Link, MessageAction
from sync.preparation import discover_item_classes

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

ITEM_CLASS = "ItemClass"
SKELETON_SET_ID = 4  # Magento's "Default" product attribute set
PRODUCT_ENTITY_TYPE = 4
GROUP_NAME = "Acumatica Attributes"


def item_class_plan() -> ReadPlan:
    return ReadPlan(
        select=(
            "ClassID",
            "Description",
            "Attributes/AttributeID",
            "Attributes/SortOrder",
            "LastModifiedDateTime",
        ),
        expand=("Attributes",),
    )


def item_class_facts(record: Mapping[str, Any]) -> dict[str, Any]:
    """What the Item Classes list shows: description and attribute IDs in their sort order."""
    attributes = sorted(rows(record, "Attributes"), key=lambda row: float(text(row, "SortOrder") or 0))
    return {
        "description": text(record, "Description"),
        "attributes": [text(row, "AttributeID") for row in attributes if text(row, "AttributeID")],
    }


@register
class AttributeSetFlow(Flow):
    entity = Entity.ATTRIBUTE_SET
    push_queries = ("Item Classes", "Item Classes: Last Modified Date")
    push_key_field = "ClassID"

    # ----------------------------------------------------------------- reading Acumatica
    def read(self, ctx: SyncContext, since: datetime | None, until: datetime | None) -> list[Change]:
        """Item classes changed in `[since, until)` (all when None), discovered and snapshotted."""
        records = {
            text(r, "ClassID"): r for r in iter_changed(ctx, ITEM_CLASS, item_class_plan(), since, until)
        }
        records.pop("", None)
        discover_item_classes({key: item_class_facts(record) for key, record in records.items()})
        return [Change(key, payload={"record": record}) for key, record in records.items()]

    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        return self.read(ctx, since, until)

    def _record(self, ctx: SyncContext, message: Message) -> Record | None:
        snapshot = (message.payload or {}).get("record")
        if isinstance(snapshot, dict):
            return snapshot
        return fetch_by_keys(ctx, ITEM_CLASS, "ClassID", [message.key], item_class_plan()).get(message.key)

    # ----------------------------------------------------------------- writing Magento
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        return {message.pk: self._sync(ctx, message) for message in messages}

    def _sync(self, ctx: SyncContext, message: Message) -> Outcome:
        if message.action == MessageAction.DELETE:
            return Outcome.skipped("item class deleted in Acumatica; the Magento attribute set is kept")
        record = self._record(ctx, message)
        if record is None:
            return Outcome.skipped("not found in Acumatica")
        facts = item_class_facts(record)
        link = discover_item_classes({message.key: facts})[message.key]
        if not link.enabled_for_sync:
            return Outcome.skipped(f"item class {message.key} is not enabled for Magento sync")
        name = facts["description"] or message.key
        codes = [attribute_code(attribute) for attribute in facts["attributes"]]
        vendor = self._vendor_attribute(ctx)
        print_ = fingerprint(name, codes, vendor, GROUP_NAME)
        if link.is_linked and link.fingerprint == print_:
            return Outcome.skipped("unchanged")
        if ctx.dry_run:
            verb = "update" if link.is_linked else "create"
            listed = ", ".join(codes + ([vendor] if vendor else [])) or "no attributes"
            return Outcome.skipped(f"dry run: would {verb} attribute set {name!r} ({listed})")
        try:
            set_id = self._ensure_set(ctx, link, name)
            group_id = self._ensure_group(ctx, set_id)
            assigned = self._assign(ctx, link, set_id, group_id, facts["attributes"], vendor)
        except ValidationError as exc:
            record_link_error(Entity.ATTRIBUTE_SET, message.key, exc.remote_message or exc.summary)
            raise
        record_synced(
            Entity.ATTRIBUTE_SET,
            message.key,
            magento_id=str(set_id),
            fingerprint=print_,
            extra={"set_id": set_id, "group_id": group_id, "assigned": assigned, "set_name": name},
        )
        listed = ", ".join(assigned) or "no attributes"
        return Outcome.succeeded(f"attribute set {name!r} (id {set_id}): {listed}")

    def _vendor_attribute(self, ctx: SyncContext) -> str:
        """The vendor quantity attribute belongs in every set when it is published separately."""
        setup = ctx.setup
        if setup.vendor_inventory_mode == VendorInventoryMode.SEPARATE_ATTRIBUTE:
            return str(setup.vendor_inventory_attribute or "")
        return ""

    def _find_set(self, ctx: SyncContext, name: str) -> int | None:
        criteria = SearchCriteria().where("attribute_set_name", name)
        for item in ctx.magento.search("magento.attribute_set.search", criteria).items:
            if (
                str(item.get("attribute_set_name", "")).casefold() == name.casefold()
                and int(item.get("entity_type_id") or PRODUCT_ENTITY_TYPE) == PRODUCT_ENTITY_TYPE
            ):
                return int(item["attribute_set_id"])
        return None

    def _ensure_set(self, ctx: SyncContext, link: Link, name: str) -> int:
        """The set's id: the linked one (renamed if the class was), else one with the name, else new."""
        client = ctx.magento
        if link.is_linked:
            set_id = int(str(link.magento_id))
            try:
                current = client.call("magento.attribute_set.get", path={"attribute_set_id": set_id}).data
            except NotFoundError:
                current = None  # removed in Magento: find or create it again
            if current is not None:
                if str(current.get("attribute_set_name")) != name:
                    body = {
                        "attributeSet": {
                            "attribute_set_id": set_id,
                            "attribute_set_name": name,
                            "entity_type_id": PRODUCT_ENTITY_TYPE,
                        }
                    }
                    client.call("magento.attribute_set.update", path={"attribute_set_id": set_id}, json=body)
                return set_id
        found = self._find_set(ctx, name)
        if found is not None:
            return found
        new: dict[str, Any] = {
            "attributeSet": {"attribute_set_name": name, "sort_order": 0},
            "skeletonId": SKELETON_SET_ID,
        }
        try:
            return int(client.call("magento.attribute_set.create", json=new).data["attribute_set_id"])
        except ValidationError as exc:
            if "already exists" not in (exc.remote_message or exc.summary):
                raise
            found = self._find_set(ctx, name)
            if found is None:
                raise
            return found

    def _find_group(self, ctx: SyncContext, set_id: int) -> int | None:
        criteria = SearchCriteria().where("attribute_set_id", set_id)
        for group in ctx.magento.search("magento.attribute_set.groups", criteria).items:
            if (
                int(group.get("attribute_set_id") or 0) == set_id
                and str(group.get("attribute_group_name", "")).casefold() == GROUP_NAME.casefold()
            ):
                return int(group["attribute_group_id"])
        return None

    def _ensure_group(self, ctx: SyncContext, set_id: int) -> int:
        found = self._find_group(ctx, set_id)
        if found is not None:
            return found
        body = {"group": {"attribute_group_name": GROUP_NAME, "attribute_set_id": set_id}}
        try:
            return int(
                ctx.magento.call("magento.attribute_set.create_group", json=body).data["attribute_group_id"]
            )
        except ValidationError:
            found = self._find_group(ctx, set_id)  # created meanwhile
            if found is None:
                raise
            return found

    def _assign(
        self,
        ctx: SyncContext,
        link: Link,
        set_id: int,
        group_id: int,
        attribute_ids: Sequence[str],
        vendor: str,
    ) -> list[str]:
        """Put the class's attributes (created when missing) into the set's group.

        An attribute already placed in this set and group by an earlier run is not sent again."""
        catalog = catalog_for(ctx)
        extra = link.extra or {}
        done = (
            set(extra.get("assigned") or [])
            if extra.get("set_id") == set_id and extra.get("group_id") == group_id
            else set()
        )
        wanted: list[tuple[str, str, str]] = [
            (attribute_code(attribute_id), attribute_id.replace("_", " ").title(), "select")
            for attribute_id in attribute_ids
        ]
        if vendor:
            wanted.append((vendor, "Vendor Quantity", "text"))
        catalog.expect_attributes(code for code, _, _ in wanted)  # one read for the class's attributes
        assigned: list[str] = []
        for sort, (code, label, frontend_input) in enumerate(wanted, start=1):
            catalog.ensure_attribute(code, label, frontend_input=frontend_input)
            if code not in done:
                body = {
                    "attributeSetId": set_id,
                    "attributeGroupId": group_id,
                    "attributeCode": code,
                    "sortOrder": sort * 10,
                }
                ctx.magento.call("magento.attribute_set.assign_attribute", json=body)
            assigned.append(code)
        return assigned
