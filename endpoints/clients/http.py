"""Plain HTTP building blocks of the client layer: settings, retry policy, exchange records,
query encoding and the recognition of proxy pages and connection failures.

Kept apart from `base.HttpClient` so each piece can be read (and tested) on its own.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests

from ..exceptions import (
    ConfigurationError,
    ConnectionDroppedError,
    ConnectTimeoutError,
    EndpointError,
    HostUnreachableError,
    RequestTimeoutError,
    TLSError,
    one_line,
)
from ..redaction import redact_text

RECORDED_BODY_MAX = 16_384  # characters of a body kept in an exchange record
_REDACTION_SLACK = 4_096  # redact past the cut, so a secret straddling it is masked whole
QUERY_SAFE = "$',()/*"  # kept literal in query strings; ':' and '+' are always encoded
MISSING: Any = object()  # "no JSON body", distinct from a JSON null


def django_setting(name: str, default: Any) -> Any:
    """A Django setting, or `default` when Django is not configured (the clients are pure)."""
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        try:
            return getattr(settings, name, default)
        except ImproperlyConfigured:
            return default
    except ImportError:  # pragma: no cover - Django is a dependency
        return default


@dataclass(frozen=True)
class HttpSettings:
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    max_retries: int = 4
    user_agent: str = "acmconnector"

    @classmethod
    def from_django(cls, **overrides: Any) -> HttpSettings:
        """Settings `HTTP_CONNECT_TIMEOUT`, `HTTP_READ_TIMEOUT`, `HTTP_MAX_RETRIES`, `HTTP_USER_AGENT`,
        with non-None `overrides` (tests use short time-outs) taking precedence."""
        values: dict[str, Any] = {
            "connect_timeout": float(django_setting("HTTP_CONNECT_TIMEOUT", cls.connect_timeout)),
            "read_timeout": float(django_setting("HTTP_READ_TIMEOUT", cls.read_timeout)),
            "max_retries": int(django_setting("HTTP_MAX_RETRIES", cls.max_retries)),
            "user_agent": str(django_setting("HTTP_USER_AGENT", cls.user_agent)),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential back-off with jitter.

    The n-th retry waits a random time in [d/2, d] with d = min(max_delay, base_delay * 2**(n-1))
    ("equal jitter": spread, but never a near-zero wait). A `Retry-After` from the server is a
    floor. A `Retry-After` beyond `max_retry_after` ends the call at once: blocking a worker that
    long is worse than letting the queue schedule the retry.
    """

    max_retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0

    def delay(self, retry: int, retry_after: float | None, rng: random.Random) -> float | None:
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(retry - 1, 0))
        backoff = rng.uniform(ceiling / 2, ceiling)
        if retry_after is None:
            return backoff
        if retry_after > self.max_retry_after:
            return None
        return retry_after + rng.uniform(0, self.base_delay)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


@dataclass(frozen=True)
class Exchange:
    """One HTTP attempt as it may be stored on a message: redacted, bodies capped."""

    system: str
    action: str
    method: str
    url: str
    attempt: int
    started_at: datetime
    duration_ms: int
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: str | None = None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        return data


@dataclass(frozen=True)
class ApiResponse:
    status: int
    headers: Mapping[str, str]
    data: Any
    exchange: Exchange


def recorded_body(raw: bytes | str | None) -> str | None:
    """A body as stored: redacted, then capped. Only the head (plus slack longer than any token)
    is redacted, so a 5 MB list answer costs no more than a small one."""
    if raw is None or raw == b"" or raw == "":
        return None
    head = raw[: (RECORDED_BODY_MAX + _REDACTION_SLACK) * 4]
    text = head.decode("utf-8", errors="replace") if isinstance(head, bytes) else head
    text = redact_text(text[: RECORDED_BODY_MAX + _REDACTION_SLACK])
    return (
        text
        if len(text) <= RECORDED_BODY_MAX and len(head) == len(raw)
        else text[:RECORDED_BODY_MAX] + "...[truncated]"
    )


def encode_query(params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None) -> str:
    """A query string with spaces as %20 and ':'/'+' encoded (OData date literals survive)."""
    if not params:
        return ""
    items = list(params.items()) if isinstance(params, Mapping) else list(params)
    pairs = [(key, "" if value is None else str(value)) for key, value in items]
    return urlencode(pairs, quote_via=quote, safe=QUERY_SAFE)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def html_summary(text: str) -> str:
    match = _TITLE.search(text)
    if match:
        return one_line(match.group(1), 200)
    return one_line(_TAGS.sub(" ", text), 200)


def connect_failed(exc: BaseException) -> bool:
    """True when requests' ConnectionError means "could not open a connection" (refused, DNS,
    unreachable) rather than "the connection broke" (the request may have been processed)."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        name = type(current).__name__
        if name in {"NewConnectionError", "NameResolutionError", "ConnectionRefusedError", "gaierror"}:
            return True
        if isinstance(current, BaseException):
            stack.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
            stack.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return False


def transport_error(
    exc: requests.RequestException, system: str, method: str, url: str, settings: HttpSettings
) -> EndpointError:
    """Classify a failure below HTTP (no status): TLS, time-out, unreachable, dropped."""
    host = urlsplit(url).netloc
    context: dict[str, Any] = {"system": system, "method": method, "url": url}
    where = f"{system} {method} {urlsplit(url).path}"
    reason = transport_reason(exc)
    context["remote_message"] = reason  # what the network said, for one-line causes
    if isinstance(exc, requests.exceptions.SSLError):
        return TLSError(f"{where}: TLS error with {host}: {reason}", **context)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return ConnectTimeoutError(
            f"{where}: time-out: no connection to {host} within {settings.connect_timeout:g} s",
            **context,
        )
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return RequestTimeoutError(
            f"{where}: time-out: {host} did not answer within {settings.read_timeout:g} s", **context
        )
    if isinstance(exc, requests.exceptions.ConnectionError) and connect_failed(exc):
        return HostUnreachableError(f"{where}: host unreachable: {host}: {reason}", **context)
    if isinstance(
        exc,
        requests.exceptions.ConnectionError
        | requests.exceptions.ChunkedEncodingError
        | requests.exceptions.ContentDecodingError,
    ):
        return ConnectionDroppedError(
            f"{where}: connection dropped by {host} before a complete answer", **context
        )
    return ConfigurationError(f"{where}: invalid request: {reason}", **context)


def transport_reason(exc: BaseException) -> str:
    """The innermost readable reason of a requests/urllib3 error, without object reprs."""
    text = str(exc)
    for pattern in (r"\[SSL[^\]]*\][^(')]*", r"\[Errno -?\d+\][^(')]*", r"Name or service not known"):
        match = re.search(pattern, text)
        if match:
            return one_line(match.group(0).strip(" ,'\""), 200)
    return one_line(re.sub(r"<[^>]+>", "", text), 200)
