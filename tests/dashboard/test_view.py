"""The dashboard page: access, what an operator sees, the entity filter, links, the query budget."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from sync.models import ConnectionState, Heartbeat, MessageStatus
from sync.queue import pause_queue
from tests.dashboard.helpers import finished, pending
from tests.engine.factories import ProcessingMessageFactory
from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/sync/dashboard/"


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(StaffUserFactory.create())
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_anonymous_visitors_are_sent_to_the_login():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/admin/sync/dashboard/")


def test_users_who_are_not_staff_are_sent_to_the_login():
    client = Client()
    client.force_login(UserFactory.create())
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_permission_to_view_messages_is_refused():
    user = UserFactory.create(is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(URL).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_message"))
    client.force_login(user)  # permissions are cached on the user object of the session
    assert client.get(URL).status_code == 200


def test_dashboard_shows_depth_history_and_failure_reasons(staff):
    now = timezone.now()
    pending(now - timedelta(minutes=3), entity="price", key="P-1")
    pending(now - timedelta(minutes=2), entity="inventory", key="I-1", scope="fr")
    ProcessingMessageFactory.create(entity="price")
    finished(MessageStatus.SUCCEEDED, now - timedelta(hours=2), entity="price")
    finished(MessageStatus.SUCCEEDED, now - timedelta(hours=2), entity="price")
    finished(MessageStatus.SKIPPED, now - timedelta(days=2), entity="price")
    for key in ("WIDGET-1", "WIDGET-2"):
        finished(MessageStatus.FAILED, now - timedelta(hours=1), key=key, error=f"Invalid attribute on {key}")

    response = staff.get(URL)

    assert response.status_code == 200
    body = text(response)
    assert 'id="sync-total-pending">2<' in body
    assert 'id="sync-total-processing">1<' in body
    assert 'id="sync-total-failed">2<' in body
    assert 'id="sync-day-succeeded">2<' in body and 'id="sync-day-failed">2<' in body
    assert "1 pending, 1 processing, 2 failed" in body  # the price row's bar
    assert "/admin/sync/message/?entity__exact=inventory&amp;scope=fr&amp;status__exact=pending" in body
    assert "oldest pending: <a href=" in body and "Price P-1</a> @default" in body
    assert ": 2 succeeded, 0 skipped, 0 failed" in body  # the hour two hours ago
    assert ": 0 succeeded, 0 skipped, 2 failed" in body  # the hour before this one
    assert "Invalid attribute on {key}" in body
    assert "No queue runner has ever been seen." in body
    # Server-rendered and offline: no script of its own, nothing loaded from another host.
    assert "<script" not in body[body.index('id="content-main"') :]
    assert not re.search(r'(src|href)="(https?:)?//', body)


def test_failure_reason_links_filter_the_messages_list_and_the_reprocess_screen(staff):
    for key in ("WIDGET-1", "WIDGET-2"):
        finished(MessageStatus.FAILED, timezone.now(), key=key, error=f'Magento said "no" to {key} again')
    finished(MessageStatus.FAILED, timezone.now(), key="GADGET-1", error="Source not found")

    body = staff.get(URL).content.decode()
    links = re.findall(r'href="(/admin/sync/message/[^"]*)">(messages|reprocess)<', body)
    listing, reprocess = (link.replace("&amp;", "&") for link, _ in links[:2])

    assert parse_qs(urlsplit(reprocess).query) == {"entity": ["price"], "error": ['Magento said "no" to']}
    assert parse_qs(urlsplit(listing).query) == {
        "status__exact": ["failed"],
        "entity__exact": ["price"],
        "q": ['"Magento said \\"no\\" to"'],
    }
    listed = text(staff.get(listing))
    assert "WIDGET-1" in listed and "WIDGET-2" in listed and "GADGET-1" not in listed
    screen = text(staff.get(reprocess))
    assert "2 failed messages match" in screen


def test_entity_parameter_filters_history_and_reasons(staff):
    finished(MessageStatus.FAILED, timezone.now(), entity="price", error="Invalid price")
    finished(MessageStatus.FAILED, timezone.now(), entity="inventory", error="Source not found")

    body = text(staff.get(URL, {"entity": "inventory"}))

    assert "Throughput: Inventory" in body and "Failures: Inventory" in body
    assert "Source not found" in body and "Invalid price" not in body
    assert 'href="?entity=inventory#sync-history" class="sync-chosen"' in body
    assert "1 failed message waits" in body


def test_unknown_entity_parameter_shows_everything_with_a_note(staff):
    response = staff.get(URL, {"entity": "widgets"})
    assert response.status_code == 200
    body = text(response)
    assert "Unknown entity &#x27;widgets&#x27;: showing all entities." in body
    assert "Throughput: all entities" in body


def test_empty_state(staff):
    body = text(staff.get(URL))
    assert "nothing pending" in body
    assert "No message finished in this period." in body
    assert "No failure in this period." in body
    assert 'id="sync-no-failures">No failed messages.' in body


def test_paused_queue_stale_runner_stopped_connection_and_stuck_queue_are_flagged(staff):
    pause_queue(by="ops")
    Heartbeat.objects.create(worker="host/1", last_seen=timezone.now() - timedelta(minutes=10))
    ConnectionState.objects.create(system="magento", scope="default", ok=False, error="401 Unauthorized.")
    stuck = pending(timezone.now() - timedelta(hours=2), entity="order", key="000000042")

    body = text(staff.get(URL))

    assert "The queue is paused by ops" in body
    assert "No queue runner seen for 10" in body
    assert "Magento connection of scope default stopped: 401 Unauthorized." in body
    assert "The oldest pending message has waited 2 hours: the queue looks stuck." in body
    assert f"/admin/sync/message/{stuck.pk}/change/" in body


def test_a_live_runner_and_fresh_work_raise_no_alarm(staff):
    Heartbeat.objects.create(worker="host/1", last_seen=timezone.now() - timedelta(seconds=30))
    pending(timezone.now() - timedelta(minutes=1))

    body = text(staff.get(URL))

    assert 'id="sync-stale"' not in body and 'id="sync-stuck"' not in body and 'id="sync-paused"' not in body
    assert "host/1" in body and "(alive)" in body


def test_query_count_does_not_grow_with_the_log(staff, django_assert_max_num_queries):
    now = timezone.now()
    entities = ["price", "inventory", "product", "customer", "order"]
    for n in range(200):
        entity = entities[n % len(entities)]
        status = (MessageStatus.SUCCEEDED, MessageStatus.SKIPPED, MessageStatus.FAILED)[n % 3]
        finished(status, now - timedelta(hours=n % 300), entity=entity, scope=f"s{n % 4}", error=f"E{n % 7}")
    for n in range(20):
        pending(now - timedelta(minutes=n), entity=entities[n % 5], scope=f"s{n % 4}")
    Heartbeat.objects.create(worker="host/1")
    ConnectionState.objects.create(system="acumatica", scope="default")

    # session, user, 7 for the status service, throughput, reasons, logging settings, and the
    # admin's failure system message (2) in the page frame
    with django_assert_max_num_queries(15):
        response = staff.get(URL)
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        assert staff.get(URL, {"entity": "price"}).status_code == 200


def test_admin_index_links_to_the_dashboard(staff):
    body = staff.get("/admin/").content.decode()
    assert 'id="sync-dashboard-link"' in body and f'href="{URL}"' in body


def test_status_api_reports_the_oldest_pending_message():
    oldest = pending(timezone.now() - timedelta(minutes=40), entity="price", key="P-OLD")
    pending(timezone.now() - timedelta(minutes=1), entity="price", key="P-NEW")
    client = APIClient()
    client.force_authenticate(StaffUserFactory.create())

    body = client.get("/api/status/").json()

    assert body["oldest_pending"]["id"] == oldest.pk
    assert body["oldest_pending"]["key"] == "P-OLD"
    assert 2390 <= body["oldest_pending"]["age_seconds"] <= 2420
    price = next(r for r in body["entities"] if r["entity"] == "price" and r["scope"] == "default")
    assert price["oldest_pending"] == body["oldest_pending"]["created_at"]
