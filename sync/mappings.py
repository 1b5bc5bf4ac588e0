"""Resolving mapping tables (the contract in helpers' MAPPINGS.md): one function per question.

Every resolver looks in the scope's store view first and falls back to Default Config, and raises
`MissingMappingError` when neither has a row. The error's text names exactly what to add and where,
so a message that fails on it tells the admin what to fix; after adding the row, reprocessing the
message succeeds. Flows call these per record; each is one small indexed query, and a flow that
handles a batch asks through `BatchMappings`, which asks once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sync.errors import RecordError
from sync.models.customers import CustomerSyncSettings
from sync.models.mappings import (
    CustomerGroupMapping,
    OrderStatusMapping,
    PaymentMethodMapping,
    ScopedMapping,
    ShippingMethodMapping,
    WarehouseSourceMapping,
)

__all__ = [
    "BatchMappings",
    "MissingMappingError",
    "customer_class_for_group",
    "customer_preferences",
    "group_for_customer_class",
    "mapping_table",
    "resolve_customer_class",
    "resolve_customer_group",
    "resolve_order_status",
    "resolve_payment",
    "resolve_ship_via",
    "resolve_shipping",
    "resolve_source",
]

M = TypeVar("M", bound=ScopedMapping)
T = TypeVar("T")


class MissingMappingError(RecordError):
    """No mapping row for a value in a scope (nor in Default Config)."""

    def __init__(
        self, model: type[ScopedMapping], what: str, value: Any, scope: str, *, also: str = ""
    ) -> None:
        self.model = model
        self.value = value
        self.scope = scope
        table = str(model._meta.verbose_name_plural)
        where = f"Sync > {table[:1].upper()}{table[1:]}"
        fix = f"add it under {where}{', or ' + also if also else ''}."
        super().__init__(f"No {model._meta.verbose_name} for {what} {_quoted(value)} (scope {scope}): {fix}")


class BatchMappings:
    """The mapping lookups of one batch of records in one scope: each resolver answers each
    distinct value once (one query), and a missing mapping is remembered too, so a batch of 25
    orders with three shipping methods costs three queries, not 25.

    >>> mappings = BatchMappings(scope)
    >>> mappings.resolve(resolve_shipping, "flatrate_flatrate").acumatica_ship_via
    """

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self._answers: dict[tuple[Callable[..., Any], Any], Any] = {}

    def resolve(self, resolver: Callable[[str, Any], T], value: Any) -> T:
        """`resolver(scope, value)`, or the `MissingMappingError` it raised for this value."""
        key = (resolver, value)
        if key not in self._answers:
            try:
                self._answers[key] = resolver(self.scope, value)
            except MissingMappingError as exc:
                self._answers[key] = exc
        answer = self._answers[key]
        if isinstance(answer, MissingMappingError):
            raise answer
        found: T = answer
        return found


def _quoted(value: Any) -> str:
    return str(value) if isinstance(value, int) else f'"{value}"'


def _pick(rows: list[M], value: Any) -> M | None:
    """The store view's row before Default Config's; an exact match before a case-insensitive one;
    then the oldest (so a reverse lookup over several rows is stable)."""
    if not rows:
        return None

    def rank(row: M) -> tuple[int, int, int]:
        exact = row.source_value == value if isinstance(value, str) else True
        return (0 if row.store_view_id is not None else 1, 0 if exact else 1, row.pk)

    return min(rows, key=rank)


def _resolve(model: type[M], field: str, value: Any, scope: str, what: str) -> M:
    if isinstance(value, str):
        value = value.strip()
        lookup = {f"{field}__iexact": value}
    else:
        lookup = {field: value}
    found = _pick(list(model.in_scope(scope).filter(**lookup).select_related("store_view")), value)
    if found is None or value in (None, ""):
        raise MissingMappingError(model, what, value, scope)
    return found


# ---------------------------------------------------------------------------- the contract
def resolve_payment(scope: str, magento_method: str) -> PaymentMethodMapping:
    """The Acumatica payment method and cash account of a Magento payment method code."""
    return _resolve(PaymentMethodMapping, "magento_method", magento_method, scope, "Magento method")


def resolve_shipping(scope: str, magento_method: str) -> ShippingMethodMapping:
    """The ShipVia of a Magento shipping method (`carrier_method`, as on the order)."""
    return _resolve(ShippingMethodMapping, "magento_method", magento_method, scope, "Magento method")


def resolve_ship_via(scope: str, acumatica_ship_via: str) -> ShippingMethodMapping:
    """The reverse: the Magento carrier code and title of an Acumatica ShipVia (A to M shipments)."""
    return _resolve(
        ShippingMethodMapping, "acumatica_ship_via", acumatica_ship_via, scope, "Acumatica ShipVia"
    )


def resolve_customer_group(scope: str, magento_group_id: int) -> CustomerGroupMapping:
    """The customer class and price class of a Magento customer group."""
    try:
        group = int(magento_group_id)
    except (TypeError, ValueError):
        raise MissingMappingError(
            CustomerGroupMapping, "Magento customer group", magento_group_id, scope
        ) from None
    return _resolve(CustomerGroupMapping, "magento_group_id", group, scope, "Magento customer group")


def resolve_customer_class(scope: str, acumatica_class: str) -> CustomerGroupMapping:
    """The reverse: the Magento customer group of an Acumatica customer class."""
    return _resolve(
        CustomerGroupMapping,
        "acumatica_customer_class",
        acumatica_class,
        scope,
        "Acumatica customer class",
    )


def resolve_source(scope: str, acumatica_warehouse: str) -> WarehouseSourceMapping:
    """The Magento MSI source of an Acumatica warehouse."""
    return _resolve(
        WarehouseSourceMapping, "acumatica_warehouse", acumatica_warehouse, scope, "Acumatica warehouse"
    )


def resolve_order_status(scope: str, acumatica_status: str) -> OrderStatusMapping:
    """The Magento order status of an Acumatica sales order status."""
    return _resolve(OrderStatusMapping, "acumatica_status", acumatica_status, scope, "Acumatica status")


# ---------------------------------------------------------------------------- tables and customers
def mapping_table(model: type[M], scope: str, key: str, value: str) -> dict[Any, Any]:
    """A whole table as `{key column: value column}` for one scope (store view rows override
    Default Config rows of the same source value), e.g. the `customer_group` lookup table the
    mapping engine's `lookup` transform reads. On a reverse table (key is not the source column)
    the first row per key wins, as in the reverse resolvers."""
    effective: dict[Any, M] = {}
    for row in sorted(model.in_scope(scope), key=lambda r: (r.store_view_id is None, r.pk)):
        effective.setdefault(row.source_value, row)
    table: dict[Any, Any] = {}
    for row in sorted(effective.values(), key=lambda r: (r.store_view_id is None, r.pk)):
        table.setdefault(getattr(row, key), getattr(row, value))
    return table


def group_for_customer_class(scope: str) -> dict[str, int]:
    """`{customer class: Magento group id}` of a scope: the `customer_group` lookup table (A to M)."""
    return mapping_table(CustomerGroupMapping, scope, "acumatica_customer_class", "magento_group_id")


def customer_preferences(scope: str) -> CustomerSyncSettings:
    """The scope's customer sync settings: the store view's row, else Default Config's (unsaved
    blank settings when neither exists)."""
    return CustomerSyncSettings.for_scope(scope)


def customer_class_for_group(scope: str, magento_group_id: int | None) -> tuple[str, str]:
    """M to A: (customer class, price class) of a Magento customer: its group's mapping, else the
    scope's Default Customer Class. Raises `MissingMappingError` naming both ways to fix it."""
    if magento_group_id not in (None, ""):
        try:
            mapping = resolve_customer_group(scope, int(magento_group_id))
        except MissingMappingError:
            pass
        else:
            return mapping.acumatica_customer_class, mapping.acumatica_price_class
    default = customer_preferences(scope).default_customer_class
    if default:
        return default, ""
    raise MissingMappingError(
        CustomerGroupMapping,
        "Magento customer group",
        magento_group_id,
        scope,
        also="set a Default Customer Class under Sync > Customer sync settings",
    )
