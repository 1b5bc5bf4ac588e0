"""The failures of a remote call, classified once at the client boundary.

Everything above the clients (flows, the queue, Test Connection) decides what to do from the
class alone:

* `RetryableError`: try again later (429, 5xx, time-outs, dropped connections, garbled bodies from
  a proxy). The client already retried within its bounds; the queue may retry the message.
* `AuthError`: the connection's configuration is wrong (token, password, rights). Retrying cannot
  help; stop that connection and show it in the admin.
* `PermanentError`: this record was refused (other 4xx, Acumatica validation). Never retried
  blindly; shown with the remote message and field errors.
* `ConfigurationError`: the connector cannot even talk to the system (TLS, bad URL, unknown
  endpoint version, redirect).

Every instance carries method, URL, status, the redacted body, the remote message and a one-line
human `summary` (what `str()` returns), so a log line or the admin never needs a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from .redaction import redact_text

SUMMARY_MAX = 500
BODY_MAX = 4000


@dataclass(frozen=True)
class FieldError:
    """One field the remote system refused: `field` is a dotted path (`Details[0].Project`)."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def one_line(text: str, limit: int = SUMMARY_MAX) -> str:
    """Collapse whitespace and newlines into one line and cap its length."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


class EndpointError(Exception):
    """Base of every failure of a remote call (and of building one)."""

    retryable: ClassVar[bool] = False
    kind: ClassVar[str] = "error"

    def __init__(
        self,
        summary: str,
        *,
        system: str = "",
        method: str = "",
        url: str = "",
        status: int | None = None,
        body: str = "",
        remote_message: str = "",
        field_errors: tuple[FieldError, ...] | list[FieldError] = (),
        retry_after: float | None = None,
        attempts: int = 1,
        exchange: Any = None,
    ) -> None:
        self.summary = one_line(redact_text(summary))
        super().__init__(self.summary)
        self.system = system
        self.method = method
        self.url = redact_text(url)
        self.status = status
        self.body = redact_text(body)[:BODY_MAX]
        self.remote_message = redact_text(remote_message)
        self.field_errors = tuple(
            FieldError(error.field, redact_text(error.message)) for error in field_errors
        )
        self.retry_after = retry_after
        self.attempts = attempts
        self.exchange = exchange

    def __str__(self) -> str:
        return self.summary

    def as_dict(self) -> dict[str, Any]:
        """What a message stores about this failure (already redacted and capped)."""
        return {
            "error": type(self).__name__,
            "kind": self.kind,
            "retryable": self.retryable,
            "summary": self.summary,
            "system": self.system,
            "method": self.method,
            "url": self.url,
            "status": self.status,
            "remote_message": self.remote_message,
            "field_errors": [{"field": e.field, "message": e.message} for e in self.field_errors],
            "retry_after": self.retry_after,
            "attempts": self.attempts,
            "body": self.body,
        }


# ----------------------------------------------------------------------------- retryable
class RetryableError(EndpointError):
    """A transient failure: the same call may succeed later."""

    retryable = True
    kind = "retryable"
    # False when the failed request certainly did no work (refused before it was processed), so
    # even a non-idempotent call may be repeated at once.
    may_have_been_processed: ClassVar[bool] = True
    # False when repeating within the same call is pointless (a license seat will not free up in
    # seconds): the client raises at once and leaves the retry to the queue.
    retry_in_client: ClassVar[bool] = True


class RateLimitedError(RetryableError):
    """HTTP 429: the remote system (or a proxy) asks us to slow down; `retry_after` in seconds."""

    may_have_been_processed = False


class ServerError(RetryableError):
    """HTTP 5xx (including HTML error pages from a proxy)."""


class ServiceUnavailableError(ServerError):
    """HTTP 503: the service refused the request without processing it."""

    may_have_been_processed = False


class RequestTimeoutError(RetryableError):
    """No (complete) answer within the read time-out; the request may have been processed."""


class ConnectTimeoutError(RequestTimeoutError):
    """No connection within the connect time-out; the request was never sent."""

    may_have_been_processed = False


class ConnectionDroppedError(RetryableError):
    """The connection closed before a complete answer arrived."""


class HostUnreachableError(RetryableError):
    """The connection could not be opened (refused, name not resolved, network unreachable)."""

    may_have_been_processed = False


class MalformedResponseError(RetryableError):
    """A success status with a body that is not the expected JSON (HTML page, truncated body)."""


class ApiLoginLimitError(RetryableError):
    """Acumatica refused a login because every API user seat is taken ("API Login Limit"), or
    this process could not get a seat from its own governor in time."""

    may_have_been_processed = False
    retry_in_client = False


class OperationPendingError(RetryableError):
    """A long-running remote operation had not finished when the client stopped waiting."""

    retry_in_client = False

    def __init__(self, summary: str, *, location: str = "", **kwargs: Any) -> None:
        super().__init__(summary, **kwargs)
        self.location = redact_text(location)


# ----------------------------------------------------------------------------- auth
class AuthError(EndpointError):
    """401/403 (after one re-login where the system has sessions): a configuration problem."""

    kind = "auth"


class LoginError(AuthError):
    """The login itself was refused: wrong user name, password, company (tenant) or branch."""


# ----------------------------------------------------------------------------- permanent
class PermanentError(EndpointError):
    """The remote system refused this request for this record; retrying unchanged cannot help."""

    kind = "permanent"


class ValidationError(PermanentError):
    """400/422 (or an Acumatica record error): carries the remote message and the field errors."""


class NotFoundError(PermanentError):
    """The addressed record does not exist (404, or Acumatica's NoEntitySatisfiesTheCondition)."""


class ConflictError(PermanentError):
    """409/412: the record's state conflicts with the request (If-Match/If-None-Match)."""


# ----------------------------------------------------------------------------- configuration
class ConfigurationError(EndpointError):
    """The connector is set up wrongly for this system (URL, endpoint table, version, TLS)."""

    kind = "configuration"


class TLSError(ConfigurationError):
    """The TLS handshake failed (certificate not trusted, wrong host name, protocol mismatch)."""


class UnknownEndpointVersionError(ConfigurationError):
    """The Acumatica site does not offer the configured endpoint name and version."""


class UnknownActionError(ConfigurationError):
    """No endpoint URL is configured for an action key."""
