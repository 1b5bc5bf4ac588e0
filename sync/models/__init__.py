"""Models of the `sync` app; each module is one domain, re-exported here."""

from __future__ import annotations

from sync.models.control import ConnectionState, Heartbeat, PushReceipt, QueueControl
from sync.models.cursors import Cursor
from sync.models.customers import CustomerSyncSettings
from sync.models.initial_sync import InitialSyncRun, InitialSyncStatus
from sync.models.links import CategoryStatus, Link, Visibility
from sync.models.log_cleaning import LogCleaning, LogCleaningKind
from sync.models.log_settings import LoggingSettings
from sync.models.mappings import (
    CustomerGroupMapping,
    OrderStatusMapping,
    PaymentMethodMapping,
    ShippingMethodMapping,
    WarehouseSourceMapping,
)
from sync.models.orders import GuestHandling, OrderSyncSettings, PaymentRule
from sync.models.preparation import ItemClass, ItemKind, SalesCategory, StockItem
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
    "GuestHandling",
    "Heartbeat",
    "InitialSyncRun",
    "InitialSyncStatus",
    "ItemClass",
    "ItemKind",
    "Link",
    "LogCleaning",
    "LogCleaningKind",
    "LoggingSettings",
    "Message",
    "MessageAction",
    "MessageSource",
    "MessageStatus",
    "OrderStatusMapping",
    "OrderSyncSettings",
    "PaymentMethodMapping",
    "PaymentRule",
    "PushReceipt",
    "PushSettings",
    "QueueControl",
    "SalesCategory",
    "SetupParameters",
    "ShippingMethodMapping",
    "SingletonModel",
    "StockItem",
    "StoreView",
    "SyncConfiguration",
    "Visibility",
    "WarehouseSourceMapping",
]
