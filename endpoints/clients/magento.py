"""`MagentoClient`: Magento 2 admin REST (`/rest[/<store>]/V1/...`) with an integration token.

Store scoping: every store-scoped row of the endpoint table has a `{store}` segment. A method's
`store` argument fills it: a store-view code (`default`, `us`) writes store-view values, `"all"`
writes global values (product writes default to it), None drops the segment (`/rest/V1`, the
default store view; store-independent routes ignore it).

Batched writes report per record, because one bad row must not fail 99 good ones:
* the multi-row price routes answer `[]` or a list of failed rows (valid rows are saved anyway);
  failures are matched back to rows by SKU;
* the source-items route saves all rows or refuses the whole request (every row gets the error);
* the async bulk product route queues one operation per product; `wait_for_bulk` polls the bulk
  status and turns each operation's status into that product's result.

Any other row of the endpoint table is reachable through `call(key, path=..., json=...)`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..defaults import MAGENTO_ROUTES
from ..exceptions import FieldError, PermanentError
from ..redaction import get_logger, register_secret
from .base import HttpClient
from .search_criteria import SearchCriteria, render_message

logger = get_logger(__name__)

GLOBAL_STORE = "all"
DEFAULT_PAGE_SIZE = 100

# Async operation statuses (reference section 14.3).
OPERATION_COMPLETE = 1
OPERATION_RETRIABLY_FAILED = 2
OPERATION_FAILED = 3
OPERATION_OPEN = 4
OPERATION_REJECTED = 5


@dataclass(frozen=True)
class SearchPage:
    items: list[dict[str, Any]]
    total_count: int


@dataclass(frozen=True)
class RecordResult:
    """The outcome for one record of a batched call, in the order the records were given."""

    index: int
    key: str
    ok: bool
    message: str = ""
    retryable: bool = False


@dataclass(frozen=True)
class BulkSubmission:
    """An accepted async bulk request: its uuid and, per submitted element, key and acceptance."""

    bulk_uuid: str
    keys: list[str]
    rejected: dict[int, str] = field(default_factory=dict)


def _row_failures(
    rows: Sequence[Mapping[str, Any]], failures: Sequence[Mapping[str, Any]]
) -> dict[int, list[str]]:
    """Attach each failure of a multi-row price call to the rows it names.

    A failure lists raw values in `parameters` (no row index): match rows by SKU first, then by
    any other field value (an invalid price names only the price); a failure that names no row
    is charged to every row, so nothing is reported as saved that may not have been.
    """
    attached: dict[int, list[str]] = {}
    for failure in failures:
        parameters = failure.get("parameters") or []
        values = {
            str(value) for value in (parameters.values() if isinstance(parameters, Mapping) else parameters)
        }
        message = render_message(str(failure.get("message", "")), parameters)
        matched = [i for i, row in enumerate(rows) if str(row.get("sku")) in values]
        if not matched:
            matched = [
                i for i, row in enumerate(rows) if any(str(v) in values for k, v in row.items() if k != "sku")
            ]
        if not matched:
            matched = list(range(len(rows)))
            message = f"{message} (Magento did not say which row)"
        for index in matched:
            attached.setdefault(index, []).append(message)
    return attached


class MagentoClient(HttpClient):
    system = "Magento"
    default_routes = MAGENTO_ROUTES

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        bulk_poll_interval: float = 1.0,
        bulk_timeout: float = 300.0,
        **http_options: Any,
    ) -> None:
        super().__init__(base_url, **http_options)
        register_secret(token)
        self._token = token
        self.bulk_poll_interval = bulk_poll_interval
        self.bulk_timeout = bulk_timeout

    def __repr__(self) -> str:
        return f"<MagentoClient {self.base_url}>"

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def _parse_error(self, status: int, data: Any) -> tuple[str, list[FieldError]]:
        if not isinstance(data, Mapping):
            return super()._parse_error(status, data)
        message = render_message(str(data.get("message", "")), data.get("parameters"))
        field_errors = []
        for error in data.get("errors") or []:
            if not isinstance(error, Mapping):
                continue
            parameters = error.get("parameters")
            name = ""
            if isinstance(parameters, Mapping):
                name = str(parameters.get("fieldName") or parameters.get("field") or "")
            field_errors.append(FieldError(name, render_message(str(error.get("message", "")), parameters)))
        return message, field_errors

    # ------------------------------------------------------------------ searches
    def search(
        self, key: str, criteria: SearchCriteria | None = None, *, store: str | None = None
    ) -> SearchPage:
        """One `searchCriteria` GET of a list row (`magento.order.search`, ...)."""
        params = (criteria or SearchCriteria()).to_params()
        data = self.call(key, path={"store": store}, params=params).data or {}
        return SearchPage(list(data.get("items") or []), int(data.get("total_count") or 0))

    def iter_search(
        self,
        key: str,
        criteria: SearchCriteria | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        store: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every matching record, page by page, stopping by `total_count` (a page past the end
        repeats the last page). Give `criteria` an explicit sort so pages are stable."""
        criteria = criteria or SearchCriteria()
        current = 1
        while True:
            page = self.search(key, criteria.with_page(page_size, current), store=store)
            yield from page.items
            if not page.items or current >= math.ceil(page.total_count / page_size):
                return
            current += 1

    # ------------------------------------------------------------------ store structure
    def fetch_store_views(self) -> list[dict[str, Any]]:
        return list(self.call("magento.store.views").data or [])

    def fetch_websites(self) -> list[dict[str, Any]]:
        return list(self.call("magento.store.websites").data or [])

    def fetch_store_groups(self) -> list[dict[str, Any]]:
        return list(self.call("magento.store.groups").data or [])

    def fetch_store_configs(self) -> list[dict[str, Any]]:
        return list(self.call("magento.store.configs").data or [])

    # ------------------------------------------------------------------ single records
    def fetch_product(self, sku: str, *, store: str | None = None) -> dict[str, Any]:
        return self.call("magento.product.get", path={"sku": sku, "store": store}).data

    def push_product(
        self,
        product: Mapping[str, Any],
        *,
        store: str | None = GLOBAL_STORE,
        save_options: bool | None = None,
    ) -> dict[str, Any]:
        """Create or update by SKU (`PUT products/{sku}`, an upsert)."""
        body: dict[str, Any] = {"product": dict(product)}
        if save_options is not None:
            body["saveOptions"] = save_options
        return self.call(
            "magento.product.upsert", path={"sku": product["sku"], "store": store}, json=body
        ).data

    def delete_product(self, sku: str, *, store: str | None = GLOBAL_STORE) -> None:
        self.call("magento.product.delete", path={"sku": sku, "store": store})

    def fetch_category_tree(self, *, store: str | None = None) -> dict[str, Any]:
        return self.call("magento.category.tree", path={"store": store}).data or {}

    def push_new_category(
        self, category: Mapping[str, Any], *, store: str | None = GLOBAL_STORE
    ) -> dict[str, Any]:
        return self.call(
            "magento.category.create", path={"store": store}, json={"category": dict(category)}
        ).data

    def push_category(
        self, category_id: int, category: Mapping[str, Any], *, store: str | None = GLOBAL_STORE
    ) -> dict[str, Any]:
        return self.call(
            "magento.category.update",
            path={"category_id": category_id, "store": store},
            json={"category": dict(category)},
        ).data

    def fetch_customer(self, customer_id: int) -> dict[str, Any]:
        return self.call("magento.customer.get", path={"customer_id": customer_id}).data

    def push_new_customer(
        self, customer: Mapping[str, Any], *, password: str | None = None, store: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"customer": dict(customer)}
        if password:
            register_secret(password)
            body["password"] = password
        return self.call("magento.customer.create", path={"store": store}, json=body).data

    def push_customer(
        self, customer_id: int, customer: Mapping[str, Any], *, store: str | None = None
    ) -> dict[str, Any]:
        """Partial update: fields not sent keep their values (addresses: see reference s.11)."""
        return self.call(
            "magento.customer.update",
            path={"customer_id": customer_id, "store": store},
            json={"customer": dict(customer)},
        ).data

    def fetch_order(self, order_id: int) -> dict[str, Any]:
        return self.call("magento.order.get", path={"order_id": order_id}).data

    def push_order_comment(
        self,
        order_id: int,
        comment: str,
        *,
        status: str,
        notify: bool = False,
        visible_on_front: bool = False,
    ) -> bool:
        """Add a status-history comment. `status` is required: a comment without one can blank
        the order's status (reference section 12.4)."""
        body = {
            "statusHistory": {
                "comment": comment,
                "is_customer_notified": int(notify),
                "is_visible_on_front": int(visible_on_front),
                "parent_id": order_id,
                "status": status,
            }
        }
        return bool(self.call("magento.order.comment", path={"order_id": order_id}, json=body).data)

    def push_shipment(self, order_id: int, shipment: Mapping[str, Any]) -> int:
        """`POST order/{id}/ship`; returns the new shipment id (Magento may send it as a string)."""
        return int(self.call("magento.order.ship", path={"order_id": order_id}, json=dict(shipment)).data)

    def push_invoice(self, order_id: int, invoice: Mapping[str, Any]) -> int:
        return int(self.call("magento.order.invoice", path={"order_id": order_id}, json=dict(invoice)).data)

    # ------------------------------------------------------------------ multi-row routes
    def _multi_row(self, key: str, envelope: str, rows: Sequence[Mapping[str, Any]]) -> list[RecordResult]:
        """POST rows in one request; per-row results from the failure list (or the whole-request
        refusal). Retryable failures are raised: nothing or everything may have been saved."""
        if not rows:
            return []
        keys = [str(row.get("sku", "")) for row in rows]
        try:
            data = self.call(key, json={envelope: [dict(row) for row in rows]}).data
        except PermanentError as exc:
            message = exc.remote_message or exc.summary
            if exc.field_errors:
                message = f"{message} ({'; '.join(str(error) for error in exc.field_errors)})"
            return [RecordResult(i, keys[i], False, message) for i in range(len(rows))]
        failures = [item for item in data if isinstance(item, Mapping)] if isinstance(data, list) else []
        attached = _row_failures(rows, failures)
        return [
            RecordResult(i, keys[i], i not in attached, "; ".join(attached.get(i, [])))
            for i in range(len(rows))
        ]

    def push_base_prices(self, prices: Sequence[Mapping[str, Any]]) -> list[RecordResult]:
        """`[{"sku", "price", "store_id"}, ...]` in one call."""
        return self._multi_row("magento.price.base", "prices", prices)

    def push_special_prices(self, prices: Sequence[Mapping[str, Any]]) -> list[RecordResult]:
        """`[{"sku", "price", "store_id", "price_from", "price_to"}, ...]` in one call."""
        return self._multi_row("magento.price.special", "prices", prices)

    def push_source_items(self, items: Sequence[Mapping[str, Any]]) -> list[RecordResult]:
        """`[{"sku", "source_code", "quantity", "status"}, ...]` in one call (upsert per sku+source)."""
        return self._multi_row("magento.source_item.save", "sourceItems", items)

    # ------------------------------------------------------------------ async bulk
    def submit_products_bulk(
        self, products: Sequence[Mapping[str, Any]], *, store: str | None = GLOBAL_STORE
    ) -> BulkSubmission:
        """Queue product upserts (`POST async/bulk/V1/products`); 202 with one item per element."""
        body = [{"product": dict(product)} for product in products]
        data = self.call("magento.bulk.product_upsert", path={"store": store}, json=body).data or {}
        rejected = {
            int(item.get("id", -1)): str(item.get("error_message") or "rejected by Magento")
            for item in data.get("request_items") or []
            if isinstance(item, Mapping) and item.get("status") == "rejected"
        }
        return BulkSubmission(
            str(data.get("bulk_uuid", "")), [str(p.get("sku", "")) for p in products], rejected
        )

    def wait_for_bulk(self, submission: BulkSubmission) -> list[RecordResult]:
        """Poll the bulk's detailed status until no operation is open (or `bulk_timeout`), then
        one result per submitted element; still-open operations come back retryable."""
        accepted = [i for i in range(len(submission.keys)) if i not in submission.rejected]
        deadline = self._clock() + self.bulk_timeout
        operations: dict[int, Mapping[str, Any]] = {}
        while True:
            data = (
                self.call("magento.bulk.detailed_status", path={"bulk_uuid": submission.bulk_uuid}).data or {}
            )
            operations = self._match_operations(submission, accepted, data.get("operations_list") or [])
            settled = all(
                int(operations[i].get("status") or OPERATION_OPEN) != OPERATION_OPEN
                if i in operations
                else False
                for i in accepted
            )
            if settled or self._clock() >= deadline:
                break
            self._sleep(self.bulk_poll_interval)
        return [self._operation_result(i, submission, operations.get(i)) for i in range(len(submission.keys))]

    def push_products_bulk(
        self, products: Sequence[Mapping[str, Any]], *, store: str | None = GLOBAL_STORE
    ) -> list[RecordResult]:
        """Submit products through async bulk and wait for their per-product outcome."""
        if not products:
            return []
        return self.wait_for_bulk(self.submit_products_bulk(products, store=store))

    @staticmethod
    def _match_operations(
        submission: BulkSubmission, accepted: list[int], operations: Sequence[Any]
    ) -> dict[int, Mapping[str, Any]]:
        """Operations by element index: by the SKU inside each operation's serialized element
        where Magento provides it, otherwise by order (operations are created in element order)."""
        ordered = sorted(
            (op for op in operations if isinstance(op, Mapping)), key=lambda op: int(op.get("id") or 0)
        )
        by_sku: dict[str, list[int]] = {}
        for index in accepted:
            by_sku.setdefault(submission.keys[index], []).append(index)
        matched: dict[int, Mapping[str, Any]] = {}
        unmatched: list[Mapping[str, Any]] = []
        for operation in ordered:
            sku = _operation_sku(operation)
            candidates = by_sku.get(sku or "", [])
            if candidates:
                matched[candidates.pop(0)] = operation
            else:
                unmatched.append(operation)
        remaining = [index for index in accepted if index not in matched]
        for index, operation in zip(remaining, unmatched, strict=False):
            matched[index] = operation
        return matched

    def _operation_result(
        self, index: int, submission: BulkSubmission, operation: Mapping[str, Any] | None
    ) -> RecordResult:
        key = submission.keys[index]
        if index in submission.rejected:
            return RecordResult(index, key, False, submission.rejected[index])
        if operation is None:
            return RecordResult(
                index, key, False, "Magento has not created the bulk operation yet", retryable=True
            )
        status = int(operation.get("status") or OPERATION_OPEN)
        message = str(operation.get("result_message") or "")
        if status == OPERATION_COMPLETE:
            return RecordResult(index, key, True, message)
        if status == OPERATION_OPEN:
            waited = f"still queued in Magento after {self.bulk_timeout:g} s (is the consumer running?)"
            return RecordResult(index, key, False, waited, retryable=True)
        return RecordResult(
            index, key, False, message or "failed", retryable=status == OPERATION_RETRIABLY_FAILED
        )


def _operation_sku(operation: Mapping[str, Any]) -> str | None:
    """The SKU inside a detailed-status operation's `serialized_data`, if it can be read."""
    try:
        serialized = json.loads(operation.get("serialized_data") or "{}")
        element = serialized.get("meta_information")
        element = json.loads(element) if isinstance(element, str) else element
        product = element.get("product") if isinstance(element, Mapping) else None
        return str(product["sku"]) if isinstance(product, Mapping) and "sku" in product else None
    except (TypeError, ValueError, AttributeError):
        return None
