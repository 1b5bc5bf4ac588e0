"""URLs of the sync app: the push-notification receiver and the status API."""

from __future__ import annotations

from django.urls import include, path

from sync.webhooks import acumatica_push

urlpatterns = [
    path("hooks/acumatica/", acumatica_push, name="acumatica-push"),
    path("api/", include("sync.api.urls")),
]
