"""Test Connection services (unit level, HTTP mocked): one line naming what was reached or why not."""

from __future__ import annotations

import json
from typing import Any

import requests
import responses

from endpoints.connection_check import check_acumatica, check_magento

from .conftest import (
    ACUMATICA_PASSWORD,
    ACUMATICA_URL,
    MAGENTO_TOKEN,
    MAGENTO_URL,
    add_login,
    add_logout,
    sent,
)
from .test_http_layer import refused

VIEWS = f"{MAGENTO_URL}/rest/V1/store/storeViews"
ENTITY = f"{ACUMATICA_URL}/entity"
ENDPOINTS = {
    "version": {"acumaticaBuildVersion": "24.200.0123"},
    "endpoints": [
        {"name": "Default", "version": "23.200.001", "href": "/AcumaticaERP/entity/Default/23.200.001/"},
        {"name": "Default", "version": "24.200.001", "href": "/AcumaticaERP/entity/Default/24.200.001/"},
    ],
}


def acumatica(**overrides: str):
    arguments = {"user": "admin", "password": ACUMATICA_PASSWORD, "tenant": "Company", "branch": "HQ"}
    arguments.update(overrides)
    return check_acumatica(ACUMATICA_URL, **arguments)  # type: ignore[arg-type]


def test_magento_success_names_the_store_views(mocked: responses.RequestsMock) -> None:
    mocked.get(
        VIEWS, json=[{"id": 0, "code": "admin"}, {"id": 1, "code": "default"}, {"id": 2, "code": "us"}]
    )

    result = check_magento(MAGENTO_URL, MAGENTO_TOKEN)

    assert result.ok
    assert result.message == "Magento: connected to shop.example.test; 2 store views: default, us."


def test_magento_wrong_token(mocked: responses.RequestsMock) -> None:
    mocked.get(
        VIEWS,
        status=401,
        json={
            "message": "The consumer isn't authorized to access %resources.",
            "parameters": {"resources": "Magento_Backend::store"},
        },
    )

    result = check_magento(MAGENTO_URL, "wrong-token-123")

    assert not result.ok and result.cause == "wrong_token"
    assert result.message == (
        "Magento: wrong token: Magento refused the access token "
        "(HTTP 401: The consumer isn't authorized to access Magento_Backend::store.)."
    )
    assert len(mocked.calls) == 1


def test_magento_transport_failures_have_one_line_causes(mocked: responses.RequestsMock) -> None:
    mocked.get(VIEWS, body=refused())
    unreachable = check_magento(MAGENTO_URL, MAGENTO_TOKEN)
    mocked.replace(
        responses.GET, VIEWS, body=requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] bad")
    )
    tls = check_magento(MAGENTO_URL, MAGENTO_TOKEN)
    mocked.replace(responses.GET, VIEWS, body=requests.exceptions.ReadTimeout("slow"))
    slow = check_magento(MAGENTO_URL, MAGENTO_TOKEN, timeout=3)
    mocked.replace(responses.GET, VIEWS, status=404, json={"message": "Request does not match any route."})
    wrong_url = check_magento(MAGENTO_URL, MAGENTO_TOKEN)

    assert (unreachable.cause, tls.cause, slow.cause, wrong_url.cause) == (
        "host_unreachable",
        "tls_error",
        "timeout",
        "not_magento",
    )
    assert unreachable.message.startswith("Magento: Host unreachable: nothing answers at shop.example.test")
    assert tls.message == "Magento: TLS error with shop.example.test: [SSL: CERTIFICATE_VERIFY_FAILED] bad"
    assert slow.message == "Magento: Time-out: shop.example.test did not answer within 3 s."
    assert all(
        "\n" not in r.message and "Traceback" not in r.message for r in (unreachable, tls, slow, wrong_url)
    )
    assert check_magento("shop.example.test", MAGENTO_TOKEN).cause == "bad_url"


def test_acumatica_success_names_tenant_endpoint_and_version_and_logs_out(
    mocked: responses.RequestsMock,
) -> None:
    add_login(mocked)
    add_logout(mocked)
    mocked.get(ENTITY, json=ENDPOINTS)

    result = acumatica()

    assert result.ok
    assert result.message == (
        "Acumatica: connected to erp.example.test as admin; tenant Company, branch HQ; "
        "endpoint Default/24.200.001."
    )
    assert [m for m, _ in sent(mocked)] == ["POST", "GET", "POST"]
    assert sent(mocked)[-1] == ("POST", f"{ENTITY}/auth/logout")


def test_acumatica_wrong_password_and_wrong_company(mocked: responses.RequestsMock) -> None:
    add_login(
        mocked,
        status=500,
        json={
            "exceptionMessage": "Error: Invalid credentials. Please try again.",
            "exceptionType": "PX.Data.PXException",
        },
    )
    password = acumatica(password="wrong-pw-1")
    mocked.replace(
        responses.POST,
        f"{ENTITY}/auth/login",
        status=500,
        json={"exceptionMessage": "Tenant 'Nope' does not exist.", "exceptionType": "PX.Data.PXException"},
    )
    company = acumatica(tenant="Nope")

    assert (password.cause, company.cause) == ("wrong_password", "wrong_company")
    assert password.message == (
        "Acumatica: wrong user name or password (Error: Invalid credentials. Please try again.)."
    )
    assert (
        company.message
        == "Acumatica: wrong company: tenant 'Nope' was not accepted (Tenant 'Nope' does not exist.)."
    )
    assert "wrong-pw-1" not in password.message


def test_acumatica_tells_a_wrong_company_from_a_wrong_password_by_a_probe_login(
    mocked: responses.RequestsMock,
) -> None:
    def login(request: Any) -> tuple[int, dict[str, str], str]:
        if "tenant" in json.loads(request.body):  # Acumatica words both failures the same way
            return (
                500,
                {},
                json.dumps(
                    {
                        "exceptionMessage": "Error: Invalid credentials. Please try again.",
                        "exceptionType": "PX.Data.PXException",
                    }
                ),
            )
        return 204, {"Set-Cookie": "ASP.NET_SessionId=probe-1; path=/"}, ""

    mocked.add_callback(responses.POST, f"{ENTITY}/auth/login", callback=login)
    add_logout(mocked)

    result = acumatica(tenant="Nope")

    assert result.cause == "wrong_company"
    assert result.message == (
        "Acumatica: wrong company: tenant 'Nope' was not accepted "
        "(Error: Invalid credentials. Please try again.)."
    )
    assert [json.loads(call.request.body or "{}").get("tenant") for call in mocked.calls[:2]] == [
        "Nope",
        None,
    ]
    assert sent(mocked)[-1] == ("POST", f"{ENTITY}/auth/logout")  # the probe's session is closed


def test_acumatica_unknown_endpoint_version(mocked: responses.RequestsMock) -> None:
    add_login(mocked)
    add_logout(mocked)
    mocked.get(ENTITY, json=ENDPOINTS)

    result = acumatica(version="99.100.001")

    assert result.cause == "unknown_version"
    assert result.message == (
        "Acumatica: unknown endpoint version: Default/99.100.001 is not offered by erp.example.test "
        "(available: Default/23.200.001, Default/24.200.001)."
    )
    assert sent(mocked)[-1] == ("POST", f"{ENTITY}/auth/logout")


def test_acumatica_host_unreachable(mocked: responses.RequestsMock) -> None:
    mocked.post(f"{ENTITY}/auth/login", body=refused())

    result = acumatica()

    assert result.cause == "host_unreachable" and len(mocked.calls) == 1
