"""Store views with their Sync Configuration, and the Sync Configuration of every scope."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from endpoints.pickers import PickerInput
from sync.models import DEFAULT_SCOPE, StoreView, SyncConfiguration
from sync.scopes import effective_sync_configurations


class SyncConfigurationInline(admin.TabularInline):
    model = SyncConfiguration
    fields = ["entity", "enabled", "direction"]
    extra = 0
    verbose_name = "sync configuration override"
    verbose_name_plural = "Sync Configuration (overrides Default Config for the entities listed)"


@admin.register(StoreView)
class StoreViewAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "website_code", "acumatica_branch", "connection"]
    list_select_related = ["acumatica_connection"]  # the connection column, in the list's one query
    search_fields = ["code", "name", "website_code"]
    fieldsets = [
        (None, {"fields": ["code", "name", "website_code"]}),
        ("Basic Configuration", {"fields": ["acumatica_branch", "acumatica_connection"]}),
        ("Effective Sync Configuration", {"fields": ["effective_configuration"]}),
    ]
    readonly_fields = ["effective_configuration"]
    inlines = [SyncConfigurationInline]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "acumatica_branch":
            kwargs["widget"] = PickerInput("acumatica.branches")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Acumatica connection")
    def connection(self, obj: StoreView) -> str:
        return obj.acumatica_connection.name if obj.acumatica_connection else "Default Config"

    @admin.display(description="In effect")
    def effective_configuration(self, obj: StoreView) -> SafeString | str:
        if obj.pk is None:
            return "Default Config until overrides are saved."
        rows = effective_sync_configurations(obj.code).values()
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    row.entity.label,
                    "Enabled" if row.enabled else "Disabled",
                    row.direction.label,
                    "this store view" if row.source_scope != DEFAULT_SCOPE else "Default Config",
                )
                for row in rows
            ),
        )
        return format_html(
            "<table><thead><tr><th>Entity</th><th>Enabled</th><th>Sync Direction</th><th>From</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            body,
        )


class ScopeFilter(admin.SimpleListFilter):
    title = "scope"
    parameter_name = "scope"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        views = [(view.code, str(view)) for view in StoreView.objects.order_by("code")]
        return [(DEFAULT_SCOPE, "Default Config"), *views]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        if value == DEFAULT_SCOPE:
            return queryset.filter(store_view__isnull=True)
        return queryset.filter(store_view__code=value)


@admin.register(SyncConfiguration)
class SyncConfigurationAdmin(admin.ModelAdmin):
    """Every scope's rows on one list; Default Config rows are edited here, overrides on the store view."""

    list_display = ["entity", "scope_name", "enabled", "direction"]
    list_editable = ["enabled", "direction"]
    list_display_links = None
    list_filter = [ScopeFilter, "entity"]
    list_select_related = ["store_view"]  # the Scope column, in the list's one query
    ordering = ["store_view__code", "entity"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Scope", ordering="store_view__code")
    def scope_name(self, obj: SyncConfiguration) -> str:
        return str(obj.store_view) if obj.store_view else "Default Config"
