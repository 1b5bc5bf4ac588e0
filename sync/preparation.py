"""Data preparation (the guide's section 4): which catalog records may sync, and how.

Three lists, each a proxy over `Link` (see `sync.models.preparation`): Item Classes (an enabled
class becomes a Magento attribute set), Stock Items (enabled, with a Visibility) and Sales
Categories (enabled, with a Category Status on Magento). The lists fill themselves: every read of
a catalog record (a poll, a push being processed, `initial_sync`, `enable_for_sync`) passes what
Acumatica said about it to `discover_*`, which adds the missing rows (enabled at once when Setup
Parameters say so) and refreshes the facts of the known ones.

Enabling is the one place that decides what becomes eligible, for the admin actions and the
`enable_for_sync` command alike; it queues the newly enabled records so they reach Magento through
the queue (entry points never sync inline).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from sync.catalog.dependencies import ensure_queued
from sync.choices import Direction, Entity
from sync.models import (
    DEFAULT_SCOPE,
    CategoryStatus,
    ItemKind,
    Link,
    SetupParameters,
    Visibility,
)
from sync.models.preparation import SELLING_STATUSES
from sync.scopes import is_sync_enabled

logger = logging.getLogger(__name__)

_CHUNK = 500

Facts = dict[str, Any]


# ---------------------------------------------------------------------------- discovery
def discover(entity: str, facts: Mapping[str, Facts]) -> dict[str, Link]:
    """Make sure every record in `facts` (key -> what Acumatica says) has its row, and that the
    row's facts are current. New rows are enabled when "Enable Newly Discovered Records" is on;
    new matrix items default to Not Visible Individually (Magento shows them through their
    configurable product). Returns the links by key. One query per 500 keys, plus the writes (in
    bulk: one insert of the new rows, one update of the rows whose facts changed)."""
    if not facts:
        return {}
    keys = list(facts)
    found: dict[str, Link] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        for link in Link.objects.filter(entity=entity, scope=DEFAULT_SCOPE, acumatica_key__in=chunk):
            found[link.acumatica_key] = link
    auto = SetupParameters.load().auto_enable_new_records
    new = [
        Link(
            entity=entity,
            scope=DEFAULT_SCOPE,
            acumatica_key=key,
            enabled_for_sync=auto,
            visibility=_default_visibility(facts[key]),
            extra=dict(facts[key]),
        )
        for key in keys
        if key not in found
    ]
    if new:
        # Two producers may discover the same record at once: the unique constraint keeps one row.
        Link.objects.bulk_create(new, ignore_conflicts=True)
        for link in Link.objects.filter(
            entity=entity, scope=DEFAULT_SCOPE, acumatica_key__in=[link.acumatica_key for link in new]
        ):
            found[link.acumatica_key] = link
        logger.info(
            "Discovered %d %s records in Acumatica",
            len(new),
            entity,
            extra={"entity": entity, "discovered": len(new), "auto_enabled": auto},
        )
    now = timezone.now()
    changed = []
    for key in keys:
        current = found.get(key)
        if current is None:
            continue
        merged = {**(current.extra or {}), **facts[key]}
        if merged != current.extra:
            current.extra, current.updated_at = merged, now
            changed.append(current)
    if changed:  # one statement per chunk, not one per record whose facts changed
        Link.objects.bulk_update(changed, ["extra", "updated_at"], batch_size=_CHUNK)
    return found


def _default_visibility(facts: Facts) -> str:
    if facts.get("kind") == ItemKind.VARIANT:
        return Visibility.NOT_VISIBLE
    return Visibility.CATALOG_SEARCH


def discover_item_classes(facts: Mapping[str, Facts]) -> dict[str, Link]:
    return discover(Entity.ATTRIBUTE_SET, facts)


def discover_items(facts: Mapping[str, Facts]) -> dict[str, Link]:
    return discover(Entity.PRODUCT, facts)


def discover_categories(facts: Mapping[str, Facts]) -> dict[str, Link]:
    return discover(Entity.CATEGORY, facts)


# ---------------------------------------------------------------------------- readiness
def item_is_active(status: str) -> bool:
    return status.strip().casefold() in {s.casefold() for s in SELLING_STATUSES}


def product_blocker(key: str, status: str, item: Link | None, item_class: str, klass: Link | None) -> str:
    """Why an item may not sync to Magento yet ("" when it may): it must be active in Acumatica,
    its item class enabled for Magento sync, and the item itself enabled."""
    if not item_is_active(status):
        return f"item {key} is not active in Acumatica (status {status or 'unknown'})"
    if klass is None or not klass.enabled_for_sync:
        return f"item class {item_class or '(none)'} is not enabled for Magento sync"
    if item is None or not item.enabled_for_sync:
        return f"item {key} is not enabled for Magento sync"
    return ""


# ---------------------------------------------------------------------------- enabling
@dataclass
class EnableResult:
    """What one enabling request changed, per list."""

    changed: dict[str, int] = field(default_factory=dict)
    queued: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def summary(self) -> str:
        names: dict[str, str] = {
            Entity.ATTRIBUTE_SET: "item classes",
            Entity.PRODUCT: "stock items",
            Entity.CATEGORY: "sales categories",
        }
        parts = [f"{count} {names.get(entity, entity)}" for entity, count in self.changed.items()]
        text = "Enabled for Magento sync: " + (", ".join(parts) if parts else "nothing new")
        queued = sum(self.queued.values())
        if queued:
            text += f"; {queued} queued for sync"
        if self.missing:
            text += f"; not found in Acumatica: {', '.join(self.missing)}"
        return text + "."


def _queue(entity: str, keys: Sequence[str]) -> int:
    """Queue records for sync, unless they already have work queued or the entity is off."""
    if not keys or not is_sync_enabled(DEFAULT_SCOPE, entity, Direction.A2M):
        return 0
    return ensure_queued(entity, keys)


def set_enabled(
    entity: str,
    keys: Iterable[str] | None,
    *,
    enabled: bool = True,
    visibility: str | None = None,
    category_status: str | None = None,
    queue: bool = True,
    result: EnableResult | None = None,
) -> EnableResult:
    """Enable (or disable) records of one list; `keys` None means every known record.

    Visibility (stock items) and Category Status (categories) are set on the same rows when given.
    Records that become enabled are queued, so they reach Magento without waiting for a change.
    """
    result = result or EnableResult()
    rows = Link.objects.filter(entity=entity, scope=DEFAULT_SCOPE)
    wanted = None if keys is None else list(dict.fromkeys(str(k) for k in keys))
    if wanted is not None:
        rows = rows.filter(acumatica_key__in=wanted)
        known = set(rows.values_list("acumatica_key", flat=True))
        result.missing += [key for key in wanted if key not in known]
    changes: dict[str, Any] = {}
    if visibility is not None:
        changes["visibility"] = parse_visibility(visibility)
    if category_status is not None:
        changes["category_status"] = parse_category_status(category_status)
    with transaction.atomic():
        newly = list(rows.filter(enabled_for_sync=not enabled).values_list("acumatica_key", flat=True))
        updated = rows.update(enabled_for_sync=enabled, updated_at=timezone.now(), **changes)
    touched = len(newly) if not changes else updated
    if touched:
        result.changed[entity] = result.changed.get(entity, 0) + touched
    if enabled and queue:
        # New enablement, or a changed visibility/status of enabled records: both need a sync.
        to_queue = newly if not changes else list(rows.values_list("acumatica_key", flat=True))
        count = _queue(entity, to_queue)
        if count:
            result.queued[entity] = result.queued.get(entity, 0) + count
    return result


def enable_item_class(class_id: str, *, visibility: str | None = None, queue: bool = True) -> EnableResult:
    """Enable an item class and every stock item (and matrix template) of it."""
    return enable_item_classes([class_id], visibility=visibility, queue=queue)


def enable_item_classes(
    class_ids: Iterable[str], *, visibility: str | None = None, queue: bool = True
) -> EnableResult:
    """Enable item classes and every stock item (and matrix template) of them: the classes in one
    update, their items found in one pass over the Stock Items list and enabled in one update."""
    wanted = list(dict.fromkeys(str(key) for key in class_ids))
    result = set_enabled(Entity.ATTRIBUTE_SET, wanted, queue=queue)
    classes = {key.casefold() for key in wanted}
    items = [
        key
        for key, extra in Link.objects.filter(entity=Entity.PRODUCT, scope=DEFAULT_SCOPE).values_list(
            "acumatica_key", "extra"
        )
        if str((extra or {}).get("item_class", "")).casefold() in classes
    ]
    return set_enabled(Entity.PRODUCT, items, visibility=visibility, queue=queue, result=result)


def enable_categories(
    category_ids: Iterable[str], *, category_status: str | None = None, queue: bool = True
) -> EnableResult:
    """Enable sales categories and their parents (a category reaches Magento under its parent)."""
    wanted = [str(key) for key in category_ids]
    parents = {
        link.acumatica_key: str((link.extra or {}).get("parent") or "0")
        for link in Link.objects.filter(entity=Entity.CATEGORY, scope=DEFAULT_SCOPE)
    }
    closure: list[str] = []
    for key in wanted:
        current = key
        while current and current != "0" and current not in closure:
            closure.append(current)
            current = parents.get(current, "0")
    # Parents first, so a parent's message is queued (and processed) before its children's.
    ordered = sorted(closure, key=lambda k: _depth(k, parents))
    result = set_enabled(Entity.CATEGORY, ordered, category_status=category_status, queue=queue)
    result.missing = [key for key in result.missing if key in wanted]
    return result


def _depth(key: str, parents: Mapping[str, str]) -> int:
    depth, current, seen = 0, key, set()
    while parents.get(current, "0") != "0" and current not in seen:
        seen.add(current)
        current = parents[current]
        depth += 1
    return depth


def enable_everything(*, visibility: str | None = None, queue: bool = True) -> EnableResult:
    """Every known item class, sales category and stock item (the demo's `enable_for_sync --all`)."""
    result = set_enabled(Entity.ATTRIBUTE_SET, None, queue=queue)
    categories = list(
        Link.objects.filter(entity=Entity.CATEGORY, scope=DEFAULT_SCOPE).values_list(
            "acumatica_key", flat=True
        )
    )
    merged = enable_categories(categories, queue=queue)
    for name in ("changed", "queued"):
        for entity, count in getattr(merged, name).items():
            getattr(result, name)[entity] = getattr(result, name).get(entity, 0) + count
    return set_enabled(Entity.PRODUCT, None, visibility=visibility, queue=queue, result=result)


# ---------------------------------------------------------------------------- choices
def parse_visibility(value: str) -> str:
    """A visibility by code (1-4) or label ("Catalog and Search", "Catalog, Search")."""
    text = " ".join(str(value).replace(",", " and ").split()).casefold()
    for choice in Visibility:
        if text in (choice.value, str(choice.label).casefold()):
            return choice.value
    labels = ", ".join(str(choice.label) for choice in Visibility)
    raise ValueError(f"Unknown visibility {value!r}: use one of {labels}.")


def parse_category_status(value: str) -> str:
    text = str(value).strip().casefold()
    for choice in CategoryStatus:
        if text in (choice.value, str(choice.label).casefold()):
            return choice.value
    raise ValueError(f"Unknown category status {value!r}: use Active or Inactive.")
