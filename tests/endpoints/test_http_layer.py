"""The shared HTTP layer (endpoints/clients/base.py + http.py), exercised through MagentoClient:
classification of every kind of failure, bounded retries with back-off and Retry-After, the
idempotency rule, settings, and exchange records."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
import requests
import responses

from endpoints.clients.base import Exchange, RetryPolicy
from endpoints.clients.http import parse_retry_after
from endpoints.clients.magento import MagentoClient
from endpoints.exceptions import (
    AuthError,
    ConfigurationError,
    ConnectionDroppedError,
    EndpointError,
    HostUnreachableError,
    MalformedResponseError,
    NotFoundError,
    RequestTimeoutError,
    ServerError,
    ServiceUnavailableError,
    TLSError,
    UnknownActionError,
    ValidationError,
)

from .conftest import MAGENTO_TOKEN, MAGENTO_URL, USER_AGENT, dropped, refused

VIEWS = f"{MAGENTO_URL}/rest/V1/store/storeViews"
SHIP = f"{MAGENTO_URL}/rest/V1/order/3/ship"
HTML_502 = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)


def timeout_of(call: Any) -> Any:
    """The (connect, read) time-out requests was called with (recorded by `responses`)."""
    return call.request.req_kwargs["timeout"]


def test_success_sends_token_user_agent_and_time_outs(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.get(VIEWS, json=[{"id": 1, "code": "default"}])

    assert magento.fetch_store_views() == [{"id": 1, "code": "default"}]

    request = mocked.calls[0].request
    assert (request.method, request.url) == ("GET", VIEWS)
    assert request.headers["Authorization"] == f"Bearer {MAGENTO_TOKEN}"
    assert request.headers["User-Agent"] == USER_AGENT
    assert request.headers["Accept"] == "application/json"
    assert "Content-Type" not in request.headers
    assert request.body is None
    assert timeout_of(mocked.calls[0]) == (1.5, 4.0)


def test_time_outs_user_agent_and_retries_come_from_django_settings(
    settings, mocked: responses.RequestsMock
) -> None:
    settings.HTTP_CONNECT_TIMEOUT = 2.5
    settings.HTTP_READ_TIMEOUT = 33.0
    settings.HTTP_MAX_RETRIES = 1
    settings.HTTP_USER_AGENT = "from-settings/9"
    mocked.get(VIEWS, status=500, json={"message": "boom"})
    client = MagentoClient(MAGENTO_URL, MAGENTO_TOKEN, sleep=lambda _: None)

    with pytest.raises(ServerError) as caught:
        client.fetch_store_views()

    assert caught.value.attempts == 2
    assert timeout_of(mocked.calls[0]) == (2.5, 33.0)
    assert mocked.calls[0].request.headers["User-Agent"] == "from-settings/9"


def test_400_is_a_validation_error_with_the_rendered_remote_message_and_no_retry(
    mocked: responses.RequestsMock, magento: MagentoClient, sleeps: list[float]
) -> None:
    mocked.put(
        f"{MAGENTO_URL}/rest/all/V1/products/ACU-1",
        status=400,
        json={
            "message": "One or more input exceptions have occurred.",
            "errors": [
                {
                    "message": '"%fieldName" is required. Enter and try again.',
                    "parameters": {"fieldName": "name"},
                }
            ],
        },
    )

    with pytest.raises(ValidationError) as caught:
        magento.push_product({"sku": "ACU-1"})

    error = caught.value
    assert len(mocked.calls) == 1 and sleeps == []
    assert error.status == 400 and not error.retryable and error.kind == "permanent"
    assert error.remote_message == "One or more input exceptions have occurred."
    assert [(f.field, f.message) for f in error.field_errors] == [
        ("name", '"name" is required. Enter and try again.')
    ]
    assert error.summary == (
        "Magento PUT /rest/all/V1/products/ACU-1 -> HTTP 400: One or more input exceptions have occurred."
    )
    assert (error.method, error.url) == ("PUT", f"{MAGENTO_URL}/rest/all/V1/products/ACU-1")


@pytest.mark.parametrize(
    ("status", "error_class"),
    [(401, AuthError), (403, AuthError), (404, NotFoundError), (405, EndpointError), (412, EndpointError)],
)
def test_other_4xx_are_not_retried(
    mocked: responses.RequestsMock, magento: MagentoClient, status: int, error_class: type[EndpointError]
) -> None:
    mocked.get(VIEWS, status=status, json={"message": "The consumer isn't authorized to access %resources."})

    with pytest.raises(error_class) as caught:
        magento.fetch_store_views()

    assert len(mocked.calls) == 1
    assert not caught.value.retryable
    assert caught.value.status == status


def test_429_waits_at_least_retry_after_then_succeeds(
    mocked: responses.RequestsMock, magento: MagentoClient, sleeps: list[float]
) -> None:
    mocked.get(VIEWS, status=429, json={"message": "Too Many Requests"}, headers={"Retry-After": "3"})
    mocked.get(VIEWS, json=[])

    assert magento.fetch_store_views() == []
    assert len(sleeps) == 1 and 3.0 <= sleeps[0] <= 3.5


def test_5xx_is_retried_with_growing_jittered_back_off_then_raised(
    mocked: responses.RequestsMock, magento: MagentoClient, sleeps: list[float]
) -> None:
    mocked.get(VIEWS, status=500, json={"message": "Internal Error. Report ID: webapi-1"})

    with pytest.raises(ServerError) as caught:
        magento.fetch_store_views()

    assert len(mocked.calls) == 4 and caught.value.attempts == 4
    assert caught.value.retryable
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0 and 1.0 <= sleeps[2] <= 2.0


def test_retry_after_longer_than_the_cap_is_left_to_the_queue(
    mocked: responses.RequestsMock, magento: MagentoClient, sleeps: list[float]
) -> None:
    mocked.get(VIEWS, status=503, json={"message": "maintenance"}, headers={"Retry-After": "3600"})

    with pytest.raises(ServiceUnavailableError) as caught:
        magento.fetch_store_views()

    assert len(mocked.calls) == 1 and sleeps == []
    assert caught.value.retry_after == 3600.0


def test_non_idempotent_post_is_repeated_only_when_the_server_did_no_work(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.post(SHIP, status=503, json={"message": "busy"})
    mocked.post(SHIP, json="41")
    assert magento.push_shipment(3, {"notify": False}) == 41

    mocked.replace(responses.POST, SHIP, status=500, json={"message": "Internal Error"})
    with pytest.raises(ServerError) as caught:
        magento.push_shipment(3, {"notify": False})
    assert caught.value.attempts == 1  # a 500 may have created the shipment: the flow looks it up


def test_read_time_out_is_retried_for_reads_but_not_for_non_idempotent_posts(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.get(VIEWS, body=requests.exceptions.ReadTimeout("read timed out"))
    mocked.post(SHIP, body=requests.exceptions.ReadTimeout("read timed out"))

    with pytest.raises(RequestTimeoutError) as read:
        magento.fetch_store_views()
    with pytest.raises(RequestTimeoutError) as write:
        magento.push_shipment(3, {})

    assert read.value.attempts == 4 and write.value.attempts == 1
    assert "time-out" in read.value.summary and "within 4 s" in read.value.summary


def test_refused_connection_is_host_unreachable_and_safe_to_repeat_even_for_posts(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.post(SHIP, body=refused())

    with pytest.raises(HostUnreachableError) as caught:
        magento.push_shipment(3, {})

    assert caught.value.attempts == 4
    assert "host unreachable: shop.example.test" in caught.value.summary
    assert "Connection refused" in caught.value.summary


def test_dropped_connection_is_retryable(mocked: responses.RequestsMock, magento: MagentoClient) -> None:
    mocked.get(VIEWS, body=dropped())
    mocked.get(VIEWS, json=[{"id": 1}])

    assert magento.fetch_store_views() == [{"id": 1}]

    mocked.replace(responses.GET, VIEWS, body=dropped())
    with pytest.raises(ConnectionDroppedError):
        magento.fetch_store_views()


def test_html_error_page_from_a_proxy_is_a_retryable_server_error(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.get(VIEWS, status=502, body=HTML_502, content_type="text/html")

    with pytest.raises(ServerError) as caught:
        magento.fetch_store_views()

    assert caught.value.attempts == 4
    assert caught.value.summary.endswith("HTTP 502: HTML error page from a proxy: 502 Bad Gateway")


@pytest.mark.parametrize(
    "body",
    ['[{"id": 1, "code": "defa', HTML_502, "OK"],
    ids=["truncated-json", "html-page", "plain-text"],
)
def test_success_status_with_a_body_that_is_not_json_is_malformed_and_retried(
    mocked: responses.RequestsMock, magento: MagentoClient, body: str
) -> None:
    mocked.get(VIEWS, body=body)

    with pytest.raises(MalformedResponseError) as caught:
        magento.fetch_store_views()

    assert caught.value.retryable and caught.value.attempts == 4


def test_redirect_is_a_configuration_error(mocked: responses.RequestsMock, magento: MagentoClient) -> None:
    mocked.get(
        VIEWS, status=301, headers={"Location": "https://www.shop.example.test/rest/V1/store/storeViews"}
    )

    with pytest.raises(ConfigurationError) as caught:
        magento.fetch_store_views()

    assert "redirected to https://www.shop.example.test" in caught.value.summary
    assert len(mocked.calls) == 1


def test_tls_failure_is_a_configuration_error_without_retries(
    mocked: responses.RequestsMock, magento: MagentoClient
) -> None:
    mocked.get(
        VIEWS, body=requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    )

    with pytest.raises(TLSError) as caught:
        magento.fetch_store_views()

    assert len(mocked.calls) == 1
    assert "TLS error with shop.example.test: [SSL: CERTIFICATE_VERIFY_FAILED]" in caught.value.summary


def test_every_attempt_is_recorded_redacted(mocked: responses.RequestsMock, sleeps: list[float]) -> None:
    exchanges: list[Exchange] = []
    client = MagentoClient(MAGENTO_URL, MAGENTO_TOKEN, recorder=exchanges.append, sleep=sleeps.append)
    mocked.post(f"{MAGENTO_URL}/rest/V1/customers", status=503, json={"message": "busy"})
    mocked.post(f"{MAGENTO_URL}/rest/V1/customers", json={"id": 7, "email": "jane@example.com"})

    client.push_new_customer({"email": "jane@example.com"}, password="Str0ng-Passw0rd")

    assert [(e.attempt, e.status) for e in exchanges] == [(1, 503), (2, 200)]
    last = exchanges[-1]
    assert last.action == "magento.customer.create"
    assert last.request_headers["Authorization"] == "***"
    assert last.request_body == '{"customer":{"email":"jane@example.com"},"password":"***"}'
    assert last.response_body == '{"id": 7, "email": "jane@example.com"}'
    assert MAGENTO_TOKEN not in str(last.as_dict()) and "Str0ng-Passw0rd" not in str(last.as_dict())


def test_unknown_action_key_and_edited_route(mocked: responses.RequestsMock, magento: MagentoClient) -> None:
    with pytest.raises(UnknownActionError):
        magento.call("magento.nothing.here")

    edited = MagentoClient(
        MAGENTO_URL,
        MAGENTO_TOKEN,
        resolver={"magento.store.views": ("GET", "{base}/index.php/rest/V1/store/storeViews")},
    )
    mocked.get(f"{MAGENTO_URL}/index.php/rest/V1/store/storeViews", json=[])
    assert edited.fetch_store_views() == []


def test_closed_client_refuses_calls(magento: MagentoClient) -> None:
    magento.close()
    with pytest.raises(ConfigurationError, match="closed"):
        magento.fetch_store_views()


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now) == 30.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_retry_policy_grows_exponentially_and_caps() -> None:
    policy = RetryPolicy(max_retries=10, base_delay=1.0, max_delay=8.0, max_retry_after=60)
    rng = random.Random(3)
    delays = [policy.delay(n, None, rng) for n in range(1, 7)]
    ceilings = [1, 2, 4, 8, 8, 8]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))  # type: ignore[operator]
    assert policy.delay(1, 61, rng) is None
    assert 5 <= policy.delay(1, 5, rng) <= 6  # type: ignore[operator]
