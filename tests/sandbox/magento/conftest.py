"""A small Magento REST client over real HTTP for the sandbox tests (like the connector talks)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import pytest
import requests

from sandbox.testing import SandboxHandle

TOKEN = "sandbox-token"


class MagentoClient:
    def __init__(self, handle: SandboxHandle) -> None:
        self.handle = handle
        self.url = handle.url
        self.http = requests.Session()

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: dict[str, Any] | list[tuple[str, Any]] | None = None,
        token: str | None = TOKEN,
        headers: dict[str, str] | None = None,
        data: bytes | str | None = None,
    ) -> requests.Response:
        all_headers = dict(headers or {})
        if token is not None:
            all_headers.setdefault("Authorization", f"Bearer {token}")
        return self.http.request(
            method,
            f"{self.url}{path}",
            json=body if data is None else None,
            data=data,
            params=params,
            headers=all_headers,
            timeout=30,
        )

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.call("PUT", path, body, **kwargs)

    def delete(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.call("DELETE", path, body, **kwargs)

    def ok(self, response: requests.Response, status: int = 200) -> Any:
        assert response.status_code == status, f"{response.status_code}: {response.text}"
        return response.json()

    # ----------------------------------------------------------------- domain helpers
    def create_product(self, sku: str, scope: str = "all", **fields: Any) -> dict[str, Any]:
        product = {
            "sku": sku,
            "name": f"Product {sku}",
            "attribute_set_id": 4,
            "price": 10.0,
            "type_id": "simple",
        }
        product.update(fields)
        return self.ok(self.post(f"/rest/{scope}/V1/products", {"product": product}))

    def generate_orders(self, count: int) -> list[dict[str, Any]]:
        created = self.handle.post("orders/generate", {"count": count})["orders"]
        return [self.ok(self.get(f"/rest/V1/orders/{o['entity_id']}")) for o in created]

    def wait_bulk(self, bulk_uuid: str, timeout: float = 10.0) -> dict[str, Any]:
        """Poll the bulk status until no operation is open (status 4) any more."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.ok(self.get(f"/rest/V1/bulk/{bulk_uuid}/status"))
            if all(op["status"] != 4 for op in status["operations_list"]) or time.monotonic() > deadline:
                return status
            time.sleep(0.01)


def criteria(
    groups: Iterable[Iterable[tuple[str, Any, str]]] = (),
    *,
    sort: Iterable[tuple[str, str | None]] = (),
    page_size: int | None = None,
    current_page: int | None = None,
    camel: bool = False,
) -> list[tuple[str, Any]]:
    """searchCriteria query pairs; `camel` uses the schema's camelCase spelling."""
    fg, ct, so, ps, cp = (
        ("filterGroups", "conditionType", "sortOrders", "pageSize", "currentPage")
        if camel
        else ("filter_groups", "condition_type", "sort_orders", "page_size", "current_page")
    )
    pairs: list[tuple[str, Any]] = []
    for g, group in enumerate(groups):
        for f, (field, value, condition) in enumerate(group):
            prefix = f"searchCriteria[{fg}][{g}][filters][{f}]"
            pairs += [
                (f"{prefix}[field]", field),
                (f"{prefix}[value]", value),
                (f"{prefix}[{ct}]", condition),
            ]
    for s, (field, direction) in enumerate(sort):
        pairs.append((f"searchCriteria[{so}][{s}][field]", field))
        if direction is not None:
            pairs.append((f"searchCriteria[{so}][{s}][direction]", direction))
    if page_size is not None:
        pairs.append((f"searchCriteria[{ps}]", page_size))
    if current_page is not None:
        pairs.append((f"searchCriteria[{cp}]", current_page))
    return pairs or [("searchCriteria", "")]


@pytest.fixture
def magento(magento_sandbox: SandboxHandle) -> MagentoClient:
    """The Magento sandbox (reset to its demo state) behind a REST client with the integration token."""
    return MagentoClient(magento_sandbox)
