"""Schema Management in the admin: one page per entity, its tabs, a grid per tab with the Active
toggles editable in place, and the Refresh Schema button.

Each entity is a proxy model of `SchemaField` with its own changelist. The tab is a list filter
shown as a tab bar (one tab at a time, the first by default); `active` is `list_editable`, so a
merchant switches fields on and off and saves the grid. Every save goes through the model's
`clean()`, so a bad path, transform or a second active writer of a target is a form error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode

from endpoints.exceptions import EndpointError
from schema.defaults import TABS
from schema.models import ENTITY_DIRECTIONS, ENTITY_PROXIES, SchemaDirection, SchemaField
from schema.refresh import REFRESHABLE, run_refresh_schema
from schema.transforms import transform_choices


class TabFilter(admin.SimpleListFilter):
    """The entity's tabs; one is always selected (the first when none is asked for)."""

    title = "tab"
    parameter_name = "tab"
    template = "admin/schema/tab_filter.html"  # the tab bar above the grid shows it instead

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(tab, tab) for tab in TABS[model_admin.entity]]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(tab=self.value() or self.lookup_choices[0][0])


class SchemaFieldForm(forms.ModelForm):
    entity: str = ""
    tab = forms.ChoiceField(label="Tab")
    transform = forms.ChoiceField(label="Transform", choices=transform_choices())

    class Meta:
        model = SchemaField
        fields = [
            "display_name",
            "tab",
            "api_reference_path",
            "api_input_name",
            "transform",
            "transform_options",
            "direction",
            "active",
            "required",
            "sort_order",
        ]
        widgets = {
            "api_reference_path": forms.TextInput(attrs={"size": 60}),
            "api_input_name": forms.TextInput(attrs={"size": 60}),
            "transform_options": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity = self.entity  # clean() checks paths against this entity's contract
        tab_field = self.fields["tab"]
        assert isinstance(tab_field, forms.ChoiceField)
        tab_field.choices = [(tab, tab) for tab in TABS[self.entity]]
        direction_field = self.fields["direction"]
        assert isinstance(direction_field, forms.ChoiceField)
        direction_field.choices = [
            (value, SchemaDirection(value).label) for value in ENTITY_DIRECTIONS[self.entity]
        ]
        if not self.instance.pk:
            self.initial.setdefault("direction", ENTITY_DIRECTIONS[self.entity][0])


class EntitySchemaAdmin(admin.ModelAdmin):
    """The page of one entity (set `entity` in a subclass)."""

    entity = ""
    form = SchemaFieldForm
    change_list_template = "admin/schema/entity_change_list.html"
    list_display = (
        "display_name",
        "api_reference_path",
        "api_input_name",
        "transform",
        "direction",
        "origin",
        "required",
        "active",
    )
    list_display_links = ("display_name",)
    list_editable = ("active",)
    list_filter = (TabFilter, "active", "origin")
    search_fields = ("display_name", "api_reference_path", "api_input_name")
    ordering = ("sort_order", "pk")
    list_per_page = 500
    readonly_fields = ("origin",)
    save_on_top = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(entity=self.entity)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"entity": self.entity})

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> Any:
        form = super().get_changelist_form(request, **kwargs)
        entity = self.entity

        class ActiveToggleForm(form):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.instance.entity = entity

        return ActiveToggleForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.entity = self.entity
        super().save_model(request, obj, form, change)

    # ------------------------------------------------------------------ tabs and Refresh Schema
    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_refresh"
        refresh = path("refresh/", self.admin_site.admin_view(self.refresh_view), name=name)
        return [refresh, *super().get_urls()]

    def _changelist_url(self, **query: str) -> str:
        opts = self.model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=self.admin_site.name
        )
        return f"{url}?{urlencode(query)}" if query else url

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        counts: dict[str, tuple[int, int]] = {
            row["tab"]: (row["total"], row["active_total"])
            for row in SchemaField.objects.for_entity(self.entity)
            .values("tab")
            .annotate(total=Count("pk"), active_total=Count("pk", filter=Q(active=True)))
        }
        selected = request.GET.get("tab") or TABS[self.entity][0]
        tabs = []
        for tab in TABS[self.entity]:
            query = request.GET.copy()
            query["tab"] = tab
            query.pop("p", None)
            tabs.append(
                {
                    "label": tab,
                    "url": f"?{query.urlencode()}",
                    "selected": tab == selected,
                    "total": counts.get(tab, (0, 0))[0],
                    "active": counts.get(tab, (0, 0))[1],
                }
            )
        opts = self.model._meta
        context = {
            "title": str(opts.verbose_name_plural),
            "schema_tabs": tabs,
            "schema_tab": selected,
            "schema_refresh_url": (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_refresh", current_app=self.admin_site.name)
                if self.entity in REFRESHABLE and self.has_change_permission(request)
                else ""
            ),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def refresh_view(self, request: HttpRequest) -> HttpResponse:
        """POST: ask Acumatica for the entity's fields and add the new ones (inactive)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request) or self.entity not in REFRESHABLE:
            raise PermissionDenied
        tab = request.POST.get("tab") or TABS[self.entity][0]
        try:
            (report,) = run_refresh_schema([self.entity])
        except EndpointError as error:
            self.message_user(request, f"Refresh Schema failed: {error}", messages.ERROR)
            return HttpResponseRedirect(self._changelist_url(tab=tab))
        level = messages.SUCCESS if report.added else messages.INFO
        self.message_user(request, f"Refresh Schema: {report.summary()}", level)
        if report.rejected:
            self.message_user(
                request, "Some reported fields cannot be mapped; see the message above.", messages.WARNING
            )
        if report.added:
            tab = report.added[0].tab
        return HttpResponseRedirect(self._changelist_url(tab=tab))


@admin.register(ENTITY_PROXIES["product"])
class ProductSchemaFieldAdmin(EntitySchemaAdmin):
    entity = "product"


@admin.register(ENTITY_PROXIES["category"])
class CategorySchemaFieldAdmin(EntitySchemaAdmin):
    entity = "category"


@admin.register(ENTITY_PROXIES["customer"])
class CustomerSchemaFieldAdmin(EntitySchemaAdmin):
    entity = "customer"


@admin.register(ENTITY_PROXIES["order"])
class OrderSchemaFieldAdmin(EntitySchemaAdmin):
    entity = "order"
