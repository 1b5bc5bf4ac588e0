"""Customer sync preferences per scope (M to A): what a customer created from Magento becomes.

Like the mapping tables, a row whose store view is blank is Default Config and a store view's row
overrides it; `sync.mappings.customer_preferences(scope)` picks the row.
"""

from __future__ import annotations

from django.db import models

from sync.models.scope_settings import ScopeSettings


class CustomerSyncSettings(ScopeSettings):
    default_customer_class = models.CharField(
        "Default Customer Class",
        max_length=30,
        blank=True,
        help_text="M to A: the Acumatica customer class of customers created from Magento whose customer "
        "group has no customer group mapping.",
    )

    class Meta:
        verbose_name = "customer sync settings"
        verbose_name_plural = "customer sync settings"
        ordering = ["store_view__code"]
        constraints = [ScopeSettings.one_per_scope("sync_customersettings_one_per_scope")]

    def __str__(self) -> str:
        return f"Customer sync settings @{self.scope}"
