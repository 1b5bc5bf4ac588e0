"""The configuration sections of the foundation: setup, store views, connections, sync, logging.

Registered by `SyncConfig.ready()`; see `sync.config_io` for the contract. Document shapes::

    "setup":       {"magento_url": "...", "bearer_token": "set", "threshold_count": 25, ...}
    "store_views": [{"code": "fr", "name": "French", "website_code": "base", "acumatica_branch": "EU"}]
    "connections": [{"name": "Default Config", "default": true, "base_url": ...,
                     "password": "set", ...}, {"name": "EU", "default": false, "store_views": ["fr"], ...}]
    "sync":        {"default": {"product": {"enabled": true, "direction": "a2m"}, ...},
                    "fr": {"order": {"enabled": false, "direction": "bidirectional"}}}
    "logging":     {"logged_actions": ["product", ...], "log_lifetime_days": 30, ...}

A store view's block under "sync" lists its overrides only; entities it does not list follow
Default Config. `--set` paths: ``setup.<field>``, ``logging.<field>``, ``store_views.<field>``
and ``connections.<field>`` (for the ``--scope`` store view, or Default Config without one), and
``sync.<entity>.enabled|direction`` (in the ``--scope`` scope).
"""

from __future__ import annotations

from typing import Any

from endpoints.models import AcumaticaConnection
from sync.choices import Entity
from sync.config_io import (
    Assignments,
    ConfigContext,
    ConfigError,
    ConfigSection,
    apply_json_values,
    apply_raw_values,
    export_fields,
    parse_raw_value,
    register_section,
    save_validated,
)
from sync.models import DEFAULT_SCOPE, LoggingSettings, SetupParameters, StoreView, SyncConfiguration
from sync.models.setup import SETUP_SECRET_FIELDS, SETUP_SECTIONS
from sync.scopes import UnknownScopeError, effective_sync_configuration, get_store_view

SETUP_FIELDS: tuple[str, ...] = tuple(name for _, names in SETUP_SECTIONS for name in names)
LOGGING_FIELDS = ("logged_actions", "log_lifetime_days", "cleaning_frequency", "show_in_system_messages")
STORE_VIEW_FIELDS = ("code", "name", "website_code", "acumatica_branch")
CONNECTION_FIELDS = (
    "name",
    "base_url",
    "username",
    "password",
    "tenant",
    "branch",
    "endpoint_name",
    "endpoint_version",
    "max_concurrent_requests",
    "max_requests_per_minute",
    "max_api_users",
)
CONNECTION_SECRETS = ("password",)
SYNC_FIELDS = ("enabled", "direction")


def _global_only(section: str, ctx: ConfigContext) -> None:
    if ctx.scope != DEFAULT_SCOPE:
        raise ConfigError(f"{section}: these settings apply to every store view; run without --scope.")


def _scope_store_view(ctx: ConfigContext) -> StoreView | None:
    try:
        return get_store_view(ctx.scope)
    except UnknownScopeError as exc:
        raise ConfigError(str(exc)) from None


# ----------------------------------------------------------------------------- setup / logging


def export_setup() -> dict[str, Any]:
    return export_fields(SetupParameters.load(), SETUP_FIELDS, SETUP_SECRET_FIELDS)


def import_setup(value: Any, ctx: ConfigContext) -> None:
    setup = SetupParameters.load()
    apply_json_values(
        setup, value, prefix="setup", allowed=SETUP_FIELDS, secrets=SETUP_SECRET_FIELDS, ctx=ctx
    )
    save_validated(setup, "setup", ctx)


def assign_setup(pairs: Assignments, ctx: ConfigContext) -> None:
    _global_only("setup", ctx)
    setup = SetupParameters.load()
    apply_raw_values(setup, pairs, prefix="setup", allowed=SETUP_FIELDS)
    save_validated(setup, "setup", ctx)


def export_logging() -> dict[str, Any]:
    return export_fields(LoggingSettings.load(), LOGGING_FIELDS)


def import_logging(value: Any, ctx: ConfigContext) -> None:
    settings = LoggingSettings.load()
    apply_json_values(settings, value, prefix="logging", allowed=LOGGING_FIELDS, ctx=ctx)
    save_validated(settings, "logging", ctx)


