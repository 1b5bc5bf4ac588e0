"""Reference data of the demo business that business rules consult (same for every seed)."""

from __future__ import annotations

from sandbox.common.catalog import ATTRIBUTES, BRANCHES, ORDER_TYPES, WAREHOUSES, AttributeDef

ATTRIBUTE_DEFS: dict[str, AttributeDef] = {a.attribute_id: a for a in ATTRIBUTES}
WAREHOUSE_IDS: tuple[str, ...] = tuple(w.warehouse_id for w in WAREHOUSES)
BRANCH_IDS: tuple[str, ...] = tuple(b.branch_id for b in BRANCHES)
ORDER_TYPE_IDS: tuple[str, ...] = tuple(t.order_type for t in ORDER_TYPES)
DEFAULT_LOCATION = "MAIN"  # the customer location and warehouse location every record gets
