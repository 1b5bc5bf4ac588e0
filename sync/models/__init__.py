"""Models of the `sync` app; each module is one domain, re-exported here."""

from __future__ import annotations

from sync.models.log_settings import LoggingSettings
from sync.models.setup import SetupParameters
from sync.models.singleton import SingletonModel
from sync.models.store_views import DEFAULT_SCOPE, StoreView, SyncConfiguration

__all__ = [
    "DEFAULT_SCOPE",
    "LoggingSettings",
    "SetupParameters",
    "SingletonModel",
    "StoreView",
    "SyncConfiguration",
]
