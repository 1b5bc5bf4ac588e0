"""AcumaticaClient against the Acumatica sandbox over real HTTP: reads under injected faults, the
license governor under threads, sessions that never stay open, actions, versions, Test Connection."""

from __future__ import annotations

import bisect
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from endpoints.clients.acumatica import AcumaticaClient
from endpoints.clients.acumatica_records import value_of, wrap_values
from endpoints.clients.base import RetryPolicy
from endpoints.connection_check import check_acumatica
from endpoints.exceptions import ApiLoginLimitError, ServerError
from endpoints.governor import AcumaticaLimits, Governor
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from tests.conftest import ACUMATICA_PASSWORD, ACUMATICA_TENANT, ACUMATICA_USER, acumatica_app

pytestmark = pytest.mark.integration

FAST_RETRIES = RetryPolicy(max_retries=4, base_delay=0.01, max_delay=0.05)
UNLIMITED = AcumaticaLimits(None, None, None)


def client_for(url: str, **options: Any) -> AcumaticaClient:
    settings: dict[str, Any] = {
        "username": ACUMATICA_USER,
        "password": ACUMATICA_PASSWORD,
        "tenant": ACUMATICA_TENANT,
        "limits": UNLIMITED,
        "retry_policy": FAST_RETRIES,
        "read_timeout": 10,
        **options,
    }
    return AcumaticaClient(url, **settings)


