"""Scope resolution: a store view's own settings win over Default Config, entity by entity."""

from __future__ import annotations

import pytest

from endpoints.models import AcumaticaConnection
from sync.choices import Direction, Entity, SyncDirection
from sync.models import SetupParameters
from sync.scopes import (
    UnknownScopeError,
    all_scopes,
    effective_acumatica_connection,
    effective_branch,
    effective_sync_configuration,
    effective_sync_configurations,
    is_sync_enabled,
    scope_for_store_code,
)
from tests.factories import AcumaticaConnectionFactory, StoreViewFactory, SyncConfigurationFactory

pytestmark = pytest.mark.django_db


def test_default_config_rows_exist_for_every_entity_after_migrate() -> None:
    configs = effective_sync_configurations("default")
    assert set(configs) == set(Entity)
    assert all(config.enabled and config.source_scope == "default" for config in configs.values())
    assert configs[Entity.ORDER].direction == SyncDirection.BIDIRECTIONAL
    assert configs[Entity.PRODUCT].direction == SyncDirection.A2M


def test_store_view_row_overrides_default_config_for_that_entity_only() -> None:
    view = StoreViewFactory.create(code="fr")
    SyncConfigurationFactory.create(
        store_view=view, entity=Entity.ORDER, enabled=False, direction=SyncDirection.M2A
    )

    order = effective_sync_configuration("fr", Entity.ORDER)
    assert (order.enabled, order.direction, order.source_scope) == (False, SyncDirection.M2A, "fr")
    product = effective_sync_configuration("fr", "product")
    assert (product.enabled, product.source_scope) == (True, "default")
    # Default Config itself is untouched.
    assert effective_sync_configuration("default", Entity.ORDER).enabled is True


def test_store_view_without_overrides_follows_later_default_changes() -> None:
    StoreViewFactory.create(code="fr")
    from sync.models import SyncConfiguration

    SyncConfiguration.objects.filter(store_view__isnull=True, entity="price").update(enabled=False)
    assert effective_sync_configuration("fr", "price").enabled is False


def test_sync_enabled_needs_active_entity_enabled_scope_and_allowed_direction() -> None:
    view = StoreViewFactory.create(code="fr")
    SyncConfigurationFactory.create(store_view=view, entity=Entity.CUSTOMER, direction=SyncDirection.M2A)

    assert is_sync_enabled("default", Entity.CUSTOMER, Direction.A2M)
    assert is_sync_enabled("fr", Entity.CUSTOMER, Direction.M2A)
    assert not is_sync_enabled("fr", Entity.CUSTOMER, Direction.A2M)

    setup = SetupParameters.load()
    setup.customer_sync_active = False
    setup.save()
    assert not is_sync_enabled("default", Entity.CUSTOMER, Direction.A2M)
    assert not is_sync_enabled("fr", Entity.CUSTOMER, Direction.M2A)


def test_connection_is_the_store_views_own_or_else_default_config() -> None:
    default = AcumaticaConnection.objects.get(is_default=True)
    own = AcumaticaConnectionFactory.create(name="EU", tenant="EuropeCo", branch="EU01")
    StoreViewFactory.create(code="fr", acumatica_connection=own, acumatica_branch="")
    StoreViewFactory.create(code="us", acumatica_branch="US01")

    assert effective_acumatica_connection("default") == default
    assert effective_acumatica_connection("us") == default
    assert effective_acumatica_connection("fr") == own
    assert AcumaticaConnection.for_store_view(None) == default
    assert effective_branch("fr") == "EU01"
    assert effective_branch("us") == "US01"


def test_exactly_one_default_config_connection() -> None:
    from django.db import IntegrityError, transaction

    assert AcumaticaConnection.objects.filter(is_default=True).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        AcumaticaConnection.objects.create(name="Another default", is_default=True)


def test_unknown_scope_is_refused_and_unknown_store_codes_fall_back_to_default() -> None:
    StoreViewFactory.create(code="fr")
    with pytest.raises(UnknownScopeError, match="Unknown store view 'xx'"):
        effective_sync_configuration("xx", "product")
    assert all_scopes() == ["default", "fr"]
    assert scope_for_store_code("fr") == "fr"
    assert scope_for_store_code("default") == "default"
    assert scope_for_store_code("nl") == "default"
