"""`{% sync_system_messages %}`: failed sync work as a system message at the top of admin pages,
when the Logging settings' Show in System Messages is on (used by `admin/base_site.html`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from sync.retention import failure_summary

register = template.Library()


@register.inclusion_tag("admin/sync/system_messages.html", takes_context=True)
def sync_system_messages(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_staff", False):
        return {"summary": None}
    summary = failure_summary()
    url = reverse("admin:sync_message_changelist") + "?status__exact=failed" if summary else ""
    return {"summary": summary, "url": url}