def open_sessions(sandbox: SandboxHandle) -> int:
    return int(sandbox.stats()["api_sessions"]["open"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def big_acumatica_server() -> Iterator[SandboxServer]:
    """A tenant with 500 stock items (the shared fixture seeds fewer)."""
    with SandboxServer(acumatica_app(seed=3, items=500)) as server:
        yield server


def test_500_stock_items_are_read_completely_despite_20_percent_injected_503s(
    big_acumatica_server: SandboxServer,
) -> None:
    sandbox = SandboxHandle(big_acumatica_server.url)
    sandbox.reset()
    sandbox.faults(
        [{"method": "GET", "path": "/StockItem$", "kind": "status", "status": 503, "rate": 0.2}], seed=5
    )

    with client_for(big_acumatica_server.url) as acumatica:
        ids = [
            value_of(record, "InventoryID")
            for record in acumatica.iter_records("StockItem", page_size=50, select="InventoryID")
        ]

    assert len(ids) == len(set(ids)) == 500
    stats = sandbox.stats()
    assert stats["faults"]["status"] >= 1
    assert stats["api_sessions"]["open"] == 0


def max_in_any_window(times: list[float], seconds: float = 60.0) -> int:
    ordered = sorted(times)
    return max((bisect.bisect_right(ordered, t + seconds) - i for i, t in enumerate(ordered)), default=0)


@pytest.mark.parametrize("profile", ["instant", "fast"])
def test_governor_keeps_8_threads_inside_2_concurrent_and_300_per_minute(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle, profile: str
) -> None:
    acumatica_sandbox.config(profile=profile, max_concurrent_requests=2, max_requests_per_minute=300)
    acumatica_sandbox.reset_stats()
    limits = AcumaticaLimits(max_concurrent_requests=2, max_requests_per_minute=300, max_api_users=2)
    failures: list[BaseException] = []

    with client_for(acumatica_server.url, limits=limits) as acumatica:
        items = [
            value_of(r, "InventoryID")
            for r in acumatica.fetch_list("StockItem", top=20, select="InventoryID")
        ]

        def worker(n: int) -> None:
            try:
                for call in range(n, 99, 8):  # 99 calls over 8 threads, plus the list call above
                    if call % 3:
                        acumatica.fetch_record("StockItem", items[call % len(items)], select="InventoryID")
                    else:
                        acumatica.fetch_list("Customer", top=5, select="CustomerID")
            except BaseException as exc:  # reported below: a thread must not swallow a failure
                failures.append(exc)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

    assert failures == []
    stats = acumatica_sandbox.stats()
    log = acumatica_sandbox.requests()
    api_calls = [entry for entry in log if "/auth/" not in entry["path"]]
    assert len(api_calls) == 100
    assert "429" not in stats["statuses"] and stats["license"]["rejected"] == 0
    assert stats["peak_concurrency"] <= 2 and stats["license"]["peak_concurrent"] <= 2
    assert stats["license"]["queued_total"] == 0  # the connector waited on its side, not in Acumatica's queue
    assert max_in_any_window([entry["at"] for entry in log]) <= 300
    assert (stats["api_sessions"]["logins"], stats["api_sessions"]["open"]) == (1, 0)


def test_without_the_client_governor_the_same_threads_queue_at_the_license(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    """The control for the test above: its queue measurement does detect an unthrottled client."""
    acumatica_sandbox.config(profile="fast", max_concurrent_requests=2, max_requests_per_minute=300)
    acumatica_sandbox.reset_stats()

    with client_for(acumatica_server.url) as acumatica:
        acumatica.login()
        threads = [
            threading.Thread(target=lambda: [acumatica.fetch_list("Customer", top=5) for _ in range(6)])
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

    assert acumatica_sandbox.stats()["license"]["queued_total"] > 0


def test_sessions_are_closed_after_use_after_a_crash_and_after_a_server_error(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    with client_for(acumatica_server.url) as acumatica:
        acumatica.fetch_list("Warehouse")
        assert open_sessions(acumatica_sandbox) == 1
    assert open_sessions(acumatica_sandbox) == 0

    with pytest.raises(RuntimeError, match="flow crashed"), client_for(acumatica_server.url) as acumatica:
        acumatica.fetch_list("Warehouse")
        raise RuntimeError("flow crashed")
    assert open_sessions(acumatica_sandbox) == 0

    acumatica_sandbox.faults(
        [{"method": "GET", "path": "/Customer", "kind": "status", "status": 500, "rate": 1}]
    )
    with pytest.raises(ServerError), client_for(acumatica_server.url, max_retries=0) as acumatica:
        acumatica.fetch_list("Customer")
    assert open_sessions(acumatica_sandbox) == 0
    assert acumatica_sandbox.stats()["api_sessions"]["logins"] == 3


def test_an_expired_session_is_replaced_by_one_login_and_closed_at_the_end(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    with client_for(acumatica_server.url) as acumatica:
        acumatica.fetch_list("Warehouse")
        acumatica_sandbox.post("sessions/expire")
        assert acumatica.fetch_list("Warehouse")

    sessions = acumatica_sandbox.stats()["api_sessions"]
    assert (sessions["logins"], sessions["open"]) == (2, 0)


def test_the_sandbox_login_limit_is_reported_and_the_seat_comes_back(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    acumatica_sandbox.config(max_api_users=1)
    first = client_for(acumatica_server.url)
    other_process = client_for(acumatica_server.url, governor=Governor(UNLIMITED))  # as if another process
    first.login()

    with pytest.raises(ApiLoginLimitError):
        other_process.login()

    first.close()
    with other_process:
        other_process.fetch_list("Warehouse")
    assert open_sessions(acumatica_sandbox) == 0


def test_action_is_polled_to_completion_and_its_effect_is_readable(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    acumatica_sandbox.config(profile="fast")

    with client_for(acumatica_server.url, poll_interval=0.02) as acumatica:
        result = acumatica.invoke_action(
            "SalesOrder", "SalesOrderCreateShipment", wrap_values({"OrderType": "SO", "OrderNbr": "000001"})
        )
        order = acumatica.fetch_record(
            "SalesOrder", "SO", "000001", expand="Shipments", select="OrderNbr,Shipments/ShipmentNbr"
        )

    assert result.status == 204 and result.polls >= 1
    assert order["Shipments"] and value_of(order["Shipments"][0], "ShipmentNbr")
    polls = acumatica_sandbox.requests(method="GET", path="SalesOrderCreateShipment/status/")
    assert len(polls) == result.polls


def test_versions_inquiries_and_ad_hoc_schema(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    with client_for(acumatica_server.url, version="23.200.001") as old:
        [item] = old.fetch_list("StockItem", top=1)
        assert old.last_modified_field("StockItem") == "LastModified" in item
        assert "LastModifiedDateTime" not in item
    with client_for(acumatica_server.url) as new:
        [item] = new.fetch_list("StockItem", top=1)
        assert new.last_modified_field("StockItem") == "LastModifiedDateTime" in item
        structure = new.run_inquiry("CompaniesStructure", {})
        assert any(value_of(row, "BranchID") for row in structure["Results"])
        assert "custom" in new.fetch_ad_hoc_schema("StockItem")
    assert open_sessions(acumatica_sandbox) == 0


def test_connection_checks_name_what_was_reached_or_the_cause(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    url = acumatica_server.url

    def check(**changes: Any) -> Any:
        arguments: dict[str, Any] = {
            "user": ACUMATICA_USER,
            "password": ACUMATICA_PASSWORD,
            "tenant": ACUMATICA_TENANT,
            "limits": UNLIMITED,
        }
        arguments.update(changes)
        return check_acumatica(arguments.pop("url", url), **arguments)

    ok = check()
    password = check(password="wrong-password")
    company = check(tenant="NoSuchCompany")
    version = check(version="25.100.001")
    stopped = check(url=f"http://127.0.0.1:{free_port()}", timeout=2)

    assert ok.ok and ok.message.endswith(f"tenant {ACUMATICA_TENANT}; endpoint Default/24.200.001.")
    assert [r.cause for r in (password, company, version, stopped)] == [
        "wrong_password",
        "wrong_company",
        "unknown_version",
        "host_unreachable",
    ]
    assert password.message == (
        "Acumatica: wrong user name or password (Error: Invalid credentials. Please try again.)."
    )
    assert company.message.startswith("Acumatica: wrong company: tenant 'NoSuchCompany' was not accepted")
    assert "Default/25.100.001 is not offered" in version.message
    assert "available: Default/23.200.001, Default/24.200.001" in version.message
    for result in (ok, password, company, version, stopped):
        assert "\n" not in result.message and "Traceback" not in result.message
        assert ACUMATICA_PASSWORD not in result.message
    assert open_sessions(acumatica_sandbox) == 0
