"""Which order sync settings apply to a scope: the store view's row, else Default Config's."""

from __future__ import annotations

from django.db.models import Q

from sync.models import DEFAULT_SCOPE, OrderSyncSettings


def order_settings(scope: str) -> OrderSyncSettings:
    """The scope's settings (unsaved defaults when neither the store view nor Default Config has a row)."""
    condition = Q(store_view__isnull=True)
    if scope != DEFAULT_SCOPE:
        condition |= Q(store_view__code=scope)
    rows = sorted(OrderSyncSettings.objects.filter(condition), key=lambda row: row.store_view_id is None)
    return rows[0] if rows else OrderSyncSettings()
