"""Helpers for the Acumatica sandbox tests: a small logged-in client of the contract-based API."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from sandbox.testing import SandboxHandle

VERSION = "24.200.001"
CREDENTIALS = {"name": "admin", "password": "sandbox", "tenant": "Company"}


class AcumaticaApi:
    """What a connector does over HTTP, without any connector code."""

    def __init__(self, url: str, version: str = VERSION) -> None:
        self.url = url.rstrip("/")
        self.version = version
        self.base = f"{self.url}/entity/Default/{version}"
        self.http = requests.Session()

    def login(self, **overrides: Any) -> requests.Response:
        return self.http.post(f"{self.url}/entity/auth/login", json={**CREDENTIALS, **overrides}, timeout=10)

    def logout(self) -> requests.Response:
        return self.http.post(f"{self.url}/entity/auth/logout", timeout=10)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.http.get(f"{self.base}/{path}", params=params, timeout=10)

    def put(self, path: str, body: Any, headers: Any = None, **params: Any) -> requests.Response:
        return self.http.put(f"{self.base}/{path}", json=body, params=params, headers=headers, timeout=10)

    def post(self, path: str, body: Any) -> requests.Response:
        return self.http.post(f"{self.base}/{path}", json=body, timeout=10)

    def delete(self, path: str) -> requests.Response:
        return self.http.delete(f"{self.base}/{path}", timeout=10)

    def poll(self, location: str, deadline: float = 10.0) -> requests.Response:
        """Poll a long-running operation's status URL until it stops answering 202."""
        end = time.monotonic() + deadline
        while True:
            response = self.http.get(f"{self.url}{location}", timeout=10)
            if response.status_code != 202 or time.monotonic() > end:
                return response
            time.sleep(0.02)

    def invoke(
        self, entity: str, action: str, record: dict[str, Any], parameters: dict[str, Any] | None = None
    ) -> requests.Response:
        """Run an action to its end: 202 + Location, polled until 204 (or the error)."""
        body: dict[str, Any] = {"entity": record}
        if parameters is not None:
            body["parameters"] = parameters
        started = self.post(f"{entity}/{action}", body)
        assert started.status_code == 202, started.text
        return self.poll(started.headers["Location"])


def wrap(**fields: Any) -> dict[str, Any]:
    """`wrap(CustomerID="C000001")` -> `{"CustomerID": {"value": "C000001"}}`."""
    return {name: {"value": value} for name, value in fields.items()}


def value(record: dict[str, Any], *path: str) -> Any:
    """`value(order, "Totals", "Freight")`: the plain value at a field path, or None."""
    current: Any = record
    for name in path:
        current = current.get(name) if isinstance(current, dict) else None
    return current.get("value") if isinstance(current, dict) else None


@pytest.fixture
def acumatica(acumatica_sandbox: SandboxHandle) -> Iterator[AcumaticaApi]:
    """A client logged in to the freshly reset sandbox."""
    api = AcumaticaApi(acumatica_sandbox.url)
    response = api.login()
    assert response.status_code == 204, response.text
    yield api
    api.http.close()


@pytest.fixture
def sandbox(acumatica_sandbox: SandboxHandle) -> SandboxHandle:
    return acumatica_sandbox


def reference_dir() -> Path:
    default = Path(__file__).resolve().parents[3] / ".." / "shared" / "reference"
    return Path(os.environ.get("ACMC_SHARED_REFERENCE", str(default))).resolve()
