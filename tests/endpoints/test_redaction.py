"""No token, password or session cookie in any exception text, log record or recorded exchange."""

from __future__ import annotations

import logging

import pytest
import responses

from endpoints.clients.acumatica import AcumaticaClient
from endpoints.clients.base import Exchange
from endpoints.clients.magento import MagentoClient
from endpoints.exceptions import AuthError, EndpointError, LoginError, ServerError
from endpoints.governor import AcumaticaLimits, Governor
from endpoints.redaction import SecretFilter, redact_data, redact_headers, redact_text, register_secret

from .conftest import (
    ACUMATICA_ENTITY,
    ACUMATICA_PASSWORD,
    ACUMATICA_URL,
    MAGENTO_TOKEN,
    MAGENTO_URL,
    add_login,
    add_logout,
)

COOKIE_VALUES = ("sess-4e1d77aa", "auth-0c9b8a7f6e5d4c3b")


def leaked(text: str, secrets: tuple[str, ...]) -> list[str]:
    return [secret for secret in secrets if secret in text]


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)


def test_patterns_mask_credentials_never_registered() -> None:
    assert redact_text('{"name":"admin","password":"hunter22","tenant":"X"}') == (
        '{"name":"admin","password":"***","tenant":"X"}'
    )
    assert redact_text("Authorization: Bearer abc.def.ghi") == "Authorization: ***"
    assert redact_text("call failed with Bearer abc.def.ghi") == "call failed with Bearer ***"
    assert redact_text("Set-Cookie: .ASPXAUTH=ABCDEF; path=/") == "Set-Cookie: ***"
    assert (
        redact_text("cookies .ASPXAUTH=ABCDEF; ASP.NET_SessionId=xyz")
        == "cookies .ASPXAUTH=***; ASP.NET_SessionId=***"
    )
    assert redact_text("https://h/x?access_token=abc&page=2") == "https://h/x?access_token=***&page=2"
    assert redact_headers({"Authorization": "Bearer x", "Cookie": "a=b", "Accept": "application/json"}) == {
        "Authorization": "***",
        "Cookie": "***",
        "Accept": "application/json",
    }
    assert redact_data({"customer": {"email": "a@b.c"}, "password": "x", "passwordHash": None}) == {
        "customer": {"email": "a@b.c"},
        "password": "***",
        "passwordHash": None,
    }


def test_registered_secrets_are_masked_in_any_encoding() -> None:
    register_secret("p@ss w0rd!")
    assert (
        redact_text("sent p%40ss%20w0rd%21 and p%40ss+w0rd%21 and p@ss w0rd!") == "sent *** and *** and ***"
    )


def test_secret_filter_masks_records_of_any_logger(caplog: pytest.LogCaptureFixture) -> None:
    register_secret("zz-secret-token-1")
    foreign = logging.getLogger("some.library")
    handler_filter = SecretFilter()
    foreign.addFilter(handler_filter)
    try:
        with caplog.at_level(logging.INFO, logger="some.library"):
            foreign.info(
                "token %s used; body %s",
                "zz-secret-token-1",
                '{"password": "pw"}',
                extra={"url": "x?token=t"},
            )
    finally:
        foreign.removeFilter(handler_filter)

    record = caplog.records[-1]
    assert record.getMessage() == 'token *** used; body {"password": "***"}'
    assert record.__dict__["url"] == "x?token=***"


def test_failed_acumatica_login_leaks_no_password(
    mocked: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    exchanges: list[Exchange] = []
    client = AcumaticaClient(
        ACUMATICA_URL,
        username="admin",
        password=ACUMATICA_PASSWORD,
        tenant="Company",
        governor=Governor(AcumaticaLimits(None, None, None)),
        recorder=exchanges.append,
    )
    add_login(
        mocked,
        status=500,
        json={
            "exceptionMessage": f"Invalid credentials for admin/{ACUMATICA_PASSWORD}",
            "exceptionType": "PX.Data.PXException",
        },
    )

    with caplog.at_level(logging.DEBUG), pytest.raises(LoginError) as caught:
        client.login()

    error = caught.value
    texts = [
        str(error),
        repr(error),
        str(error.as_dict()),
        str(exchanges[0].as_dict()),
        everything_logged(caplog),
    ]
    assert all(not leaked(text, (ACUMATICA_PASSWORD,)) for text in texts)
    assert '"password":"***"' in exchanges[0].request_body  # type: ignore[operator]
    assert "Invalid credentials for admin/***" in error.summary


def test_session_cookies_never_reach_exchanges_logs_or_errors(
    mocked: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    exchanges: list[Exchange] = []
    add_login(mocked)
    add_logout(mocked)
    mocked.get(
        f"{ACUMATICA_ENTITY}/Customer/C1",
        status=500,
        body=f"upstream said: Cookie: .ASPXAUTH={COOKIE_VALUES[1]}; ASP.NET_SessionId={COOKIE_VALUES[0]}",
    )
    client = AcumaticaClient(
        ACUMATICA_URL,
        username="admin",
        password=ACUMATICA_PASSWORD,
        governor=Governor(AcumaticaLimits(None, None, None)),
        recorder=exchanges.append,
        max_retries=0,
    )

    with caplog.at_level(logging.DEBUG), client, pytest.raises(ServerError) as caught:
        client.fetch_record("Customer", "C1")

    read = exchanges[1]
    assert read.request_headers["Cookie"] == "***"
    assert exchanges[0].response_headers["Set-Cookie"] == "***"
    texts = [str(caught.value.as_dict()), *(str(e.as_dict()) for e in exchanges), everything_logged(caplog)]
    assert all(not leaked(text, (*COOKIE_VALUES, ACUMATICA_PASSWORD)) for text in texts)


def test_magento_token_echoed_by_the_server_is_masked(
    mocked: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    client = MagentoClient(MAGENTO_URL, MAGENTO_TOKEN, max_retries=1, sleep=lambda _: None)
    mocked.get(
        f"{MAGENTO_URL}/rest/V1/store/storeViews",
        status=401,
        json={"message": f"The consumer isn't authorized (token {MAGENTO_TOKEN})."},
    )
    mocked.get(
        f"{MAGENTO_URL}/rest/V1/orders/1", status=502, body=f"<html><title>bad {MAGENTO_TOKEN}</title></html>"
    )

    with caplog.at_level(logging.DEBUG):
        errors: list[EndpointError] = []
        for call in (client.fetch_store_views, lambda: client.fetch_order(1)):
            with pytest.raises(EndpointError) as caught:
                call()
            errors.append(caught.value)

    assert isinstance(errors[0], AuthError) and isinstance(errors[1], ServerError)
    texts = [str(e) for e in errors] + [str(e.as_dict()) for e in errors] + [everything_logged(caplog)]
    assert all(not leaked(text, (MAGENTO_TOKEN,)) for text in texts)
    assert "token ***" in errors[0].remote_message
