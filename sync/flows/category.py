"""Categories from Acumatica item sales categories (`category`, A to M).

An enabled sales category becomes a Magento category under its parent's category (top-level ones
under the default store's root category), active or not per its Category Status on Magento, with
the fields the category schema has active (name, position, eCommerce fields...).

Parents first: a category whose parent is not in Magento yet waits for it (the parent is queued if
it has no work queued); a category whose parent is not enabled is skipped with that reason.
Every write is safe to repeat: the category is found by its link, then by name under its parent,
before one is created, and a URL-key clash ("already exists") is resolved by that lookup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from endpoints.clients.search_criteria import SearchCriteria
from endpoints.exceptions import NotFoundError, ValidationError
from schema.mapping import ReadPlan, fingerprint, map_to_magento
from schema.services import load_fields, load_read_plan
from sync.catalog.dependencies import ensure_queued
from sync.catalog.magento import catalog_for
from sync.catalog.reads import Record, fetch_by_keys, iter_changed, plan_id, text
from sync.choices import Entity
from sync.flows import Change, Dependency, Flow, Outcome, register
from sync.links import links_for, record_link_error, record_synced
from sync.models import CategoryStatus, Link, MessageAction
from sync.preparation import discover_categories

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

ITEM_SALES_CATEGORY = "ItemSalesCategory"
ALWAYS = ("CategoryID", "Description", "ParentCategoryID", "Path", "SortOrder", "LastModifiedDateTime")
TOP_LEVEL = "0"


def category_plan() -> ReadPlan:
    return load_read_plan(Entity.CATEGORY, always=ALWAYS)


def category_key(record: Mapping[str, Any]) -> str:
    return text(record, "CategoryID")


def category_facts(record: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "description": text(record, "Description"),
        "parent": text(record, "ParentCategoryID") or TOP_LEVEL,
        "path": text(record, "Path"),
        "sort_order": text(record, "SortOrder"),
    }


def depth_order(records: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Keys with every parent before its children (how a tree is created in one pass)."""
    parents = {key: text(record, "ParentCategoryID") or TOP_LEVEL for key, record in records.items()}

    def depth(key: str) -> int:
        count, current, seen = 0, key, set()
        while parents.get(current, TOP_LEVEL) != TOP_LEVEL and current not in seen:
            seen.add(current)
            current = parents[current]
            count += 1
        return count

    return sorted(records, key=lambda key: (depth(key), int(key) if key.isdigit() else 0, key))


