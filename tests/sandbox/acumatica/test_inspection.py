"""The inspection API on the Acumatica sandbox: state, faults, stats, reset."""

from __future__ import annotations

import pytest
import requests

from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi, value, wrap


def test_collections_are_the_record_entities_with_their_counts(sandbox: SandboxHandle) -> None:
    counts = sandbox.collections()

    assert counts["StockItem"] == 60
    assert counts["Customer"] == 16
    assert counts["Warehouse"] == 3
    assert counts["SalesOrder"] == 4
    assert counts["Shipment"] == 0
    assert "InventorySummaryInquiry" not in counts


def test_records_are_shown_value_wrapped_with_everything_expanded(sandbox: SandboxHandle) -> None:
    order = sandbox.state("SalesOrder", "SO/000001")

    assert value(order, "OrderNbr") == "000001"
    assert value(order["Details"][0], "InventoryID")
    assert "Totals" in order and "ShipToAddress" in order and "Shipments" in order
    assert "AttributeCOLOR" in sandbox.state("StockItem", "APP0001")["custom"]["Item"]
    by_id = sandbox.state("SalesOrder", order["id"])
    assert value(by_id, "OrderNbr") == "000001"
    assert len(sandbox.state("ItemSalesCategory")) == 10
    assert value(sandbox.state("ItemSalesCategory", "5"), "Description") == "Audio"


def test_unknown_collections_and_keys_are_404(sandbox: SandboxHandle) -> None:
    assert requests.get(f"{sandbox.url}/__sandbox__/state/Nope", timeout=5).status_code == 404
    assert requests.get(f"{sandbox.url}/__sandbox__/state/SalesOrder/SO/999999", timeout=5).status_code == 404


