"""Test Connection buttons: Setup Parameters (Magento) and each Acumatica connection test the
values on the form without saving them, and answer with one admin message: what was reached, or
the cause. Never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from endpoints.models import AcumaticaConnection
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from sync.models import SetupParameters
from tests.conftest import MAGENTO_TOKEN
from tests.endpoints.configured import (
    closed_port_url,
    configure_acumatica,
    configure_magento,
    form_data,
)
from tests.factories import AcumaticaConnectionFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration, pytest.mark.usefixtures("fresh_caches")]

SETUP_PAGE = "/admin/sync/setupparameters/1/change/"
TEST = {"_test_connection": "Test Connection"}


def _messages(response: Any) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


def _host(url: str) -> str:
    return url.split("://", 1)[1]


def _test_magento(client: Client, **changes: str) -> Any:
    data = {**form_data(client.get(SETUP_PAGE)), **changes, **TEST}
    response = client.post(SETUP_PAGE, data)
    assert response.status_code == 200
    return response


def _connection_page(connection: AcumaticaConnection) -> str:
    return f"/admin/endpoints/acumaticaconnection/{connection.pk}/change/"


def _test_acumatica(client: Client, connection: AcumaticaConnection, **changes: str) -> Any:
    url = _connection_page(connection)
    data = {**form_data(client.get(url)), **changes, **TEST}
    response = client.post(url, data)
    assert response.status_code == 200
    return response


# ----------------------------------------------------------------------------- Magento


def test_setup_parameters_has_a_test_connection_button(staff_client: Client) -> None:
    page = staff_client.get(SETUP_PAGE).content.decode()

    assert '<input type="submit" name="_test_connection" value="Test Connection"' in page


def test_magento_success_lists_the_store_views(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle, staff_client: Client
) -> None:
    configure_magento(magento_server.url)

    response = _test_magento(staff_client)

    assert (
        "success",
        f"Magento: connected to {_host(magento_server.url)}; 2 store views: default, west.",
    ) in (_messages(response))
    assert ("info", "Tested the values on this form; nothing was saved.") in _messages(response)


def test_magento_is_tested_with_the_unsaved_values_on_the_form(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle, staff_client: Client
) -> None:
    configure_magento(closed_port_url(), token="old-token")

    response = _test_magento(
        staff_client,
        magento_url=magento_server.url,
        bearer_token=MAGENTO_TOKEN,
        confirm_bearer_token=MAGENTO_TOKEN,
        threshold_count="9",
    )

    messages = _messages(response)
    assert messages[0][0] == "success"
    assert "Type the new Bearer Token again before saving." in messages[1][1]
    page = response.content.decode()
    assert f'value="{magento_server.url}"' in page  # the typed URL is still on the page
    assert MAGENTO_TOKEN not in page  # a secret never is
    setup = SetupParameters.load()
    assert (setup.bearer_token, setup.threshold_count) == ("old-token", 25)  # nothing saved


def test_magento_wrong_token(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle, staff_client: Client
) -> None:
    configure_magento(magento_server.url, token="not-the-token")

    [(level, message), _] = _messages(_test_magento(staff_client))

    assert level == "error"
    assert message.startswith("Magento: wrong token: Magento refused the access token (HTTP 401")
    assert "not-the-token" not in message


def test_magento_host_unreachable(staff_client: Client) -> None:
    url = closed_port_url()
    configure_magento(url)

    [(level, message), _] = _messages(_test_magento(staff_client))

    assert level == "error"
    assert message.startswith(f"Magento: Host unreachable: nothing answers at {_host(url)}")


@override_settings(CONNECTION_CHECK_TIMEOUT=0.5)
def test_magento_time_out(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle, staff_client: Client
) -> None:
    configure_magento(magento_server.url)
    data = {**form_data(staff_client.get(SETUP_PAGE)), **TEST}  # the page's pickers read first
    magento_sandbox.faults([{"path": "storeViews", "kind": "hang"}])

    [(level, message), _] = _messages(staff_client.post(SETUP_PAGE, data))

    assert (level, message) == (
        "error",
        f"Magento: Time-out: {_host(magento_server.url)} did not answer within 0.5 s.",
    )


def test_magento_tls_error(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle, staff_client: Client
) -> None:
    configure_magento(magento_server.url.replace("http://", "https://"))

    [(level, message), _] = _messages(_test_magento(staff_client))

    assert level == "error"
    assert message.startswith(f"Magento: TLS error with {_host(magento_server.url)}")


def test_an_invalid_url_on_the_form_is_named_not_tested(staff_client: Client) -> None:
    response = _test_magento(staff_client, magento_url="shop.example.com")

    [(level, message)] = _messages(response)
    assert level == "error"
    assert message.startswith("Magento: cannot test: Magento URL: Enter a URL that starts with http://")


def test_missing_settings_are_named(staff_client: Client) -> None:
    [(level, message), _] = _messages(_test_magento(staff_client))

    assert (level, message) == ("error", "Magento: not configured: enter the Magento URL, access token.")


# ----------------------------------------------------------------------------- Acumatica


def test_every_acumatica_connection_has_the_button(staff_client: Client) -> None:
    own = AcumaticaConnectionFactory.create(name="US")
    for connection in (AcumaticaConnection.objects.ensure_default(), own):
        page = staff_client.get(_connection_page(connection)).content.decode()
        assert 'name="_test_connection" value="Test Connection"' in page


def test_acumatica_success_names_tenant_endpoint_and_version(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle, staff_client: Client
) -> None:
    connection = configure_acumatica(acumatica_server.url, branch="MAIN")

    messages = _messages(_test_acumatica(staff_client, connection))

    assert messages[0] == (
        "success",
        f"Acumatica: connected to {_host(acumatica_server.url)} as admin; tenant Company, branch MAIN; "
        "endpoint Default/24.200.001.",
    )
    assert acumatica_sandbox.stats()["api_sessions"]["open"] == 0  # logged out again


def test_acumatica_store_view_connection_is_tested_with_unsaved_values_and_stored_password(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle, staff_client: Client
) -> None:
    own = AcumaticaConnectionFactory.create(name="West", base_url=closed_port_url())

    # The password input is left blank: the stored one is used, as saving would keep it.
    response = _test_acumatica(staff_client, own, base_url=acumatica_server.url)

    assert _messages(response)[0][0] == "success"
    assert AcumaticaConnection.objects.get(pk=own.pk).base_url != acumatica_server.url


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"password": "Wr0ng!", "confirm_password": "Wr0ng!"},
            "Acumatica: wrong user name or password",
        ),
        ({"tenant": "NoSuchCompany"}, "Acumatica: wrong company: tenant 'NoSuchCompany' was not accepted"),
        (
            {"endpoint_name": "eCommerce"},
            "Acumatica: unknown endpoint version: eCommerce/24.200.001 is not offered by",
        ),
    ],
    ids=["wrong-password", "wrong-company", "unknown-endpoint-version"],
)
def test_acumatica_failure_causes(
    acumatica_server: SandboxServer,
    acumatica_sandbox: SandboxHandle,
    staff_client: Client,
    changes: dict[str, str],
    expected: str,
) -> None:
    connection = configure_acumatica(acumatica_server.url)

    [(level, message), _] = _messages(_test_acumatica(staff_client, connection, **changes))

    assert level == "error"
    assert message.startswith(expected)
    assert "Wr0ng!" not in message
    assert acumatica_sandbox.stats()["api_sessions"]["open"] == 0


def test_acumatica_host_unreachable(staff_client: Client) -> None:
    url = closed_port_url()
    connection = configure_acumatica(url)

    [(level, message), _] = _messages(_test_acumatica(staff_client, connection))

    assert level == "error"
    assert message.startswith(f"Acumatica: Host unreachable: nothing answers at {_host(url)}")


def test_acumatica_tls_error(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle, staff_client: Client
) -> None:
    connection = configure_acumatica(acumatica_server.url.replace("http://", "https://"))

    [(level, message), _] = _messages(_test_acumatica(staff_client, connection))

    assert level == "error"
    assert message.startswith(f"Acumatica: TLS error with {_host(acumatica_server.url)}")


@override_settings(CONNECTION_CHECK_TIMEOUT=0.5)
def test_acumatica_time_out(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle, staff_client: Client
) -> None:
    connection = configure_acumatica(acumatica_server.url)
    acumatica_sandbox.faults([{"path": "auth/login", "kind": "hang"}])

    [(level, message), _] = _messages(_test_acumatica(staff_client, connection))

    assert (level, message) == (
        "error",
        f"Acumatica: Time-out: {_host(acumatica_server.url)} did not answer within 0.5 s.",
    )


def test_an_unexpected_failure_is_a_message_not_a_500(
    monkeypatch: pytest.MonkeyPatch, staff_client: Client
) -> None:
    connection = configure_acumatica("https://erp.example.test")

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("endpoints.connection_tests.check_acumatica", explode)

    [(level, message), _] = _messages(_test_acumatica(staff_client, connection))

    assert (level, message) == ("error", "Acumatica: the check failed unexpectedly: RuntimeError: boom")


def test_the_button_needs_post_and_csrf(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    connection = configure_acumatica(acumatica_server.url)
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffUserFactory.create())

    response = client.post(_connection_page(connection), {**TEST, "name": connection.name})

    assert response.status_code == 403
    # (a request hung by an earlier test may still be logged when it is let go)
    assert [entry for entry in acumatica_sandbox.requests() if not entry.get("fault")] == []
