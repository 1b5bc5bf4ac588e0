"""The link (binding): the only map between a record's id in Acumatica and its id in Magento.

One row per synced record pair and scope. Besides the two ids it carries what the Kensium
connector keeps on Acumatica screens (enabled for Magento sync, visibility, category status), the
fingerprint of the active mapped values last written (a record whose fingerprint is unchanged is
skipped) and the outcome of the last sync. Data-preparation lists (item classes, stock items,
sales categories) are proxy models over this table filtered by entity, so it stays generic.
"""

from __future__ import annotations

from django.db import models

from sync.models.store_views import DEFAULT_SCOPE


class Visibility(models.TextChoices):
    """Magento's product visibility, by the names the guide uses (values are Magento's codes)."""

    NOT_VISIBLE = "1", "Not Visible Individually"
    CATALOG = "2", "Catalog"
    SEARCH = "3", "Search"
    CATALOG_SEARCH = "4", "Catalog and Search"


class CategoryStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"


class LinkQuerySet(models.QuerySet["Link"]):
    def for_entity(self, entity: str, scope: str | None = None) -> LinkQuerySet:
        qs = self.filter(entity=entity)
        return qs if scope is None else qs.filter(scope=scope)

    def linked(self) -> LinkQuerySet:
        """Records that exist in Magento (their Magento id is known)."""
        return self.exclude(magento_id__isnull=True).exclude(magento_id="")

    def enabled(self) -> LinkQuerySet:
        return self.filter(enabled_for_sync=True)


class Link(models.Model):
    entity = models.CharField(max_length=32)
    scope = models.CharField(max_length=64, default=DEFAULT_SCOPE)
    acumatica_key = models.CharField(
        max_length=255, help_text="InventoryID, CategoryID, ClassID, CustomerID, OrderType+OrderNbr, ..."
    )
    magento_id = models.CharField(
        max_length=255,
        null=True,
        blank=True,
        db_index=True,
        help_text="SKU, category id, attribute set id, customer id, order id...; empty until linked.",
    )
    enabled_for_sync = models.BooleanField("Enabled for Magento sync", default=False)
    visibility = models.CharField(
        max_length=1, choices=Visibility.choices, default=Visibility.CATALOG_SEARCH, blank=True
    )
    category_status = models.CharField(
        "Category status on Magento",
        max_length=8,
        choices=CategoryStatus.choices,
        default=CategoryStatus.ACTIVE,
    )
    extra = models.JSONField(
        default=dict, blank=True, help_text="Small per-entity facts (parent, name, ...)."
    )
    fingerprint = models.CharField(
        max_length=128, blank=True, help_text="Of the active mapped values last written."
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["entity", "scope", "acumatica_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "scope", "acumatica_key"], name="sync_link_unique_record"
            ),
        ]
        indexes = [models.Index(fields=["entity", "scope", "magento_id"], name="sync_link_magento_idx")]

    def __str__(self) -> str:
        target = self.magento_id or "not linked"
        return f"{self.entity} {self.acumatica_key} -> {target} @{self.scope}"

    @property
    def is_linked(self) -> bool:
        return bool(self.magento_id)
