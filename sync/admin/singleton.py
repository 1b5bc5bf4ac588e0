"""Admin for one-row settings: the list is skipped and there is nothing to add or delete."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from sync.models import SingletonModel


class SingletonModelAdmin(admin.ModelAdmin):
    """One page: the changelist redirects to the single change form."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _singleton(self) -> SingletonModel:
        model: type[SingletonModel] = self.model
        return model.load()

    def _change_url(self, obj: SingletonModel) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(self._change_url(self._singleton()))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self._singleton()
        if str(obj.pk) != str(object_id):
            return HttpResponseRedirect(self._change_url(obj))
        context = {"title": str(self.model._meta.verbose_name), "subtitle": None, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        response = super().response_change(request, obj)
        if "_continue" not in request.POST:
            # The list is this same page; go straight back to it.
            return HttpResponseRedirect(self._change_url(obj))
        return response
