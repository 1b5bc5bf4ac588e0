"""Data Preparation screens (the guide's section 4): Item Classes, Stock Items, Sales Categories.

Each list shows what Acumatica said about the record and whether it may sync; bulk actions
enable many records at once and set Visibility / Category Status. Rows are not added or deleted
here (they come from Acumatica); saving a row or running an action calls `sync.preparation`,
which also queues the newly enabled records, so the admin never syncs inline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from sync.choices import Entity
from sync.models import CategoryStatus, ItemClass, Link, SalesCategory, StockItem, Visibility
from sync.preparation import EnableResult, enable_categories, enable_item_classes, set_enabled

Action = Callable[[Any, HttpRequest, QuerySet[Any]], None]


def _report(request: HttpRequest, result: EnableResult) -> None:
    messages.success(request, result.summary())


def _keys(queryset: QuerySet[Any]) -> list[str]:
    return list(queryset.values_list("acumatica_key", flat=True))


class PreparationAdmin(admin.ModelAdmin):
    """What the three lists share: read-only facts, the flags editable, no add or delete."""

    entity: str = ""
    search_fields = ["acumatica_key", "extra__description"]
    list_filter = ["enabled_for_sync"]
    list_per_page = 100
    editable_fields: tuple[str, ...] = ("enabled_for_sync",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [str(name) for name in self.get_fields(request, obj) if name not in self.editable_fields]

    @admin.display(description="In Magento")
    def magento(self, obj: Link) -> str:
        return obj.magento_id or "-"

    @admin.display(description="Description")
    def description_shown(self, obj: Any) -> str:
        return str(obj.description)

    @admin.display(description="Last error")
    def error(self, obj: Link) -> str:
        return (obj.last_error or "")[:120]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Through the service, so a newly enabled record is queued for sync."""
        changes = {name: getattr(obj, name) for name in self.editable_fields if name in form.changed_data}
        result = set_enabled(
            self.entity,
            [obj.acumatica_key],
            enabled=obj.enabled_for_sync,
            visibility=changes.get("visibility"),
            category_status=changes.get("category_status"),
        )
        _report(request, result)

    @admin.action(description="Disable for Magento sync")
    def disable(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _report(request, set_enabled(self.entity, _keys(queryset), enabled=False))


@admin.register(ItemClass)
class ItemClassAdmin(PreparationAdmin):
    entity = Entity.ATTRIBUTE_SET
    list_display = [
        "acumatica_key",
        "description_shown",
        "attribute_list",
        "enabled_for_sync",
        "magento",
        "error",
    ]
    fields = ["acumatica_key", "enabled_for_sync", "magento_id", "last_synced_at", "last_error"]
    actions = ["enable", "enable_with_items", "disable"]

    @admin.display(description="Attributes")
    def attribute_list(self, obj: ItemClass) -> str:
        return ", ".join(obj.attributes)

    @admin.action(description="Enable for Magento sync (becomes an attribute set)")
    def enable(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _report(request, set_enabled(self.entity, _keys(queryset)))

    @admin.action(description="Enable for Magento sync with all their stock items")
    def enable_with_items(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _report(request, enable_item_classes(_keys(queryset)))


class _FactFilter(admin.SimpleListFilter):
    """Filter a list by one fact Acumatica gave about the record (kept in `Link.extra`)."""

    fact = ""
    labels: dict[str, str] = {}

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        values = model_admin.model.objects.values_list(f"extra__{self.fact}", flat=True).distinct()
        found = sorted({str(value) for value in values if value})
        return [(value, self.labels.get(value, value)) for value in found]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(**{f"extra__{self.fact}": self.value()}) if self.value() else queryset


class KindFilter(_FactFilter):
    title = "type"
    parameter_name = "kind"
    fact = "kind"
    labels = {"simple": "Stock item", "variant": "Matrix item", "template": "Matrix template"}


class ItemClassFilter(_FactFilter):
    title = "item class"
    parameter_name = "item_class"
    fact = "item_class"


def _visibility_action(choice: Visibility) -> Action:
    def action(modeladmin: StockItemAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _report(request, set_enabled(Entity.PRODUCT, _keys(queryset), visibility=choice.value))

    action.__name__ = f"visibility_{choice.value}"
    return admin.action(description=f"Enable with visibility: {choice.label}")(action)


@admin.register(StockItem)
class StockItemAdmin(PreparationAdmin):
    entity = Entity.PRODUCT
    list_display = [
        "acumatica_key",
        "description_shown",
        "item_class_shown",
        "kind_shown",
        "status_shown",
        "enabled_for_sync",
        "visibility",
        "magento",
        "error",
    ]
    list_filter = ["enabled_for_sync", "visibility", KindFilter, ItemClassFilter]
    fields = ["acumatica_key", "enabled_for_sync", "visibility", "magento_id", "last_synced_at", "last_error"]
    editable_fields = ("enabled_for_sync", "visibility")
    actions = ["enable", "disable", *(_visibility_action(choice) for choice in Visibility)]

    @admin.display(description="Item class")
    def item_class_shown(self, obj: StockItem) -> str:
        return obj.item_class

    @admin.display(description="Type")
    def kind_shown(self, obj: StockItem) -> str:
        return {"template": "Matrix template", "variant": "Matrix item"}.get(obj.kind, "Stock item")

    @admin.display(description="Status in Acumatica")
    def status_shown(self, obj: StockItem) -> str:
        return obj.item_status

    @admin.action(description="Enable for Magento sync")
    def enable(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _report(request, set_enabled(self.entity, _keys(queryset)))


@admin.register(SalesCategory)
class SalesCategoryAdmin(PreparationAdmin):
    entity = Entity.CATEGORY
    list_display = [
        "acumatica_key",
        "path_shown",
        "enabled_for_sync",
        "category_status",
        "magento",
        "error",
    ]
    list_filter = ["enabled_for_sync", "category_status"]
    fields = [
        "acumatica_key",
        "enabled_for_sync",
        "category_status",
        "magento_id",
        "last_synced_at",
        "last_error",
    ]
    editable_fields = ("enabled_for_sync", "category_status")
    actions = ["enable", "disable", "set_active", "set_inactive"]

    @admin.display(description="Category")
    def path_shown(self, obj: SalesCategory) -> str:
        return obj.path

    @admin.action(description="Enable for Magento sync (with their parents)")
    def enable(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _report(request, enable_categories(_keys(queryset)))

    @admin.action(description="Category Status on Magento: Active")
    def set_active(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _report(request, enable_categories(_keys(queryset), category_status=CategoryStatus.ACTIVE))

    @admin.action(description="Category Status on Magento: Inactive")
    def set_inactive(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _report(request, enable_categories(_keys(queryset), category_status=CategoryStatus.INACTIVE))
