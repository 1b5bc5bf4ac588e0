"""Inventory from Acumatica to Magento MSI source items (`inventory`, A to M).

Inventory Sync Preferences decide what a product's source items are:

* Configuration: the Quantity Type (available, available for shipping, on hand) summed over the
  monitored warehouses (all when none are listed) goes to one source (`Magento Source`).
* Branch-wise: each scope whose Sync Configuration enables inventory feeds the sources of its
  branch's warehouses, as the warehouse mappings of that scope say (Sync > Warehouse mappings,
  Acumatica warehouse -> Magento source; warehouses mapped to one source are summed).

Vendor Inventory Preferences add the drop-ship vendor's quantity (read from the stock item field
Setup Parameters name) to the quantity of `Magento Source`, or publish it as a separate product
attribute, or ignore it.

Reads are bulk (design.md 6.2): the poller finds changed items with one `InventoryQuantityAvailable`
call (which also gives the total available quantity); on-hand quantities per warehouse come from
one stock item list call per chunk of keys; per-warehouse available quantities need one
`InventorySummaryInquiry` per item, made only for the items being synced. Writes are bulk too:
one multi-row `POST /V1/inventory/source-items` per call (an upsert per SKU and source, safe to
repeat). Like prices, more pending than Threshold Count go in requests of Batch Count items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.dateparse import parse_datetime

from endpoints.clients.magento import GLOBAL_STORE
from endpoints.exceptions import PermanentError, RetryableError
from schema.mapping import ReadPlan, build_read_plan, fingerprint
from schema.paths import MISSING, parse_path, read_acumatica
from sync.catalog.magento import catalog_for
from sync.catalog.reads import fetch_by_keys, iter_changed, rows, text
from sync.choices import Direction, Entity, InventoryMode, QuantityType, VendorInventoryMode
from sync.errors import RecordError
from sync.flows import Change, Flow, Outcome, register
from sync.links import links_for, record_link_error, record_synced_many
from sync.mappings import mapping_table
from sync.models import Link, MessageAction, WarehouseSourceMapping
from sync.processing import describe_error
from sync.scopes import all_scopes, is_sync_enabled

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

STOCK_ITEM = "StockItem"
TOTALS = "InventoryQuantityAvailable"
SUMMARY = "InventorySummaryInquiry"
SUMMARY_FIELD = {
    QuantityType.AVAILABLE: "QtyAvailable",
    QuantityType.AVAILABLE_FOR_SHIPPING: "QtyAvailableForShipment",
    QuantityType.ON_HAND: "QtyOnHand",
}
ZERO = Decimal(0)
IN_STOCK, OUT_OF_STOCK = 1, 0
Quantities = dict[str, Decimal]  # warehouse ID (upper case) -> quantity


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else ZERO
    except InvalidOperation:
        return ZERO


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Targets:
    """Where quantities go: source code -> the warehouses summed into it (None: all of them)."""

    quantity_type: str
    sources: dict[str, frozenset[str] | None]
    vendor_mode: str
    vendor_source: str
    vendor_attribute: str
    vendor_field: str

    @property
    def totals_only(self) -> bool:
        """The total available over every warehouse is all that is needed (one inquiry call)."""
        return self.quantity_type == QuantityType.AVAILABLE and all(w is None for w in self.sources.values())

    @property
    def needs_vendor(self) -> bool:
        return self.vendor_mode != VendorInventoryMode.EXCLUDE and bool(self.vendor_field)


def inventory_targets(ctx: SyncContext) -> Targets:
    setup = ctx.setup
    sources: dict[str, frozenset[str] | None]
    if setup.inventory_mode == InventoryMode.BRANCH_WISE:
        merged: dict[str, set[str]] = defaultdict(set)
        for scope in all_scopes():
            if not is_sync_enabled(scope, Entity.INVENTORY, Direction.A2M):
                continue
            table = mapping_table(WarehouseSourceMapping, scope, "acumatica_warehouse", "magento_source")
            for warehouse, source in table.items():
                merged[str(source)].add(str(warehouse).upper())
        if not merged:
            raise RecordError(
                "Branch-wise inventory needs warehouse mappings: add each branch's warehouses and the "
                "Magento source they feed under Sync > Warehouse mappings."
            )
        sources = {source: frozenset(warehouses) for source, warehouses in merged.items()}
    else:
        warehouses = [str(w).upper() for w in setup.inventory_warehouses or []]
        sources = {setup.inventory_source or "default": frozenset(warehouses) if warehouses else None}
    return Targets(
        quantity_type=str(setup.quantity_type),
        sources=sources,
        vendor_mode=str(setup.vendor_inventory_mode),
        vendor_source=setup.inventory_source or "default",
        vendor_attribute=str(setup.vendor_inventory_attribute or ""),
        vendor_field=str(setup.vendor_quantity_field or ""),
    )


@register
class InventoryFlow(Flow):
    entity = Entity.INVENTORY
    batchable = True
    depends_on = (Entity.PRODUCT,)
    push_queries = ("Inventory Quantity Available", "InventoryQuantityAvailable")
    push_key_field = "InventoryID"

    # ----------------------------------------------------------------- reading Acumatica
    def read(self, ctx: SyncContext, since: datetime | None, until: datetime | None) -> list[Change]:
        """Items whose quantities changed in `[since, until)` (every item when None), with the total
        available quantity as snapshot; with vendor inventory on, items whose stock item changed
        too (the vendor quantity lives on it)."""
        filters = {"LastModifiedDateTime": {"value": since.isoformat()}} if since is not None else {}
        result = ctx.acumatica.run_inquiry(TOTALS, filters, expand="Results")
        changes: dict[str, Change] = {}
        for row in rows(result, "Results"):
            key = text(row, "InventoryID")
            stamp = _moment(text(row, "LastModifiedDateTime"))
            if not key or (since is not None and stamp is not None and stamp < since):
                continue
            if until is not None and stamp is not None and stamp >= until:
                continue
            changes[key] = Change(key, payload={"total": text(row, "QtyAvailable") or "0"})
        if inventory_targets_safe(ctx).needs_vendor and since is not None:
            plan = ReadPlan(select=("InventoryID",))
            for record in iter_changed(ctx, STOCK_ITEM, plan, since, until):
                key = text(record, "InventoryID")
                if key and key not in changes:
                    changes[key] = Change(key)
        return list(changes.values())

    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        return self.read(ctx, since, until)

    def _quantities(
        self, ctx: SyncContext, targets: Targets, messages: Sequence[Message]
    ) -> dict[str, Quantities]:
        """Per item, the quantity of the chosen type per warehouse (`"*"`: the total only)."""
        keys = [m.key for m in messages]
        if targets.totals_only:
            found: dict[str, Quantities] = {}
            missing = []
            for message in messages:
                total = (message.payload or {}).get("total")
                if total is not None:
                    found[message.key] = {"*": _decimal(total)}
                else:
                    missing.append(message.key)
            for key in missing:
                result = ctx.acumatica.run_inquiry(TOTALS, {"InventoryID": {"value": key}}, expand="Results")
                for row in rows(result, "Results"):
                    if text(row, "InventoryID").casefold() == key.casefold():
                        found[key] = {"*": _decimal(text(row, "QtyAvailable"))}
            return found
        if targets.quantity_type == QuantityType.ON_HAND:
            plan = ReadPlan(
                select=("InventoryID", "WarehouseDetails/WarehouseID", "WarehouseDetails/QtyOnHand"),
                expand=("WarehouseDetails",),
            )
            records = fetch_by_keys(ctx, STOCK_ITEM, "InventoryID", keys, plan)
            return {
                key: _sum_by_warehouse(rows(record, "WarehouseDetails"), "QtyOnHand")
                for key, record in records.items()
            }
        field = SUMMARY_FIELD[QuantityType(targets.quantity_type)]
        quantities: dict[str, Quantities] = {}
        for key in keys:  # one inquiry per item: only for the items being synced (design.md 6.2)
            try:
                result = ctx.acumatica.run_inquiry(SUMMARY, {"InventoryID": {"value": key}}, expand="Results")
            except PermanentError:
                continue  # the item is gone: reported as not found in Acumatica
            quantities[key] = _sum_by_warehouse(rows(result, "Results"), field)
        return quantities

    def _vendor_quantities(
        self, ctx: SyncContext, targets: Targets, keys: Sequence[str]
    ) -> dict[str, Decimal]:
        if not targets.needs_vendor or not keys:
            return {}
        segments = parse_path(targets.vendor_field)
        plan = build_read_plan((), always=("InventoryID", targets.vendor_field))
        found = {}
        for key, record in fetch_by_keys(ctx, STOCK_ITEM, "InventoryID", keys, plan).items():
            value = read_acumatica(record, segments)
            found[key] = ZERO if value is MISSING else _decimal(value)
        return found

    # ----------------------------------------------------------------- writing Magento
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        keys = [m.key for m in messages]
        products = links_for(Entity.PRODUCT, keys)
        current: list[Message] = []
        for message in messages:
            blocker = self._blocker(message, products.get(message.key))
            if blocker:
                outcomes[message.pk] = Outcome.skipped(blocker)
            else:
                current.append(message)
        if not current:
            return outcomes
        targets = inventory_targets(ctx)
        quantities = self._quantities(ctx, targets, current)
        vendor = self._vendor_quantities(ctx, targets, [m.key for m in current])
        links = links_for(Entity.INVENTORY, keys)
        planned: list[tuple[Message, str, list[dict[str, Any]], Decimal | None, str]] = []
        for message in current:
            if message.key not in quantities:
                outcomes[message.pk] = Outcome.skipped("not found in Acumatica")
                continue
            sku = str(products[message.key].magento_id)
            source_rows, attribute = self._rows(
                sku, targets, quantities[message.key], vendor.get(message.key)
            )
            print_ = fingerprint(
                source_rows, targets.vendor_attribute if attribute is not None else "", attribute
            )
            link = links.get(message.key)
            if link is not None and link.fingerprint == print_:
                outcomes[message.pk] = Outcome.skipped("unchanged")
                continue
            planned.append((message, sku, source_rows, attribute, print_))
        if not planned:
            return outcomes
        if ctx.dry_run:
            for message, sku, source_rows, attribute, _ in planned:
                outcomes[message.pk] = Outcome.skipped(
                    f"dry run: would set {_describe(sku, source_rows, attribute)}"
                )
            return outcomes
        outcomes.update(self._send(ctx, targets, planned))
        return outcomes

    @staticmethod
    def _blocker(message: Message, product: Link | None) -> str:
        if message.action == MessageAction.DELETE:
            return "item deleted in Acumatica"
        if product is None or not product.is_linked:
            return "product not synced to Magento"
        if (product.extra or {}).get("kind") == "template":
            return "a configurable product has no stock of its own"
        return ""

    @staticmethod
    def _rows(
        sku: str, targets: Targets, quantities: Quantities, vendor: Decimal | None
    ) -> tuple[list[dict[str, Any]], Decimal | None]:
        """The source-item rows of one SKU, and the vendor quantity when it is its own attribute."""
        per_source: dict[str, Decimal] = {}
        for source, warehouses in targets.sources.items():
            if "*" in quantities:
                per_source[source] = quantities["*"]
            else:
                per_source[source] = sum(
                    (
                        qty
                        for warehouse, qty in quantities.items()
                        if warehouses is None or warehouse in warehouses
                    ),
                    ZERO,
                )
        attribute: Decimal | None = None
        if vendor is not None and targets.vendor_mode == VendorInventoryMode.ADD_TO_QUANTITY:
            per_source[targets.vendor_source] = per_source.get(targets.vendor_source, ZERO) + vendor
        elif vendor is not None and targets.vendor_mode == VendorInventoryMode.SEPARATE_ATTRIBUTE:
            attribute = vendor
        source_rows = [
            {
                "sku": sku,
                "source_code": source,
                "quantity": _number(max(qty, ZERO)),
                "status": IN_STOCK if qty > 0 else OUT_OF_STOCK,
            }
            for source, qty in sorted(per_source.items())
        ]
        return source_rows, attribute

    def _send(
        self,
        ctx: SyncContext,
        targets: Targets,
        planned: Sequence[tuple[Message, str, list[dict[str, Any]], Decimal | None, str]],
    ) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        all_rows = [row for _, _, source_rows, _, _ in planned for row in source_rows]
        try:
            results = ctx.magento.push_source_items(all_rows)
        except RetryableError as exc:
            return {message.pk: Outcome.retry(describe_error(exc)) for message, *_ in planned}
        failed: dict[str, list[str]] = defaultdict(list)
        retry: set[str] = set()
        for row, result in zip(all_rows, results, strict=True):
            if not result.ok:
                failed[row["sku"]].append(result.message)
                if result.retryable:
                    retry.add(row["sku"])
        attribute_errors = self._send_vendor_attributes(
            ctx, targets, [p for p in planned if p[1] not in failed]
        )
        written: dict[str, tuple[str, str]] = {}
        for message, sku, source_rows, attribute, print_ in planned:
            problem = "; ".join(dict.fromkeys(failed.get(sku, []) + attribute_errors.get(sku, [])))
            if problem:
                record_link_error(Entity.INVENTORY, message.key, problem)
                kind = Outcome.retry if sku in retry else Outcome.failed
                outcomes[message.pk] = kind(f"Magento refused the stock of {sku}: {problem}")
                continue
            written[message.key] = (sku, print_)
            outcomes[message.pk] = Outcome.succeeded(_describe(sku, source_rows, attribute))
        record_synced_many(Entity.INVENTORY, written)
        return outcomes

    def _send_vendor_attributes(
        self,
        ctx: SyncContext,
        targets: Targets,
        planned: Iterable[tuple[Message, str, Any, Decimal | None, str]],
    ) -> dict[str, list[str]]:
        """Publish vendor quantities as the product attribute (one PUT, or async bulk for many)."""
        values = {sku: attribute for _, sku, _, attribute, _ in planned if attribute is not None}
        products: list[dict[str, Any]] = [
            {
                "sku": sku,
                "custom_attributes": [
                    {"attribute_code": targets.vendor_attribute, "value": str(_number(value))}
                ],
            }
            for sku, value in values.items()
        ]
        if not products:
            return {}
        catalog_for(ctx).ensure_attribute(targets.vendor_attribute, "Vendor Quantity", frontend_input="text")
        errors: dict[str, list[str]] = defaultdict(list)
        try:
            if len(products) == 1:
                ctx.magento.push_product(products[0], store=GLOBAL_STORE)
                return {}
            for product, result in zip(products, ctx.magento.push_products_bulk(products), strict=True):
                if not result.ok:
                    errors[str(product["sku"])].append(result.message)
        except (PermanentError, RetryableError) as exc:
            for sku in values:
                errors[sku].append(describe_error(exc))
        return errors


def inventory_targets_safe(ctx: SyncContext) -> Targets:
    """The targets, or configuration-mode targets when branch-wise lacks mappings (a poll only
    needs to know whether vendor quantities matter; processing reports the missing mappings)."""
    try:
        return inventory_targets(ctx)
    except RecordError:
        setup = ctx.setup
        return Targets(
            str(setup.quantity_type),
            {},
            str(setup.vendor_inventory_mode),
            setup.inventory_source,
            str(setup.vendor_inventory_attribute or ""),
            str(setup.vendor_quantity_field or ""),
        )


def _sum_by_warehouse(detail: Iterable[Mapping[str, Any]], field: str) -> Quantities:
    totals: Quantities = defaultdict(lambda: ZERO)
    for row in detail:
        warehouse = text(row, "WarehouseID").upper()
        if warehouse:
            totals[warehouse] += _decimal(text(row, field))
    return dict(totals)


def _moment(value: str) -> datetime | None:
    parsed = parse_datetime(value) if value else None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _describe(sku: str, source_rows: Sequence[Mapping[str, Any]], attribute: Decimal | None) -> str:
    parts = [f"{row['source_code']}={row['quantity']}" for row in source_rows]
    if attribute is not None:
        parts.append(f"vendor={_number(attribute)}")
    return f"{sku}: " + ", ".join(parts)
