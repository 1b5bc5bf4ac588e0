"""The license limits entered on a connection are the ones the client governor keeps to."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from endpoints.configured import build_acumatica_client
from endpoints.governor import AcumaticaLimits, forget_governors
from endpoints.models import AcumaticaConnection
from tests.endpoints.configured import configure_acumatica

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_governors() -> None:
    forget_governors()


def test_a_new_connection_assumes_a_small_license() -> None:
    assert AcumaticaConnection.objects.ensure_default().license_limits == AcumaticaLimits(3, 100, 2)


def test_the_client_governor_keeps_to_the_connections_limits() -> None:
    connection = configure_acumatica(
        "https://erp.example.test/AcumaticaERP",
        max_concurrent_requests=16,
        max_requests_per_minute=600,
        max_api_users=5,
    )
    client = build_acumatica_client(connection)
    assert client.governor.limits == AcumaticaLimits(16, 600, 5)


def test_blank_limits_mean_not_limited() -> None:
    connection = configure_acumatica("https://erp.example.test/AcumaticaERP")
    assert build_acumatica_client(connection).governor.limits == AcumaticaLimits(None, None, None)


def test_configure_sets_the_limits_and_refuses_zero() -> None:
    call_command("configure", "--set", "connections.max_requests_per_minute=300")
    assert AcumaticaConnection.objects.ensure_default().max_requests_per_minute == 300
    with pytest.raises(CommandError, match="greater than or equal to 1"):
        call_command("configure", "--set", "connections.max_concurrent_requests=0")
    assert AcumaticaConnection.objects.ensure_default().max_concurrent_requests == 3
