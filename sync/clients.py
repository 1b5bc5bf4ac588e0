"""Building a scope's clients from the connection settings (the `SyncContext`'s default factory).

The Magento client comes from Setup Parameters (one Magento for every scope); the Acumatica client
from the scope's effective connection (the store view's own, else Default Config) and its branch.
Every URL resolves through the admin's endpoint tables (`endpoint_resolver`). Every request the
clients make is reported to the context's exchange recorder, so it ends up,
redacted and capped, in the exchange log of the messages being processed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from endpoints.clients.acumatica import AcumaticaClient
from endpoints.clients.http import Exchange
from endpoints.clients.magento import MagentoClient
from endpoints.configured import MagentoSettings, build_acumatica_client, build_magento_client
from sync.exchange_log import make_entry
from sync.scopes import effective_acumatica_connection, effective_branch

if TYPE_CHECKING:
    from sync.context import SyncContext


def exchange_recorder(ctx: SyncContext) -> Callable[[Exchange], None]:
    """The clients' `recorder` hook: one exchange -> one entry of the message's exchange log."""

    def record(exchange: Exchange) -> None:
        ctx.exchanges.record(
            make_entry(
                system=exchange.system,
                method=exchange.method,
                url=exchange.url,
                status=exchange.status,
                duration_ms=exchange.duration_ms,
                request=exchange.request_body,
                response=exchange.response_body,
                error=exchange.error or "",
                at=exchange.started_at,
            )
        )

    return record


class DefaultClientFactory:
    """Clients configured in the admin (Setup Parameters and Acumatica connections), built by the
    same functions as Test Connection and the pickers use, plus this run's exchange recorder."""

    def magento(self, ctx: SyncContext) -> MagentoClient:
        settings = MagentoSettings(ctx.setup.magento_url or "", ctx.setup.bearer_token or "", "")
        return build_magento_client(settings, recorder=exchange_recorder(ctx))

    def acumatica(self, ctx: SyncContext) -> AcumaticaClient:
        return build_acumatica_client(
            effective_acumatica_connection(ctx.scope),
            branch=effective_branch(ctx.scope),
            recorder=exchange_recorder(ctx),
        )
