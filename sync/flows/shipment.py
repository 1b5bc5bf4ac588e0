"""Acumatica shipments to Magento shipments (`shipment`, A to M), once each.

When: the Shipment Sync Trigger of Setup Parameters. On Shipment Confirmation a shipment is sent
once it is confirmed (or later: invoiced, completed); on Invoice Release once its invoice is
released (Acumatica then reports the shipment Completed). The poller reads the shipments changed
in the window with their lines, packages and orders (one list call per page), and, for the invoice
trigger, the invoices released in the window; it keeps the shipments of orders linked in the scope.

What: per linked sales order on the shipment, one Magento shipment with the shipped lines only (a
partial shipment ships its quantities), the tracking numbers of the packages, the carrier from the
ShipVia mapping (drop-ship shipments use the Dropship ShipVia settings), and the MSI source of the
warehouse mapping. Acumatica lines find their Magento items through the order link's line map (the
import kept each line's Magento item id), else by SKU.

Once: the Magento shipments of the batch's orders are read first (one search per 50 orders) and one
whose comment names the Acumatica shipment, or that has one of its tracking numbers, is linked
instead of creating another; a create whose answer is lost is checked the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from endpoints.clients import odata
from endpoints.clients.acumatica_records import value_of
from endpoints.exceptions import PermanentError, RetryableError
from sync.choices import Direction, Entity, ShipmentTrigger
from sync.errors import RecordError
from sync.flows import Change, Flow, Outcome, OutcomeKind, register
from sync.flows.orders.links import magento_order_id
from sync.flows.orders.locks import record_locks
from sync.flows.orders.magento import MagentoOrders, fetch_shipments
from sync.flows.orders.mapping import order_lines
from sync.flows.orders.shipping import (
    SHIPMENT,
    SHIPMENT_EXPAND,
    AcumaticaShipment,
    comment_for,
    fetch_acumatica_shipments,
    link_key,
    matches,
)
from sync.links import links_for, record_synced
from sync.mappings import BatchMappings, MissingMappingError, resolve_ship_via, resolve_source
from sync.models import Link
from sync.processing import describe_error

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

INVOICE = "SalesInvoice"
SHIPPED_STATUSES = ("Confirmed", "Partially Invoiced", "Invoiced", "Completed")
INVOICED_STATUSES = ("Completed",)
RELEASED_INVOICE_STATUSES = ("Open", "Closed")
DROP_SHIPMENT = "Drop-Shipment"


@dataclass(frozen=True)
class _Batch:
    """What the shipments of one batch share, each read once for the batch: the Magento orders
    (only if a line needs its order's items) and the ShipVia and warehouse mappings."""

    magento_orders: MagentoOrders
    mappings: BatchMappings


@register
class ShipmentFlow(Flow):
    entity = Entity.SHIPMENT
    direction = Direction.A2M
    per_store_view = True
    batchable = True
    push_queries = ("Shipments",)
    push_key_field = "ShipmentNbr"

    # ----------------------------------------------------------------- reading Acumatica
    def _trigger(self, ctx: SyncContext) -> str:
        return str(ctx.setup.shipment_trigger)

    def _ready(self, ctx: SyncContext, shipment: AcumaticaShipment) -> bool:
        invoiced = self._trigger(ctx) == ShipmentTrigger.INVOICE_RELEASE
        return shipment.status in (INVOICED_STATUSES if invoiced else SHIPPED_STATUSES)

    def _in_scope(self, ctx: SyncContext, shipments: Iterable[AcumaticaShipment]) -> list[AcumaticaShipment]:
        shipments = list(shipments)
        linked = links_for(Entity.ORDER, {o for s in shipments for o in s.orders}, ctx.scope)
        return [s for s in shipments if any(o in linked for o in s.orders)]

    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        client = ctx.acumatica
        modified = client.last_modified_field(SHIPMENT) or "LastModifiedDateTime"
        window = odata.and_(odata.ge(modified, since), odata.lt(modified, until))
        changed = [
            AcumaticaShipment.from_record(record)
            for record in client.iter_records(SHIPMENT, filter=window, expand=SHIPMENT_EXPAND)
        ]
        ready = [s for s in changed if self._ready(ctx, s)]
        if self._trigger(ctx) == ShipmentTrigger.INVOICE_RELEASE:
            known = {s.nbr for s in changed}
            invoiced = [n for n in self._released_invoice_shipments(ctx, since, until) if n not in known]
            ready += [s for s in fetch_acumatica_shipments(ctx, invoiced).values() if self._ready(ctx, s)]
        return [Change(s.nbr, payload=s.as_payload()) for s in self._in_scope(ctx, ready)]

    def _released_invoice_shipments(self, ctx: SyncContext, since: datetime, until: datetime) -> list[str]:
        """Shipment numbers on the invoices released in the window."""
        modified = ctx.acumatica.last_modified_field(INVOICE) or "LastModifiedDateTime"
        released = odata.or_(*(odata.eq("Status", status) for status in RELEASED_INVOICE_STATUSES))
        window = odata.and_(odata.ge(modified, since), odata.lt(modified, until), released)
        numbers: list[str] = []
        for invoice in ctx.acumatica.iter_records(
            INVOICE, filter=window, select="Type,ReferenceNbr,Details/ShipmentNbr", expand="Details"
        ):
            numbers += [
                str(value_of(row, "ShipmentNbr"))
                for row in invoice.get("Details") or []
                if value_of(row, "ShipmentNbr")
            ]
        return list(dict.fromkeys(numbers))

    def _shipments(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[str, AcumaticaShipment]:
        found = {
            m.key: AcumaticaShipment.from_payload(m.payload)
            for m in messages
            if isinstance(m.payload, dict) and "lines" in m.payload
        }
        missing = [m.key for m in messages if m.key not in found]
        if missing:
            found.update(fetch_acumatica_shipments(ctx, missing))
        return found

    # ----------------------------------------------------------------- writing Magento
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        shipments = self._shipments(ctx, messages)
        orders = links_for(Entity.ORDER, {o for s in shipments.values() for o in s.orders}, ctx.scope)
        done = links_for(
            Entity.SHIPMENT, [link_key(s.nbr, o) for s in shipments.values() for o in s.orders], ctx.scope
        )
        todo: list[tuple[Message, AcumaticaShipment, list[Link]]] = []
        for message in messages:
            shipment = shipments.get(message.key)
            if shipment is None:
                outcomes[message.pk] = Outcome.skipped("not found in Acumatica")
            elif not self._ready(ctx, shipment):
                outcomes[message.pk] = Outcome.skipped(
                    f"status {shipment.status}: not sent on {self._trigger(ctx)}"
                )
            else:
                linked = [orders[o] for o in shipment.orders if o in orders and magento_order_id(orders[o])]
                if not linked:
                    outcomes[message.pk] = Outcome.skipped("not a shipment of a Magento order")
                else:
                    todo.append((message, shipment, linked))
        names = {f"shipment:{ctx.scope}:{shipment.nbr}": message for message, shipment, _ in todo}
        with record_locks(names) as held:
            for name, message in names.items():
                if name not in held:
                    outcomes[message.pk] = Outcome.wait(
                        f"shipment {message.key} (another worker is sending it)"
                    )
            mine = [(m, s, links) for m, s, links in todo if f"shipment:{ctx.scope}:{s.nbr}" in held]
            outcomes.update(self._send(ctx, mine, done))
        return outcomes

    def _send(
        self,
        ctx: SyncContext,
        todo: Sequence[tuple[Message, AcumaticaShipment, list[Link]]],
        done: Mapping[str, Link],
    ) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        pending = {
            magento_order_id(o)
            for _, s, links in todo
            for o in links
            if link_key(s.nbr, o.acumatica_key) not in done
        }
        existing = fetch_shipments(ctx, pending) if pending else {}
        batch = _Batch(MagentoOrders(ctx, pending), BatchMappings(ctx.scope))
        for message, shipment, links in todo:
            results = []
            for order in links:
                key = link_key(shipment.nbr, order.acumatica_key)
                if key in done:
                    results.append(
                        Outcome.succeeded(f"order {order.magento_id}: shipment {done[key].magento_id}")
                    )
                else:
                    results.append(
                        self._ship(ctx, shipment, order, existing.get(magento_order_id(order), []), batch)
                    )
            outcomes[message.pk] = combine(results)
        return outcomes

    def _ship(
        self,
        ctx: SyncContext,
        shipment: AcumaticaShipment,
        order: Link,
        existing: list[dict[str, Any]],
        batch: _Batch,
    ) -> Outcome:
        order_id = magento_order_id(order)
        key = link_key(shipment.nbr, order.acumatica_key)
        found = next((s for s in existing if matches(s, shipment)), None)
        if found is not None:
            record_synced(Entity.SHIPMENT, key, scope=ctx.scope, magento_id=str(found["entity_id"]))
            return Outcome.succeeded(
                f"order {order.magento_id}: shipment {found['entity_id']} (already in Magento)"
            )
        try:
            body = self._body(ctx, shipment, order, batch)
        except RecordError as exc:
            return Outcome.failed(str(exc))
        if ctx.dry_run:
            return Outcome.skipped(
                f"dry run: would ship {len(body['items'])} items of order {order.magento_id}"
            )
        try:
            shipment_id = ctx.magento.push_shipment(order_id, body)
        except RetryableError as exc:
            again = next(
                (s for s in fetch_shipments(ctx, [order_id])[order_id] if matches(s, shipment)), None
            )
            if again is None:
                return Outcome.retry(describe_error(exc))
            record_synced(Entity.SHIPMENT, key, scope=ctx.scope, magento_id=str(again["entity_id"]))
            return Outcome.succeeded(
                f"order {order.magento_id}: shipment {again['entity_id']} "
                "(its answer was lost; found and linked)"
            )
        except PermanentError as exc:
            reason = exc.remote_message or exc.summary
            return Outcome.failed(
                f"Magento refused shipment {shipment.nbr} of order {order.magento_id}: {reason}"
            )
        record_synced(Entity.SHIPMENT, key, scope=ctx.scope, magento_id=str(shipment_id))
        tracks = f", tracking {', '.join(shipment.tracking)}" if shipment.tracking else ""
        return Outcome.succeeded(f"order {order.magento_id}: shipment {shipment_id}{tracks}")

    def _body(
        self, ctx: SyncContext, shipment: AcumaticaShipment, order: Link, batch: _Batch
    ) -> dict[str, Any]:
        items = self._items(shipment, order, batch.magento_orders)
        body: dict[str, Any] = {
            "items": [{"order_item_id": item_id, "qty": float(qty)} for item_id, qty in items.items()],
            "notify": True,
            "appendComment": True,
            "comment": {"comment": comment_for(shipment.nbr), "is_visible_on_front": 0},
            "tracks": [],
            "arguments": {"extension_attributes": {"source_code": self._source(ctx, shipment, batch)}},
        }
        if shipment.tracking:
            carrier_code, title = self._carrier(ctx, shipment, batch)
            body["tracks"] = [
                {"track_number": number, "title": title, "carrier_code": carrier_code}
                for number in shipment.tracking
            ]
        return body

    def _items(
        self, shipment: AcumaticaShipment, order: Link, magento_orders: MagentoOrders
    ) -> dict[int, Decimal]:
        """Magento item id -> quantity of the shipment's lines of one order; lines the order link's
        line map lacks are matched by SKU among the Magento order's items (the batch's orders are
        read in one search, the first time one is needed)."""
        line_map: Mapping[str, int] = order.extra.get("lines") or {}
        lines = [line for line in shipment.lines if line.order == order.acumatica_key and line.qty > 0]
        by_sku: dict[str, int] = {}
        if any(line.line_nbr not in line_map for line in lines):
            magento_order = magento_orders.find(magento_order_id(order)) or {}
            by_sku = {line.sku: line.item_id for line in order_lines(magento_order.get("items") or [])}
        items: dict[int, Decimal] = {}
        for line in lines:
            item_id = line_map.get(line.line_nbr) or by_sku.get(line.inventory_id)
            if item_id is None:
                raise RecordError(
                    f"Shipment {shipment.nbr}: line {line.line_nbr} ({line.inventory_id}) of "
                    f"{order.acumatica_key} matches no item of Magento order {order.magento_id}."
                )
            items[int(item_id)] = items.get(int(item_id), Decimal(0)) + line.qty
        return items

    def _carrier(self, ctx: SyncContext, shipment: AcumaticaShipment, batch: _Batch) -> tuple[str, str]:
        """(carrier code, title) of the tracking numbers: Dropship settings, else the ShipVia mapping."""
        setup = ctx.setup
        dropship = shipment.type == DROP_SHIPMENT or (
            setup.dropship_ship_via and shipment.ship_via.casefold() == setup.dropship_ship_via.casefold()
        )
        if dropship and setup.dropship_carrier_code:
            return setup.dropship_carrier_code, setup.dropship_carrier_title or setup.dropship_carrier_code
        if not shipment.ship_via:
            return "custom", "Tracking number"
        try:
            mapping = batch.mappings.resolve(resolve_ship_via, shipment.ship_via)
        except MissingMappingError as exc:
            if dropship:
                raise RecordError(
                    f"Shipment {shipment.nbr} is a drop-shipment: set the Dropship ShipVia carrier code in "
                    "Setup Parameters."
                ) from exc
            raise
        return mapping.magento_carrier_code or mapping.magento_method.split("_", 1)[0], mapping.magento_title

    def _source(self, ctx: SyncContext, shipment: AcumaticaShipment, batch: _Batch) -> str:
        """The MSI source of the shipment's warehouse (the warehouse mapping), else Setup's source."""
        if shipment.warehouse:
            try:
                return batch.mappings.resolve(resolve_source, shipment.warehouse).magento_source
            except MissingMappingError:
                pass
        return ctx.setup.inventory_source or "default"


def combine(outcomes: Sequence[Outcome]) -> Outcome:
    """One message's outcome from its orders': any failure fails it, then any retry retries it."""
    details = "; ".join(o.detail for o in outcomes)
    for kind in (OutcomeKind.FAILED, OutcomeKind.RETRY, OutcomeKind.SKIPPED):
        if any(o.kind is kind for o in outcomes):
            return Outcome(kind, details)
    return Outcome.succeeded(details)