@register
class CategoryFlow(Flow):
    entity = Entity.CATEGORY
    push_queries = ("Item Sales Categories", "Item Sales Categories: Last Modified Date")
    push_key_field = "CategoryID"

    # ----------------------------------------------------------------- reading Acumatica
    def read(self, ctx: SyncContext, since: datetime | None, until: datetime | None) -> list[Change]:
        """Categories changed in `[since, until)` (all when None), parents first, discovered."""
        plan = category_plan()
        records = {category_key(r): r for r in iter_changed(ctx, ITEM_SALES_CATEGORY, plan, since, until)}
        records.pop("", None)
        discover_categories({key: category_facts(record) for key, record in records.items()})
        snapshot = plan_id(plan)
        return [
            Change(key, payload={"record": records[key], "plan": snapshot}) for key in depth_order(records)
        ]

    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        return self.read(ctx, since, until)

    def dependencies(self, ctx: SyncContext, message: Message) -> list[Dependency]:
        record = (message.payload or {}).get("record")
        parent = text(record, "ParentCategoryID") if isinstance(record, Mapping) else ""
        return [Dependency(Entity.CATEGORY, parent)] if parent and parent != TOP_LEVEL else []

    def _record(self, ctx: SyncContext, message: Message, plan: ReadPlan) -> Record | None:
        payload = message.payload or {}
        if isinstance(payload.get("record"), dict) and payload.get("plan") == plan_id(plan):
            return dict(payload["record"])
        if not message.key.isdigit():
            return None
        found = fetch_by_keys(ctx, ITEM_SALES_CATEGORY, "CategoryID", [int(message.key)], plan)
        return found.get(message.key)

    # ----------------------------------------------------------------- writing Magento
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        return {message.pk: self._sync(ctx, message) for message in messages}

    def _sync(self, ctx: SyncContext, message: Message) -> Outcome:
        if message.action == MessageAction.DELETE:
            return Outcome.skipped("category deleted in Acumatica; the Magento category is kept")
        record = self._record(ctx, message, category_plan())
        if record is None:
            return Outcome.skipped("not found in Acumatica")
        facts = category_facts(record)
        link = discover_categories({message.key: facts})[message.key]
        if not link.enabled_for_sync:
            return Outcome.skipped(f"category {message.key} is not enabled for Magento sync")
        parent = facts["parent"]
        parent_id, blocker = self._parent(ctx, parent)
        if blocker is not None:
            return blocker
        assert parent_id is not None
        # The Parent Category field's lookup: the parent is the only category the record names.
        lookups = {"category": {TOP_LEVEL: parent_id, parent: parent_id}}
        result = map_to_magento(record, load_fields(Entity.CATEGORY), record_key=message.key, lookups=lookups)
        if not result.ok:
            return Outcome.failed("; ".join(str(issue) for issue in result.errors))
        payload = dict(result.payload)
        payload["parent_id"] = parent_id
        payload["is_active"] = link.category_status == CategoryStatus.ACTIVE
        payload.setdefault("include_in_menu", True)
        payload.setdefault("name", facts["description"] or message.key)
        print_ = _fingerprint(result.signature, payload)
        if link.is_linked and link.fingerprint == print_:
            return Outcome.skipped("unchanged")
        if ctx.dry_run:
            verb = f"update category {link.magento_id}" if link.is_linked else "create category"
            return Outcome.skipped(f"dry run: would {verb} {payload['name']!r} under {parent_id}")
        try:
            category_id, created = self._save(ctx, link, payload)
        except ValidationError as exc:
            record_link_error(Entity.CATEGORY, message.key, exc.remote_message or exc.summary)
            raise
        record_synced(
            Entity.CATEGORY,
            message.key,
            magento_id=str(category_id),
            fingerprint=print_,
            extra={"parent_magento_id": parent_id},
        )
        verb = "created" if created else "updated"
        return Outcome.succeeded(f"{verb} category {payload['name']!r} (id {category_id}) under {parent_id}")

    def _parent(self, ctx: SyncContext, parent: str) -> tuple[int | None, Outcome | None]:
        """The Magento id of the parent, or why the category cannot be written yet."""
        if parent == TOP_LEVEL:
            return catalog_for(ctx).root_category_id(), None
        link = links_for(Entity.CATEGORY, [parent]).get(parent)
        if link is not None and link.is_linked:
            return int(str(link.magento_id)), None
        if link is None or not link.enabled_for_sync:
            return None, Outcome.skipped(f"parent category {parent} is not enabled for Magento sync")
        ensure_queued(Entity.CATEGORY, [parent], dry_run=ctx.dry_run)
        if ctx.dry_run:
            return 0, None  # a dry run reports what it would do once the parent exists
        return None, Outcome.wait(f"category {parent}")

    def _find(self, ctx: SyncContext, parent_id: int, name: str) -> int | None:
        """The category with this name under the parent: known without a search under a parent
        this run created (initial sync creates whole trees), else searched."""
        known = catalog_for(ctx).known_children(parent_id)
        if known is not None:
            return known.get(name.casefold())
        criteria = SearchCriteria().where("parent_id", parent_id).where("name", name)
        for item in ctx.magento.search("magento.category.search", criteria, store="all").items:
            if (
                int(item.get("parent_id") or 0) == parent_id
                and str(item.get("name", "")).casefold() == name.casefold()
            ):
                return int(item["id"])
        return None

    def _save(self, ctx: SyncContext, link: Link, payload: dict[str, Any]) -> tuple[int, bool]:
        """Update the linked category (moving it when its parent changed), else the one with this
        name under the parent, else create it; returns (id, created)."""
        client = ctx.magento
        catalog = catalog_for(ctx)
        parent_id = int(payload["parent_id"])
        category_id: int | None = int(str(link.magento_id)) if link.is_linked else None
        if category_id is not None:
            try:
                current = client.call(
                    "magento.category.get", path={"category_id": category_id, "store": "all"}
                ).data
            except NotFoundError:
                category_id = None  # deleted in Magento: find or create it again
            else:
                old_parent = int(current.get("parent_id") or 0)
                if old_parent != parent_id:
                    catalog.forget_children(old_parent, parent_id)
                    client.call(
                        "magento.category.move",
                        path={"category_id": category_id},
                        json={"parentId": parent_id},
                    )
                elif str(current.get("name") or "") != str(payload["name"]):
                    catalog.forget_children(parent_id)  # renamed: its old name no longer finds it
        if category_id is None:
            category_id = self._find(ctx, parent_id, str(payload["name"]))
        if category_id is not None:
            client.push_category(category_id, {**payload, "id": category_id})
            return category_id, False
        try:
            created = client.push_new_category(payload)
        except ValidationError:
            # "URL key ... already exists": the category may have landed on an earlier attempt.
            catalog.forget_children(parent_id)
            found = self._find(ctx, parent_id, str(payload["name"]))
            if found is None:
                raise
            client.push_category(found, {**payload, "id": found})
            return found, False
        except Exception:
            catalog.forget_children(parent_id)  # it may have landed: the next lookup searches
            raise
        catalog.created_category(parent_id, str(payload["name"]), int(created["id"]))
        return int(created["id"]), True


def _fingerprint(signature: Any, payload: Mapping[str, Any]) -> str:
    owned = {name: payload.get(name) for name in ("parent_id", "is_active", "include_in_menu", "name")}
    return fingerprint(signature, owned)
