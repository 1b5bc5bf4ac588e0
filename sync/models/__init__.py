"""Models of the `sync` app; each module is one domain, re-exported here."""

from __future__ import annotations

from sync.models.control import ConnectionState, Heartbeat, PushReceipt, QueueControl
from sync.models.cursors import Cursor
from sync.models.links import CategoryStatus, Link, Visibility
from sync.models.log_settings import LoggingSettings
from sync.models.push import PushSettings
from sync.models.queue import Message, MessageAction, MessageSource, MessageStatus
from sync.models.setup import SetupParameters
from sync.models.singleton import SingletonModel
from sync.models.store_views import DEFAULT_SCOPE, StoreView, SyncConfiguration

__all__ = [
    "DEFAULT_SCOPE",
    "CategoryStatus",
    "ConnectionState",
    "Cursor",
    "Heartbeat",
    "Link",
    "LoggingSettings",
    "Message",
    "MessageAction",
    "MessageSource",
    "MessageStatus",
    "PushReceipt",
    "PushSettings",
    "QueueControl",
    "SetupParameters",
    "SingletonModel",
    "StoreView",
    "SyncConfiguration",
    "Visibility",
]
