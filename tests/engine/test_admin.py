"""Message admin, the Reprocess Failed Messages screen, Pause/Resume, push settings."""

from __future__ import annotations

import pytest
from django.test import Client

from sync.models import Message, MessageStatus, PushSettings
from sync.queue import is_paused
from tests.engine.factories import FailedMessageFactory, LinkFactory, MessageFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/sync/message/"
REPROCESS = "/admin/sync/message/reprocess-failed/"


def test_message_pages_need_a_staff_login():
    response = Client().get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert Client().get(REPROCESS).status_code == 302


def test_message_list_filters_and_searches(staff_client):
    FailedMessageFactory.create(key="WIDGET-1", error="Invalid attribute SKU")
    MessageFactory.create(key="GADGET-2")
    response = staff_client.get(CHANGELIST, {"status__exact": "failed"})
    assert response.status_code == 200
    assert b"WIDGET-1" in response.content and b"GADGET-2" not in response.content
    response = staff_client.get(CHANGELIST, {"q": "GADGET"})
    assert b"GADGET-2" in response.content and b"WIDGET-1" not in response.content


def test_message_detail_shows_error_and_exchange_log_without_secrets(staff_client):
    message = FailedMessageFactory.create(
        error="Magento refused the price of A: Invalid attribute",
        exchanges=[
            {
                "at": "2026-01-01T00:00:00",
                "method": "POST",
                "url": "http://m/rest/all/V1/products/base-prices",
                "status": 200,
                "duration_ms": 3.0,
                "request": '{"prices": [{"sku": "A", "price": 1.0}]}',
                "response": '[{"message": "Invalid attribute"}]',
            }
        ],
    )
    response = staff_client.get(f"{CHANGELIST}{message.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Invalid attribute" in body
    assert "/V1/products/base-prices" in body
    assert "Bearer" not in body


def test_reprocess_action_on_selected_messages(staff_client):
    failed = FailedMessageFactory.create()
    response = staff_client.post(
        CHANGELIST, {"action": "reprocess_selected", "_selected_action": [failed.pk]}, follow=True
    )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.status == MessageStatus.PENDING


def test_reprocess_failed_screen_filters_by_entity_and_error(staff_client):
    FailedMessageFactory.create(entity="price", key="P1", error="Invalid attribute SKU")
    FailedMessageFactory.create(entity="inventory", key="I1", error="Source not found")
    response = staff_client.get(REPROCESS, {"entity": "price", "error": "sku"})
    assert response.status_code == 200
    assert b"P1" in response.content and b"I1" not in response.content
    assert b"1 failed message match" in response.content


def test_reprocess_all_matching_only_touches_the_filtered_messages(staff_client):
    price = FailedMessageFactory.create(entity="price", key="P1")
    inventory = FailedMessageFactory.create(entity="inventory", key="I1")
    response = staff_client.post(f"{REPROCESS}?entity=price", {"entity": "price", "reprocess_all": "1"})
    assert response.status_code == 302
    price.refresh_from_db()
    inventory.refresh_from_db()
    assert price.status == MessageStatus.PENDING
    assert inventory.status == MessageStatus.FAILED


def test_reprocess_selected_on_the_screen(staff_client):
    chosen = FailedMessageFactory.create(key="P1")
    other = FailedMessageFactory.create(key="P2")
    staff_client.post(REPROCESS, {"selected": [chosen.pk], "reprocess_selected": "1"})
    assert Message.objects.get(pk=chosen.pk).status == MessageStatus.PENDING
    assert Message.objects.get(pk=other.pk).status == MessageStatus.FAILED


def test_reprocess_screen_refuses_a_reversed_date_range(staff_client):
    response = staff_client.get(REPROCESS, {"since": "2026-02-01", "until": "2026-01-01"})
    assert response.status_code == 200
    assert b"before the start date" in response.content


def test_pause_and_resume_buttons(staff_client):
    assert b"Pause queue" in staff_client.get(CHANGELIST).content
    staff_client.post(f"{CHANGELIST}pause/")
    assert is_paused()
    page = staff_client.get(CHANGELIST).content
    assert b"The queue is paused" in page and b"Resume queue" in page
    staff_client.post(f"{CHANGELIST}resume/")
    assert not is_paused()
    assert staff_client.get(f"{CHANGELIST}pause/").status_code == 405


def test_link_list_renders(staff_client):
    LinkFactory.create(acumatica_key="AACOMPUT01", magento_id="AACOMPUT01")
    response = staff_client.get("/admin/sync/link/")
    assert response.status_code == 200
    assert b"AACOMPUT01" in response.content


def test_push_secret_is_stored_encrypted_and_never_rendered(staff_client):
    page = staff_client.get("/admin/sync/pushsettings/1/change/")
    assert page.status_code == 200
    response = staff_client.post(
        "/admin/sync/pushsettings/1/change/",
        {
            "header_name": "X-Push-Secret",
            "secret": "a-long-shared-secret",
            "confirm_secret": "a-long-shared-secret",
        },
    )
    assert response.status_code == 302
    assert PushSettings.load().secret == "a-long-shared-secret"
    assert b"a-long-shared-secret" not in staff_client.get("/admin/sync/pushsettings/1/change/").content
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM sync_pushsettings")
        assert "a-long-shared-secret" not in cursor.fetchone()[0]


def test_a_stopped_connection_is_shown_above_the_messages(staff_client):
    from sync.models import ConnectionState

    ConnectionState.objects.create(
        system="Magento", scope="default", ok=False, error="401: the token was refused."
    )
    page = staff_client.get(CHANGELIST).content.decode()
    assert "Magento connection of scope default stopped" in page
    assert "the token was refused" in page
