"""Push notifications to a webhook (reference s.8), received by a tiny local HTTP server."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi, value, wrap


class Receiver:
    """Collects POSTed notifications; answers 500 to the first `fail_first` deliveries."""

    def __init__(self) -> None:
        self.received: queue.Queue[tuple[dict[str, str], dict[str, Any]]] = queue.Queue()
        self.fail_first = 0
        self.attempts = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.attempts += 1
                if receiver.attempts <= receiver.fail_first:
                    self.send_response(500)
                    self.end_headers()
                    return
                receiver.received.put((dict(self.headers), json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/push"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def next(self, query: str | None = None) -> tuple[dict[str, str], dict[str, Any]]:
        """The next notification (of `query`, skipping others)."""
        while True:
            headers, payload = self.received.get(timeout=5)
            if query is None or payload["Query"] == query:
                return headers, payload

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def push_log(sandbox: SandboxHandle) -> dict[str, Any]:
    """The push log once every queued notification has been delivered or given up."""
    for _ in range(500):
        log = requests.get(f"{sandbox.url}/__sandbox__/push", timeout=5).json()
        if log["pending"] == 0:
            return log
        threading.Event().wait(0.01)
    raise AssertionError("push notifications still pending")


@pytest.fixture
def receiver(sandbox: SandboxHandle) -> Iterator[Receiver]:
    receiver = Receiver()
    sandbox.config(push_url=receiver.url, push_headers={"X-Push-Secret": "s3cret"})
    yield receiver
    receiver.close()


def test_an_update_through_the_api_pushes_the_same_key_in_inserted_and_deleted(
    acumatica: AcumaticaApi, receiver: Receiver
) -> None:
    acumatica.put("StockItem", wrap(InventoryID="APP0001", ItemStatus="No Sales"))

    headers, payload = receiver.next("Stock Items: Last Modified Date")

    assert headers["X-Push-Secret"] == "s3cret"
    assert headers["Content-Type"] == "application/json"
    assert set(payload) == {"Inserted", "Deleted", "Query", "CompanyId", "Id", "TimeStamp", "AdditionalInfo"}
    (inserted,) = payload["Inserted"]
    (deleted,) = payload["Deleted"]
    assert inserted["InventoryID"] == deleted["InventoryID"] == "APP0001"
    assert inserted["ItemStatus"] == "No Sales"
    assert deleted["ItemStatus"] == "Active"
    assert inserted["InventoryItem_lastModifiedDateTime"] > deleted["InventoryItem_lastModifiedDateTime"]
    assert payload["CompanyId"] == "Company"
    assert isinstance(payload["TimeStamp"], int) and payload["TimeStamp"] > 638_000_000_000_000_000
    assert payload["AdditionalInfo"] == {}


def test_inserts_and_deletes_fill_only_one_side(acumatica: AcumaticaApi, receiver: Receiver) -> None:
    created = acumatica.put(
        "Customer", {**wrap(CustomerName="Push Test"), "MainContact": wrap(Email="p@example.com")}
    )
    customer_id = value(created.json(), "CustomerID")

    _, inserted = receiver.next("Customers: Last Modified Date")
    assert inserted["Deleted"] == []
    assert inserted["Inserted"][0]["CustomerID"] == customer_id
    assert inserted["Inserted"][0]["Email"] == "p@example.com"

    assert acumatica.delete(f"Customer/{customer_id}").status_code == 204
    _, deleted = receiver.next("Customers: Last Modified Date")
    assert deleted["Inserted"] == []
    assert deleted["Deleted"][0]["CustomerID"] == customer_id


def test_a_change_through_the_inspection_api_is_pushed_too(
    receiver: Receiver, sandbox: SandboxHandle
) -> None:
    sandbox.put_state("SalesOrder", "SO/000001", {"Hold": {"value": True}})

    _, payload = receiver.next("Sales Orders: Last Modified Date")

    assert payload["Inserted"][0]["Status"] == "On Hold"
    assert payload["Deleted"][0]["Status"] == "Open"
    assert payload["Inserted"][0]["OrderNbr"] == "000001"


def test_quantity_changes_push_the_available_quantity(acumatica: AcumaticaApi, receiver: Receiver) -> None:
    body = {
        **wrap(CustomerID="C000001"),
        "Details": [{**wrap(InventoryID="APP0001"), "OrderQty": {"value": 1}}],
    }
    stock = {"WarehouseDetails": [{**wrap(WarehouseID="WHOLESALE"), "QtyOnHand": {"value": 100}}]}
    acumatica.put("StockItem", {**wrap(InventoryID="APP0001"), **stock})
    _, raised = receiver.next("Inventory Quantity Available")
    acumatica.put("SalesOrder", body)

    _, allocated = receiver.next("Inventory Quantity Available")

    assert allocated["Inserted"][0]["InventoryID"] == "APP0001"
    assert allocated["Inserted"][0]["QtyAvailable"] == allocated["Deleted"][0]["QtyAvailable"] - 1
    assert raised["Inserted"][0]["QtyAvailable"] > raised["Deleted"][0]["QtyAvailable"]


def test_failed_deliveries_are_retried_until_accepted(
    acumatica: AcumaticaApi, receiver: Receiver, sandbox: SandboxHandle
) -> None:
    receiver.fail_first = 2
    acumatica.put("StockItem", wrap(InventoryID="APP0001", Description="retry me"))

    _, payload = receiver.next("Stock Items: Last Modified Date")

    assert payload["Inserted"][0]["InventoryID"] == "APP0001"
    assert receiver.attempts == 3
    log = push_log(sandbox)
    assert log["deliveries"][-1]["attempts"] == 3
    assert log["deliveries"][-1]["delivered"] is True
    assert sandbox.stats()["push"]["sent"] == 1


def test_a_receiver_that_keeps_failing_gets_five_attempts(
    acumatica: AcumaticaApi, receiver: Receiver, sandbox: SandboxHandle
) -> None:
    receiver.fail_first = 1000
    acumatica.put("StockItem", wrap(InventoryID="APP0001", Description="never"))

    log = push_log(sandbox)

    assert log["failed"] == 1
    assert log["deliveries"][-1]["attempts"] == 5
    assert log["deliveries"][-1]["last_result"] == "HTTP 500"
    assert receiver.attempts == 5


def test_nothing_is_pushed_without_a_push_url(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> None:
    acumatica.put("StockItem", wrap(InventoryID="APP0001", Description="silent"))
    assert sandbox.stats()["push"] == {"url": None, "sent": 0, "failed": 0, "attempts": 0, "pending": 0}
    assert sandbox.config()["push_headers"] == []
