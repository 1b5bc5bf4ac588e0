"""The one HTTP layer under both clients.

Everything that is the same for Magento and Acumatica lives here once: a `requests.Session` per
client with (connect, read) time-outs and a User-Agent from settings, URL resolution through the
endpoint table, failure classification at the boundary, bounded retries with exponential back-off
and jitter that honour `Retry-After`, one re-login on 401 where the system has sessions, and
secret redaction of every exception, log line and recorded exchange.

A subclass supplies only what differs: authentication (`_auth_headers`, `_ensure_authenticated`,
`_reauthenticate`), admission control (`_admission`, the Acumatica license governor), URL values
(`_url_values`) and how the system words its errors (`_parse_error`, `_classify`).

Retries happen here and only here, and only where they are safe: an idempotent call is repeated
after any retryable failure; a non-idempotent one (a POST that creates a shipment) only when the
failed attempt certainly did no work (connection refused, 429, 503). Otherwise the error goes up
and the queue decides, after looking the record up (design.md section 4).
"""

from __future__ import annotations

import json as jsonlib
import random
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import requests

from ..defaults import is_idempotent
from ..exceptions import (
    AuthError,
    ConfigurationError,
    ConflictError,
    EndpointError,
    FieldError,
    MalformedResponseError,
    NotFoundError,
    PermanentError,
    RateLimitedError,
    RequestTimeoutError,
    RetryableError,
    ServerError,
    ServiceUnavailableError,
    ValidationError,
    one_line,
)
from ..redaction import get_logger, redact_headers, redact_text
from .http import (
    MISSING,
    ApiResponse,
    Exchange,
    HttpSettings,
    RetryPolicy,
    encode_query,
    html_summary,
    looks_like_html,
    parse_retry_after,
    recorded_body,
    transport_error,
)
from .routing import EndpointResolver, render_url, resolve_route

logger = get_logger(__name__)

__all__ = ["MISSING", "ApiResponse", "Exchange", "HttpClient", "HttpSettings", "RetryPolicy"]


