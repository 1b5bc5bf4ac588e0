"""Admin of the order sync settings: per scope, how Magento orders are imported."""

from __future__ import annotations

from django.contrib import admin

from sync.admin.mappings import PickerAdminMixin
from sync.models import OrderSyncSettings


@admin.register(OrderSyncSettings)
class OrderSyncSettingsAdmin(PickerAdminMixin):
    list_display = ["scope_name", "order_type", "import_delay_minutes", "payment_rule", "guest_handling"]
    fieldsets = [
        (None, {"fields": ["store_view", "order_type"]}),
        ("When orders are imported", {"fields": ["import_delay_minutes", "payment_rule"]}),
        ("Guest orders", {"fields": ["guest_handling", "guest_customer_id"]}),
        ("Tax", {"fields": ["tax_id"]}),
    ]
    pickers = {"order_type": "acumatica.order_types"}
    change_list_template = None  # type: ignore[assignment]
