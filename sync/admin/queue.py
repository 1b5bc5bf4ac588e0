"""Admin of the queue: Messages (filters, detail with the exchange log, reprocess action), the
Reprocess Failed Messages screen, Pause/Resume, synced records (links) and the push-notification
settings. Thin: every button calls one service of `sync.queue`."""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from endpoints.forms import SecretFieldsMixin, confirmation_field
from sync.admin.singleton import SingletonModelAdmin
from sync.choices import Entity
from sync.models import ConnectionState, Link, Message, MessageStatus, PushSettings, QueueControl
from sync.queue import failed_messages, is_paused, pause_queue, reprocess_messages, resume_queue

REPROCESS_PAGE_SIZE = 200


class ScopeFilter(admin.SimpleListFilter):
    title = "scope"
    parameter_name = "scope"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        scopes = model_admin.model.objects.values_list("scope", flat=True).distinct().order_by("scope")
        return [(scope, scope) for scope in scopes]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(scope=self.value()) if self.value() else queryset


def _pretty_json(value: Any) -> SafeString:
    return format_html(
        "<pre style='white-space: pre-wrap'>{}</pre>", json.dumps(value, indent=2, default=str)
    )


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    change_list_template = "admin/sync/message/change_list.html"
    list_display = [
        "id",
        "entity",
        "direction",
        "key",
        "scope",
        "status",
        "outcome",
        "attempts",
        "source",
        "created_at",
        "processed_at",
    ]
    list_filter = ["status", "entity", "direction", ScopeFilter, "source", "created_at"]
    search_fields = ["key", "error", "reason"]
    date_hierarchy = "created_at"
    list_per_page = 100
    actions = ["reprocess_selected"]
    fieldsets = [
        ("Record", {"fields": ["entity", "direction", "action", "key", "scope", "source"]}),
        ("Status", {"fields": ["status", "reason", "error", "attempts", "waits", "next_attempt_at"]}),
        (
            "Timing",
            {
                "fields": [
                    "created_at",
                    "started_at",
                    "processed_at",
                    "duration_ms",
                    "claimed_by",
                    "lease_expires_at",
                ]
            },
        ),
        ("Snapshot", {"fields": ["payload_display"]}),
        ("Exchange log (redacted)", {"fields": ["exchange_log"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [str(name) for _, options in self.fieldsets for name in options["fields"]]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the log is cleaned by retention, never one message at a time

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="reason / error")
    def outcome(self, obj: Message) -> str:
        text = obj.error if obj.status == MessageStatus.FAILED else (obj.reason or obj.error)
        return text if len(text) <= 120 else text[:117] + "..."

    @admin.display(description="payload")
    def payload_display(self, obj: Message) -> SafeString:
        if obj.payload is None:
            return format_html(
                "<em>{}</em>", "No snapshot: the record is read when the message is processed."
            )
        return _pretty_json(obj.payload)

    @admin.display(description="exchanges")
    def exchange_log(self, obj: Message) -> SafeString:
        if not obj.exchanges:
            return format_html("<em>{}</em>", "Nothing was sent for this message yet.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td>"
            "<td><pre style='white-space: pre-wrap'>{}</pre></td>"
            "<td><pre style='white-space: pre-wrap'>{}</pre></td></tr>",
            (
                (
                    entry.get("at", ""),
                    entry.get("method", ""),
                    entry.get("url", ""),
                    entry.get("status") if entry.get("status") is not None else entry.get("error", ""),
                    entry.get("duration_ms", ""),
                    entry.get("request", ""),
                    entry.get("response", ""),
                )
                for entry in obj.exchanges
            ),
        )
        return format_html(
            "<table><thead><tr><th>at</th><th>request</th><th>status</th><th>ms</th><th>sent</th>"
            "<th>received</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    @admin.action(description="Reprocess selected messages")
    def reprocess_selected(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        result = reprocess_messages(queryset)
        self.message_user(request, f"Reprocess: {result.summary()}", messages.SUCCESS)

    # ----------------------------------------------------------------- extra pages
    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "reprocess-failed/",
                self.admin_site.admin_view(self.reprocess_failed_view),
                name="sync_message_reprocess_failed",
            ),
            path("pause/", self.admin_site.admin_view(self.pause_view), name="sync_message_pause"),
            path("resume/", self.admin_site.admin_view(self.resume_view), name="sync_message_resume"),
        ]
        return extra + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {
            "queue_paused": QueueControl.load() if is_paused() else None,
            "failing_connections": list(ConnectionState.objects.filter(ok=False)),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def _require_operator(self, request: HttpRequest) -> None:
        if not self.has_view_permission(request) or not request.user.is_staff:
            raise PermissionDenied

    def pause_view(self, request: HttpRequest) -> HttpResponse:
        return _toggle(self, request, pause=True)

    def resume_view(self, request: HttpRequest) -> HttpResponse:
        return _toggle(self, request, pause=False)

    def reprocess_failed_view(self, request: HttpRequest) -> HttpResponse:
        self._require_operator(request)
        form = ReprocessFilterForm(request.POST if request.method == "POST" else request.GET or None)
        matching = failed_messages()
        if form.is_valid():
            matching = failed_messages(**form.filters())
        elif form.is_bound:
            matching = Message.objects.none()
        if request.method == "POST" and form.is_valid():
            if "reprocess_all" in request.POST:
                chosen: QuerySet[Message] = matching
            else:
                ids = [int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()]
                chosen = matching.filter(pk__in=ids)
                if not ids:
                    self.message_user(
                        request, "Select messages to reprocess, or reprocess all.", messages.WARNING
                    )
                    return HttpResponseRedirect(request.get_full_path())
            result = reprocess_messages(chosen)
            self.message_user(request, f"Reprocess: {result.summary()}", messages.SUCCESS)
            return HttpResponseRedirect(request.get_full_path())
        context = {
            **self.admin_site.each_context(request),
            "title": "Reprocess Failed Messages",
            "opts": self.model._meta,
            "form": form,
            "messages_page": list(matching[:REPROCESS_PAGE_SIZE]),
            "total": matching.count(),
            "page_size": REPROCESS_PAGE_SIZE,
        }
        return TemplateResponse(request, "admin/sync/message/reprocess_failed.html", context)


def _toggle(model_admin: MessageAdmin, request: HttpRequest, *, pause: bool) -> HttpResponse:
    model_admin._require_operator(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if pause:
        pause_queue(by=request.user.get_username())
        model_admin.message_user(request, "Queue paused: changes are still captured; nothing is sent.")
    else:
        resume_queue(by=request.user.get_username())
        model_admin.message_user(request, "Queue resumed.")
    return redirect(reverse("admin:sync_message_changelist"))


class ReprocessFilterForm(forms.Form):
    entity = forms.ChoiceField(choices=[("", "Any entity"), *Entity.choices], required=False)
    scope = forms.CharField(required=False, max_length=64, help_text="'default' or a store-view code.")
    error = forms.CharField(required=False, max_length=200, label="Error contains")
    since = forms.DateField(
        required=False, label="Failed from", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="Failed until", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "The end date is before the start date.")
        return cleaned

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data

        def moment(day: Any, end: bool) -> datetime | None:
            if not day:
                return None
            value = datetime.combine(day, time.max if end else time.min)
            return timezone.make_aware(value)

        return {
            "entity": data.get("entity") or None,
            "scope": (data.get("scope") or "").strip() or None,
            "error_contains": (data.get("error") or "").strip() or None,
            "since": moment(data.get("since"), end=False),
            "until": moment(data.get("until"), end=True),
        }


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    """Every synced record pair (the per-record sync view); data preparation has its own lists."""

    list_display = [
        "entity",
        "scope",
        "acumatica_key",
        "magento_id",
        "enabled_for_sync",
        "last_synced_at",
        "short_error",
    ]
    list_filter = ["entity", ScopeFilter, "enabled_for_sync"]
    search_fields = ["acumatica_key", "magento_id", "last_error"]
    readonly_fields = ["fingerprint", "last_synced_at", "last_error", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="last error")
    def short_error(self, obj: Link) -> str:
        return obj.last_error[:100]


class PushSettingsForm(SecretFieldsMixin, forms.ModelForm):
    secret_fields = {"secret": "confirm_secret"}
    confirm_secret = confirmation_field("Confirm Shared Secret")

    class Meta:
        model = PushSettings
        fields = ["header_name", "secret", "confirm_secret"]


@admin.register(PushSettings)
class PushSettingsAdmin(SingletonModelAdmin):
    form = PushSettingsForm
    fieldsets = [
        (
            "Acumatica Push Notifications",
            {
                "description": "Enter these on Acumatica's Push Notifications screen (SM302000) as a Webhook "
                "destination: the address is this server's /hooks/acumatica/ (python manage.py "
                "setup_push_notifications prints it) and the header carries the shared secret.",
                "fields": ["header_name", "secret", "confirm_secret"],
            },
        )
    ]
