"""Prices from Acumatica to Magento (`price`, A to M).

The price is the stock item's Default Price or its Sales Price (the current base-price row of the
sales price worksheets; the Default Price where an item has none), per Setup Parameters. Reads are
bulk: the poller lists the changed stock items with their price in one call per page; a message
without a snapshot (a push carries keys only) is priced by one list call per chunk of keys, or by
one SalesPricesInquiry for the whole batch. Writes are bulk too: one multi-row
`POST /V1/products/base-prices` per call, whose answer lists only the rows that failed.

A record whose price fingerprint equals the one last written is skipped as `unchanged`. A price
waits while its product has work queued (`depends_on`), so a new product is created first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.dateparse import parse_datetime

from endpoints.clients import odata
from endpoints.clients.acumatica_records import value_of
from schema.mapping import fingerprint
from sync.choices import Entity, PriceSource
from sync.flows import Change, Flow, Outcome, register
from sync.links import links_for, record_link_error, record_synced_many
from sync.models import Link, MessageAction

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

GLOBAL_STORE_ID = 0
SALES_PRICE_TYPE = "Base"
STOCK_ITEM = "StockItem"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        parsed = parse_datetime(value)
        if parsed is None:
            return None
        moment = parsed
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.0001")).normalize())


def current_sales_prices(rows: Iterable[Mapping[str, Any]], now: datetime) -> dict[str, Decimal]:
    """The base sales price in force per item: effective, not expired, no quantity break and no
    warehouse restriction; the most recently effective row wins, and of two effective since the
    same day a promotional price wins over the regular one."""
    best: dict[str, tuple[tuple[datetime, bool], Decimal]] = {}
    for row in rows:
        item = value_of(row, "InventoryID")
        price = _decimal(value_of(row, "Price"))
        if not item or price is None:
            continue
        if str(value_of(row, "PriceType") or SALES_PRICE_TYPE) != SALES_PRICE_TYPE:
            continue
        if _decimal(value_of(row, "BreakQty")) not in (None, Decimal(0)) or value_of(row, "Warehouse"):
            continue
        effective = _moment(value_of(row, "EffectiveDate")) or datetime.min.replace(tzinfo=UTC)
        expires = _moment(value_of(row, "ExpirationDate"))
        if effective > now or (expires is not None and expires < now):
            continue
        key = str(item).strip()
        rank = (effective, bool(value_of(row, "Promotion")))
        if key not in best or rank >= best[key][0]:
            best[key] = (rank, price)
    return {key: price for key, (_, price) in best.items()}


@register
class PriceFlow(Flow):
    entity = Entity.PRICE
    batchable = True
    depends_on = (Entity.PRODUCT,)
    push_queries = ("Stock Items", "Stock Items: Last Modified Date", "Sales Prices")
    push_key_field = "InventoryID"

    # ----------------------------------------------------------------- reading Acumatica
    def _source(self, ctx: SyncContext) -> str:
        return str(ctx.setup.price_source)

    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        client = ctx.acumatica
        modified = client.last_modified_field(STOCK_ITEM) or "LastModifiedDateTime"
        window = odata.and_(odata.ge(modified, since), odata.lt(modified, until))
        source = self._source(ctx)
        changes: dict[str, Change] = {}
        for record in client.iter_records(
            STOCK_ITEM, filter=window, select=f"InventoryID,DefaultPrice,{modified}"
        ):
            key = str(value_of(record, "InventoryID") or "").strip()
            price = _decimal(value_of(record, "DefaultPrice"))
            if not key:
                continue
            snapshot = None
            if source == PriceSource.DEFAULT_PRICE and price is not None:
                snapshot = {"price": _money(price), "price_source": source}
            changes[key] = Change(key, payload=snapshot)
        if source == PriceSource.SALES_PRICE:
            for row in self._sales_price_rows(ctx, None):
                stamp = _moment(value_of(row, "LastModifiedDateTime"))
                key = str(value_of(row, "InventoryID") or "").strip()
                if key and stamp is not None and since <= stamp < until:
                    changes.setdefault(key, Change(key))
        return list(changes.values())

    def _sales_price_rows(self, ctx: SyncContext, inventory_id: str | None) -> list[Mapping[str, Any]]:
        filters: dict[str, Any] = {"PriceType": {"value": SALES_PRICE_TYPE}}
        if inventory_id:
            filters["InventoryID"] = {"value": inventory_id}
        result = ctx.acumatica.run_inquiry("SalesPricesInquiry", filters, expand="SalesPriceDetails")
        rows = result.get("SalesPriceDetails") or []
        return [row for row in rows if isinstance(row, Mapping)]

    def _default_prices(self, ctx: SyncContext, keys: Sequence[str]) -> dict[str, Decimal | None]:
        found: dict[str, Decimal | None] = {}
        for _, expression in odata.chunk_keys("InventoryID", keys):
            for record in ctx.acumatica.fetch_list(
                STOCK_ITEM, filter=expression, select="InventoryID,DefaultPrice"
            ):
                key = str(value_of(record, "InventoryID") or "").strip()
                if key:
                    found[key] = _decimal(value_of(record, "DefaultPrice"))
        return found

    def fetch_prices(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[str, Decimal | None]:
        """The price of every message's item: from its snapshot, else read in bulk.

        Items missing from the answer do not exist in Acumatica (any more).
        """
        source = self._source(ctx)
        prices: dict[str, Decimal | None] = {}
        missing: list[str] = []
        for message in messages:
            snapshot = message.payload or {}
            if snapshot.get("price_source") == source and _decimal(snapshot.get("price")) is not None:
                prices[message.key] = _decimal(snapshot.get("price"))
            else:
                missing.append(message.key)
        if not missing:
            return prices
        defaults = self._default_prices(ctx, missing)
        if source == PriceSource.SALES_PRICE:
            only = missing[0] if len(missing) == 1 else None
            sales = current_sales_prices(self._sales_price_rows(ctx, only), datetime.now(UTC))
            for key in missing:
                if key in defaults:
                    prices[key] = sales.get(key, defaults[key])
        else:
            prices.update({key: defaults[key] for key in missing if key in defaults})
        return prices

    # ----------------------------------------------------------------- writing Magento
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        current = [m for m in messages if m.action != MessageAction.DELETE]
        for message in messages:
            if message.action == MessageAction.DELETE:
                outcomes[message.pk] = Outcome.skipped("item deleted in Acumatica; the Magento price is kept")
        if not current:
            return outcomes
        prices = self.fetch_prices(ctx, current)
        keys = [m.key for m in current]
        products = links_for(Entity.PRODUCT, keys, ctx.scope)
        price_links = links_for(Entity.PRICE, keys, ctx.scope)
        rows: list[dict[str, Any]] = []
        pending: list[tuple[Message, str, Decimal, str]] = []
        for message in current:
            outcome, row = self._plan(
                message, prices, products.get(message.key), price_links.get(message.key)
            )
            if outcome is not None:
                outcomes[message.pk] = outcome
                continue
            assert row is not None
            sku, price, print_ = row
            rows.append({"sku": sku, "price": float(price), "store_id": GLOBAL_STORE_ID})
            pending.append((message, sku, price, print_))
        if not rows:
            return outcomes
        if ctx.dry_run:
            for message, sku, price, _ in pending:
                outcomes[message.pk] = Outcome.skipped(f"dry run: would set {sku} to {_money(price)}")
            return outcomes
        results = ctx.magento.push_base_prices(rows)
        written: dict[str, tuple[str, str]] = {}
        for (message, sku, price, print_), result in zip(pending, results, strict=True):
            if result.ok:
                written[message.key] = (sku, print_)
                outcomes[message.pk] = Outcome.succeeded(f"{sku}: price {_money(price)}")
            else:
                record_link_error(Entity.PRICE, message.key, result.message, scope=ctx.scope)
                kind = Outcome.retry if result.retryable else Outcome.failed
                outcomes[message.pk] = kind(f"Magento refused the price of {sku}: {result.message}")
        record_synced_many(Entity.PRICE, written, scope=ctx.scope)
        return outcomes

    def _plan(
        self,
        message: Message,
        prices: Mapping[str, Decimal | None],
        product: Link | None,
        link: Link | None,
    ) -> tuple[Outcome | None, tuple[str, Decimal, str] | None]:
        """What to do with one item: an outcome now (skip), or the row to send with its fingerprint."""
        if message.key not in prices:
            return Outcome.skipped("not found in Acumatica"), None
        price = prices[message.key]
        if price is None:
            return Outcome.skipped("no price in Acumatica"), None
        if product is not None and not product.is_linked:
            return Outcome.skipped("product not synced to Magento"), None
        # Magento's SKU is the linked product's; without a product link, the InventoryID itself.
        sku = product.magento_id if product is not None and product.magento_id else message.key
        print_ = fingerprint({"sku": sku, "price": _money(price), "store_id": GLOBAL_STORE_ID})
        if link is not None and link.fingerprint == print_:
            return Outcome.skipped("unchanged"), None
        return None, (sku, price, print_)
