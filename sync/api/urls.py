"""`/api/` routes."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from sync.api import views

router = DefaultRouter()
router.register("messages", views.MessageViewSet, basename="message")
router.register("links", views.LinkViewSet, basename="link")

urlpatterns = [
    path("status/", views.status_view, name="api-status"),
    path("health/", views.health_view, name="api-health"),
    path("queue/pause/", views.pause_view, name="api-queue-pause"),
    path("queue/resume/", views.resume_view, name="api-queue-resume"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("schema/swagger-ui/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("schema/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include(router.urls)),
]
