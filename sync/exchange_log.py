"""The exchange log of a message: what was sent to a remote system and what came back.

Entries are redacted (the clients' redaction: registered secrets and credential-looking fields)
and capped, so the log shows an admin what happened without growing the table without bound or
ever holding a token, password or cookie.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from endpoints.redaction import redact_data, redact_text

MAX_ENTRIES = 12  # per message, newest kept
MAX_BODY_CHARS = 4000  # per request or response body
MAX_URL_CHARS = 1000


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... [{len(text) - limit} more characters]"


def _as_text(body: Any) -> str:
    if body is None:
        return ""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        return redact_text(body)
    import json

    return json.dumps(redact_data(body), default=str, ensure_ascii=False)


def make_entry(
    *,
    system: str,
    method: str,
    url: str,
    status: int | None,
    duration_ms: float | None = None,
    request: Any = None,
    response: Any = None,
    error: str = "",
    at: datetime | None = None,
) -> dict[str, Any]:
    """One exchange as stored on a message: redacted and size-capped."""
    entry: dict[str, Any] = {
        "at": (at or datetime.now(UTC)).isoformat(timespec="milliseconds"),
        "system": system,
        "method": method.upper(),
        "url": _cap(redact_text(url), MAX_URL_CHARS),
        "status": status,
        "duration_ms": None if duration_ms is None else round(duration_ms, 1),
        "request": _cap(_as_text(request), MAX_BODY_CHARS),
        "response": _cap(_as_text(response), MAX_BODY_CHARS),
    }
    if error:
        entry["error"] = _cap(redact_text(error), MAX_BODY_CHARS)
    return entry


def merge(
    existing: Sequence[Mapping[str, Any]] | None, new: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The message's log after one more try: older entries first, the newest MAX_ENTRIES kept."""
    combined = [dict(entry) for entry in (existing or [])] + [dict(entry) for entry in new]
    return combined[-MAX_ENTRIES:]


class ExchangeRecorder:
    """Collects the exchanges made while a flow processes one chunk of messages.

    The clients report every request to `record`; the engine opens a `capture()` around each flow
    call and stores what was captured on each message of the chunk. Thread-local, because a flow
    may call clients from its own worker threads only through the thread that opened the capture
    (reports from other threads are kept on the capture opened last).
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._last: list[dict[str, Any]] | None = None

    @contextmanager
    def capture(self) -> Iterator[list[dict[str, Any]]]:
        entries: list[dict[str, Any]] = []
        previous = getattr(self._local, "entries", None)
        self._local.entries = entries
        self._last = entries
        try:
            yield entries
        finally:
            self._local.entries = previous
            self._last = previous

    def record(self, entry: Mapping[str, Any]) -> None:
        target = getattr(self._local, "entries", None)
        if target is None:
            target = self._last
        if target is not None:
            target.append(dict(entry))
