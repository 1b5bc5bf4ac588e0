"""Login, logout, sessions and API seats (checklist items 1 and 2)."""

from __future__ import annotations

from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi


def test_login_answers_204_with_the_real_session_cookies(sandbox: SandboxHandle) -> None:
    api = AcumaticaApi(sandbox.url)

    response = api.login()

    assert response.status_code == 204
    assert response.content == b""
    cookies = response.cookies.get_dict()
    assert {".ASPXAUTH", "ASP.NET_SessionId", "UserBranch", "Locale", "CompanyID", "LegacyUI"} <= set(cookies)
    assert cookies["CompanyID"] == "Company"
    assert cookies["UserBranch"] == "16"
    assert "httponly" in response.headers["Set-Cookie"].lower()
    assert api.get("StockItem", **{"$top": 1}).status_code == 200


def test_login_accepts_the_older_company_field_a_branch_and_form_bodies(sandbox: SandboxHandle) -> None:
    api = AcumaticaApi(sandbox.url)
    by_company = api.http.post(
        f"{sandbox.url}/entity/auth/login",
        json={"name": "admin", "password": "sandbox", "company": "Company", "branch": "WEST"},
    )
    assert by_company.status_code == 204
    assert by_company.cookies["UserBranch"] == "17"

    form = AcumaticaApi(sandbox.url).http.post(
        f"{sandbox.url}/entity/auth/login", data={"name": "admin", "password": "sandbox", "tenant": "Company"}
    )
    assert form.status_code == 204


def test_wrong_credentials_are_the_captured_500_pxexception(sandbox: SandboxHandle) -> None:
    for overrides in ({"password": "wrong"}, {"tenant": "Other"}, {"name": "guest"}):
        response = AcumaticaApi(sandbox.url).login(**overrides)
        assert response.status_code == 500
        body = response.json()
        assert body["exceptionMessage"] == "Error: Invalid credentials. Please try again."
        assert body["exceptionType"] == "PX.Data.PXException"
        assert body["message"] == "An error has occurred."
        assert "sandbox" not in response.text  # the password never comes back


def test_a_login_body_without_credentials_is_400(sandbox: SandboxHandle) -> None:
    response = AcumaticaApi(sandbox.url).http.post(
        f"{sandbox.url}/entity/auth/login", json={"tenant": "Company"}
    )
    assert response.status_code == 400


def test_calls_without_a_session_are_401_even_on_unknown_paths(sandbox: SandboxHandle) -> None:
    api = AcumaticaApi(sandbox.url)
    assert api.get("StockItem").status_code == 401
    assert api.get("NoSuchEntity/X").status_code == 401
    assert "message" in api.get("SalesOrder").json()
    assert api.http.get(f"{sandbox.url}/entity").status_code == 200  # the version list is open


def test_logout_answers_204_and_kills_the_cookies(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> None:
    cookies = acumatica.http.cookies.get_dict()

    assert acumatica.logout().status_code == 204

    replay = AcumaticaApi(sandbox.url)
    replay.http.cookies.update(cookies)
    assert replay.get("StockItem").status_code == 401
    assert sandbox.stats()["api_sessions"]["open"] == 0


def test_seats_are_counted_and_the_login_limit_is_a_500_with_api_login_limit(sandbox: SandboxHandle) -> None:
    sandbox.config(max_api_users=2)
    first, second, third = AcumaticaApi(sandbox.url), AcumaticaApi(sandbox.url), AcumaticaApi(sandbox.url)
    assert first.login().status_code == 204
    assert second.login().status_code == 204

    refused = third.login()

    assert refused.status_code == 500
    assert "API Login Limit" in refused.text
    assert refused.json()["exceptionType"] == "PX.Data.PXException"
    assert sandbox.stats()["api_sessions"]["open"] == 2
    assert sandbox.stats()["api_sessions"]["refused_logins"] == 1

    assert first.logout().status_code == 204  # a logout frees the seat
    assert third.login().status_code == 204


def test_the_login_limit_status_is_configurable(sandbox: SandboxHandle) -> None:
    sandbox.config(max_api_users=1, login_limit_status=429)
    assert AcumaticaApi(sandbox.url).login().status_code == 204

    refused = AcumaticaApi(sandbox.url).login()

    assert refused.status_code == 429
    assert "API Login Limit" in refused.text


def test_idle_sessions_lose_their_seat_and_their_cookies(sandbox: SandboxHandle) -> None:
    sandbox.config(max_api_users=1)
    idle = AcumaticaApi(sandbox.url)
    assert idle.login().status_code == 204
    assert AcumaticaApi(sandbox.url).login().status_code == 500

    assert sandbox.post("sessions/expire") == {"expired": 1}

    assert idle.get("StockItem").status_code == 401
    assert AcumaticaApi(sandbox.url).login().status_code == 204
    assert sandbox.stats()["api_sessions"]["expired"] == 1


def test_the_idle_timeout_is_configurable_and_expires_sessions_by_time(sandbox: SandboxHandle) -> None:
    config = sandbox.config(session_idle_timeout=0.000001)
    assert config["license"]["effective"]["session_idle_timeout"] == 0.000001
    api = AcumaticaApi(sandbox.url)
    assert api.login().status_code == 204

    # Any later request comes more than a microsecond after the login.
    assert api.get("StockItem", **{"$top": 1}).status_code == 401
    assert sandbox.config(session_idle_timeout=None)["license"]["effective"]["session_idle_timeout"] == 600
