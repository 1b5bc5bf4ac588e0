"""SyncContext: lazy clients, closed at the end of the run (even after errors), schema per run."""

from __future__ import annotations

from typing import Any

import pytest

from endpoints.exceptions import ConfigurationError
from sync.context import ConnectionStoppedError, ContextPool, SyncContext

pytestmark = pytest.mark.django_db


class Client:
    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log = name, log

    def close(self) -> None:
        self.log.append(f"close {self.name}")
        if self.name == "acumatica-broken":
            raise RuntimeError("logout failed")


class Factory:
    def __init__(self, log: list[str], acumatica: str = "acumatica") -> None:
        self.log, self.acumatica_name, self.built = log, acumatica, 0

    def acumatica(self, ctx: SyncContext) -> Any:
        self.built += 1
        return Client(self.acumatica_name, self.log)

    def magento(self, ctx: SyncContext) -> Any:
        self.built += 1
        return Client("magento", self.log)


def test_clients_are_opened_on_first_use_only_once():
    log: list[str] = []
    factory = Factory(log)
    ctx = SyncContext("default", factory=factory)
    assert ctx.opened == []
    assert ctx.acumatica is ctx.acumatica
    assert factory.built == 1
    assert ctx.opened == ["acumatica"]


def test_every_opened_client_is_closed_even_if_one_close_fails():
    log: list[str] = []
    with ContextPool(factory=Factory(log, acumatica="acumatica-broken")) as pool:
        first, second = pool.get("default"), pool.get("fr")
        first.acumatica, first.magento, second.magento  # noqa: B018 - opening is the point
    assert sorted(log) == ["close acumatica-broken", "close magento", "close magento"]


def test_stopped_scope_opens_no_client():
    ctx = SyncContext("default", factory=Factory([]))
    ctx.stop("401: wrong password")
    with pytest.raises(ConnectionStoppedError, match="wrong password"):
        ctx.magento  # noqa: B018


def test_default_factory_explains_a_missing_magento_configuration():
    ctx = SyncContext("default")
    with pytest.raises(ConfigurationError, match="Setup Parameters"):
        ctx.magento  # noqa: B018
    with pytest.raises(ConfigurationError, match="incomplete"):
        ctx.acumatica  # noqa: B018


def test_schema_fields_are_loaded_once_per_run(django_assert_num_queries):
    ctx = SyncContext("default")
    fields = ctx.schema_fields("product")
    assert fields and all(field.active for field in fields)
    with django_assert_num_queries(0):
        assert ctx.schema_fields("product") is fields
        plan = ctx.read_plan("product", always=("InventoryID",))
    assert "InventoryID" in plan.select