def assign_logging(pairs: Assignments, ctx: ConfigContext) -> None:
    _global_only("logging", ctx)
    settings = LoggingSettings.load()
    apply_raw_values(settings, pairs, prefix="logging", allowed=LOGGING_FIELDS)
    save_validated(settings, "logging", ctx)


# ----------------------------------------------------------------------------- store views


def export_store_views() -> list[dict[str, Any]]:
    return [export_fields(view, STORE_VIEW_FIELDS) for view in StoreView.objects.order_by("code")]


def import_store_views(value: Any, ctx: ConfigContext) -> None:
    if not isinstance(value, list):
        raise ConfigError("store_views: expects a list of store views.")
    for index, item in enumerate(value):
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str):
            raise ConfigError(f"store_views[{index}].code: every store view needs a code.")
        view = StoreView.objects.filter(code=code).first() or StoreView(code=code)
        prefix = f"store_views.{code}"
        apply_json_values(view, item, prefix=prefix, allowed=STORE_VIEW_FIELDS, ctx=ctx)
        save_validated(view, prefix, ctx)


def assign_store_views(pairs: Assignments, ctx: ConfigContext) -> None:
    if ctx.scope == DEFAULT_SCOPE:
        raise ConfigError("store_views: name the store view with --scope STORE_VIEW_CODE.")
    view = StoreView.objects.filter(code=ctx.scope).first() or StoreView(code=ctx.scope)
    allowed = tuple(name for name in STORE_VIEW_FIELDS if name != "code")
    apply_raw_values(view, pairs, prefix="store_views", allowed=allowed)
    save_validated(view, "store_views", ctx)


# ----------------------------------------------------------------------------- connections


def export_connections() -> list[dict[str, Any]]:
    result = []
    for connection in AcumaticaConnection.objects.order_by("-is_default", "name"):
        data: dict[str, Any] = {"name": connection.name, "default": connection.is_default}
        if not connection.is_default:
            data["store_views"] = sorted(connection.store_views.values_list("code", flat=True))
        data.update(export_fields(connection, CONNECTION_FIELDS[1:], CONNECTION_SECRETS))
        result.append(data)
    return result


def import_connections(value: Any, ctx: ConfigContext) -> None:
    if not isinstance(value, list):
        raise ConfigError("connections: expects a list of connections.")
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ConfigError(f"connections[{index}].name: every connection needs a name.")
        values = dict(item)
        is_default = bool(values.pop("default", False))
        scope_codes = values.pop("store_views", [])
        if is_default:
            connection = AcumaticaConnection.objects.ensure_default()
        else:
            existing = AcumaticaConnection.objects.filter(name=values["name"], is_default=False).first()
            connection = existing or AcumaticaConnection(name=values["name"])
        prefix = f"connections.{values['name']}"
        apply_json_values(
            connection, values, prefix=prefix, allowed=CONNECTION_FIELDS, secrets=CONNECTION_SECRETS, ctx=ctx
        )
        save_validated(connection, prefix, ctx)
        _link_store_views(connection, scope_codes, prefix)


def _link_store_views(connection: AcumaticaConnection, codes: Any, prefix: str) -> None:
    """Point exactly the listed store views at a (non-default) connection."""
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise ConfigError(f"{prefix}.store_views: expects a list of store view codes.")
    if connection.is_default:
        return  # store views without a connection of their own use Default Config anyway
    missing = sorted(
        set(codes) - set(StoreView.objects.filter(code__in=codes).values_list("code", flat=True))
    )
    if missing:
        raise ConfigError(f"{prefix}.store_views: unknown store view {missing[0]!r}.")
    StoreView.objects.filter(acumatica_connection=connection).exclude(code__in=codes).update(
        acumatica_connection=None
    )
    StoreView.objects.filter(code__in=codes).update(acumatica_connection=connection)


def _new_scope_connection(store_view: StoreView) -> AcumaticaConnection:
    """A store view's first own connection starts as a copy of Default Config (same instance and
    user, typically another company or branch), so one flag is enough to change what differs."""
    default = AcumaticaConnection.objects.ensure_default()
    values = {name: getattr(default, name) for name in CONNECTION_FIELDS if name != "name"}
    return AcumaticaConnection(name=f"Store view {store_view.code}", **values)


