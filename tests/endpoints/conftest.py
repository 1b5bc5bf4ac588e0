"""Fixtures for the endpoint-client unit tests: clients pointed at fake hosts (HTTP mocked with
`responses`), a recorded fake sleep so retries and polls never wait, and a private governor per
Acumatica client so tests do not share license state; `fresh_caches` for the admin-configured
tests."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from endpoints.clients.acumatica import AcumaticaClient
from endpoints.clients.magento import MagentoClient
from endpoints.governor import AcumaticaLimits, Governor, forget_governors
from tests.endpoints.configured import fresh_state

MAGENTO_URL = "https://shop.example.test"
MAGENTO_TOKEN = "mgt-token-7f3a9c1e5b"
ACUMATICA_URL = "https://erp.example.test/AcumaticaERP"
ACUMATICA_PASSWORD = "Acu-pass-93x!"
ACUMATICA_ENTITY = f"{ACUMATICA_URL}/entity/Default/24.200.001"
USER_AGENT = "acmconnector-test/1.0"
SESSION_COOKIE = "ASP.NET_SessionId=sess-4e1d77aa; path=/; HttpOnly"
AUTH_COOKIE = ".ASPXAUTH=auth-0c9b8a7f6e5d4c3b; path=/; HttpOnly"


@pytest.fixture(autouse=True)
def _fresh_governors() -> Iterator[None]:
    forget_governors()
    yield
    forget_governors()


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """No picker lists, endpoint tables or license state cached before the test or left after it."""
    fresh_state()
    yield
    fresh_state()


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def magento(sleeps: list[float]) -> Iterator[MagentoClient]:
    client = MagentoClient(
        MAGENTO_URL,
        MAGENTO_TOKEN,
        user_agent=USER_AGENT,
        connect_timeout=1.5,
        read_timeout=4.0,
        max_retries=3,
        sleep=sleeps.append,
        rng=random.Random(7),
        bulk_poll_interval=2.0,
    )
    yield client
    client.close()


@pytest.fixture
def governor() -> Governor:
    return Governor(AcumaticaLimits(None, None, None))


@pytest.fixture
def acumatica(sleeps: list[float], governor: Governor) -> Iterator[AcumaticaClient]:
    client = AcumaticaClient(
        ACUMATICA_URL,
        username="admin",
        password=ACUMATICA_PASSWORD,
        tenant="Company",
        branch="HQ",
        governor=governor,
        user_agent=USER_AGENT,
        connect_timeout=1.5,
        read_timeout=4.0,
        max_retries=3,
        sleep=sleeps.append,
        rng=random.Random(7),
    )
    yield client
    client.close()


def add_login(mocked: responses.RequestsMock, status: int = 204, **kwargs: Any) -> None:
    mocked.add(
        responses.POST,
        f"{ACUMATICA_URL}/entity/auth/login",
        status=status,
        headers=[("Set-Cookie", SESSION_COOKIE), ("Set-Cookie", AUTH_COOKIE)] if status == 204 else None,
        **kwargs,
    )


def add_logout(mocked: responses.RequestsMock) -> None:
    mocked.add(responses.POST, f"{ACUMATICA_URL}/entity/auth/logout", status=204)


def body_of(call: Any) -> Any:
    raw = call.request.body
    if raw is None:
        return None
    return json.loads(raw.decode() if isinstance(raw, bytes) else raw)


def sent(mocked: responses.RequestsMock) -> list[tuple[str, str]]:
    return [(str(call.request.method), str(call.request.url)) for call in mocked.calls]


def refused() -> requests.ConnectionError:
    reason = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")  # type: ignore[arg-type]
    return requests.ConnectionError(MaxRetryError(None, "/", reason))  # type: ignore[arg-type]


def dropped() -> requests.ConnectionError:
    return requests.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError(104, "reset")))
