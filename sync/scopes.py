"""Scope resolution: which settings apply to Default Config or to one store view.

A scope is the string `"default"` (Default Config) or a store view code. A store view's own row
wins over Default Config's, entity by entity; a store view without its own Acumatica connection
uses Default Config's. Every flow, command and admin page asks here instead of reading the rows.
Magento's store view `default` has no row of its own: Default Config is its configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from endpoints.models import AcumaticaConnection
from sync.choices import Direction, Entity, SyncDirection, default_sync_direction
from sync.models import DEFAULT_SCOPE, SetupParameters, StoreView, SyncConfiguration


class UnknownScopeError(LookupError):
    """A scope names no store view."""

    def __init__(self, scope: str) -> None:
        super().__init__(
            f"Unknown store view {scope!r}: use 'default' or the code of a configured store view."
        )
        self.scope = scope


@dataclass(frozen=True)
class EffectiveSyncConfiguration:
    """What applies to one entity in one scope, and where it came from (`source_scope`)."""

    scope: str
    entity: Entity
    enabled: bool
    direction: SyncDirection
    source_scope: str

    def allows(self, direction: Direction | str) -> bool:
        return self.enabled and self.direction.includes(direction)


def all_scopes() -> list[str]:
    """Default Config first, then every store view code."""
    return [DEFAULT_SCOPE, *StoreView.objects.order_by("code").values_list("code", flat=True)]


def get_store_view(scope: str) -> StoreView | None:
    """The store view of a scope (None for Default Config); raises `UnknownScopeError`."""
    if scope == DEFAULT_SCOPE:
        return None
    try:
        return StoreView.objects.select_related("acumatica_connection").get(code=scope)
    except StoreView.DoesNotExist:
        raise UnknownScopeError(scope) from None


def scope_for_store_code(store_code: str | None) -> str:
    """The scope that governs records of a Magento store view: its own, or Default Config."""
    if store_code and store_code != DEFAULT_SCOPE and StoreView.objects.filter(code=store_code).exists():
        return store_code
    return DEFAULT_SCOPE


def effective_sync_configurations(scope: str) -> dict[Entity, EffectiveSyncConfiguration]:
    """Every entity's configuration in a scope: the store view's row if it has one, else Default Config's."""
    store_view = get_store_view(scope)
    rows: dict[str, SyncConfiguration] = {
        row.entity: row for row in SyncConfiguration.objects.filter(store_view__isnull=True)
    }
    sources = dict.fromkeys(rows, DEFAULT_SCOPE)
    if store_view is not None:
        for row in SyncConfiguration.objects.filter(store_view=store_view):
            rows[row.entity] = row
            sources[row.entity] = scope
    result: dict[Entity, EffectiveSyncConfiguration] = {}
    for entity in Entity:
        found = rows.get(entity.value)
        if found is None:
            # Default Config rows are created by migration; if one was removed, the entity stays off
            # rather than syncing in a direction nobody chose.
            result[entity] = EffectiveSyncConfiguration(
                scope, entity, False, default_sync_direction(entity), DEFAULT_SCOPE
            )
        else:
            result[entity] = EffectiveSyncConfiguration(
                scope, entity, found.enabled, SyncDirection(found.direction), sources[entity.value]
            )
    return result


def effective_sync_configuration(scope: str, entity: Entity | str) -> EffectiveSyncConfiguration:
    """One entity's configuration for a scope (store view row over Default Config)."""
    return effective_sync_configurations(scope)[Entity(entity)]


def is_sync_enabled(scope: str, entity: Entity | str, direction: Direction | str) -> bool:
    """Whether work for (scope, entity, direction) may be produced: the entity's Individual Sync
    Status is Active in Setup Parameters, and the scope's Sync Configuration enables that direction."""
    if not SetupParameters.load().is_entity_active(entity):
        return False
    return effective_sync_configuration(scope, entity).allows(direction)


def effective_acumatica_connection(scope: str) -> AcumaticaConnection:
    """The Acumatica connection a scope uses: the store view's own, or Default Config."""
    return AcumaticaConnection.for_store_view(get_store_view(scope))


def effective_branch(scope: str) -> str:
    """The Acumatica branch of a scope: the store view's branch, else its connection's branch."""
    store_view = get_store_view(scope)
    if store_view is not None and store_view.acumatica_branch:
        return store_view.acumatica_branch
    return AcumaticaConnection.for_store_view(store_view).branch