def test_a_state_put_changes_a_record_like_a_user_and_bumps_last_modified(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    before = acumatica.get("StockItem/APP0001").json()

    changed = sandbox.put_state("StockItem", "APP0001", wrap(Description="Edited on the screen"))

    assert value(changed, "Description") == "Edited on the screen"
    assert value(changed, "ItemClass") == value(before, "ItemClass")  # fields not given are kept
    after = acumatica.get("StockItem/APP0001").json()
    assert value(after, "LastModifiedDateTime") > value(before, "LastModifiedDateTime")
    assert sandbox.stats()["writes"]["StockItem"] == 1


def test_a_state_put_creates_records_under_the_addressed_key(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    sandbox.put_state("StockItem", "NEWSKU", wrap(Description="Made by hand", ItemClass="STOCKITEM"))
    order = sandbox.put_state(
        "SalesOrder",
        "SO/000500",
        {**wrap(CustomerID="C000002"), "Details": [{**wrap(InventoryID="NEWSKU"), "OrderQty": {"value": 1}}]},
    )

    assert value(acumatica.get("StockItem/NEWSKU").json(), "Description") == "Made by hand"
    assert value(order, "OrderNbr") == "000500"
    assert value(acumatica.get("SalesOrder/SO/000500").json(), "Status") == "Open"


def test_a_state_put_is_validated_like_a_screen(sandbox: SandboxHandle) -> None:
    response = requests.put(
        f"{sandbox.url}/__sandbox__/state/SalesOrder/SO/000001", json=wrap(CustomerID="NOBODY"), timeout=5
    )
    assert response.status_code == 422
    assert "'Customer' cannot be found in the system." in response.json()["error"]
    wrong_key = requests.put(f"{sandbox.url}/__sandbox__/state/SalesOrder/000001", json={}, timeout=5)
    assert wrong_key.status_code == 400


def test_state_delete_removes_or_refuses_like_the_screen(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    sandbox.put_state("StockItem", "DOOMED", wrap(Description="Short-lived", ItemClass="STOCKITEM"))
    sandbox.delete_state("StockItem", "DOOMED")
    assert sandbox.collections()["StockItem"] == 60
    assert acumatica.get("StockItem/DOOMED").status_code == 500

    for path, reason in (("Customer/C000013", "sales orders"), ("StockItem/APP0001", "sales orders")):
        refused = requests.delete(f"{sandbox.url}/__sandbox__/state/{path}", timeout=5)
        assert refused.status_code == 409
        assert reason in refused.json()["error"]
    missing = requests.delete(f"{sandbox.url}/__sandbox__/state/Customer/NOBODY", timeout=5)
    assert missing.status_code == 404


def test_reset_brings_back_the_demo_tenant(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> None:
    sandbox.put_state("StockItem", "APP0001", wrap(Description="Edited"))
    sandbox.config(max_api_users=1, profile="fast")

    sandbox.reset()

    assert value(sandbox.state("StockItem", "APP0001"), "Description") != "Edited"
    config = sandbox.config()
    assert config["profile"] == "instant"
    assert config["license"]["configured"]["max_api_users"] is None
    assert acumatica.get("StockItem/APP0001").status_code == 401  # sessions end with the reset


def test_stats_count_routes_writes_and_the_acumatica_extras(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    sandbox.reset_stats()
    acumatica.get("StockItem/APP0001")
    acumatica.get("StockItem/ELE0003")
    acumatica.put("Customer", wrap(CustomerID="C000001", CustomerName="Renamed"))

    stats = sandbox.stats()

    assert stats["requests"]["GET /entity/{endpoint}/{version}/StockItem/{keys}"] == 2
    assert stats["requests"]["PUT /entity/{endpoint}/{version}/Customer"] == 1
    assert stats["writes"] == {"Customer": 1}
    assert stats["api_sessions"]["open"] == 1
    assert {"throttled", "rejected", "peak_concurrent", "per_minute_window"} <= set(stats["license"])
    assert {"sent", "failed", "pending"} <= set(stats["push"])
    logged = sandbox.requests(method="PUT", path="Customer")
    assert "Renamed" in logged[-1]["body"]


@pytest.fixture
def faulty(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> AcumaticaApi:
    sandbox.config(hang_seconds=0.3)
    return acumatica


def description(sandbox: SandboxHandle) -> str:
    return value(sandbox.state("StockItem", "APP0001"), "Description")


def test_status_and_html_faults_answer_without_doing_the_work(
    faulty: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    original = description(sandbox)
    sandbox.faults([{"method": "PUT", "path": "StockItem", "kind": "status", "status": 503}])
    assert faulty.put("StockItem", wrap(InventoryID="APP0001", Description="x")).status_code == 503
    sandbox.faults([{"path": "StockItem", "kind": "html", "status": 502}])
    page = faulty.put("StockItem", wrap(InventoryID="APP0001", Description="x"))
    assert page.status_code == 502
    assert page.headers["Content-Type"].startswith("text/html")
    assert description(sandbox) == original
    assert sandbox.stats()["faults"] == {"status": 1, "html": 1}


def test_after_commit_status_and_truncate_do_the_work(faulty: AcumaticaApi, sandbox: SandboxHandle) -> None:
    sandbox.faults([{"method": "PUT", "path": "StockItem", "kind": "after_commit_status", "status": 500}])
    assert faulty.put("StockItem", wrap(InventoryID="APP0001", Description="committed")).status_code == 500
    assert description(sandbox) == "committed"

    sandbox.faults([{"method": "PUT", "path": "StockItem", "kind": "truncate"}])
    cut = faulty.put("StockItem", wrap(InventoryID="APP0001", Description="truncated"))
    with pytest.raises(ValueError):
        cut.json()
    assert description(sandbox) == "truncated"


def test_drops_and_hangs_before_and_after_the_work(faulty: AcumaticaApi, sandbox: SandboxHandle) -> None:
    cases = [("drop", False), ("drop_after_commit", True), ("hang", False), ("hang_after_commit", True)]
    for kind, committed in cases:
        text = f"after {kind}"
        sandbox.faults([{"method": "PUT", "path": "StockItem", "kind": kind}])
        with pytest.raises(requests.RequestException):
            faulty.http.put(
                f"{faulty.base}/StockItem", json=wrap(InventoryID="APP0001", Description=text), timeout=0.2
            )
        sandbox.clear_faults()
        assert (description(sandbox) == text) is committed, kind


def test_fault_rates_are_deterministic_from_the_seed(faulty: AcumaticaApi, sandbox: SandboxHandle) -> None:
    def run() -> list[int]:
        sandbox.faults([{"path": "StockItem/", "kind": "status", "status": 503, "rate": 0.5}], seed=7)
        return [faulty.get("StockItem/APP0001").status_code for _ in range(20)]

    first, second = run(), run()

    assert first == second
    assert set(first) == {200, 503}
