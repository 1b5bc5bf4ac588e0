"""Root URLs: the admin is the configuration UI; apps add their own URL modules here."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from sync.admin.dashboard import dashboard_urls

admin.site.site_header = "acmconnector"
admin.site.site_title = "acmconnector"
admin.site.index_title = "Acumatica <-> Magento connector"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    *dashboard_urls(),  # under /admin/, so before the admin's own catch-all
    path("admin/", admin.site.urls),
    path("", include("sync.urls")),
]
