"""Magento orders to Acumatica sales orders (`order`, M to A), exactly once.

Per store view: the poller reads the scope's orders changed in the window, shifted back by the
scope's Order Import Delay, and stores each as a message keyed by the increment id with its
snapshot. Processing a batch costs one lookup of existing sales orders, one customer lookup by
e-mail, and one PUT per order:

1. skip what must not be imported: orders already linked, orders created from Acumatica orders
   (never echoed back), canceled orders, and unpaid orders where the scope imports only paid or
   authorized ones (they come back with their payment, which changes them);
2. take a lock per order and per customer e-mail (`locks`), then look the orders up in Acumatica by
   `CustomerOrder`: one found is linked, not created again (a crash between create and link, or a
   create whose answer was lost, ends here);
3. resolve the customer, the ShipVia and payment method mappings and the items; what is missing
   fails the order with a message that names it;
4. PUT the sales order and link it. A create whose answer is lost is looked up at once: found, it
   is linked; not found, the message is retried (and looks up first again).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from endpoints.exceptions import PermanentError, RetryableError
from sync.choices import Direction, Entity
from sync.errors import RecordError
from sync.flows import Change, Flow, Outcome, register
from sync.flows.orders import magento
from sync.flows.orders.acumatica import (
    SALES_ORDER,
    SalesOrderRef,
    explain_refusal,
    find_imported_orders,
)
from sync.flows.orders.customers import CustomerChoice, order_email, resolve_customers
from sync.flows.orders.links import (
    EXPORT_MARKER,
    ORIGIN_ACUMATICA,
    ORIGIN_MAGENTO,
    link_order,
    links_by_increment_id,
)
from sync.flows.orders.locks import record_locks
from sync.flows.orders.mapping import (
    UNPAID,
    SalesOrderTargets,
    map_sales_order,
    money,
    order_lines,
    order_totals,
    payment_method,
    payment_state,
    shipping_method,
)
from sync.flows.orders.settings import order_settings
from sync.mappings import BatchMappings, resolve_payment, resolve_shipping
from sync.models import Link, OrderSyncSettings, PaymentRule
from sync.processing import describe_error

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

logger = logging.getLogger(__name__)


def inventory_ids(skus: Iterable[str]) -> dict[str, str]:
    """Magento SKU -> Acumatica InventoryID from the product links (an unlinked SKU is its own ID)."""
    wanted = list(dict.fromkeys(skus))
    rows = Link.objects.filter(entity=Entity.PRODUCT, magento_id__in=wanted).values_list(
        "magento_id", "acumatica_key"
    )
    return {str(sku): str(key) for sku, key in rows}


def skip_reason(order: Mapping[str, Any], link: Link | None, settings: OrderSyncSettings) -> str | None:
    """Why an order is not imported now (None: import it)."""
    if link is not None:
        if link.extra.get("origin") == ORIGIN_ACUMATICA:
            return f"created from Acumatica order {link.acumatica_key}; not imported back"
        return f"already imported as {link.acumatica_key.replace('/', ' ')}"
    marker = str(order.get("ext_order_id") or "")
    if marker.startswith(EXPORT_MARKER):
        return f"created from Acumatica order {marker[len(EXPORT_MARKER) :]}; not imported back"
    if order.get("state") == "canceled":
        return "canceled in Magento before it was imported"
    if settings.payment_rule == PaymentRule.PAID_OR_AUTHORIZED and payment_state(order) == UNPAID:
        return "not paid or authorized yet; imported once Magento records the payment"
    return None


@register
class OrderImportFlow(Flow):
    entity = Entity.ORDER
    direction = Direction.M2A
    per_store_view = True
    # Reads are bulk per batch (links, sales order lookup, customers); writes are one PUT per order.
    batchable = True

    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        delay = timedelta(minutes=order_settings(ctx.scope).import_delay_minutes)
        return [
            Change(str(order["increment_id"]), payload=magento.compact(order))
            for order in magento.fetch_changed_orders(ctx, since - delay, until - delay)
            if order.get("increment_id")
        ]

    # ----------------------------------------------------------------- processing
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        settings = order_settings(ctx.scope)
        outcomes: dict[int, Outcome] = {}
        orders = self._orders(ctx, messages)
        links = links_by_increment_id(ctx.scope, [m.key for m in messages])
        todo: dict[str, tuple[Message, Mapping[str, Any]]] = {}
        for message in messages:
            order = orders.get(message.key)
            if order is None:
                outcomes[message.pk] = Outcome.skipped("not found in Magento")
                continue
            reason = skip_reason(order, links.get(message.key), settings)
            if reason is not None:
                outcomes[message.pk] = Outcome.skipped(reason)
            else:
                todo[message.key] = (message, order)
        if not todo:
            return outcomes
        names = [f"order:{key}" for key in todo]
        names += [f"customer:{order_email(order)}" for _, order in todo.values() if order_email(order)]
        with record_locks(names) as held:
            ready = {}
            for key, (message, order) in todo.items():
                mine = f"order:{key}" in held and (
                    not order_email(order) or f"customer:{order_email(order)}" in held
                )
                if mine:
                    ready[key] = (message, order)
                else:
                    outcomes[message.pk] = Outcome.wait(f"order {key} (another worker is importing it)")
            if ready:
                outcomes.update(self._import(ctx, settings, ready))
        return outcomes

    def _orders(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[str, Mapping[str, Any]]:
        """Each message's order: its snapshot, or read in bulk (a reprocessed finished message)."""
        orders: dict[str, Mapping[str, Any]] = {
            m.key: m.payload for m in messages if isinstance(m.payload, dict) and m.payload.get("items")
        }
        missing = [m.key for m in messages if m.key not in orders]
        if missing:
            orders.update(magento.fetch_orders(ctx, missing))
        return orders

    def _import(
        self,
        ctx: SyncContext,
        settings: OrderSyncSettings,
        ready: Mapping[str, tuple[Message, Mapping[str, Any]]],
    ) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        existing = find_imported_orders(ctx, ready)
        for key, ref in existing.items():
            message, order = ready[key]
            link_order(ctx.scope, ref.key, order, origin=ORIGIN_MAGENTO, lines=ref.lines)
            outcomes[message.pk] = Outcome.succeeded(f"already in Acumatica as {ref.label}; linked")
        new = {key: order for key, (_, order) in ready.items() if key not in existing}
        if not new:
            return outcomes
        mappings = BatchMappings(ctx.scope)
        customers = resolve_customers(ctx, new, settings, mappings)
        items = inventory_ids(
            line.sku for order in new.values() for line in order_lines(order.get("items") or [])
        )
        for key, order in new.items():
            message = ready[key][0]
            customer = customers[key]
            try:
                if isinstance(customer, RecordError):
                    raise customer
                targets = self._targets(settings, mappings, order, customer, items)
            except RecordError as exc:
                outcomes[message.pk] = Outcome.failed(str(exc))
                continue
            outcomes[message.pk] = self._create(ctx, key, order, targets, customer)
        return outcomes

    def _targets(
        self,
        settings: OrderSyncSettings,
        mappings: BatchMappings,
        order: Mapping[str, Any],
        customer: CustomerChoice,
        items: Mapping[str, str],
    ) -> SalesOrderTargets:
        """The mapped values of one order; raises `RecordError` naming a missing mapping."""
        method = shipping_method(order)
        ship_via = mappings.resolve(resolve_shipping, method).acumatica_ship_via if method else None
        payment = mappings.resolve(resolve_payment, payment_method(order)) if payment_method(order) else None
        if not order_lines(order.get("items") or []):
            raise RecordError(f"Magento order {order.get('increment_id')} has no product lines to import.")
        return SalesOrderTargets(
            order_type=settings.order_type,
            customer_id=customer.customer_id,
            inventory_ids=items,
            ship_via=ship_via,
            payment_method=payment.acumatica_payment_method if payment else None,
            cash_account=payment.cash_account if payment else None,
            tax_id=settings.tax_id,
        )

    def _create(
        self,
        ctx: SyncContext,
        key: str,
        order: Mapping[str, Any],
        targets: SalesOrderTargets,
        customer: CustomerChoice,
    ) -> Outcome:
        body = map_sales_order(order, targets)
        lines = order_lines(order.get("items") or [])
        totals = order_totals(order, lines)
        if ctx.dry_run:
            return Outcome.skipped(
                f"dry run: would create a {targets.order_type} order for {targets.customer_id}"
            )
        try:
            saved = ctx.acumatica.push_record(SALES_ORDER, body, expand="Details")
        except RetryableError as exc:
            # The create may have landed although its answer was lost: look before trying again.
            found = find_imported_orders(ctx, [key]).get(key)
            if found is None:
                return Outcome.retry(describe_error(exc))
            link_order(ctx.scope, found.key, order, origin=ORIGIN_MAGENTO, lines=found.lines)
            return Outcome.succeeded(f"{found.label} created (its answer was lost; found and linked)")
        except PermanentError as exc:
            return Outcome.failed(explain_refusal(exc, lines, body, key))
        ref = SalesOrderRef.from_record(saved)
        link_order(ctx.scope, ref.key, order, origin=ORIGIN_MAGENTO, lines=ref.lines)
        detail = f"{ref.label} for {customer.customer_id} ({customer.how}), total {money(totals.total)}"
        if totals.difference:
            detail += f"; differs from Magento's grand total {totals.grand_total} by {totals.difference}"
        logger.info(
            "Imported Magento order %s as %s",
            key,
            ref.label,
            extra={"scope": ctx.scope, "increment_id": key, "order_nbr": ref.order_nbr},
        )
        return Outcome.succeeded(detail)