def assign_connections(pairs: Assignments, ctx: ConfigContext) -> None:
    """`--set connections.<field>=...` and the --acumatica-* flags: the scope's own connection."""
    store_view = _scope_store_view(ctx)
    if store_view is None:
        connection = AcumaticaConnection.objects.ensure_default()
    elif store_view.acumatica_connection is not None:
        connection = store_view.acumatica_connection
    else:
        connection = _new_scope_connection(store_view)
    prefix = "connections"
    apply_raw_values(connection, pairs, prefix=prefix, allowed=CONNECTION_FIELDS)
    save_validated(connection, prefix, ctx)
    if store_view is not None and store_view.acumatica_connection_id != connection.pk:
        store_view.acumatica_connection = connection
        store_view.save(update_fields=["acumatica_connection"])


# ----------------------------------------------------------------------------- sync configuration


def _export_row(row: SyncConfiguration) -> dict[str, Any]:
    return export_fields(row, SYNC_FIELDS)


def export_sync() -> dict[str, Any]:
    rows = SyncConfiguration.objects.select_related("store_view").order_by("store_view__code", "entity")
    document: dict[str, Any] = {DEFAULT_SCOPE: {}}
    for code in StoreView.objects.order_by("code").values_list("code", flat=True):
        document[code] = {}
    for row in rows:
        document[row.scope][row.entity] = _export_row(row)
    for scope in document:
        document[scope] = {
            entity: document[scope][entity] for entity in Entity.values if entity in document[scope]
        }
    return document


def import_sync(value: Any, ctx: ConfigContext) -> None:
    if not isinstance(value, dict):
        raise ConfigError("sync: expects an object of scopes.")
    for scope, entities in value.items():
        store_view = _scope_store_view(ConfigContext(scope=scope))
        if not isinstance(entities, dict):
            raise ConfigError(f"sync.{scope}: expects an object of entities.")
        for entity, settings in entities.items():
            _save_row(store_view, scope, entity, settings, ctx)
        if store_view is not None:
            # A store view's block is its complete list of overrides.
            SyncConfiguration.objects.filter(store_view=store_view).exclude(
                entity__in=list(entities)
            ).delete()


def _sync_row(store_view: StoreView | None, scope: str, entity: str) -> SyncConfiguration:
    if entity not in Entity.values:
        raise ConfigError(f"sync.{scope}.{entity}: unknown entity (known: {', '.join(Entity.values)}).")
    row = SyncConfiguration.objects.filter(store_view=store_view, entity=entity).first()
    if row is None:
        inherited = effective_sync_configuration(DEFAULT_SCOPE, entity)
        row = SyncConfiguration(
            store_view=store_view, entity=entity, enabled=inherited.enabled, direction=inherited.direction
        )
    return row


def _save_row(
    store_view: StoreView | None, scope: str, entity: str, settings: Any, ctx: ConfigContext
) -> None:
    row = _sync_row(store_view, scope, entity)
    prefix = f"sync.{scope}.{entity}"
    apply_json_values(row, settings, prefix=prefix, allowed=SYNC_FIELDS, ctx=ctx)
    save_validated(row, prefix, ctx)


def assign_sync(pairs: Assignments, ctx: ConfigContext) -> None:
    store_view = _scope_store_view(ctx)
    rows: dict[str, SyncConfiguration] = {}
    for path, raw in pairs:
        entity, dot, name = path.partition(".")
        if not dot or name not in SYNC_FIELDS:
            raise ConfigError(f"sync.{path}: expects sync.<entity>.enabled or sync.<entity>.direction.")
        row = rows.get(entity) or _sync_row(store_view, ctx.scope, entity)
        rows[entity] = row
        label = f"sync.{ctx.scope}.{entity}.{name}"
        setattr(row, name, parse_raw_value(row._meta.get_field(name), raw, label))  # type: ignore[arg-type]
    for entity, row in rows.items():
        save_validated(row, f"sync.{ctx.scope}.{entity}", ctx)


def register_core_sections() -> None:
    register_section(ConfigSection("setup", export_setup, import_setup, assign_setup, order=10))
    register_section(
        ConfigSection("store_views", export_store_views, import_store_views, assign_store_views, 20)
    )
    register_section(
        ConfigSection("connections", export_connections, import_connections, assign_connections, 30)
    )
    register_section(ConfigSection("sync", export_sync, import_sync, assign_sync, order=40))
    register_section(ConfigSection("logging", export_logging, import_logging, assign_logging, order=90))
