"""Acumatica order status changes to Magento order comments (`order_status`, A to M).

Per store view: the poller lists the sales orders changed in the window (status and change time
only) and keeps those linked to a Magento order of the scope. A status with an order status
mapping (On Hold -> holded, Canceled -> canceled, Completed -> complete) becomes a comment on the
Magento order that sets the mapped status; other statuses (Open, Shipping...) are noted and
skipped. A status equal to the last one seen is skipped without a call.

Exactly once: every comment ends with the status change's id (`[acumatica-status SO/000123:On
Hold:<change time>]`). Before writing, the batch's orders are read with their comments (one
search per 50 orders, not one read per order) and a comment that already carries the id is not
written again; a write whose answer is lost is checked the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from endpoints.clients import odata
from endpoints.clients.acumatica_records import value_of
from endpoints.exceptions import RetryableError, ValidationError
from sync.choices import Direction, Entity
from sync.flows import Change, Flow, Outcome, register
from sync.flows.orders.acumatica import SALES_ORDER, order_key, split_order_key
from sync.flows.orders.links import magento_order_id
from sync.flows.orders.magento import MagentoOrders, fetch_comments
from sync.links import links_for, record_synced
from sync.mappings import BatchMappings, MissingMappingError, resolve_order_status
from sync.models import Link
from sync.processing import describe_error

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

MARKER = "acumatica-status"
HOLD_STATUS = "holded"
CANCELED_STATUS = "canceled"


def change_id(key: str, status: str, modified: str) -> str:
    """The id of one status change: the order, the status, and when Acumatica recorded it."""
    return f"{key}:{status}:{modified}"


def comment_text(key: str, status: str, change: str) -> str:
    order_type, order_nbr = split_order_key(key)
    return f"Acumatica order {order_type} {order_nbr} is {status}. [{MARKER} {change}]"


def has_comment(comments: Sequence[Mapping[str, Any]], change: str) -> bool:
    tag = f"[{MARKER} {change}]"
    return any(tag in str(comment.get("comment") or "") for comment in comments)


def _stamp(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return str(value or "")


@register
class OrderStatusFlow(Flow):
    entity = Entity.ORDER_STATUS
    direction = Direction.A2M
    per_store_view = True
    batchable = True
    push_queries = ("Sales Orders",)

    def key_from_push(self, row: Mapping[str, Any]) -> str | None:
        order_type, order_nbr = row.get("OrderType"), row.get("OrderNbr")
        if not order_type or not order_nbr:
            return None
        return order_key(str(order_type).strip(), str(order_nbr).strip())

    # ----------------------------------------------------------------- reading Acumatica
    def _modified(self, ctx: SyncContext) -> str:
        return str(ctx.acumatica.last_modified_field(SALES_ORDER) or "LastModified")

    def _snapshot(self, record: Mapping[str, Any], modified: str) -> tuple[str, dict[str, Any]]:
        key = order_key(str(value_of(record, "OrderType") or ""), str(value_of(record, "OrderNbr") or ""))
        return key, {
            "status": str(value_of(record, "Status") or ""),
            "modified": _stamp(value_of(record, modified)),
        }

    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        modified = self._modified(ctx)
        window = odata.and_(odata.ge(modified, since), odata.lt(modified, until))
        found = dict(
            self._snapshot(record, modified)
            for record in ctx.acumatica.iter_records(
                SALES_ORDER, filter=window, select=f"OrderType,OrderNbr,Status,{modified}"
            )
        )
        linked = links_for(Entity.ORDER, found, ctx.scope)
        return [Change(key, payload=snapshot) for key, snapshot in found.items() if key in linked]

    def _statuses(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[str, dict[str, Any]]:
        """Each order's status: the message's snapshot, or read in bulk (a push carries keys only)."""
        found = {
            m.key: dict(m.payload)
            for m in messages
            if isinstance(m.payload, dict) and m.payload.get("status")
        }
        missing = [split_order_key(m.key) for m in messages if m.key not in found]
        modified = self._modified(ctx) if missing else ""
        for _, expression in odata.chunk_keys(("OrderType", "OrderNbr"), missing):
            for record in ctx.acumatica.fetch_list(
                SALES_ORDER, filter=expression, select=f"OrderType,OrderNbr,Status,{modified}"
            ):
                key, snapshot = self._snapshot(record, modified)
                found[key] = snapshot
        return found

    # ----------------------------------------------------------------- writing Magento
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        keys = [m.key for m in messages]
        orders = links_for(Entity.ORDER, keys, ctx.scope)
        seen = links_for(Entity.ORDER_STATUS, keys, ctx.scope)
        statuses = self._statuses(ctx, messages)
        mappings = BatchMappings(ctx.scope)
        current = MagentoOrders(
            ctx,
            [
                magento_order_id(orders[m.key])
                for m in messages
                if m.key in orders and m.key in statuses and magento_order_id(orders[m.key])
            ],
        )
        for message in messages:
            order, snapshot = orders.get(message.key), statuses.get(message.key)
            if order is None or not magento_order_id(order):
                outcomes[message.pk] = Outcome.skipped("not linked to a Magento order")
            elif snapshot is None:
                outcomes[message.pk] = Outcome.skipped("not found in Acumatica")
            else:
                outcomes[message.pk] = self._sync(
                    ctx, message.key, order, seen.get(message.key), snapshot, current, mappings
                )
        return outcomes

    def _sync(
        self,
        ctx: SyncContext,
        key: str,
        order: Link,
        seen: Link | None,
        snapshot: Mapping[str, Any],
        orders: MagentoOrders,
        mappings: BatchMappings,
    ) -> Outcome:
        status = str(snapshot["status"])
        if seen is not None and seen.extra.get("status") == status:
            return Outcome.skipped(f"unchanged ({status})")
        change = change_id(key, status, str(snapshot.get("modified") or ""))
        remember = {"status": status, "change_id": change}
        try:
            target = mappings.resolve(resolve_order_status, status).magento_status
        except MissingMappingError:
            record_synced(
                Entity.ORDER_STATUS, key, scope=ctx.scope, magento_id=order.magento_id, extra=remember
            )
            return Outcome.skipped(f"Acumatica status {status!r} has no order status mapping")
        order_id = magento_order_id(order)
        if ctx.dry_run:
            return Outcome.skipped(f"dry run: would set Magento order {order.magento_id} to {target}")
        current = orders.get(order_id)
        if not has_comment(current.get("status_histories") or [], change):
            orders.forget(order_id)  # written now: another change of it in the batch reads it again
            try:
                applied = self._write(ctx, order_id, current, target, comment_text(key, status, change))
            except RetryableError as exc:
                if not has_comment(fetch_comments(ctx, order_id), change):
                    return Outcome.retry(describe_error(exc))
                applied = target
        else:
            applied = str(current.get("status") or "")
        record_synced(Entity.ORDER_STATUS, key, scope=ctx.scope, magento_id=order.magento_id, extra=remember)
        detail = f"Magento order {order.magento_id}: {applied} (Acumatica {status})"
        if applied != target:
            detail += f"; Magento does not allow {target} for an order in state {current.get('state')}"
        return Outcome.succeeded(detail)

    def _write(
        self, ctx: SyncContext, order_id: int, current: Mapping[str, Any], target: str, text: str
    ) -> str:
        """Move the order to the target status where Magento allows it, and add the comment.

        Magento changes an order's state only through its actions: holding, releasing the hold,
        canceling. A comment may only set a status of the order's current state, so where the
        mapped status belongs to another state (an order still `new` cannot be `processing`
        without an invoice or shipment), the comment keeps the current status. Returns the status
        the comment was written with.
        """
        state = str(current.get("state") or "")
        action = ""
        if target == HOLD_STATUS and state != HOLD_STATUS:
            action = "magento.order.hold"
        elif target == CANCELED_STATUS and state != CANCELED_STATUS:
            action = "magento.order.cancel"
        elif state == HOLD_STATUS and target != HOLD_STATUS:
            action = "magento.order.unhold"
        if action:
            with suppress(ValidationError):  # not allowed in the order's state (complete cannot be held)
                ctx.magento.call(action, path={"order_id": order_id})
        try:
            ctx.magento.push_order_comment(order_id, text, status=target)
            return target
        except ValidationError:
            if action:  # the action changed the order's status: read what it is now
                current = ctx.magento.fetch_order(order_id)
            status = str(current.get("status") or "")
            ctx.magento.push_order_comment(order_id, text, status=status)
            return status
