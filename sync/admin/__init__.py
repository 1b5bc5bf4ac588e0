"""Admin of the sync app, one module per screen group (imported here so autodiscovery finds them)."""

from __future__ import annotations

from sync.admin import log_actions, mappings, orders, preparation, queue, settings, store_views

__all__ = ["log_actions", "mappings", "orders", "preparation", "queue", "settings", "store_views"]
