"""Acumatica shipments as the shipment flow reads them, and how a Magento shipment made from one
is recognized (its comment names the Acumatica shipment, or it has one of its tracking numbers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from endpoints.clients import odata
from endpoints.clients.acumatica_records import value_of
from sync.flows.orders.acumatica import order_key
from sync.flows.orders.mapping import decimal

SHIPMENT = "Shipment"
SHIPMENT_EXPAND = "Details,Packages"


def comment_for(shipment_nbr: str) -> str:
    """The comment of a Magento shipment made from an Acumatica shipment (how it is recognized)."""
    return f"Acumatica shipment {shipment_nbr}"


@dataclass(frozen=True)
class ShippedLine:
    order: str  # OrderType/OrderNbr
    line_nbr: str
    inventory_id: str
    qty: Decimal


@dataclass(frozen=True)
class AcumaticaShipment:
    nbr: str
    status: str
    type: str
    ship_via: str
    warehouse: str
    lines: list[ShippedLine] = field(default_factory=list)
    tracking: list[str] = field(default_factory=list)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> AcumaticaShipment:
        lines = [
            ShippedLine(
                order=order_key(str(value_of(row, "OrderType") or ""), str(value_of(row, "OrderNbr") or "")),
                line_nbr=str(value_of(row, "OrderLineNbr") or ""),
                inventory_id=str(value_of(row, "InventoryID") or "").strip(),
                qty=decimal(value_of(row, "ShippedQty")),
            )
            for row in record.get("Details") or []
            if value_of(row, "OrderNbr")
        ]
        tracking = [
            str(value_of(package, "TrackingNbr")).strip()
            for package in record.get("Packages") or []
            if str(value_of(package, "TrackingNbr") or "").strip()
        ]
        return cls(
            nbr=str(value_of(record, "ShipmentNbr") or ""),
            status=str(value_of(record, "Status") or ""),
            type=str(value_of(record, "Type") or ""),
            ship_via=str(value_of(record, "ShipVia") or ""),
            warehouse=str(value_of(record, "WarehouseID") or ""),
            lines=lines,
            tracking=list(dict.fromkeys(tracking)),
        )

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> AcumaticaShipment:
        return cls(
            **{k: payload[k] for k in ("nbr", "status", "type", "ship_via", "warehouse", "tracking")},
            lines=[
                ShippedLine(row["order"], row["line_nbr"], row["inventory_id"], Decimal(row["qty"]))
                for row in payload["lines"]
            ],
        )

    def as_payload(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in ("nbr", "status", "type", "ship_via", "warehouse", "tracking")}
        data["lines"] = [
            {
                "order": line.order,
                "line_nbr": line.line_nbr,
                "inventory_id": line.inventory_id,
                "qty": str(line.qty),
            }
            for line in self.lines
        ]
        return data

    @property
    def orders(self) -> list[str]:
        return list(dict.fromkeys(line.order for line in self.lines))


def matches(existing: Mapping[str, Any], shipment: AcumaticaShipment) -> bool:
    """Whether a Magento shipment is the one made from `shipment` (its comment or a tracking number)."""
    tag = comment_for(shipment.nbr)
    if any(tag in str(comment.get("comment") or "") for comment in existing.get("comments") or []):
        return True
    numbers = {str(track.get("track_number") or "") for track in existing.get("tracks") or []}
    return bool(numbers & set(shipment.tracking))


def link_key(shipment_nbr: str, order: str) -> str:
    return f"{shipment_nbr}/{order}"


def fetch_acumatica_shipments(ctx: Any, numbers: Sequence[str]) -> dict[str, AcumaticaShipment]:
    """Shipments with their lines and packages, by number, in one list call per chunk of numbers."""
    found: dict[str, AcumaticaShipment] = {}
    for _, expression in odata.chunk_keys("ShipmentNbr", list(dict.fromkeys(numbers))):
        for record in ctx.acumatica.fetch_list(SHIPMENT, filter=expression, expand=SHIPMENT_EXPAND):
            shipment = AcumaticaShipment.from_record(record)
            found[shipment.nbr] = shipment
    return found
