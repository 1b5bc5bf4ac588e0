"""Logging actions in the admin: Flush Messages (after a confirmation page), Clean Logs Now, and the
history of cleanings. The Logging settings page itself is the foundation's; this module registers
a subclass of its admin that adds the two buttons. Thin: each button calls one service of
`sync.retention`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from sync.admin.settings import LoggingSettingsAdmin
from sync.choices import Entity
from sync.models import LoggingSettings, Message
from sync.models.log_cleaning import LogCleaning, LogCleaningKind
from sync.retention import clean_logs, flush_messages, preview_flush
from sync.scopes import all_scopes

LOGGING_RULES = (
    "A message is the log entry of its own work. When a message finishes (succeeded or skipped) it is "
    "kept only if its action is checked under Logs (customer attributes count as Customer, attribute "
    "sets as Product; initial-sync and reprocessed messages also count as Initialization and Reprocess); "
    "otherwise it is deleted when the run that finished it ends. Finished entries older than Log Entry "
    "Lifetime are removed at the Log Cleaning Frequency. Pending, processing and failed messages are "
    "never removed, by cleaning or by Flush Messages."
)


class LoggingActionsAdmin(LoggingSettingsAdmin):
    change_form_template = "admin/sync/loggingsettings/change_form.html"
    fieldsets = [
        (
            "Logging",
            {
                "description": LOGGING_RULES,
                "fields": [
                    "logged_actions",
                    "log_lifetime_days",
                    "cleaning_frequency",
                    "show_in_system_messages",
                ],
            },
        )
    ]

    def get_urls(self) -> list[URLPattern]:
        urls = [
            path("flush/", self.admin_site.admin_view(self.flush_view), name="sync_flush_messages"),
            path("clean/", self.admin_site.admin_view(self.clean_view), name="sync_clean_logs"),
        ]
        return urls + super().get_urls()

    def _back(self) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:sync_loggingsettings_changelist", current_app=self.admin_site.name)
        )

    def flush_view(self, request: HttpRequest) -> HttpResponse:
        """GET: the confirmation page with what will be removed and what stays; POST: flush."""
        if not (self.has_change_permission(request) and request.user.has_perm("sync.delete_message")):
            messages.error(request, "You may not flush messages.")
            return self._back()
        entities = [
            e for e in request.POST.getlist("entity") or request.GET.getlist("entity") if e in Entity.values
        ]
        scopes = [s for s in request.POST.getlist("scope") or request.GET.getlist("scope") if s]
        if request.method == "POST":
            if request.POST.get("confirm") != "yes":
                messages.error(request, "Confirm the flush to delete the log entries.")
                return HttpResponseRedirect(request.get_full_path())
            record = flush_messages(entities=entities, scopes=scopes, by=request.user.get_username())
            messages.success(
                request,
                f"Flushed {record.flushed} log entries. Pending, processing and failed messages were kept.",
            )
            return self._back()
        context = {
            **self.admin_site.each_context(request),
            "title": "Flush Messages",
            "opts": Message._meta,
            "preview": preview_flush(entities=entities, scopes=scopes),
            "entities": Entity.choices,
            "chosen_entities": entities,
            "scopes": all_scopes(),
            "chosen_scopes": scopes,
        }
        return TemplateResponse(request, "admin/sync/flush_messages.html", context)

    def clean_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            return self._back()
        record = clean_logs(kind=LogCleaningKind.MANUAL, by=request.user.get_username())
        messages.success(
            request,
            f"Removed {record.expired_removed} expired and {record.unlogged_removed} unlogged log entries.",
        )
        return self._back()

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = {"last_cleanings": LogCleaning.objects.all()[:5], **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)


admin.site.unregister(LoggingSettings)
admin.site.register(LoggingSettings, LoggingActionsAdmin)


@admin.register(LogCleaning)
class LogCleaningAdmin(admin.ModelAdmin):
    """The history of cleanings and flushes (read only)."""

    list_display = [
        "started_at",
        "kind",
        "expired_removed",
        "unlogged_removed",
        "flushed",
        "requested_by",
        "note",
    ]
    list_filter = ["kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
