"""Admin for the Acumatica connections (the guide's Basic Configuration per scope) and the Magento
and Acumatica endpoint tables."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from endpoints.admin_buttons import TestConnectionAdminMixin
from endpoints.defaults import ACUMATICA
from endpoints.forms import AcumaticaConnectionForm, EndpointURLForm
from endpoints.models import AcumaticaConnection, AcumaticaEndpoint, EndpointURL, MagentoEndpoint
from endpoints.models.endpoint_urls import EndpointURLQuerySet


@admin.register(AcumaticaConnection)
class AcumaticaConnectionAdmin(TestConnectionAdminMixin, admin.ModelAdmin):
    form = AcumaticaConnectionForm
    connection_system = ACUMATICA
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
        (
            "License Limits",
            {
                "description": "As on Acumatica's License Monitoring Console (SM604000). The connector "
                "keeps its own traffic inside them.",
                "fields": ["max_concurrent_requests", "max_requests_per_minute", "max_api_users"],
            },
        ),
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


# ----------------------------------------------------------------------------- endpoint tables
CHANGE_WARNING = (
    "Changing an endpoint URL changes what the connector calls. A wrong method or URL makes that "
    "action fail for every store view until it is corrected; Restore defaults puts the shipped "
    "value back."
)


class ModifiedFilter(admin.SimpleListFilter):
    title = "changed"
    parameter_name = "changed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Changed from the default"), ("no", "As shipped")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() not in ("yes", "no"):
            return queryset
        modified = [row.pk for row in queryset if row.is_modified]
        if self.value() == "yes":
            return queryset.filter(pk__in=modified)
        return queryset.exclude(pk__in=modified)


class EndpointURLAdmin(admin.ModelAdmin):
    """One system's endpoint table: edit method and URL, restore the shipped values."""

    form = EndpointURLForm
    list_display = ["description", "method", "url_template", "changed", "key"]
    list_display_links = ["description"]
    list_filter = [ModifiedFilter, "method"]
    search_fields = ["description", "key", "url_template"]
    ordering = ["key"]
    list_per_page = 200
    fields = ["description", "key", "method", "url_template", "shipped_default"]
    readonly_fields = ["description", "key", "shipped_default"]
    actions = ["restore_defaults"]
    change_form_template = "admin/endpoints/endpointurl/change_form.html"
    change_list_template = "admin/endpoints/endpointurl/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the rows are the calls the code makes; there is nothing else to add

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Changed", boolean=True)
    def changed(self, obj: EndpointURL) -> bool:
        return obj.is_modified

    @admin.display(description="Shipped default")
    def shipped_default(self, obj: EndpointURL) -> str:
        spec = obj.default
        return f"{spec.method} {spec.template}" if spec else "(no shipped default)"

    @admin.action(description="Restore defaults of the selected endpoints", permissions=["change"])
    def restore_defaults(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        changed = cast(EndpointURLQuerySet, queryset).restore_defaults()
        self.message_user(request, _restored_message(changed), messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "restore-defaults/",
                self.admin_site.admin_view(self.restore_all_view),
                name="{}_{}_restore_defaults".format(*info),
            ),
            *super().get_urls(),
        ]

    def restore_all_view(self, request: HttpRequest) -> HttpResponse:
        """Every row of this system back to the shipped method and URL (confirm, then POST)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        queryset = self.get_queryset(request)
        if request.method == "POST":
            EndpointURL.objects.ensure_defaults()
            changed = cast(EndpointURLQuerySet, queryset).restore_defaults()
            self.message_user(request, _restored_message(changed), messages.SUCCESS)
            return HttpResponseRedirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore the defaults of every {self.opts.verbose_name}",
            "opts": self.opts,
            "modified": [row for row in queryset if row.is_modified],
            "changelist_url": changelist,
        }
        return TemplateResponse(request, "admin/endpoints/endpointurl/restore_defaults.html", context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        EndpointURL.objects.ensure_defaults()  # rows a newer release ships
        context = {"change_warning": CHANGE_WARNING, **(extra_context or {})}
        return super().changelist_view(request, context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = {"change_warning": CHANGE_WARNING, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, context)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if obj.is_modified:
            self.message_user(
                request,
                f"{obj.description} now calls {obj.method} {obj.url_template} instead of the shipped "
                f"{obj.default.method} {obj.default.template}. Check the sync of this action; Restore "
                "defaults undoes the change.",
                messages.WARNING,
            )


def _restored_message(changed: int) -> str:
    if not changed:
        return "Every selected endpoint already had its shipped method and URL."
    return f"Restored the shipped method and URL of {changed} endpoint{'s' if changed != 1 else ''}."


@admin.register(MagentoEndpoint)
class MagentoEndpointAdmin(EndpointURLAdmin):
    pass


@admin.register(AcumaticaEndpoint)
class AcumaticaEndpointAdmin(EndpointURLAdmin):
    pass
