"""Pickers: the values a mapping can name, loaded from both systems (cached, refreshable).

The admin's mapping tables offer these values as suggestions while still accepting typed codes,
and `sync.suggest` matches them to propose mappings. Each picker is one small read (one list call
per system) whose answer is cached for `CACHE_SECONDS`; `refresh_choices` forgets them.

Magento has no admin REST route listing the configured payment or shipping methods (it only
answers them for a cart), so those pickers combine the core methods of a Magento install with the
methods found on the store's most recent orders, which also carry the titles the store uses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache

from endpoints.clients import SearchCriteria
from endpoints.clients.acumatica_records import value_of
from endpoints.exceptions import EndpointError, NotFoundError
from sync.models import DEFAULT_SCOPE

if TYPE_CHECKING:
    from sync.context import SyncContext

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600
RECENT_ORDERS = 200
_CACHE_PREFIX = "sync.pickers"


class PickerError(Exception):
    """A picker could not be loaded; the message is one line for the admin."""


@dataclass(frozen=True)
class Choice:
    """One value of one system: its code, its label, and facts a suggestion can use."""

    value: str
    label: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    seen_in_use: bool = False  # found on the store's orders (not only a known default)

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "extra": dict(self.extra), "seen": self.seen_in_use}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Choice:
        return cls(
            str(data["value"]),
            str(data.get("label") or ""),
            dict(data.get("extra") or {}),
            bool(data.get("seen")),
        )


# Core Magento methods with their default titles (Stores > Configuration > Sales).
MAGENTO_PAYMENT_METHODS: tuple[tuple[str, str], ...] = (
    ("checkmo", "Check / Money order"),
    ("banktransfer", "Bank Transfer Payment"),
    ("cashondelivery", "Cash On Delivery"),
    ("purchaseorder", "Purchase Order"),
    ("free", "No Payment Information Required"),
    ("braintree", "Credit Card"),
    ("braintree_paypal", "PayPal"),
    ("paypal_express", "PayPal Express Checkout"),
)
# (carrier_method, carrier title, method title)
MAGENTO_SHIPPING_METHODS: tuple[tuple[str, str, str], ...] = (
    ("flatrate_flatrate", "Flat Rate", "Fixed"),
    ("freeshipping_freeshipping", "Free Shipping", "Free"),
    ("tablerate_bestway", "Best Way", "Table Rate"),
    ("ups_GND", "United Parcel Service", "Ground"),
    ("ups_1DA", "United Parcel Service", "Next Day Air"),
    ("ups_2DA", "United Parcel Service", "2nd Day Air"),
    ("ups_3DS", "United Parcel Service", "3 Day Select"),
    ("usps_1", "United States Postal Service", "Priority Mail"),
    ("fedex_FEDEX_GROUND", "Federal Express", "Ground"),
    ("fedex_FEDEX_2_DAY", "Federal Express", "2 Day"),
    ("fedex_PRIORITY_OVERNIGHT", "Federal Express", "Priority Overnight"),
)
# Acumatica sales order statuses (reference 6.8) and Magento's default order statuses (12.3).
ACUMATICA_ORDER_STATUSES: tuple[str, ...] = (
    "On Hold",
    "Pending Approval",
    "Open",
    "Pending Processing",
    "Awaiting Payment",
    "Credit Hold",
    "Back Order",
    "Shipping",
    "Completed",
    "Canceled",
    "Invoiced",
    "Expired",
    "Rejected",
    "Risk Hold",
)
MAGENTO_ORDER_STATUSES: tuple[tuple[str, str], ...] = (
    ("pending", "Pending"),
    ("pending_payment", "Pending Payment"),
    ("processing", "Processing"),
    ("fraud", "Suspected Fraud"),
    ("complete", "Complete"),
    ("closed", "Closed"),
    ("canceled", "Canceled"),
    ("holded", "On Hold"),
    ("payment_review", "Payment Review"),
)


# ---------------------------------------------------------------------------- Acumatica loaders
def _acumatica_list(ctx: SyncContext, entity: str, **options: Any) -> list[dict[str, Any]]:
    try:
        return list(ctx.acumatica.iter_records(entity, **options))
    except NotFoundError:
        return []  # the endpoint does not offer the entity


def _text(record: Mapping[str, Any], *names: str) -> str:
    for name in names:
        value = value_of(record, name)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _by_id(
    records: Iterable[Mapping[str, Any]], id_fields: tuple[str, ...], label: str = "Description"
) -> list[Choice]:
    choices = {}
    for record in records:
        code = _text(record, *id_fields)
        if code:
            choices[code] = Choice(code, _text(record, label))
    return sorted(choices.values(), key=lambda c: c.value)


def _default_cash_account(record: Mapping[str, Any]) -> str:
    rows = [r for r in record.get("AllowedCashAccounts") or [] if isinstance(r, Mapping)]
    rows.sort(key=lambda r: not value_of(r, "ARDefault"))
    return _text(rows[0], "CashAccount") if rows else ""


def load_acumatica_payment_methods(ctx: SyncContext) -> list[Choice]:
    records = _acumatica_list(ctx, "PaymentMethod", expand="AllowedCashAccounts")
    choices = [
        Choice(code, _text(r, "Description"), {"cash_account": _default_cash_account(r)})
        for r in records
        if (code := _text(r, "PaymentMethodID")) and value_of(r, "Active") is not False
    ]
    return sorted(choices, key=lambda c: c.value)


def load_acumatica_ship_vias(ctx: SyncContext) -> list[Choice]:
    return _by_id(_acumatica_list(ctx, "ShipVia"), ("CarrierID", "ShipViaID"))


def load_acumatica_customer_classes(ctx: SyncContext) -> list[Choice]:
    return _by_id(_acumatica_list(ctx, "CustomerClass"), ("ClassID", "CustomerClassID"))


def load_acumatica_price_classes(ctx: SyncContext) -> list[Choice]:
    return _by_id(_acumatica_list(ctx, "CustomerPriceClass"), ("PriceClassID",))


def load_acumatica_warehouses(ctx: SyncContext) -> list[Choice]:
    return _by_id(_acumatica_list(ctx, "Warehouse"), ("WarehouseID",))


def load_acumatica_order_statuses(ctx: SyncContext) -> list[Choice]:
    return [Choice(status, status) for status in ACUMATICA_ORDER_STATUSES]


# ---------------------------------------------------------------------------- Magento loaders
def _recent_orders(ctx: SyncContext) -> list[dict[str, Any]]:
    criteria = SearchCriteria().order_by("created_at", "DESC").with_page(RECENT_ORDERS, 1)
    return list(ctx.magento.search("magento.order.search", criteria).items)


def _order_shipping_method(order: Mapping[str, Any]) -> str:
    assignments = (order.get("extension_attributes") or {}).get("shipping_assignments") or []
    for assignment in assignments:
        method = ((assignment or {}).get("shipping") or {}).get("method")
        if method:
            return str(method)
    return str(order.get("shipping_method") or "")


def load_magento_payment_methods(ctx: SyncContext) -> list[Choice]:
    choices = {code: Choice(code, title) for code, title in MAGENTO_PAYMENT_METHODS}
    for order in _recent_orders(ctx):
        payment = order.get("payment") or {}
        code = str(payment.get("method") or "")
        if not code:
            continue
        info = payment.get("additional_information") or []
        title = str(info[0]) if info and info[0] else choices.get(code, Choice(code)).label
        choices[code] = Choice(code, title, seen_in_use=True)
    return sorted(choices.values(), key=lambda c: c.value)


def load_magento_shipping_methods(ctx: SyncContext) -> list[Choice]:
    choices = {
        code: Choice(code, f"{carrier} - {method}", {"carrier_title": carrier, "method_title": method})
        for code, carrier, method in MAGENTO_SHIPPING_METHODS
    }
    for order in _recent_orders(ctx):
        code = _order_shipping_method(order)
        if not code:
            continue
        description = str(order.get("shipping_description") or "")
        carrier, _, method = description.partition(" - ")
        known = choices.get(code)
        extra = {
            "carrier_title": carrier or (known.extra.get("carrier_title", "") if known else ""),
            "method_title": method or (known.extra.get("method_title", "") if known else ""),
        }
        choices[code] = Choice(code, description or code, extra, seen_in_use=True)
    return sorted(choices.values(), key=lambda c: c.value)


def load_magento_customer_groups(ctx: SyncContext) -> list[Choice]:
    page = ctx.magento.search("magento.customer_group.search", SearchCriteria().with_page(500, 1))
    return [Choice(str(g["id"]), str(g.get("code") or "")) for g in page.items if g.get("id") is not None]


def load_magento_sources(ctx: SyncContext) -> list[Choice]:
    page = ctx.magento.search("magento.source.search", SearchCriteria().with_page(500, 1))
    return sorted(
        (Choice(str(s["source_code"]), str(s.get("name") or "")) for s in page.items if s.get("source_code")),
        key=lambda c: c.value,
    )


def load_magento_order_statuses(ctx: SyncContext) -> list[Choice]:
    return [Choice(code, label) for code, label in MAGENTO_ORDER_STATUSES]


PICKERS: dict[str, Callable[[SyncContext], list[Choice]]] = {
    "acumatica.payment_methods": load_acumatica_payment_methods,
    "acumatica.ship_vias": load_acumatica_ship_vias,
    "acumatica.customer_classes": load_acumatica_customer_classes,
    "acumatica.price_classes": load_acumatica_price_classes,
    "acumatica.warehouses": load_acumatica_warehouses,
    "acumatica.order_statuses": load_acumatica_order_statuses,
    "magento.payment_methods": load_magento_payment_methods,
    "magento.shipping_methods": load_magento_shipping_methods,
    "magento.customer_groups": load_magento_customer_groups,
    "magento.sources": load_magento_sources,
    "magento.order_statuses": load_magento_order_statuses,
}


# ---------------------------------------------------------------------------- cache
def _cache_key(kind: str, scope: str) -> str:
    return f"{_CACHE_PREFIX}:{scope}:{kind}"


def load_choices(
    kind: str, scope: str = DEFAULT_SCOPE, *, refresh: bool = False, ctx: SyncContext | None = None
) -> list[Choice]:
    """The choices of one picker in a scope, from the cache unless `refresh` (or not cached).

    Raises `PickerError` with one line when the remote system cannot answer.
    """
    if kind not in PICKERS:
        raise PickerError(f"Unknown picker {kind!r} (known: {', '.join(sorted(PICKERS))}).")
    key = _cache_key(kind, scope)
    if not refresh:
        cached = cache.get(key)
        if cached is not None:
            return [Choice.from_dict(item) for item in cached]
    choices = _load(kind, scope, ctx)
    cache.set(key, [c.as_dict() for c in choices], CACHE_SECONDS)
    return choices


def _load(kind: str, scope: str, ctx: SyncContext | None) -> list[Choice]:
    from sync.context import SyncContext
    from sync.processing import describe_error

    own = ctx is None
    context = ctx or SyncContext(scope)
    try:
        return PICKERS[kind](context)
    except EndpointError as exc:
        system = "Acumatica" if kind.startswith("acumatica") else "Magento"
        raise PickerError(f"Could not load the {system} choices ({kind}): {describe_error(exc)}") from None
    finally:
        if own:
            context.close()


def cached_choices(kind: str, scope: str = DEFAULT_SCOPE) -> list[Choice] | None:
    """The cached choices only (None when not loaded yet): for pages that must not wait on HTTP."""
    cached = cache.get(_cache_key(kind, scope))
    return None if cached is None else [Choice.from_dict(item) for item in cached]


def refresh_choices(scope: str = DEFAULT_SCOPE, kinds: Iterable[str] | None = None) -> dict[str, str]:
    """Reload pickers now; returns {kind: error} for the ones that failed (the others are cached)."""
    errors: dict[str, str] = {}
    from sync.context import SyncContext

    with SyncContext(scope) as ctx:
        for kind in kinds or PICKERS:
            try:
                load_choices(kind, scope, refresh=True, ctx=ctx)
            except PickerError as exc:
                errors[kind] = str(exc)
            except Exception as exc:  # a stopped connection, an unexpected answer: say so, go on
                logger.warning("Picker %s failed: %s", kind, exc, extra={"picker": kind})
                errors[kind] = f"Could not load {kind}: {exc}"
    return errors
