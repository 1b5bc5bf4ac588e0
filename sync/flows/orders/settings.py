"""Which order sync settings apply to a scope: the store view's row, else Default Config's."""

from __future__ import annotations

from sync.models import OrderSyncSettings


def order_settings(scope: str) -> OrderSyncSettings:
    """The scope's settings (unsaved defaults when neither the store view nor Default Config has a row)."""
    return OrderSyncSettings.for_scope(scope)
