"""The `mappings` section of `manage.py configure --export/--import`: the mapping tables and the
customer sync settings of every scope.

Document shape (each table a list of rows; `scope` is "default" or a store view code)::

    "mappings": {
        "payment_methods":   [{"scope": "default", "magento_method": "checkmo",
                               "acumatica_payment_method": "CHECK", "cash_account": "10200"}],
        "shipping_methods":  [{"scope": "default", "magento_method": "flatrate_flatrate",
                               "acumatica_ship_via": "FLATRATE", "magento_carrier_code": "flatrate",
                               "magento_title": "Flat Rate"}],
        "customer_groups":   [{"scope": "default", "magento_group_id": 2,
                               "acumatica_customer_class": "WHOLESALE", "acumatica_price_class": ""}],
        "warehouses":        [{"scope": "default", "acumatica_warehouse": "RETAIL",
                               "magento_source": "retail"}],
        "order_statuses":    [{"scope": "default", "acumatica_status": "On Hold",
                               "magento_status": "holded"}],
        "customer_settings": [{"scope": "default", "default_customer_class": "GENERAL"}]
    }

A table present in the document is imported whole: its rows are created or updated and the rows
it does not list are removed, so an import reproduces the exported tables exactly. Tables absent
from the document are left as they are. The section runs after store views (order 45), so rows
of a store view created by the same import find it.
"""

from __future__ import annotations

from typing import Any

from sync.config_io import ConfigContext, ConfigError, ConfigSection, register_section, save_validated
from sync.models import DEFAULT_SCOPE, StoreView
from sync.models.customers import CustomerSyncSettings
from sync.models.mappings import (
    CustomerGroupMapping,
    OrderStatusMapping,
    PaymentMethodMapping,
    ShippingMethodMapping,
    WarehouseSourceMapping,
)
from sync.models.orders import OrderSyncSettings
from sync.models.store_views import ScopedModel

SECTION = "mappings"
# document key -> (model, the field that identifies a row in its scope, the other fields)
TABLES: dict[str, tuple[type[ScopedModel], str, tuple[str, ...]]] = {
    "payment_methods": (PaymentMethodMapping, "magento_method", ("acumatica_payment_method", "cash_account")),
    "shipping_methods": (
        ShippingMethodMapping,
        "magento_method",
        ("acumatica_ship_via", "magento_carrier_code", "magento_title"),
    ),
    "customer_groups": (
        CustomerGroupMapping,
        "magento_group_id",
        ("acumatica_customer_class", "acumatica_price_class"),
    ),
    "warehouses": (WarehouseSourceMapping, "acumatica_warehouse", ("magento_source",)),
    "order_statuses": (OrderStatusMapping, "acumatica_status", ("magento_status",)),
    "customer_settings": (CustomerSyncSettings, "", ("default_customer_class",)),
    "order_settings": (
        OrderSyncSettings,
        "",
        (
            "order_type",
            "import_delay_minutes",
            "payment_rule",
            "guest_handling",
            "guest_customer_id",
            "tax_id",
        ),
    ),
}


def export_mappings() -> dict[str, list[dict[str, Any]]]:
    document: dict[str, list[dict[str, Any]]] = {}
    for name, (model, key, others) in TABLES.items():
        rows = model._default_manager.select_related("store_view").order_by("store_view__code", "pk")
        fields = ((key,) if key else ()) + others
        document[name] = [
            {"scope": row.scope, **{field: getattr(row, field) for field in fields}} for row in rows
        ]
    return document


def _store_views() -> dict[str, StoreView]:
    return {view.code: view for view in StoreView.objects.all()}


def _import_table(name: str, rows: Any, views: dict[str, StoreView], ctx: ConfigContext) -> None:
    model, key, others = TABLES[name]
    prefix = f"{SECTION}.{name}"
    if not isinstance(rows, list):
        raise ConfigError(f"{prefix}: expects a list of rows.")
    kept: set[int] = set()
    for index, item in enumerate(rows):
        where = f"{prefix}[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: expects an object.")
        unknown = sorted(set(item) - {"scope", *((key,) if key else ()), *others})
        if unknown:
            raise ConfigError(f"{where}.{unknown[0]}: unknown field.")
        scope = item.get("scope", DEFAULT_SCOPE)
        if scope != DEFAULT_SCOPE and scope not in views:
            raise ConfigError(f"{where}.scope: unknown store view {scope!r}.")
        store_view = views.get(scope) if scope != DEFAULT_SCOPE else None
        lookup: dict[str, Any] = {"store_view": store_view}
        if key:
            if key not in item:
                raise ConfigError(f"{where}.{key}: required.")
            lookup[key] = item[key]
        row = model._default_manager.filter(**lookup).first() or model(**lookup)
        for field in others:
            if field in item:
                setattr(row, field, item[field])
        save_validated(row, where, ctx)
        kept.add(row.pk)
    model._default_manager.exclude(pk__in=kept).delete()


def import_mappings(value: Any, ctx: ConfigContext) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"{SECTION}: expects an object of tables.")
    unknown = sorted(set(value) - set(TABLES))
    if unknown:
        raise ConfigError(f"{SECTION}.{unknown[0]}: unknown table (known: {', '.join(TABLES)}).")
    views = _store_views()
    for name in TABLES:
        if name in value:
            _import_table(name, value[name], views, ctx)


def register_mappings_section() -> None:
    register_section(ConfigSection(SECTION, export_mappings, import_mappings, assign=None, order=45))
