"""Mapping tables (issue 7 item 7): what a value of one system is called in the other.

Each table is per scope like the Sync Configuration: a row whose store view is blank belongs to
Default Config; a store view's row overrides the default row for the same source value. Which row
applies is decided in `sync.mappings` (the resolvers), nowhere else.

| table | source value | target |
|---|---|---|
| payment methods | Magento payment code (`checkmo`) | Acumatica payment method, cash account |
| shipping methods | Magento carrier_method (`flatrate_flatrate`) | ShipVia; carrier code and title back |
| customer groups | Magento customer group id | customer class, price class |
| warehouses | Acumatica warehouse | Magento MSI source |
| order statuses | Acumatica order status (`On Hold`) | Magento order status (`holded`) |
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from sync.models.store_views import ScopedModel, store_view_field

validate_magento_code = RegexValidator(
    r"^[A-Za-z0-9_\-]+$",
    message="A Magento code has letters, digits, underscores and hyphens only.",
    code="invalid_magento_code",
)


class ScopedMapping(ScopedModel):
    """Base of the mapping tables: a scope (store view or Default Config) and a source value.

    `source_field` names the column the resolvers look values up by; it is unique per scope.
    """

    source_field: ClassVar[str]
    # How a person names the source value in a message: 'Magento method "checkmo"'.
    source_label: ClassVar[str]

    store_view = store_view_field(
        help_text="Blank: Default Config (applies to every store view without its own row)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def source_value(self) -> Any:
        return getattr(self, self.source_field)

    @classmethod
    def scoped_constraints(cls, field: str, prefix: str) -> list[models.BaseConstraint]:
        """One row per source value in each store view, and one in Default Config."""
        return [
            models.UniqueConstraint(
                fields=["store_view", field],
                condition=Q(store_view__isnull=False),
                name=f"{prefix}_one_per_store_view",
            ),
            models.UniqueConstraint(
                fields=[field], condition=Q(store_view__isnull=True), name=f"{prefix}_one_per_default"
            ),
        ]

    def validate_unique(self, exclude: Any = None) -> None:
        """The conditional unique constraints, as a form error naming the scope (Django checks them
        too, but its message names the constraint)."""
        super().validate_unique(exclude)
        value = self.source_value
        if value in (None, ""):
            return
        clash = (
            type(self)
            ._default_manager.filter(store_view=self.store_view_id, **{self.source_field: value})
            .exclude(pk=self.pk)
        )
        if clash.exists():
            where = "this store view" if self.store_view_id else "Default Config"
            raise ValidationError(
                {self.source_field: f"{where} already maps {self.source_label} {value!r}."},
                code="duplicate_mapping",
            )


class PaymentMethodMapping(ScopedMapping):
    source_field = "magento_method"
    source_label = "Magento payment method"

    magento_method = models.CharField(
        "Magento Payment Method",
        max_length=100,
        validators=[validate_magento_code],
        help_text="The Magento payment method code, for example checkmo or braintree.",
    )
    acumatica_payment_method = models.CharField(
        "Acumatica Payment Method",
        max_length=30,
        help_text="The Acumatica payment method ID the sales order's payment is recorded with.",
    )
    cash_account = models.CharField(
        "Cash Account",
        max_length=30,
        blank=True,
        help_text="The Acumatica cash account of the payment. Blank: the payment method's default.",
    )

    class Meta:
        verbose_name = "payment method mapping"
        verbose_name_plural = "payment method mappings"
        ordering = ["store_view__code", "magento_method"]
        constraints = ScopedMapping.scoped_constraints("magento_method", "sync_paymentmap")

    def __str__(self) -> str:
        return f"{self.magento_method} -> {self.acumatica_payment_method} @{self.scope}"


class ShippingMethodMapping(ScopedMapping):
    source_field = "magento_method"
    source_label = "Magento shipping method"

    magento_method = models.CharField(
        "Magento Shipping Method",
        max_length=120,
        validators=[validate_magento_code],
        help_text="The Magento shipping method as it appears on orders: carrier code, underscore, method "
        "code (for example flatrate_flatrate or ups_GND).",
    )
    acumatica_ship_via = models.CharField(
        "Acumatica Ship Via",
        max_length=30,
        help_text="The Acumatica Ship Via (carrier) code of sales orders with this method.",
    )
    magento_carrier_code = models.CharField(
        "Magento Carrier Code",
        max_length=60,
        blank=True,
        help_text="The carrier code Acumatica shipments are sent to Magento with. Blank: the part of the "
        "method before the first underscore.",
    )
    magento_title = models.CharField(
        "Magento Carrier Title",
        max_length=255,
        blank=True,
        help_text="The carrier title shown with tracking numbers in Magento.",
    )

    class Meta:
        verbose_name = "shipping method mapping"
        verbose_name_plural = "shipping method mappings"
        ordering = ["store_view__code", "magento_method"]
        constraints = ScopedMapping.scoped_constraints("magento_method", "sync_shipmap")

    def __str__(self) -> str:
        return f"{self.magento_method} <-> {self.acumatica_ship_via} @{self.scope}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.magento_carrier_code and self.magento_method:
            self.magento_carrier_code = self.magento_method.split("_", 1)[0]
        super().save(*args, **kwargs)


class CustomerGroupMapping(ScopedMapping):
    source_field = "magento_group_id"
    source_label = "Magento customer group"

    magento_group_id = models.PositiveIntegerField(
        "Magento Customer Group",
        help_text="The Magento customer group id (1 General, 2 Wholesale, 3 Retailer on a new install).",
    )
    acumatica_customer_class = models.CharField(
        "Acumatica Customer Class",
        max_length=30,
        help_text="The Acumatica customer class of customers in this group, and back.",
    )
    acumatica_price_class = models.CharField(
        "Acumatica Price Class",
        max_length=30,
        blank=True,
        help_text="The customer price class given to customers created from this group. Blank: none.",
    )

    class Meta:
        verbose_name = "customer group mapping"
        verbose_name_plural = "customer group mappings"
        ordering = ["store_view__code", "magento_group_id"]
        constraints = ScopedMapping.scoped_constraints("magento_group_id", "sync_groupmap")

    def __str__(self) -> str:
        return f"group {self.magento_group_id} <-> {self.acumatica_customer_class} @{self.scope}"


class WarehouseSourceMapping(ScopedMapping):
    source_field = "acumatica_warehouse"
    source_label = "Acumatica warehouse"

    acumatica_warehouse = models.CharField(
        "Acumatica Warehouse", max_length=30, help_text="The Acumatica warehouse ID."
    )
    magento_source = models.CharField(
        "Magento Source",
        max_length=60,
        validators=[validate_magento_code],
        help_text="The Magento inventory source (MSI source code) of the same place.",
    )

    class Meta:
        verbose_name = "warehouse mapping"
        verbose_name_plural = "warehouse mappings"
        ordering = ["store_view__code", "acumatica_warehouse"]
        constraints = ScopedMapping.scoped_constraints("acumatica_warehouse", "sync_sourcemap")

    def __str__(self) -> str:
        return f"{self.acumatica_warehouse} -> {self.magento_source} @{self.scope}"


class OrderStatusMapping(ScopedMapping):
    source_field = "acumatica_status"
    source_label = "Acumatica order status"

    acumatica_status = models.CharField(
        "Acumatica Order Status",
        max_length=40,
        help_text="The Acumatica sales order status as shown (On Hold, Canceled, Completed...).",
    )
    magento_status = models.CharField(
        "Magento Order Status",
        max_length=40,
        validators=[validate_magento_code],
        help_text="The Magento order status code the change is commented with (holded, canceled, "
        "complete...).",
    )

    class Meta:
        verbose_name = "order status mapping"
        verbose_name_plural = "order status mappings"
        ordering = ["store_view__code", "acumatica_status"]
        constraints = ScopedMapping.scoped_constraints("acumatica_status", "sync_statusmap")

    def __str__(self) -> str:
        return f"{self.acumatica_status} -> {self.magento_status} @{self.scope}"


MAPPING_MODELS: tuple[type[ScopedMapping], ...] = (
    PaymentMethodMapping,
    ShippingMethodMapping,
    CustomerGroupMapping,
    WarehouseSourceMapping,
    OrderStatusMapping,
)
