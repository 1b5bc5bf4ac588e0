"""The Acumatica side of the order import: finding orders already imported, explaining refusals.

Exactly once (design.md section 4): a sales order carries the Magento increment id in
`CustomerOrder` (and `ExternalRef`), and the import looks for it before every create, and again
right after a create whose answer was lost. Lookups are bulk: one list call per chunk of ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from endpoints.clients import odata
from endpoints.clients.acumatica_records import value_of
from endpoints.exceptions import EndpointError
from sync.flows.orders.mapping import OrderLine, line_map

SALES_ORDER = "SalesOrder"
LOOKUP_SELECT = (
    "OrderType,OrderNbr,CustomerOrder,ExternalRef,CustomerID,Status,Details/LineNbr,Details/ExternalRef"
)


def order_key(order_type: str, order_nbr: str) -> str:
    """The link key of a sales order: `SO/000123`."""
    return f"{order_type}/{order_nbr}"


def split_order_key(key: str) -> tuple[str, str]:
    order_type, _, order_nbr = key.partition("/")
    return order_type, order_nbr


@dataclass(frozen=True)
class SalesOrderRef:
    order_type: str
    order_nbr: str
    customer_order: str
    customer_id: str = ""
    status: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # LineNbr -> Magento item id

    @property
    def key(self) -> str:
        return order_key(self.order_type, self.order_nbr)

    @property
    def label(self) -> str:
        return f"{self.order_type} {self.order_nbr}"

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> SalesOrderRef:
        return cls(
            order_type=str(value_of(record, "OrderType") or ""),
            order_nbr=str(value_of(record, "OrderNbr") or ""),
            customer_order=str(value_of(record, "CustomerOrder") or ""),
            customer_id=str(value_of(record, "CustomerID") or ""),
            status=str(value_of(record, "Status") or ""),
            lines=line_map(record.get("Details") or []),
        )


def find_imported_orders(ctx: Any, increment_ids: Iterable[str]) -> dict[str, SalesOrderRef]:
    """Sales orders whose `CustomerOrder` is one of the increment ids, by increment id.

    Should a Magento order have several (created before this connector guarded against it), the
    one whose `ExternalRef` also matches, then the lowest number, is the one linked.
    """
    found: dict[str, list[tuple[bool, str, SalesOrderRef]]] = {}
    for _, expression in odata.chunk_keys("CustomerOrder", list(dict.fromkeys(increment_ids))):
        for record in ctx.acumatica.fetch_list(
            SALES_ORDER, filter=expression, select=LOOKUP_SELECT, expand="Details"
        ):
            ref = SalesOrderRef.from_record(record)
            other_reference = str(value_of(record, "ExternalRef") or "") != ref.customer_order
            found.setdefault(ref.customer_order, []).append((other_reference, ref.order_nbr, ref))
    return {increment_id: min(refs, key=lambda r: r[:2])[2] for increment_id, refs in found.items()}


# ----------------------------------------------------------------------------- refusals
_DETAIL_FIELD = re.compile(r"^Details\[(\d+)\]\.(\w+)$")
FIX_BY_FIELD = {
    "CustomerID": "correct the customer in Acumatica (Customers, AR303000)",
    "ShipVia": "correct the Ship Via under Sync > Shipping method mappings",
    "PaymentMethod": "correct the payment method under Sync > Payment method mappings",
    "CashAccount": "correct the cash account under Sync > Payment method mappings",
    "OrderType": "correct the Order Type under Sync > Order sync settings",
    "TaxDetails": "create the tax or correct the Tax ID under Sync > Order sync settings",
}


def explain_refusal(
    exc: EndpointError, lines: Sequence[OrderLine], body: Mapping[str, Any], increment_id: str
) -> str:
    """One line naming what Acumatica refused and what to fix, from a 422's field errors."""
    problems: list[str] = []
    fixes: list[str] = []
    for error in exc.field_errors:
        match = _DETAIL_FIELD.match(error.field)
        if match is not None:
            index, name = int(match.group(1)), match.group(2)
            line = lines[index] if index < len(lines) else None
            sku = line.sku if line else "?"
            if name == "InventoryID":
                problems.append(f'unknown SKU "{sku}" ({error.message})')
                fixes.append(f'create the item "{sku}" in Acumatica or link the product')
            else:
                problems.append(f'line of SKU "{sku}": {name}: {error.message}')
            continue
        top = error.field.split(".")[0].split("[")[0]
        value = value_of(body, top) if top in body else None
        shown = f' "{value}"' if value not in (None, "") else ""
        problems.append(f"{top}{shown}: {error.message}")
        if top in FIX_BY_FIELD:
            fixes.append(FIX_BY_FIELD[top])
    if not problems:
        problems.append(exc.remote_message or exc.summary)
    text = f"Acumatica refused the sales order for Magento order {increment_id}: " + "; ".join(problems)
    if fixes:
        text = text.rstrip(".") + ". Fix: " + "; ".join(dict.fromkeys(fixes)) + ", then reprocess."
    return text
