"""Order links: one per sales order that exists in both systems.

`acumatica_key` is `OrderType/OrderNbr`, `magento_id` the Magento increment id; `extra` keeps the
Magento entity id (the id Magento's order routes take), the store, where the order was first
entered (`origin`: magento for imports, acumatica for exports) and the map from Acumatica line
numbers to Magento item ids that shipments are built from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sync.choices import Entity
from sync.links import record_synced
from sync.models import Link

ORIGIN_MAGENTO = "magento"
ORIGIN_ACUMATICA = "acumatica"
# `ext_order_id` of Magento orders created from Acumatica orders: "acumatica:SO/000123".
EXPORT_MARKER = "acumatica:"


def links_by_increment_id(scope: str, increment_ids: Iterable[str]) -> dict[str, Link]:
    wanted = list(dict.fromkeys(str(key) for key in increment_ids))
    rows = Link.objects.filter(entity=Entity.ORDER, scope=scope, magento_id__in=wanted)
    return {str(link.magento_id): link for link in rows}


def link_order(
    scope: str,
    key: str,
    order: Mapping[str, Any],
    *,
    origin: str,
    lines: Mapping[str, int] | None = None,
) -> Link:
    """Record that Acumatica order `key` and Magento order `order` are one order."""
    extra: dict[str, Any] = {
        "origin": origin,
        "entity_id": int(order.get("entity_id") or 0),
        "store_id": int(order.get("store_id") or 0),
    }
    if lines:
        extra["lines"] = dict(lines)
    return record_synced(
        Entity.ORDER, key, scope=scope, magento_id=str(order.get("increment_id") or ""), extra=extra
    )


def magento_order_id(link: Link) -> int:
    return int(link.extra.get("entity_id") or 0)
