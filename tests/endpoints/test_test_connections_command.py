"""`manage.py test_connections`: one line per configured scope, exit 0 only when all pass, the
cause in one line otherwise, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from tests.endpoints.configured import closed_port_url, configure_acumatica, configure_magento
from tests.factories import AcumaticaConnectionFactory, StoreViewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration, pytest.mark.usefixtures("fresh_caches")]


@pytest.fixture
def both(
    acumatica_server: SandboxServer,
    acumatica_sandbox: SandboxHandle,
    magento_server: SandboxServer,
    magento_sandbox: SandboxHandle,
) -> tuple[SandboxServer, SandboxServer]:
    configure_acumatica(acumatica_server.url)
    configure_magento(magento_server.url)
    return acumatica_server, magento_server


def _run(*args: str) -> tuple[list[str], CommandError | None]:
    out = StringIO()
    try:
        call_command("test_connections", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue().splitlines(), exc
    return out.getvalue().splitlines(), None


def _host(server: SandboxServer) -> str:
    return server.url.split("://", 1)[1]


def test_all_checks_pass_with_correct_settings(
    both: tuple[SandboxServer, SandboxServer], acumatica_sandbox: SandboxHandle
) -> None:
    acumatica, magento = both
    own = AcumaticaConnectionFactory.create(name="West company", base_url=acumatica.url)
    StoreViewFactory.create(code="west", acumatica_connection=own, acumatica_branch="WEST")
    StoreViewFactory.create(code="shared")  # uses Default Config: not checked twice

    lines, error = _run()

    assert error is None
    assert lines == [
        f"ok      Magento: connected to {_host(magento)}; 2 store views: default, west.",
        f"ok      Acumatica [Default Config]: connected to {_host(acumatica)} as admin; tenant Company; "
        "endpoint Default/24.200.001.",
        f"ok      Acumatica [store view west, connection 'West company']: connected to {_host(acumatica)} as "
        "admin; tenant Company, branch WEST; endpoint Default/24.200.001.",
        "All 3 connection checks passed.",
    ]
    assert acumatica_sandbox.stats()["api_sessions"]["open"] == 0


def test_a_wrong_token_fails_with_its_cause(
    both: tuple[SandboxServer, SandboxServer], magento_server: SandboxServer
) -> None:
    configure_magento(magento_server.url, token="not-the-token")

    lines, error = _run()

    assert str(error) == "1 of 2 connection checks failed."
    assert lines[0].startswith("FAILED  Magento: wrong token: Magento refused the access token (HTTP 401")
    assert lines[1].startswith("ok      Acumatica [Default Config]: connected")
    assert "not-the-token" not in "\n".join(lines)


def test_a_wrong_password_fails_with_its_cause(
    both: tuple[SandboxServer, SandboxServer], acumatica_server: SandboxServer
) -> None:
    configure_acumatica(acumatica_server.url, password="Wr0ng-pass!")

    lines, error = _run()

    assert str(error) == "1 of 2 connection checks failed."
    assert lines[1].startswith("FAILED  Acumatica [Default Config]: wrong user name or password")
    assert "Wr0ng-pass!" not in "\n".join(lines)


def test_a_stopped_system_fails_with_host_unreachable() -> None:
    url = closed_port_url()
    configure_acumatica(url)
    configure_magento(url)

    lines, error = _run("--timeout", "2")

    assert str(error) == "2 of 2 connection checks failed."
    host = url.split("://", 1)[1]
    assert lines[0].startswith(f"FAILED  Magento: Host unreachable: nothing answers at {host}")
    assert lines[1].startswith(
        f"FAILED  Acumatica [Default Config]: Host unreachable: nothing answers at {host}"
    )
    assert len(lines) == 2


def test_unconfigured_systems_are_failures_that_say_what_to_enter() -> None:
    lines, error = _run()

    assert str(error) == "2 of 2 connection checks failed."
    assert lines == [
        "FAILED  Magento: not configured: enter the Magento URL, access token.",
        "FAILED  Acumatica [Default Config]: not configured: enter the Acumatica Base URL, Login Username, "
        "Password, Login Company.",
    ]


def test_a_bad_timeout_is_refused() -> None:
    with pytest.raises(CommandError, match=r"--timeout must be a positive number of seconds\."):
        call_command("test_connections", "--timeout", "0")


def test_manage_py_exits_non_zero_without_a_traceback(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle, tmp_path: Path
) -> None:
    stopped = closed_port_url()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'connector.sqlite3'}",
        "REDIS_URL": "",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*manage, *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    assert run("migrate", "--noinput").returncode == 0
    configured = run(
        "configure",
        "--magento-url",
        magento_server.url,
        "--magento-token",
        "not-the-token",
        "--acumatica-url",
        stopped,
        "--acumatica-user",
        "admin",
        "--acumatica-password",
        "sandbox",
        "--acumatica-company",
        "Company",
    )
    assert configured.returncode == 0, configured.stderr

    result = run("test_connections", "--timeout", "2")

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("FAILED  Magento: wrong token:")
    assert lines[1].startswith("FAILED  Acumatica [Default Config]: Host unreachable:")
    assert "Traceback" not in result.stderr
    assert "CommandError: 2 of 2 connection checks failed." in result.stderr
    assert "not-the-token" not in result.stdout + result.stderr
