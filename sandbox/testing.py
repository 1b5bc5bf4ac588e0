"""A client for one running sandbox's inspection API, for tests, the demo and benchmarks.

It speaks HTTP like any other user of the sandbox, so it works the same for a sandbox in a thread
of the test process and for one started with `python -m sandbox` elsewhere.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests


class SandboxHandle:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._http = requests.Session()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._http.request(method, f"{self.url}/__sandbox__/{path}", timeout=30, **kwargs)
        if response.status_code >= 400:
            raise AssertionError(f"{method} /__sandbox__/{path} -> {response.status_code}: {response.text}")
        return response.json() if response.content else None

    def reset(self) -> None:
        self._call("POST", "reset")

    def collections(self) -> dict[str, int]:
        return self._call("GET", "state")

    def state(self, collection: str, key: str | None = None) -> Any:
        path = f"state/{collection}" if key is None else f"state/{collection}/{quote(key, safe='/')}"
        return self._call("GET", path)

    def put_state(self, collection: str, key: str, record: dict[str, Any]) -> Any:
        return self._call("PUT", f"state/{collection}/{quote(key, safe='/')}", json=record)

    def delete_state(self, collection: str, key: str) -> None:
        self._call("DELETE", f"state/{collection}/{quote(key, safe='/')}")

    def faults(self, rules: list[dict[str, Any]], seed: int = 1) -> Any:
        return self._call("PUT", "faults", json={"seed": seed, "rules": rules})

    def clear_faults(self) -> None:
        self.faults([])

    def fault_rules(self) -> list[dict[str, Any]]:
        """The rules in force, each with `fired`: how many requests it has caught so far (a hung
        request counts at once, long before it appears in the request log)."""
        return self._call("GET", "faults")["rules"]

    def config(self, **changes: Any) -> dict[str, Any]:
        return self._call("PUT", "config", json=changes) if changes else self._call("GET", "config")

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "stats")

    def reset_stats(self) -> None:
        self._call("POST", "stats/reset")

    def requests(
        self, method: str | None = None, path: str | None = None, since: int = 0
    ) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"since": since}
        if method:
            params["method"] = method
        if path:
            params["path"] = path
        return self._call("GET", "requests", params=params)

    def post(self, path: str, body: Any = None) -> Any:
        """Any system-specific inspection route, e.g. `post("orders/generate", {"count": 5})`."""
        return self._call("POST", path, json=body)

    def put(self, path: str, body: Any = None) -> Any:
        return self._call("PUT", path, json=body)