class HttpClient:
    """Base of `MagentoClient` and `AcumaticaClient`; usable as a context manager."""

    system: ClassVar[str] = "HTTP"
    default_routes: ClassVar[EndpointResolver] = {}

    def __init__(
        self,
        base_url: str,
        *,
        resolver: EndpointResolver | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        max_retries: int | None = None,
        user_agent: str | None = None,
        retry_policy: RetryPolicy | None = None,
        verify: bool | str = True,
        recorder: Callable[[Exchange], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        session: requests.Session | None = None,
    ) -> None:
        if not urlsplit(base_url).scheme or not urlsplit(base_url).netloc:
            raise ConfigurationError(f"{self.system} base URL {base_url!r} is not an http(s) URL.")
        self.base_url = base_url.rstrip("/")
        self.settings = HttpSettings.from_django(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_retries=max_retries,
            user_agent=user_agent,
        )
        self.retry_policy = retry_policy or RetryPolicy(max_retries=self.settings.max_retries)
        self.resolver: EndpointResolver = resolver if resolver is not None else self.default_routes
        self.recorder = recorder
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._session = session or requests.Session()
        self._session.verify = verify
        self._session.headers.update({"User-Agent": self.settings.user_agent, "Accept": "application/json"})
        self._auth_generation = 0
        self.closed = False

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Release the connection pool (subclasses also end their remote session)."""
        self.closed = True
        self._session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ hooks for a system
    def _url_values(self) -> dict[str, Any]:
        """Template values every URL of this client may use (Acumatica: endpoint, version)."""
        return {}

    def _auth_headers(self) -> dict[str, str]:
        return {}

    def _ensure_authenticated(self) -> None:
        """Log in if the system has sessions and there is none yet."""

    def _reauthenticate(self, failed_generation: int) -> bool:
        """Replace a session the server rejected (401); False if the system cannot."""
        return False

    def _admission(self, key: str) -> AbstractContextManager[None]:
        """Hold whatever admission a request needs while it is sent and its answer read."""
        return nullcontext()

    def _parse_error(self, status: int, data: Any) -> tuple[str, list[FieldError]]:
        """The remote message and field errors of an error body (already JSON-decoded)."""
        if isinstance(data, Mapping):
            message = data.get("message") or data.get("error") or ""
            return str(message), []
        if isinstance(data, str):
            return data, []
        return "", []

    def _classify(self, status: int, key: str, data: Any, message: str) -> type[EndpointError]:
        """The error class for a non-2xx answer."""
        if status in (401, 403):
            return AuthError
        if status == 404:
            return NotFoundError
        if status == 408:
            return RequestTimeoutError
        if status in (409, 412):
            return ConflictError
        if status == 429:
            return RateLimitedError
        if status in (400, 422):
            return ValidationError
        if status == 503:
            return ServiceUnavailableError
        if status >= 500:
            return ServerError
        return PermanentError

    # ------------------------------------------------------------------ calls
    def route_url(self, key: str, **values: Any) -> tuple[str, str]:
        """(method, URL) of an action key with the given template values."""
        route = resolve_route(self.resolver, key)
        return route.method, render_url(
            route.template, base=self.base_url, **{**self._url_values(), **values}
        )

    def call(
        self,
        key: str,
        *,
        path: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        json: Any = MISSING,
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
        idempotent: bool | None = None,
        max_retries: int | None = None,
    ) -> ApiResponse:
        """Resolve `key` through the endpoint table and perform the request."""
        method, url = self.route_url(key, **(path or {}))
        return self.request(
            method,
            url,
            key=key,
            params=params,
            json=json,
            headers=headers,
            authenticated=authenticated,
            idempotent=is_idempotent(key) if idempotent is None else idempotent,
            max_retries=max_retries,
        )

    def request(
        self,
        method: str,
        url: str,
        *,
        key: str = "",
        params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        json: Any = MISSING,
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
        idempotent: bool = False,
        max_retries: int | None = None,
    ) -> ApiResponse:
        """Send with retries; return the decoded answer or raise a classified `EndpointError`."""
        if self.closed:
            raise ConfigurationError(
                f"This {self.system} client was closed; open a new one.", system=self.system
            )
        query = encode_query(params)
        if query:
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        body: bytes | None = None
        send_headers = dict(headers or {})
        if json is not MISSING:
            body = jsonlib.dumps(json, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            send_headers.setdefault("Content-Type", "application/json")
        limit = self.retry_policy.max_retries if max_retries is None else max_retries
        attempt = retries = 0
        relogged = False
        while True:
            attempt += 1
            if authenticated:
                self._ensure_authenticated()
            generation = self._auth_generation
            try:
                return self._attempt(method, url, body, send_headers, key, attempt, authenticated)
            except AuthError as exc:
                exc.attempts = attempt
                if authenticated and not relogged and exc.status == 401 and self._reauthenticate(generation):
                    relogged = True
                    logger.info(
                        "%s session expired; logged in again and repeating %s %s",
                        self.system,
                        method,
                        exc.url,
                        extra={"system": self.system, "action": key},
                    )
                    continue
                raise
            except RetryableError as exc:
                exc.attempts = attempt
                unsafe = not idempotent and exc.may_have_been_processed
                if not exc.retry_in_client or unsafe or retries >= limit:
                    raise
                pause = self.retry_policy.delay(retries + 1, exc.retry_after, self._rng)
                if pause is None:
                    raise
                retries += 1
                logger.warning(
                    "%s (attempt %d of %d); retrying in %.1f s",
                    exc.summary,
                    attempt,
                    limit + 1,
                    pause,
                    extra={"system": self.system, "action": key, "status": exc.status},
                )
                self._sleep(pause)
            except EndpointError as exc:
                exc.attempts = attempt
                raise

    # ------------------------------------------------------------------ one attempt
    def _attempt(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
        key: str,
        attempt: int,
        authenticated: bool,
    ) -> ApiResponse:
        send_headers = {**headers, **(self._auth_headers() if authenticated else {})}
        started_at = datetime.now(UTC)
        began = self._clock()
        response: requests.Response | None = None
        failure: EndpointError | None = None
        try:
            with self._admission(key):
                response = self._session.request(
                    method,
                    url,
                    data=body,
                    headers=send_headers,
                    timeout=(self.settings.connect_timeout, self.settings.read_timeout),
                    allow_redirects=False,
                )
        except requests.RequestException as exc:
            failure = transport_error(exc, self.system, method, url, self.settings)
        duration_ms = int(max(self._clock() - began, 0.0) * 1000)
        exchange = self._record(
            key, method, url, attempt, started_at, duration_ms, send_headers, body, response, failure
        )
        if failure is not None:
            failure.exchange = exchange
            raise failure
        assert response is not None
        return self._handle_response(response, method, url, key, exchange)

    def _record(
        self,
        key: str,
        method: str,
        url: str,
        attempt: int,
        started_at: datetime,
        duration_ms: int,
        headers: Mapping[str, str],
        body: bytes | None,
        response: requests.Response | None,
        failure: EndpointError | None,
    ) -> Exchange:
        sent_headers: Mapping[str, Any] = (
            response.request.headers if response is not None else {**self._session.headers, **headers}
        )
        exchange = Exchange(
            system=self.system,
            action=key,
            method=method,
            url=redact_text(url),
            attempt=attempt,
            started_at=started_at,
            duration_ms=duration_ms,
            request_headers=redact_headers(sent_headers),
            request_body=recorded_body(body),
            status=response.status_code if response is not None else None,
            response_headers=redact_headers(response.headers) if response is not None else {},
            response_body=recorded_body(response.content) if response is not None else None,
            error=failure.summary if failure is not None else None,
        )
        logger.debug(
            "%s %s %s -> %s in %d ms",
            self.system,
            method,
            exchange.url,
            exchange.status if exchange.status is not None else exchange.error,
            duration_ms,
            extra={"system": self.system, "action": key, "status": exchange.status},
        )
        if self.recorder is not None:
            self.recorder(exchange)
        return exchange

    def _handle_response(
        self, response: requests.Response, method: str, url: str, key: str, exchange: Exchange
    ) -> ApiResponse:
        status = response.status_code
        text = (
            response.content.decode(response.encoding or "utf-8", errors="replace")
            if response.content
            else ""
        )
        data: Any = None
        is_json = False
        if text.strip():
            try:
                data = jsonlib.loads(text)
                is_json = True
            except ValueError:
                data = None
        where = f"{self.system} {method} {urlsplit(url).path}"
        context: dict[str, Any] = {
            "system": self.system,
            "method": method,
            "url": url,
            "status": status,
            "body": text,
            "exchange": exchange,
        }
        if 200 <= status < 300:
            if text.strip() and not is_json:
                what = (
                    f"an HTML page ({html_summary(text)})"
                    if looks_like_html(text)
                    else "a body that is not JSON"
                )
                raise MalformedResponseError(
                    f"{where} -> HTTP {status} with {what}; truncated or answered by a proxy", **context
                )
            return ApiResponse(status, response.headers, data, exchange)
        if 300 <= status < 400:
            location = response.headers.get("Location", "")
            raise ConfigurationError(
                f"{where} -> HTTP {status} redirected to {location or 'another URL'}; correct the base URL",
                **context,
            )
        if is_json:
            message, field_errors = self._parse_error(status, data)
        elif looks_like_html(text):
            message, field_errors = f"HTML error page from a proxy: {html_summary(text)}", []
        else:
            message, field_errors = one_line(text, 300), []
        error_class = self._classify(status, key, data if is_json else None, message)
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        reason = message or response.reason or "no message"
        raise error_class(
            f"{where} -> HTTP {status}: {reason}",
            remote_message=message,
            field_errors=field_errors,
            retry_after=retry_after,
            **context,
        )
