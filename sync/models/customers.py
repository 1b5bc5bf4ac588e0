"""Customer sync preferences per scope (M to A): what a customer created from Magento becomes.

Like the mapping tables, a row whose store view is blank is Default Config and a store view's row
overrides it; `sync.mappings.customer_preferences(scope)` picks the row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce

from sync.models.store_views import DEFAULT_SCOPE, StoreView


class CustomerSyncSettings(models.Model):
    store_view = models.ForeignKey(
        StoreView,
        verbose_name="Store View",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank: Default Config.",
    )
    default_customer_class = models.CharField(
        "Default Customer Class",
        max_length=30,
        blank=True,
        help_text="M to A: the Acumatica customer class of customers created from Magento whose customer "
        "group has no customer group mapping.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "customer sync settings"
        verbose_name_plural = "customer sync settings"
        ordering = ["store_view__code"]
        constraints = [
            # One row per store view and one for Default Config (NULL would not collide on its own).
            models.UniqueConstraint(
                Coalesce("store_view", Value(0)), name="sync_customersettings_one_per_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"Customer sync settings @{self.scope}"

    @property
    def scope(self) -> str:
        return self.store_view.code if self.store_view_id is not None and self.store_view else DEFAULT_SCOPE
