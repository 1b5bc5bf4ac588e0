"""Acumatica orders to Magento orders (`order`, A to M), so customers see them in their account.

Which: sales orders of the Order Types chosen in Setup Parameters whose customer is linked to a
Magento customer. Orders that came from a storefront (they carry an External Reference, as every
imported Magento order does) are never exported, and a Magento order created here carries
`ext_order_id` `acumatica:SO/000123` and an order link of origin `acumatica`, so the order import
skips it: nothing is echoed back. An order is exported once; later changes reach Magento as order
status comments and shipments, not as edits of the Magento order.

Once: under a lock per order, Magento is searched for the `ext_order_id` of every order of the
batch (one search) before creating; an order found is linked, not created again, and a create
whose answer is lost is looked up the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from endpoints.clients import odata
from endpoints.clients.acumatica_records import value_of
from endpoints.clients.search_criteria import SearchCriteria
from endpoints.exceptions import PermanentError, RetryableError
from sync.choices import Direction, Entity
from sync.errors import RecordError
from sync.flows import Change, Flow, Outcome, register
from sync.flows.customer.common import fetch_magento_customers
from sync.flows.orders.acumatica import SALES_ORDER, order_key, split_order_key
from sync.flows.orders.links import EXPORT_MARKER, ORIGIN_ACUMATICA, link_order
from sync.flows.orders.locks import record_locks
from sync.flows.orders.magento import ORDER_SEARCH
from sync.flows.orders.mapping import decimal
from sync.links import links_for
from sync.mappings import BatchMappings, MissingMappingError, mapping_table, resolve_ship_via
from sync.models import DEFAULT_SCOPE, Link, PaymentMethodMapping
from sync.processing import describe_error

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

ORDER_CREATE = "magento.order.create"
EXPAND = "Details,BillToAddress,BillToContact,ShipToAddress,ShipToContact,Totals"
OFFLINE_PAYMENT = "checkmo"  # an order without a payment method in Acumatica


def marker(key: str) -> str:
    return f"{EXPORT_MARKER}{key}"


def magento_customers(scope: str, customer_ids: Sequence[str]) -> dict[str, int]:
    """Acumatica CustomerID -> Magento customer id, from the customer links (scope, else Default)."""
    rows = Link.objects.filter(entity=Entity.CUSTOMER, acumatica_key__in=list(customer_ids)).filter(
        Q(scope=scope) | Q(scope=DEFAULT_SCOPE)
    )
    found: dict[str, int] = {}
    for link in sorted(rows, key=lambda row: row.scope == DEFAULT_SCOPE):
        if link.magento_id and str(link.magento_id).isdigit():
            found.setdefault(link.acumatica_key, int(link.magento_id))
    return found


def map_address(
    address: Mapping[str, Any], contact: Mapping[str, Any], customer: Mapping[str, Any]
) -> dict[str, Any]:
    """An Acumatica address and contact as a Magento order address (names from the customer)."""
    street = [str(value_of(address, n)) for n in ("AddressLine1", "AddressLine2") if value_of(address, n)]
    return {
        "firstname": customer.get("firstname") or "-",
        "lastname": customer.get("lastname") or "-",
        "company": value_of(contact, "BusinessName"),
        "street": street or ["-"],
        "city": value_of(address, "City") or "-",
        "postcode": value_of(address, "PostalCode") or "-",
        "country_id": value_of(address, "Country") or "US",
        "region_code": value_of(address, "State"),
        "telephone": value_of(contact, "Phone1") or "-",
        "email": value_of(contact, "Email") or customer.get("email"),
    }


def map_magento_order(
    record: Mapping[str, Any],
    customer: Mapping[str, Any],
    *,
    store_id: int,
    skus: Mapping[str, str],
    shipping_method: str | None,
    payment_method: str,
) -> dict[str, Any]:
    """The `PUT /V1/orders/create` entity of an Acumatica sales order (pure)."""
    key = order_key(str(value_of(record, "OrderType")), str(value_of(record, "OrderNbr")))
    items = []
    for row in record.get("Details") or []:
        qty, price = decimal(value_of(row, "OrderQty")), decimal(value_of(row, "UnitPrice"))
        inventory_id = str(value_of(row, "InventoryID") or "")
        items.append(
            {
                "sku": skus.get(inventory_id, inventory_id),
                "name": value_of(row, "LineDescription") or inventory_id,
                "product_type": "simple",
                "qty_ordered": float(qty),
                "price": float(price),
                "base_price": float(price),
                "original_price": float(price),
                "row_total": float(qty * price),
                "base_row_total": float(qty * price),
                "discount_amount": float(decimal(value_of(row, "DiscountAmount"))),
            }
        )
    totals = record.get("Totals") or {}
    subtotal = sum((decimal(i["row_total"]) for i in items), decimal(0))
    discount = sum((decimal(i["discount_amount"]) for i in items), decimal(0))
    freight, tax = decimal(value_of(totals, "Freight")), decimal(value_of(record, "TaxTotal"))
    grand_total = decimal(value_of(record, "OrderTotal"))
    currency = value_of(record, "CurrencyID") or "USD"
    billing = map_address(record.get("BillToAddress") or {}, record.get("BillToContact") or {}, customer)
    shipping = map_address(record.get("ShipToAddress") or {}, record.get("ShipToContact") or {}, customer)
    return {
        "ext_order_id": marker(key),
        "store_id": store_id,
        "state": "new",
        "status": "pending",
        "customer_id": customer["id"],
        "customer_email": customer.get("email"),
        "customer_firstname": customer.get("firstname"),
        "customer_lastname": customer.get("lastname"),
        "customer_group_id": customer.get("group_id"),
        "customer_is_guest": 0,
        "base_currency_code": currency,
        "order_currency_code": currency,
        "subtotal": float(subtotal),
        "base_subtotal": float(subtotal),
        "discount_amount": float(-discount),
        "base_discount_amount": float(-discount),
        "shipping_amount": float(freight),
        "base_shipping_amount": float(freight),
        "tax_amount": float(tax),
        "base_tax_amount": float(tax),
        "grand_total": float(grand_total),
        "base_grand_total": float(grand_total),
        "total_qty_ordered": float(sum((decimal(i["qty_ordered"]) for i in items), decimal(0))),
        "total_item_count": len(items),
        "items": items,
        "billing_address": {**billing, "address_type": "billing"},
        "payment": {
            "method": payment_method,
            "account_status": None,
            "additional_information": [],
            "cc_last4": None,
        },
        "extension_attributes": {
            "shipping_assignments": [
                {
                    "shipping": {
                        "address": {**shipping, "address_type": "shipping"},
                        **({"method": shipping_method} if shipping_method else {}),
                    }
                }
            ]
        },
        "status_histories": [
            {
                "comment": f"Created from Acumatica sales order {key.replace('/', ' ')}",
                "is_customer_notified": 0,
                "is_visible_on_front": 0,
                "status": "pending",
            }
        ],
    }


class _BatchLookups:
    """What every order of a batch needs, read once for the batch: the ShipVia and payment method
    mappings, the Magento SKUs of the ordered items (product links) and the scope's store view id
    (None: the customer's store; a scope Magento does not know keeps it too)."""

    def __init__(self, ctx: SyncContext, records: Iterable[Mapping[str, Any]]) -> None:
        self.mappings = BatchMappings(ctx.scope)
        self.payment_methods = mapping_table(
            PaymentMethodMapping, ctx.scope, "acumatica_payment_method", "magento_method"
        )
        inventory = {
            str(value_of(row, "InventoryID") or "")
            for record in records
            for row in record.get("Details") or []
        }
        self.skus = {
            key: str(sku)
            for key, sku in Link.objects.filter(entity=Entity.PRODUCT, acumatica_key__in=inventory)
            .exclude(magento_id__isnull=True)
            .values_list("acumatica_key", "magento_id")
        }
        self.store_id: int | None = None
        if ctx.scope != DEFAULT_SCOPE:
            views = {str(v.get("code")): int(v.get("id") or 0) for v in ctx.magento.fetch_store_views()}
            self.store_id = views.get(ctx.scope)


@register
class OrderExportFlow(Flow):
    entity = Entity.ORDER
    direction = Direction.A2M
    per_store_view = True
    batchable = True
    push_queries = ("Sales Orders",)

    def key_from_push(self, row: Mapping[str, Any]) -> str | None:
        if not row.get("OrderType") or not row.get("OrderNbr"):
            return None
        return order_key(str(row["OrderType"]).strip(), str(row["OrderNbr"]).strip())

    def _types(self, ctx: SyncContext) -> list[str]:
        return [str(code).upper() for code in ctx.setup.order_types or []]

    # ----------------------------------------------------------------- reading Acumatica
    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        types = self._types(ctx)
        if not types:
            return []
        modified = ctx.acumatica.last_modified_field(SALES_ORDER) or "LastModified"
        window = odata.and_(
            odata.ge(modified, since),
            odata.lt(modified, until),
            odata.or_(*(odata.eq("OrderType", t) for t in types)),
        )
        records = list(
            ctx.acumatica.iter_records(
                SALES_ORDER, filter=window, select="OrderType,OrderNbr,CustomerID,ExternalRef"
            )
        )
        keys = [order_key(str(value_of(r, "OrderType")), str(value_of(r, "OrderNbr"))) for r in records]
        linked = links_for(Entity.ORDER, keys, ctx.scope)
        customers = magento_customers(ctx.scope, [str(value_of(r, "CustomerID") or "") for r in records])
        return [
            Change(key)
            for key, record in zip(keys, records, strict=True)
            if key not in linked
            and not value_of(record, "ExternalRef")
            and str(value_of(record, "CustomerID") or "") in customers
        ]

    def _orders(self, ctx: SyncContext, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for _, expression in odata.chunk_keys(("OrderType", "OrderNbr"), [split_order_key(k) for k in keys]):
            for record in ctx.acumatica.fetch_list(SALES_ORDER, filter=expression, expand=EXPAND):
                found[order_key(str(value_of(record, "OrderType")), str(value_of(record, "OrderNbr")))] = (
                    record
                )
        return found

    # ----------------------------------------------------------------- writing Magento
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        records = self._orders(ctx, [m.key for m in messages])
        linked = links_for(Entity.ORDER, [m.key for m in messages], ctx.scope)
        customers = magento_customers(
            ctx.scope, [str(value_of(r, "CustomerID") or "") for r in records.values()]
        )
        todo: dict[str, tuple[Message, dict[str, Any]]] = {}
        for message in messages:
            record = records.get(message.key)
            if record is None:
                outcomes[message.pk] = Outcome.skipped("not found in Acumatica")
            elif message.key in linked:
                outcomes[message.pk] = Outcome.skipped(
                    f"already in Magento as order {linked[message.key].magento_id}"
                )
            elif str(value_of(record, "OrderType") or "").upper() not in self._types(ctx):
                outcomes[message.pk] = Outcome.skipped("its order type is not synced to Magento")
            elif value_of(record, "ExternalRef"):
                outcomes[message.pk] = Outcome.skipped(
                    "came from a storefront (it has an External Reference)"
                )
            elif str(value_of(record, "CustomerID") or "") not in customers:
                outcomes[message.pk] = Outcome.skipped("its customer is not a Magento customer")
            else:
                todo[message.key] = (message, record)
        names = {f"order-export:{key}": key for key in todo}
        with record_locks(names) as held:
            for name, key in names.items():
                if name not in held:
                    outcomes[todo[key][0].pk] = Outcome.wait(f"order {key} (another worker is exporting it)")
            mine = {key: todo[key] for name, key in names.items() if name in held}
            if mine:
                outcomes.update(self._export(ctx, mine, customers))
        return outcomes

    def _existing(self, ctx: SyncContext, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Magento orders already made from these Acumatica orders, by Acumatica key."""
        criteria = (
            SearchCriteria().where("ext_order_id", [marker(k) for k in keys], "in").order_by("entity_id")
        )
        found: dict[str, dict[str, Any]] = {}
        for order in ctx.magento.iter_search(ORDER_SEARCH, criteria):
            found.setdefault(str(order.get("ext_order_id") or "")[len(EXPORT_MARKER) :], order)
        return found

    def _export(
        self,
        ctx: SyncContext,
        todo: Mapping[str, tuple[Message, dict[str, Any]]],
        customers: Mapping[str, int],
    ) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        existing = self._existing(ctx, list(todo))
        new = {key: record for key, (_, record) in todo.items() if key not in existing}
        # Read once for the batch, not per order: the customers (one search), the scope's store
        # view id, the payment method mappings and the SKUs of the ordered items.
        people = (
            fetch_magento_customers(ctx, {customers[str(value_of(r, "CustomerID"))] for r in new.values()})
            if new
            else {}
        )
        batch = _BatchLookups(ctx, new.values()) if new else None
        for key, (message, record) in todo.items():
            if key in existing:
                self._link(ctx, key, record, existing[key])
                outcomes[message.pk] = Outcome.succeeded(
                    f"already in Magento as order {existing[key]['increment_id']}; linked"
                )
                continue
            assert batch is not None
            customer_id = customers[str(value_of(record, "CustomerID"))]
            customer = people.get(str(customer_id))
            if customer is None:  # not found by the search: its own read says why (404)
                customer = people[str(customer_id)] = ctx.magento.fetch_customer(customer_id)
            try:
                entity = self._entity(ctx, record, customer, batch)
            except RecordError as exc:
                outcomes[message.pk] = Outcome.failed(str(exc))
                continue
            outcomes[message.pk] = self._create(ctx, key, record, entity)
        return outcomes

    def _entity(
        self,
        ctx: SyncContext,
        record: Mapping[str, Any],
        customer: Mapping[str, Any],
        batch: _BatchLookups,
    ) -> dict[str, Any]:
        ship_via = str(value_of(record, "ShipVia") or "")
        shipping = batch.mappings.resolve(resolve_ship_via, ship_via).magento_method if ship_via else None
        payment = str(value_of(record, "PaymentMethod") or "")
        methods = batch.payment_methods
        if payment and payment not in methods:
            raise MissingMappingError(PaymentMethodMapping, "Acumatica payment method", payment, ctx.scope)
        store_id = int(customer.get("store_id") or 1)
        if batch.store_id is not None:
            store_id = batch.store_id
        return map_magento_order(
            record,
            customer,
            store_id=store_id,
            skus=batch.skus,
            shipping_method=shipping,
            payment_method=methods.get(payment, OFFLINE_PAYMENT),
        )

    def _create(
        self, ctx: SyncContext, key: str, record: Mapping[str, Any], entity: dict[str, Any]
    ) -> Outcome:
        if ctx.dry_run:
            return Outcome.skipped(f"dry run: would create a Magento order for {key}")
        try:
            created = ctx.magento.call(ORDER_CREATE, json={"entity": entity}).data
        except RetryableError as exc:
            found = self._existing(ctx, [key]).get(key)
            if found is None:
                return Outcome.retry(describe_error(exc))
            created = found
        except PermanentError as exc:
            return Outcome.failed(f"Magento refused the order for {key}: {exc.remote_message or exc.summary}")
        self._link(ctx, key, record, created)
        return Outcome.succeeded(f"Magento order {created.get('increment_id')}")

    def _link(self, ctx: SyncContext, key: str, record: Mapping[str, Any], order: Mapping[str, Any]) -> None:
        """Link, with the line map shipments need (lines and items are in the same order)."""
        lines = [str(value_of(row, "LineNbr")) for row in record.get("Details") or []]
        items = [item for item in order.get("items") or [] if not item.get("parent_item_id")]
        line_map = {nbr: int(item["item_id"]) for nbr, item in zip(lines, items, strict=False) if nbr}
        link_order(ctx.scope, key, order, origin=ORIGIN_ACUMATICA, lines=line_map)
