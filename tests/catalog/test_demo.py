"""The demo's catalog steps with real sandbox processes (instant profile, a small catalog, free
ports): they start, answer, take the connector's configuration, and the catalog reaches Magento;
stopping the demo ends them."""

from __future__ import annotations

import socket

import pytest
from django.test import override_settings

from acmconnector.demo import (
    Demo,
    DemoError,
    check_port,
    configure_connector,
    enable_catalog,
    load_catalog,
    start_sandboxes,
)
from sandbox.testing import SandboxHandle
from sync.models import InitialSyncRun, InitialSyncStatus, PushSettings, SetupParameters

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_demo_starts_the_sandboxes_and_loads_the_catalog_into_magento() -> None:
    demo = Demo(
        host="127.0.0.1",
        port=free_port(),
        acumatica_port=free_port(),
        magento_port=free_port(),
        sandbox_profile="instant",
        sandbox_items=20,
    )
    try:
        start_sandboxes(demo)
        configure_connector(demo)
        enable_catalog(demo)
        load_catalog(demo)

        magento = SandboxHandle(demo.magento_url)
        assert magento.collections()["products"] >= 15
        assert SetupParameters.load().magento_url == demo.magento_url
        assert PushSettings.load().secret == demo.push_secret
        assert InitialSyncRun.objects.get().status == InitialSyncStatus.FINISHED
        pushes = SandboxHandle(demo.acumatica_url).config()
        assert pushes["push_url"] == f"{demo.url}/hooks/acumatica/"
    finally:
        processes = [process for _, process in demo.processes]
        demo.stop_all()
    assert processes and all(process.poll() is not None for process in processes)


def test_a_taken_sandbox_port_is_refused_before_anything_starts() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        demo = Demo(host="127.0.0.1", port=free_port(), acumatica_port=port, magento_port=free_port())
        with pytest.raises(
            DemoError, match=f"127.0.0.1:{port} is in use: .* set DEMO_ACUMATICA_PORT in .env"
        ):
            check_port(demo)


@override_settings(HTTP_MAX_RETRIES=0)
def test_a_failing_step_ends_the_demo_with_one_line() -> None:
    demo = Demo(host="127.0.0.1", port=free_port(), acumatica_port=free_port(), magento_port=free_port())
    # Nothing answers on these ports: the Acumatica read of enable_for_sync fails, told in one line.
    configure_connector(demo)

    with pytest.raises(
        DemoError, match=r"^enable_for_sync: Could not read the records from Acumatica: "
    ) as raised:
        enable_catalog(demo)
    assert "\n" not in str(raised.value)
