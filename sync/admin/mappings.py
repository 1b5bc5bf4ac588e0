"""Admin of the mapping tables (one list per table, every scope on it, filtered by scope) and of the
customer sync settings, with pickers and the Suggest Mappings page.

A picker field is `endpoints.pickers.PickerInput`: a text input with the choices of its system as
suggestions, so a value Acumatica or Magento did not list (or an unreachable system) never blocks
the form; "Refresh choices" reloads every picker. Order statuses are fixed vocabularies. Thin:
each button calls one service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Field
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from endpoints.forms import DatalistTextInput
from endpoints.pickers import PickerInput, refresh_pickers
from sync.admin.store_views import ScopeFilter
from sync.models import DEFAULT_SCOPE
from sync.models.customers import CustomerSyncSettings
from sync.models.mappings import (
    CustomerGroupMapping,
    OrderStatusMapping,
    PaymentMethodMapping,
    ShippingMethodMapping,
    WarehouseSourceMapping,
)
from sync.scopes import UnknownScopeError, all_scopes, get_store_view
from sync.suggest import apply_suggestions, suggest_mappings

# Fixed vocabularies (no list to read): sales order statuses (reference 6.8) and Magento's default
# order statuses (12.3).
ACUMATICA_ORDER_STATUSES = (
    "On Hold",
    "Pending Approval",
    "Open",
    "Pending Processing",
    "Awaiting Payment",
    "Credit Hold",
    "Back Order",
    "Shipping",
    "Completed",
    "Canceled",
    "Invoiced",
    "Expired",
    "Rejected",
    "Risk Hold",
)
MAGENTO_ORDER_STATUSES = (
    ("pending", "Pending"),
    ("pending_payment", "Pending Payment"),
    ("processing", "Processing"),
    ("fraud", "Suspected Fraud"),
    ("complete", "Complete"),
    ("closed", "Closed"),
    ("canceled", "Canceled"),
    ("holded", "On Hold"),
    ("payment_review", "Payment Review"),
)


class PickerAdminMixin(admin.ModelAdmin):
    """Picker widgets for the fields named in `pickers`, and the Suggest / Refresh buttons."""

    pickers: dict[str, str] = {}  # field -> picker name (endpoints.pickers)
    vocabularies: dict[str, tuple[str | tuple[str, str], ...]] = {}  # field -> fixed suggestions
    change_list_template = "admin/sync/mapping_change_list.html"
    list_filter = [ScopeFilter]
    list_select_related = ["store_view"]  # the Scope column, in the list's one query
    list_per_page = 200

    def formfield_for_dbfield(self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        name = db_field.name
        if name in self.pickers:
            kwargs["widget"] = PickerInput(self.pickers[name])
        elif name in self.vocabularies:
            kwargs["widget"] = DatalistTextInput(self.vocabularies[name], list_id=f"id_{name}_choices")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Scope", ordering="store_view__code")
    def scope_name(self, obj: Any) -> str:
        return str(obj.store_view) if obj.store_view_id else "Default Config"

    def get_urls(self) -> list[URLPattern]:
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        urls = [
            path("suggest/", self.admin_site.admin_view(self.suggest_view), name=f"{prefix}_suggest"),
            path("refresh-choices/", self.admin_site.admin_view(self.refresh_view), name=f"{prefix}_refresh"),
        ]
        return urls + super().get_urls()

    def _changelist_url(self) -> str:
        info = self.model._meta.app_label, self.model._meta.model_name
        return reverse(f"admin:{info[0]}_{info[1]}_changelist", current_app=self.admin_site.name)

    def refresh_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            return HttpResponseRedirect(self._changelist_url())
        errors = [result.error for result in refresh_pickers() if not result.ok]
        for error in errors:
            messages.warning(request, error)
        if not errors:
            messages.success(request, "Choices reloaded from Acumatica and Magento.")
        return HttpResponseRedirect(self._changelist_url())

    def suggest_view(self, request: HttpRequest) -> HttpResponse:
        """Suggest Mappings: GET shows the proposals (nothing is written); POST adds the new ones."""
        scope = request.GET.get("scope") or request.POST.get("scope") or DEFAULT_SCOPE
        try:
            get_store_view(scope)
        except UnknownScopeError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(self._changelist_url())
        report = suggest_mappings(scope)
        if request.method == "POST":
            if not self.has_add_permission(request):
                messages.error(request, "You may not add mappings.")
                return HttpResponseRedirect(self._changelist_url())
            created = apply_suggestions(report)
            messages.success(request, f"Added {len(created)} suggested mappings to scope {scope}.")
            return HttpResponseRedirect(f"{request.path}?scope={scope}")
        context = {
            **self.admin_site.each_context(request),
            "title": "Suggest mappings",
            "opts": self.model._meta,
            "report": report,
            "scope": scope,
            "scopes": all_scopes(),
            "changelist_url": self._changelist_url(),
        }
        return TemplateResponse(request, "admin/sync/suggest_mappings.html", context)


@admin.register(PaymentMethodMapping)
class PaymentMethodMappingAdmin(PickerAdminMixin):
    list_display = ["magento_method", "acumatica_payment_method", "cash_account", "scope_name"]
    search_fields = ["magento_method", "acumatica_payment_method"]
    fields = ["store_view", "magento_method", "acumatica_payment_method", "cash_account"]
    pickers = {
        "magento_method": "magento.payment_methods",
        "acumatica_payment_method": "acumatica.payment_methods",
    }


@admin.register(ShippingMethodMapping)
class ShippingMethodMappingAdmin(PickerAdminMixin):
    list_display = [
        "magento_method",
        "acumatica_ship_via",
        "magento_carrier_code",
        "magento_title",
        "scope_name",
    ]
    search_fields = ["magento_method", "acumatica_ship_via", "magento_title"]
    fields = ["store_view", "magento_method", "acumatica_ship_via", "magento_carrier_code", "magento_title"]
    pickers = {"magento_method": "magento.shipping_methods", "acumatica_ship_via": "acumatica.ship_vias"}


@admin.register(CustomerGroupMapping)
class CustomerGroupMappingAdmin(PickerAdminMixin):
    list_display = ["magento_group_id", "acumatica_customer_class", "acumatica_price_class", "scope_name"]
    search_fields = ["acumatica_customer_class", "acumatica_price_class"]
    fields = ["store_view", "magento_group_id", "acumatica_customer_class", "acumatica_price_class"]
    pickers = {
        "magento_group_id": "magento.customer_groups",
        "acumatica_customer_class": "acumatica.customer_classes",
        "acumatica_price_class": "acumatica.customer_price_classes",
    }


@admin.register(WarehouseSourceMapping)
class WarehouseSourceMappingAdmin(PickerAdminMixin):
    list_display = ["acumatica_warehouse", "magento_source", "scope_name"]
    search_fields = ["acumatica_warehouse", "magento_source"]
    fields = ["store_view", "acumatica_warehouse", "magento_source"]
    pickers = {"acumatica_warehouse": "acumatica.warehouses", "magento_source": "magento.sources"}


@admin.register(OrderStatusMapping)
class OrderStatusMappingAdmin(PickerAdminMixin):
    list_display = ["acumatica_status", "magento_status", "scope_name"]
    search_fields = ["acumatica_status", "magento_status"]
    fields = ["store_view", "acumatica_status", "magento_status"]
    vocabularies = {"acumatica_status": ACUMATICA_ORDER_STATUSES, "magento_status": MAGENTO_ORDER_STATUSES}


@admin.register(CustomerSyncSettings)
class CustomerSyncSettingsAdmin(PickerAdminMixin):
    list_display = ["scope_name", "default_customer_class"]
    fields = ["store_view", "default_customer_class"]
    pickers = {"default_customer_class": "acumatica.customer_classes"}
    change_list_template = None  # type: ignore[assignment]
