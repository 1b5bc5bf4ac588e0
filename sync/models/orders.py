"""Order sync settings per scope: how Magento orders become Acumatica sales orders.

Like the customer sync settings, a row whose store view is blank is Default Config and a store
view's row overrides it as a whole; `sync.flows.orders.settings.order_settings(scope)` picks the row
(unsaved defaults when neither exists).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from sync.models.scope_settings import ScopeSettings


class PaymentRule(models.TextChoices):
    ALL = "all", "Import all orders"
    PAID_OR_AUTHORIZED = "paid_or_authorized", "Only paid or authorized orders"


class GuestHandling(models.TextChoices):
    GUEST_CUSTOMER = "guest_customer", "One guest customer for every guest order"
    CUSTOMER_PER_EMAIL = "customer_per_email", "A customer per guest e-mail (matched by e-mail, else created)"


class OrderSyncSettings(ScopeSettings):
    order_type = models.CharField(
        "Order Type",
        max_length=2,
        default="SO",
        help_text="The Acumatica order type Magento orders of this scope are imported as (for example SO).",
    )
    import_delay_minutes = models.PositiveIntegerField(
        "Order Import Delay (minutes)",
        default=0,
        help_text="An order is imported once this many minutes have passed since it last changed in "
        "Magento, so fraud checks and payment captures settle first. 0: at the next poll.",
    )
    payment_rule = models.CharField(
        "Import Rule",
        max_length=20,
        choices=PaymentRule.choices,
        default=PaymentRule.ALL,
        help_text="Which orders are imported: all, or only those Magento reports as paid (invoiced) or "
        "authorized. An unpaid order is imported as soon as its payment arrives.",
    )
    guest_handling = models.CharField(
        "Guest Orders",
        max_length=20,
        choices=GuestHandling.choices,
        default=GuestHandling.CUSTOMER_PER_EMAIL,
        help_text="Orders placed without an account: all on one guest customer, or on the customer with "
        "the order's e-mail (created when there is none).",
    )
    guest_customer_id = models.CharField(
        "Guest Customer",
        max_length=30,
        blank=True,
        default="GUEST",
        help_text="The Acumatica customer ID guest orders are imported on when guest orders use one guest "
        "customer. The customer must exist in Acumatica.",
    )
    tax_id = models.CharField(
        "Tax ID",
        max_length=30,
        default="MAGENTO",
        help_text="The Acumatica tax ID the tax calculated by Magento is recorded under (one tax line per "
        "order, automatic tax calculation off).",
    )

    class Meta:
        verbose_name = "order sync settings"
        verbose_name_plural = "order sync settings"
        ordering = ["store_view__code"]
        constraints = [ScopeSettings.one_per_scope("sync_ordersettings_one_per_scope")]

    def __str__(self) -> str:
        return f"Order sync settings @{self.scope}"

    def clean(self) -> None:
        if self.guest_handling == GuestHandling.GUEST_CUSTOMER and not self.guest_customer_id:
            raise ValidationError(
                {"guest_customer_id": "Enter the Acumatica customer ID that guest orders are imported on."}
            )
