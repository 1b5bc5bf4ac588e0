"""Base of the settings tables with one row per scope (customer and order sync settings).

A store view's row overrides Default Config's as a whole; when neither exists the model's field
defaults apply, unsaved, so a fresh install works before anyone opens the admin.
"""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce

from sync.models.store_views import ScopedModel


class ScopeSettings(ScopedModel):
    """One row per scope, timestamped; `for_scope` is the only place that picks which row applies."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @staticmethod
    def one_per_scope(name: str) -> models.UniqueConstraint:
        """One row per store view and one for Default Config (NULL would not collide on its own)."""
        return models.UniqueConstraint(Coalesce("store_view", Value(0)), name=name)

    @classmethod
    def for_scope(cls, scope: str) -> Self:
        """The scope's settings: the store view's row, else Default Config's, else unsaved defaults."""
        rows = sorted(cls.in_scope(scope), key=lambda row: row.store_view_id is None)
        return rows[0] if rows else cls()
