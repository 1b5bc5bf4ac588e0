"""Push notifications: what Acumatica's webhook destination POSTs when query results change.

Each pushed entity has a query (a generic inquiry on the real system) whose columns are plain
values (`InventoryItem_lastModifiedDateTime` style for non-primary tables). A change produces one
notification: an insert puts the new row in `Inserted`, a delete puts the old row in `Deleted`,
an update puts the new row in `Inserted` and the old one in `Deleted` (same key in both), with
`Query`, `CompanyId`, a transaction `Id`, a .NET-ticks `TimeStamp` and `AdditionalInfo`.

Delivery runs on one background thread (never in the request), in order, with the configured
headers; a non-2xx answer or a connection error is retried, up to 5 attempts in all, after
1, 2, 4 and 8 seconds on the profile's clock (instantly on `instant`).
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import requests

from .store import Record
from .values import dotnet_ticks, format_number, format_plain_datetime

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0)
DELIVERY_TIMEOUT = 10.0


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_number(value)
    if hasattr(value, "isoformat"):
        return format_plain_datetime(value)
    return value


def _row(record: Record, columns: dict[str, str], modified_column: str) -> dict[str, Any]:
    row = {column: _plain(record.get(field)) for column, field in columns.items()}
    row[modified_column] = _plain(record.get("_modified"))
    return row


def _columns(*names: str) -> dict[str, str]:
    return {name: name for name in names}


# entity -> (query name, columns (GI column -> record field), last-modified column)
PUSH_QUERIES: dict[str, tuple[str, dict[str, str], str]] = {
    "StockItem": (
        "Stock Items: Last Modified Date",
        {
            "InventoryID": "InventoryID",
            "ItemStatus": "ItemStatus",
            "ItemClass": "ItemClass",
            "TemplateItemID": "TemplateItemID",
        },
        "InventoryItem_lastModifiedDateTime",
    ),
    "TemplateItems": (
        "Template Items: Last Modified Date",
        _columns("InventoryID", "ItemStatus", "ItemClass"),
        "InventoryItem_lastModifiedDateTime",
    ),
    "ItemClass": (
        "Item Classes: Last Modified Date",
        _columns("ClassID", "Description"),
        "INItemClass_lastModifiedDateTime",
    ),
    "ItemSalesCategory": (
        "Item Sales Categories: Last Modified Date",
        _columns("CategoryID", "Description", "ParentCategoryID"),
        "INCategory_lastModifiedDateTime",
    ),
    "Customer": (
        "Customers: Last Modified Date",
        _columns("CustomerID", "CustomerName", "CustomerClass", "Email", "Status"),
        "Customer_lastModifiedDateTime",
    ),
    "SalesOrder": (
        "Sales Orders: Last Modified Date",
        _columns("OrderType", "OrderNbr", "Status", "CustomerID", "CustomerOrder", "ExternalRef"),
        "SOOrder_lastModifiedDateTime",
    ),
    "Shipment": (
        "Shipments: Last Modified Date",
        _columns("ShipmentNbr", "Status", "CustomerID"),
        "SOShipment_lastModifiedDateTime",
    ),
    "SalesInvoice": (
        "Sales Invoices: Last Modified Date",
        _columns("Type", "ReferenceNbr", "Status", "CustomerID"),
        "ARInvoice_lastModifiedDateTime",
    ),
    "InventoryQuantityAvailable": (
        "Inventory Quantity Available",
        _columns("InventoryID", "QtyAvailable"),
        "INSiteStatus_lastModifiedDateTime",
    ),
}


def notification(
    entity: str, before: Record | None, after: Record | None, tenant: str, moment: Any
) -> dict[str, Any]:
    name, columns, modified_column = PUSH_QUERIES[entity]
    return {
        "Inserted": [_row(after, columns, modified_column)] if after is not None else [],
        "Deleted": [_row(before, columns, modified_column)] if before is not None else [],
        "Query": name,
        "CompanyId": tenant,
        "Id": str(uuid.uuid4()),
        "TimeStamp": dotnet_ticks(moment),
        "AdditionalInfo": {},
    }


class PushNotifier:
    """Queues notifications and delivers them from a daemon thread."""

    def __init__(self, *, url: str | None, headers: dict[str, str], time_scale: Callable[[], float]) -> None:
        self.url = url
        self.headers = dict(headers)
        self._time_scale = time_scale
        self._queue: queue.Queue[tuple[int, dict[str, Any]]] = queue.Queue()
        self._lock = threading.Lock()
        self._generation = 0
        self._pending = 0
        self._stopped = threading.Event()
        self.reset_stats()
        self._thread = threading.Thread(target=self._run, name="acumatica-push", daemon=True)
        self._thread.start()

    def reset_stats(self) -> None:
        with self._lock:
            self.sent = 0
            self.failed = 0
            self.attempts = 0
            self.deliveries: deque[dict[str, Any]] = deque(maxlen=500)

    def configure(self, url: str | None, headers: dict[str, str]) -> None:
        with self._lock:
            self.url = url
            self.headers = dict(headers)

    def drop_pending(self) -> None:
        """Forget queued notifications (a reset tenant has nothing to report)."""
        with self._lock:
            self._generation += 1
            self._pending = 0

    def enqueue(self, payload: dict[str, Any]) -> None:
        with self._lock:
            if not self.url:
                return
            self._pending += 1
            generation = self._generation
        self._queue.put((generation, payload))

    def stop(self) -> None:
        self._stopped.set()
        self._queue.put((-1, {}))

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "url": self.url,
                "sent": self.sent,
                "failed": self.failed,
                "attempts": self.attempts,
                "pending": self._pending,
            }

    def recent(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.deliveries)

    def _run(self) -> None:
        while not self._stopped.is_set():
            generation, payload = self._queue.get()
            if generation < 0:
                return
            with self._lock:
                current = generation == self._generation
                url, headers = self.url, dict(self.headers)
            if not current or not url:
                continue
            delivered, attempts, last = self._deliver(url, headers, payload, generation)
            with self._lock:
                if generation != self._generation:
                    continue
                self._pending = max(0, self._pending - 1)
                if delivered:
                    self.sent += 1
                else:
                    self.failed += 1
                self.deliveries.append(
                    {
                        "id": payload["Id"],
                        "query": payload["Query"],
                        "delivered": delivered,
                        "attempts": attempts,
                        "last_result": last,
                    }
                )

    def _deliver(
        self, url: str, headers: dict[str, str], payload: dict[str, Any], generation: int
    ) -> tuple[bool, int, str]:
        body = json.dumps(payload)
        last = ""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            with self._lock:
                if generation != self._generation:
                    return False, attempt - 1, "dropped by reset"
                self.attempts += 1
            try:
                response = requests.post(
                    url,
                    data=body,
                    headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
                    timeout=DELIVERY_TIMEOUT,
                )
                last = f"HTTP {response.status_code}"
                if 200 <= response.status_code < 300:
                    return True, attempt, last
            except requests.RequestException as exc:
                last = type(exc).__name__
            logger.info(
                "push notification attempt %s failed: %s", attempt, last, extra={"query": payload["Query"]}
            )
            if attempt < MAX_ATTEMPTS:
                time.sleep(RETRY_DELAYS[attempt - 1] * self._time_scale())
        return False, MAX_ATTEMPTS, last
