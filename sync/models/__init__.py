"""Models of the `sync` app; each module is one domain, re-exported here."""

from __future__ import annotations

from sync.models.control import ConnectionState, Heartbeat, PushReceipt, QueueControl
from sync.models.cursors import Cursor
from sync.models.customers import CustomerSyncSettings
from sync.models.links import CategoryStatus, Link, Visibility
from sync.models.log_settings import LoggingSettings
from sync.models.mappings import (
    CustomerGroupMapping,
    OrderStatusMapping,
    PaymentMethodMapping,
    ShippingMethodMapping,
    WarehouseSourceMapping,
)
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
    "CustomerGroupMapping",
    "CustomerSyncSettings",
    "Heartbeat",
    "Link",
    "LoggingSettings",
    "Message",
    "MessageAction",
    "MessageSource",
    "MessageStatus",
    "OrderStatusMapping",
    "PaymentMethodMapping",
    "PushReceipt",
    "PushSettings",
    "QueueControl",
    "SetupParameters",
    "ShippingMethodMapping",
    "SingletonModel",
    "StoreView",
    "SyncConfiguration",
    "Visibility",
    "WarehouseSourceMapping",
]
