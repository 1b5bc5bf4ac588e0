"""Request statistics and the request log of a sandbox (served by the inspection API).

The log keeps every API request (method, path, query, route, status, duration and, for writes, the
body) so tests can prove what reached a system and how often: exactly-once checks read it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

MAX_LOGGED_BODY = 64 * 1024


@dataclass
class LoggedRequest:
    seq: int
    at: float
    method: str
    path: str
    query: str
    route: str
    status: int
    duration_ms: float
    fault: str | None
    body: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "route": self.route,
            "status": self.status,
            "duration_ms": round(self.duration_ms, 3),
            "fault": self.fault,
            "body": self.body,
        }


class Stats:
    def __init__(self, log_limit: int = 200_000) -> None:
        self._lock = threading.Lock()
        self._log_limit = log_limit
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.requests: Counter[str] = Counter()  # "METHOD route" -> count
            self.statuses: Counter[int] = Counter()
            self.writes: Counter[str] = Counter()  # collection -> records written
            self.faults: Counter[str] = Counter()
            self.log: list[LoggedRequest] = []
            self._seq = 0
            self._in_flight = 0
            self.peak_in_flight = 0
            self.started_at = time.time()

    def enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)

    def leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def record_write(self, collection: str, count: int = 1) -> None:
        with self._lock:
            self.writes[collection] += count

    def record_request(
        self,
        *,
        method: str,
        path: str,
        query: str,
        route: str,
        status: int,
        duration: float,
        fault: str | None,
        body: bytes | None,
    ) -> None:
        text = None
        if body:
            text = body[:MAX_LOGGED_BODY].decode("utf-8", "replace")
        with self._lock:
            self._seq += 1
            self.requests[f"{method} {route}"] += 1
            self.statuses[status] += 1
            if fault:
                self.faults[fault] += 1
            if len(self.log) < self._log_limit:
                self.log.append(
                    LoggedRequest(
                        self._seq,
                        time.time(),
                        method,
                        path,
                        query,
                        route,
                        status,
                        duration * 1000,
                        fault,
                        text,
                    )
                )

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(sorted(self.requests.items())),
                "requests_total": sum(self.requests.values()),
                "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
                "writes": dict(sorted(self.writes.items())),
                "writes_total": sum(self.writes.values()),
                "faults": dict(self.faults),
                "in_flight": self._in_flight,
                "peak_in_flight": self.peak_in_flight,
                "since": self.started_at,
            }

    def requests_matching(
        self, method: str | None = None, path_regex: str | None = None, since_seq: int = 0
    ) -> list[dict[str, Any]]:
        import re

        pattern = re.compile(path_regex) if path_regex else None
        with self._lock:
            entries = list(self.log)
        return [
            entry.as_dict()
            for entry in entries
            if entry.seq > since_seq
            and (method is None or entry.method == method.upper())
            and (pattern is None or pattern.search(entry.path))
        ]
