"""Admin for the Acumatica connections (the guide's Basic Configuration per scope)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from endpoints.forms import AcumaticaConnectionForm
from endpoints.models import AcumaticaConnection


@admin.register(AcumaticaConnection)
class AcumaticaConnectionAdmin(admin.ModelAdmin):
    form = AcumaticaConnectionForm
    list_display = ["name", "is_default", "base_url", "username", "tenant", "branch", "endpoint_version"]
    search_fields = ["name", "base_url", "tenant"]
    fieldsets = [
        (None, {"fields": ["name"]}),
        (
            "Basic Configuration",
            {
                "description": "Default Config serves every store view that has no connection of its own.",
                "fields": ["base_url", "username", "password", "confirm_password", "tenant", "branch"],
            },
        ),
        ("Web Service Endpoint", {"fields": ["endpoint_name", "endpoint_version"]}),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: AcumaticaConnection | None = None) -> bool:
        # Default Config must always exist: every store view without its own connection falls back to it.
        if obj is not None and obj.is_default:
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """Refuse bulk deletion of Default Config through the changelist action as well."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(getattr(obj, "is_default", False) for obj in objs):
            protected = [*protected, "Default Config (it cannot be deleted)"]
        return deleted, model_count, perms_needed, protected
