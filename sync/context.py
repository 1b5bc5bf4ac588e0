"""`SyncContext`: what a flow works with during one run in one scope.

It opens the remote clients lazily (a run that only skips unchanged records never logs in to
Acumatica), reports every request they make to the exchange recorder, and closes them at the end
of the run, logging out of Acumatica even when the run failed, because an Acumatica API session
holds a license seat until it times out.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from django.utils import timezone

from sync.exchange_log import ExchangeRecorder
from sync.queue import QueueSettings

if TYPE_CHECKING:
    from schema.mapping import FieldSpec, ReadPlan
    from sync.models import SetupParameters

logger = logging.getLogger(__name__)


class ClientFactory(Protocol):
    """Builds the clients of a scope (the default one reads the connection settings)."""

    def acumatica(self, ctx: SyncContext) -> Any: ...

    def magento(self, ctx: SyncContext) -> Any: ...


class ConnectionStoppedError(Exception):
    """This scope's connection failed with an authentication or configuration error in this run."""


class SyncContext:
    """One scope in one run: its settings, its clients, its exchange recorder."""

    def __init__(
        self,
        scope: str,
        *,
        run_id: str = "",
        settings: QueueSettings | None = None,
        factory: ClientFactory | None = None,
        dry_run: bool = False,
    ) -> None:
        self.scope = scope
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.started_at: datetime = timezone.now()
        self.queue_settings = settings or QueueSettings()
        self.dry_run = dry_run
        self.exchanges = ExchangeRecorder()
        self.stopped: str = ""  # set when an auth/configuration error stops this scope for the run
        self._factory = factory
        self._clients: dict[str, Any] = {}
        self._fields: dict[str, list[FieldSpec]] = {}
        self._plans: dict[tuple[str, tuple[str, ...]], ReadPlan] = {}
        self._closed = False

    def __repr__(self) -> str:
        return f"<SyncContext {self.scope} run {self.run_id}>"

    # ----------------------------------------------------------------- settings
    @cached_property
    def setup(self) -> SetupParameters:
        from sync.models import SetupParameters

        return SetupParameters.load()

    def schema_fields(self, entity: str) -> list[FieldSpec]:
        """The entity's active schema fields, loaded once per run (admin changes apply from the
        next run, so every record of a run is mapped and fingerprinted the same way)."""
        if entity not in self._fields:
            from schema.services import load_fields

            self._fields[entity] = load_fields(entity, active_only=True)
        return self._fields[entity]

    def read_plan(self, entity: str, always: tuple[str, ...] = ()) -> ReadPlan:
        """The `$select`/`$expand`/`$custom` of the entity's active fields plus `always`."""
        key = (entity, tuple(always))
        if key not in self._plans:
            from schema.mapping import build_read_plan

            self._plans[key] = build_read_plan(self.schema_fields(entity), always=always)
        return self._plans[key]

    # ----------------------------------------------------------------- clients
    def _client(self, system: str, build: Callable[[SyncContext], Any]) -> Any:
        if self.stopped:
            raise ConnectionStoppedError(self.stopped)
        if self._closed:
            raise RuntimeError(f"{self!r} is closed.")
        client = self._clients.get(system)
        if client is None:
            client = build(self)
            self._clients[system] = client
        return client

    @property
    def factory(self) -> ClientFactory:
        if self._factory is None:
            from sync.clients import DefaultClientFactory

            self._factory = DefaultClientFactory()
        return self._factory

    @property
    def acumatica(self) -> Any:
        """The scope's `AcumaticaClient`, logged in on first use."""
        return self._client("acumatica", self.factory.acumatica)

    @property
    def magento(self) -> Any:
        """The `MagentoClient` (Setup Parameters' URL and token), scoped to this store view."""
        return self._client("magento", self.factory.magento)

    @property
    def opened(self) -> list[str]:
        """Which systems' clients were opened in this run."""
        return list(self._clients)

    def stop(self, reason: str) -> None:
        """Stop this scope's connections for the rest of the run (auth or configuration error)."""
        self.stopped = reason

    @contextmanager
    def capture(self) -> Iterator[list[dict[str, Any]]]:
        """Collect the exchanges of the requests made inside the block."""
        with self.exchanges.capture() as entries:
            yield entries

    # ----------------------------------------------------------------- lifecycle
    def close(self) -> None:
        """Close every client (Acumatica logs out); never raises."""
        if self._closed:
            return
        self._closed = True
        for system, client in list(self._clients.items()):
            try:
                client.close()
            except Exception as exc:
                logger.warning(
                    "Closing the %s client of scope %s failed: %s",
                    system,
                    self.scope,
                    exc,
                    extra={"scope": self.scope, "system": system},
                )
        self._clients.clear()

    def __enter__(self) -> SyncContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ContextPool:
    """The contexts of one run, one per scope, all closed together at the end of the run."""

    def __init__(
        self,
        *,
        run_id: str = "",
        settings: QueueSettings | None = None,
        factory: ClientFactory | None = None,
        dry_run: bool = False,
    ) -> None:
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.settings = settings or QueueSettings()
        self._factory = factory
        self._dry_run = dry_run
        self._contexts: dict[str, SyncContext] = {}

    def get(self, scope: str) -> SyncContext:
        ctx = self._contexts.get(scope)
        if ctx is None:
            ctx = SyncContext(
                scope,
                run_id=self.run_id,
                settings=self.settings,
                factory=self._factory,
                dry_run=self._dry_run,
            )
            self._contexts[scope] = ctx
        return ctx

    def __iter__(self) -> Iterator[SyncContext]:
        return iter(list(self._contexts.values()))

    def close(self) -> None:
        for ctx in self._contexts.values():
            ctx.close()
        self._contexts.clear()

    def __enter__(self) -> ContextPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
