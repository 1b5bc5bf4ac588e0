"""Admin of the sync app, one module per screen group (imported here so autodiscovery finds them)."""

from __future__ import annotations

from sync.admin import preparation, queue, settings, store_views

__all__ = ["preparation", "queue", "settings", "store_views"]
