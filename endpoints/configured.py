"""The two systems as configured in the admin: their settings, and clients built from them.

Acumatica connections are this app's own model. The Magento URL and token live on Setup
Parameters, which belongs to `sync`; `endpoints` must not import `sync` (the dependency points the
other way), so the row is found through Django's app registry, as `AUTH_USER_MODEL` is: the setting
`MAGENTO_SETTINGS_MODEL` (default `sync.SetupParameters`) names a singleton model with `load()`,
`magento_url` and `bearer_token`.

Pickers, Test Connection and `test_connections` build their clients here, so every one of them
resolves its URLs through the admin's endpoint tables like the sync engine does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from .clients.acumatica import AcumaticaClient
from .clients.http import django_setting
from .clients.magento import MagentoClient
from .defaults import ACUMATICA, MAGENTO
from .exceptions import ConfigurationError
from .models import AcumaticaConnection
from .resolvers import endpoint_resolver

DEFAULT_MAGENTO_SETTINGS_MODEL = "sync.SetupParameters"


def _fingerprint(*parts: Any) -> str:
    """A short stable digest of non-secret settings (for cache keys that change with the settings)."""
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class MagentoSettings:
    base_url: str
    token: str
    fingerprint: str

    @property
    def is_complete(self) -> bool:
        return bool(self.base_url and self.token)

    def __repr__(self) -> str:  # the token never reaches a log line or a traceback
        return f"MagentoSettings(base_url={self.base_url!r}, token={'set' if self.token else 'unset'})"


def magento_settings() -> MagentoSettings:
    """The Magento URL and bearer token from Setup Parameters."""
    model = apps.get_model(django_setting("MAGENTO_SETTINGS_MODEL", DEFAULT_MAGENTO_SETTINGS_MODEL))
    row = model.load()
    url = str(getattr(row, "magento_url", "") or "")
    token = str(getattr(row, "bearer_token", "") or "")
    return MagentoSettings(url, token, _fingerprint(url, getattr(row, "updated_at", ""), bool(token)))


def connection_fingerprint(connection: AcumaticaConnection, branch: str | None = None) -> str:
    """Changes whenever the connection is saved (or another branch is used)."""
    return _fingerprint(
        connection.pk,
        connection.base_url,
        connection.username,
        connection.tenant,
        branch if branch is not None else connection.branch,
        connection.endpoint_name,
        connection.endpoint_version,
        connection.updated_at.isoformat() if connection.updated_at else "",
    )


def build_magento_client(settings: MagentoSettings | None = None, **options: Any) -> MagentoClient:
    """A Magento client for Setup Parameters' URL and token; `ConfigurationError` if either is missing."""
    settings = settings or magento_settings()
    if not settings.is_complete:
        raise ConfigurationError(
            "Magento is not configured: enter the Magento URL and the access token in Setup Parameters.",
            system="Magento",
        )
    options.setdefault("resolver", endpoint_resolver(MAGENTO))
    return MagentoClient(settings.base_url, settings.token, **options)


def build_acumatica_client(
    connection: AcumaticaConnection, *, branch: str | None = None, **options: Any
) -> AcumaticaClient:
    """An Acumatica client for a connection row (`branch` overrides the connection's own)."""
    if not connection.is_complete:
        raise ConfigurationError(
            f"The Acumatica connection {connection.name!r} is incomplete: set its Base URL, Login "
            "Username, Password and Login Company.",
            system="Acumatica",
        )
    options.setdefault("resolver", endpoint_resolver(ACUMATICA))
    options.setdefault("limits", connection.license_limits)
    return AcumaticaClient(
        connection.base_url,
        username=connection.username,
        password=connection.password,
        tenant=connection.tenant or None,
        branch=(branch if branch is not None else connection.branch) or None,
        endpoint=connection.endpoint_name,
        version=connection.endpoint_version,
        **options,
    )
