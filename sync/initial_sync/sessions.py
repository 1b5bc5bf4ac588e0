"""One Acumatica session for a whole `initial_sync` (the phases read and process in contexts of
their own, which would otherwise each log in and out)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sync.models import DEFAULT_SCOPE

if TYPE_CHECKING:
    from sync.context import ClientFactory, SyncContext

logger = logging.getLogger(__name__)


class _Kept:
    """A client handed to one context whose `close()` keeps it open for the next context."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def close(self) -> None:
        return None


class SharedSessions:
    """One Acumatica session (and one Magento client) for the whole initial sync, in Default Config.

    Every phase reads and then processes in contexts of its own; without this each would log in
    and out again, and an Acumatica login costs a request and, while it lasts, a license seat.
    Each context still gets the requests it makes in its own exchange log."""

    def __init__(self, inner: ClientFactory | None = None) -> None:
        from sync.clients import DefaultClientFactory

        self.inner: ClientFactory = inner or DefaultClientFactory()
        self.clients: dict[str, Any] = {}

    def _get(self, system: str, ctx: SyncContext) -> Any:
        from sync.clients import exchange_recorder

        if ctx.scope != DEFAULT_SCOPE:
            # Other scopes' work the loop meets on the way has its own connection: not shared.
            return getattr(self.inner, system)(ctx)
        client = self.clients.get(system)
        if client is None:
            client = getattr(self.inner, system)(ctx)
            self.clients[system] = client
        elif hasattr(client, "recorder"):
            client.recorder = exchange_recorder(ctx)
        return _Kept(client)

    def acumatica(self, ctx: SyncContext) -> Any:
        return self._get("acumatica", ctx)

    def magento(self, ctx: SyncContext) -> Any:
        return self._get("magento", ctx)

    def close(self) -> None:
        for client in self.clients.values():
            try:
                client.close()
            except Exception as exc:  # closing never hides the run's own outcome
                logger.warning("Closing a client after initial_sync failed: %s", exc)
        self.clients.clear()
