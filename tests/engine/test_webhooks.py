"""The Acumatica push-notification receiver: shared-secret auth, idempotency, Inserted/Deleted."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest
from django.test import Client

from sync.context import SyncContext
from sync.flows import Flow, Outcome, temporary_flows
from sync.models import Message, MessageAction, MessageSource, PushReceipt, PushSettings

pytestmark = pytest.mark.django_db

SECRET = "push-secret-value-123"
URL = "/hooks/acumatica/"


class StockItemPush(Flow):
    entity = "product"
    push_queries = ("Stock Items: Last Modified Date",)
    push_key_field = "InventoryID"

    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> Mapping[int, Outcome]:
        return {}


@pytest.fixture(autouse=True)
def push_setup() -> Iterator[None]:
    settings = PushSettings.load()
    settings.secret = SECRET
    settings.save()
    with temporary_flows(StockItemPush):
        yield


def notification(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Inserted": [{"InventoryID": "AACOMPUT01", "ItemStatus": "Active"}],
        "Deleted": [{"InventoryID": "AACOMPUT01", "ItemStatus": "Inactive"}],
        "Query": "Stock Items: Last Modified Date",
        "CompanyId": "Company",
        "Id": "1af4d140-5321-41f2-a2ec-50b67f577c6c",
        "TimeStamp": 636295833829493672,
        "AdditionalInfo": {},
    }
    body.update(overrides)
    return body


def post(body: Any, secret: str | None = SECRET, header: str = "X-Push-Secret") -> Any:
    headers = {header: secret} if secret is not None else {}
    return Client().post(URL, data=json.dumps(body), content_type="application/json", headers=headers)


def test_missing_secret_is_refused_with_401_and_nothing_queued():
    response = post(notification(), secret=None)
    assert response.status_code == 401
    assert "X-Push-Secret" in response.json()["error"]
    assert not Message.objects.exists()


def test_wrong_secret_is_refused_with_401():
    assert post(notification(), secret="push-secret-value-124").status_code == 401
    assert not Message.objects.exists()


def test_push_is_refused_while_no_secret_is_configured():
    settings = PushSettings.load()
    settings.secret = ""
    settings.save()
    assert post(notification(), secret="").status_code == 401


def test_configured_header_name_is_used():
    settings = PushSettings.load()
    settings.header_name = "X-Acumatica-Token"
    settings.save()
    assert post(notification(), header="X-Push-Secret").status_code == 401
    assert post(notification(), header="X-Acumatica-Token").status_code == 200


def test_key_in_inserted_and_deleted_is_one_update():
    response = post(notification())
    assert response.status_code == 200
    assert response.json() == {
        "id": "1af4d140-5321-41f2-a2ec-50b67f577c6c",
        "query": "Stock Items: Last Modified Date",
        "enqueued": 1,
    }
    message = Message.objects.get()
    assert (message.entity, message.key, message.action, message.source, message.payload) == (
        "product",
        "AACOMPUT01",
        MessageAction.UPSERT,
        MessageSource.PUSH,
        None,
    )


def test_key_only_in_deleted_is_a_delete_and_only_in_inserted_an_upsert():
    post(notification(Inserted=[{"InventoryID": "NEW1"}], Deleted=[{"InventoryID": "GONE1"}]))
    actions = dict(Message.objects.values_list("key", "action"))
    assert actions == {"NEW1": MessageAction.UPSERT, "GONE1": MessageAction.DELETE}


def test_resent_notification_is_acknowledged_and_ignored():
    assert post(notification()).status_code == 200
    again = post(notification())
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert Message.objects.count() == 1
    assert PushReceipt.objects.get().enqueued == 1


def test_unknown_query_is_acknowledged_without_queueing():
    response = post(notification(Query="Vendors"))
    assert response.status_code == 200
    assert "No flow watches" in response.json()["ignored"]
    assert not Message.objects.exists()


def test_malformed_bodies_get_400_not_500():
    assert post(["not", "an", "object"]).status_code == 400
    assert post(notification(Inserted="AACOMPUT01")).status_code == 400
    response = Client().post(
        URL, data="{not json", content_type="application/json", headers={"X-Push-Secret": SECRET}
    )
    assert response.status_code == 400


def test_only_post_is_accepted():
    assert Client().get(URL, headers={"X-Push-Secret": SECRET}).status_code == 405


def test_disabled_entity_queues_nothing():
    from sync.models import SetupParameters

    setup = SetupParameters.load()
    setup.product_sync_active = False
    setup.save()
    assert post(notification()).status_code == 200
    assert not Message.objects.exists()
