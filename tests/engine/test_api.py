"""The status API: authentication, filters, detail, reprocess, links, status, health, schema."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sync.models import Message, MessageStatus
from sync.queue import is_paused
from tests.engine.factories import (
    CursorFactory,
    FailedMessageFactory,
    LinkFactory,
    MessageFactory,
    ProcessingMessageFactory,
)
from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    user = StaffUserFactory.create()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.mark.parametrize("url", ["/api/status/", "/api/messages/", "/api/links/", "/api/health/"])
def test_every_data_endpoint_requires_authentication(url):
    assert APIClient().get(url).status_code == 401


def test_actions_require_authentication():
    message = FailedMessageFactory.create()
    assert APIClient().post(f"/api/messages/{message.pk}/reprocess/").status_code == 401
    assert APIClient().post("/api/queue/pause/").status_code == 401
    assert not is_paused()


def test_non_staff_user_is_refused():
    client = APIClient()
    client.force_authenticate(UserFactory.create())
    assert client.get("/api/messages/").status_code == 403


def test_token_from_drf_create_token_works():
    user = StaffUserFactory.create(username="ops")
    call_command("drf_create_token", "ops")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    assert client.get("/api/status/").status_code == 200


def test_session_authentication_works():
    client = APIClient()
    client.force_login(StaffUserFactory.create())
    assert client.get("/api/messages/").status_code == 200


def test_messages_filter_by_status_entity_and_error(api):
    FailedMessageFactory.create(entity="price", key="A", error="Invalid attribute SKU = A")
    FailedMessageFactory.create(entity="inventory", key="B", error="Source is not found")
    MessageFactory.create(entity="price", key="C")
    response = api.get("/api/messages/", {"status": "failed", "entity": "price", "error": "sku"})
    assert response.status_code == 200
    assert [row["key"] for row in response.json()["results"]] == ["A"]
    assert "exchanges" not in response.json()["results"][0]


def test_messages_filter_by_date(api):
    old = MessageFactory.create(key="OLD")
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    MessageFactory.create(key="NEW")
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    keys = [row["key"] for row in api.get("/api/messages/", {"since": since}).json()["results"]]
    assert keys == ["NEW"]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "done"},
        {"direction": "sideways"},
        {"since": "yesterday"},
        {"until": "2026-13-45"},
        {"since": "2026-02-30T10:00:00"},
        {"source": "x"},
    ],
)
def test_bad_filters_answer_400_with_a_message(api, params):
    response = api.get("/api/messages/", params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()


def test_message_detail_shows_the_exchange_log(api):
    message = FailedMessageFactory.create(
        exchanges=[
            {"method": "POST", "url": "http://m/V1/products/base-prices", "status": 400, "response": "x"}
        ]
    )
    response = api.get(f"/api/messages/{message.pk}/")
    assert response.status_code == 200
    assert response.json()["exchanges"][0]["status"] == 400
    assert api.get("/api/messages/999999/").status_code == 404
    assert api.get("/api/messages/not-a-number/").status_code == 404


def test_reprocess_endpoint_requeues_a_failed_message(api):
    message = FailedMessageFactory.create()
    response = api.post(f"/api/messages/{message.pk}/reprocess/")
    assert response.status_code == 200
    assert response.json()["requeued"] == 1
    assert response.json()["message"]["status"] == "pending"
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_reprocess_endpoint_reports_a_superseded_message(api):
    failed = FailedMessageFactory.create(key="AAA")
    newer = MessageFactory.create(key="AAA")
    body = api.post(f"/api/messages/{failed.pk}/reprocess/").json()
    assert body["superseded"] == 1
    assert body["message"]["reason"] == f"superseded by #{newer.pk}"


def test_reprocess_of_a_message_in_progress_is_a_400(api):
    message = ProcessingMessageFactory.create()
    response = api.post(f"/api/messages/{message.pk}/reprocess/")
    assert response.status_code == 400
    assert "processing" in response.json()["detail"]


def test_links_filter_by_entity_and_linked(api):
    LinkFactory.create(entity="product", acumatica_key="A", magento_id="A")
    LinkFactory.create(entity="product", acumatica_key="B", magento_id=None)
    LinkFactory.create(entity="category", acumatica_key="12", magento_id="40")
    rows = api.get("/api/links/", {"entity": "product", "linked": "true"}).json()["results"]
    assert [row["acumatica_key"] for row in rows] == ["A"]
    rows = api.get("/api/links/", {"entity": "product", "linked": "false"}).json()["results"]
    assert [row["acumatica_key"] for row in rows] == ["B"]
    assert api.get("/api/links/", {"linked": "maybe"}).status_code == 400


def test_status_counts_per_entity_and_scope_with_cursor_and_heartbeat(api):
    MessageFactory.create_batch(2, entity="price")
    FailedMessageFactory.create(entity="price")
    done = ProcessingMessageFactory.create(entity="price")
    done.mark_succeeded()
    CursorFactory.create(entity="price")
    body = api.get("/api/status/").json()
    price = next(r for r in body["entities"] if r["entity"] == "price" and r["scope"] == "default")
    assert (price["pending"], price["processing"], price["failed"]) == (2, 0, 1)
    assert price["last_success"] is not None
    assert price["cursor"] is not None
    assert body["heartbeat"]["alive"] is False
    assert body["paused"] is False


def test_health_reports_a_missing_runner_as_degraded(api):
    body = api.get("/api/health/").json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["worker_alive"] is False


def test_pause_and_resume(api):
    assert api.post("/api/queue/pause/").json()["paused"] is True
    assert is_paused()
    assert api.post("/api/queue/resume/").json()["paused"] is False
    assert not is_paused()


def test_openapi_schema_and_offline_ui_render(api):
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/messages/{id}/reprocess/" in schema.content
    ui = api.get("/api/schema/swagger-ui/")
    assert ui.status_code == 200
    assert b"drf_spectacular_sidecar" in ui.content  # served from our static files, not a CDN
