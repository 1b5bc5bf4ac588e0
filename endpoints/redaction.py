"""Secret redaction for everything the endpoint clients let out of their hands.

Exception texts, log lines and the request/response records a client hands back for storing on a
message all pass through here, so a token, password or session cookie never reaches a log file,
the admin or the database. Two mechanisms work together:

* **known secrets**: a client registers the exact values it sends (the Magento token, the
  Acumatica password, the session cookies it receives) with `register_secret`; every redaction
  replaces those values wherever they appear, in any form (a URL-encoded copy included).
* **patterns**: `Authorization`/`Cookie` headers, `Bearer ...` credentials, `password`-like JSON
  fields and form/query parameters are masked even when their value was never registered (a
  password typed into a field by a user, a token echoed back by a proxy).

The registry is process-wide on purpose: `SecretFilter` on a logger then masks a secret even in a
line logged by code that never saw the client (a third-party library echoing a URL).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

REDACTED = "***"

# Keys (compared lower-case, without "_" and "-") whose values are secrets wherever they appear:
# JSON fields, headers, form fields and query parameters.
SECRET_KEYS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passwordhash",
        "currentpassword",
        "newpassword",
        "token",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "bearer",
        "secret",
        "clientsecret",
        "consumersecret",
        "accesstokensecret",
        "apikey",
        "xapikey",
        "authorization",
        "proxyauthorization",
        "cookie",
        "setcookie",
        "otp",
    }
)

# Cookies that carry an Acumatica session; masked by name even inside free text. (Acumatica's
# other cookies, CompanyID, UserBranch, Locale, LegacyUI, hold settings, not credentials.)
SESSION_COOKIE_NAMES = ("ASP.NET_SessionId", ".ASPXAUTH")

_MIN_SECRET_LENGTH = 4  # shorter values would mask ordinary words and digits
_MAX_KNOWN_SECRETS = 1024

_KEY_ALTERNATION = (
    r"pass(?:word)?(?:_?hash)?|passwd|pwd|current_?password|new_?password|"
    r"(?:access_|refresh_|id_)?token|client_?secret|consumer_?secret|secret|api_?key|x-api-key|otp"
)
_JSON_FIELD = re.compile(
    r"(?P<head>[\"'](?:" + _KEY_ALTERNATION + r")[\"']\s*:\s*)"
    r"(?P<value>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[^,}\]\s]+)",
    re.IGNORECASE,
)
_FORM_FIELD = re.compile(
    r"(?P<head>(?:^|(?<=[?&;\s]))(?:" + _KEY_ALTERNATION + r")=)(?P<value>[^&\s;\"']+)",
    re.IGNORECASE,
)
_AUTH_HEADER = re.compile(
    r"(?P<head>\b(?:proxy-)?authorization\b['\"]?\s*[:=]\s*['\"]?)(?P<value>[^'\"\r\n,}]+)",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(?P<head>\bBearer\s+)(?P<value>[A-Za-z0-9._~+/=\-]+)")
_COOKIE_HEADER = re.compile(
    r"(?P<head>\b(?:set-)?cookie\b['\"]?\s*[:=]\s*['\"]?)(?P<value>[^'\"\r\n}]+)", re.IGNORECASE
)
_SESSION_COOKIE = re.compile(
    r"(?P<head>(?:"
    + "|".join(re.escape(name) for name in SESSION_COOKIE_NAMES)
    + r")=)(?P<value>[^;\s&,\"']+)"
)
_PATTERNS = (_AUTH_HEADER, _COOKIE_HEADER, _BEARER, _JSON_FIELD, _FORM_FIELD, _SESSION_COOKIE)


def _mask(match: re.Match[str]) -> str:
    value = match.group("value")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return f"{match.group('head')}{value[0]}{REDACTED}{value[0]}"
    return f"{match.group('head')}{REDACTED}"


class _SecretRegistry:
    """The process-wide set of exact secret values, bounded (oldest dropped first)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: OrderedDict[str, None] = OrderedDict()
        self._variants: tuple[str, ...] = ()

    def add(self, value: str | None) -> None:
        if not value or len(value) < _MIN_SECRET_LENGTH:
            return
        with self._lock:
            if value in self._values:
                self._values.move_to_end(value)
                return
            self._values[value] = None
            while len(self._values) > _MAX_KNOWN_SECRETS:
                self._values.popitem(last=False)
            variants = set()
            for secret in self._values:
                variants.update({secret, quote(secret, safe=""), quote_plus(secret, safe="")})
            # Longest first, so a secret that contains another is masked whole.
            self._variants = tuple(sorted(variants, key=len, reverse=True))

    def variants(self) -> tuple[str, ...]:
        return self._variants


_registry = _SecretRegistry()


def register_secret(value: str | None) -> None:
    """Remember a secret value so that every later redaction masks it wherever it appears."""
    _registry.add(value)


def register_secrets(values: Iterable[str | None]) -> None:
    for value in values:
        register_secret(value)


def is_session_cookie(name: str) -> bool:
    """True for a cookie that authenticates a session (its value is a credential)."""
    lowered = name.lower()
    return name in SESSION_COOKIE_NAMES or any(word in lowered for word in ("session", "auth", "token"))


def is_secret_key(key: str) -> bool:
    """True for a field/header/parameter name whose value must never be shown."""
    return key.lower().replace("_", "").replace("-", "") in SECRET_KEYS


def redact_text(text: str | None) -> str:
    """Mask known secrets and credential-looking fragments in free text (bodies, URLs, messages)."""
    if not text:
        return text or ""
    for secret in _registry.variants():
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(_mask, text)
    return text


def redact_headers(headers: Mapping[str, Any] | None) -> dict[str, str]:
    """A copy of `headers` with credential headers masked and secrets removed from the others."""
    if not headers:
        return {}
    clean: dict[str, str] = {}
    for name, value in headers.items():
        clean[str(name)] = REDACTED if is_secret_key(str(name)) else redact_text(str(value))
    return clean


def redact_data(data: Any) -> Any:
    """A copy of a JSON-like structure with secret-named fields masked and secrets removed."""
    if isinstance(data, Mapping):
        return {
            key: (REDACTED if is_secret_key(str(key)) and value not in (None, "") else redact_data(value))
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [redact_data(item) for item in data]
    if isinstance(data, str):
        return redact_text(data)
    return data


_STANDARD_RECORD_ATTRS = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}


class SecretFilter(logging.Filter):
    """A logging filter that redacts the rendered message and string `extra` values of a record.

    Attach it to a handler to cover every logger, or to a logger for its own records. It renders
    `msg % args` first, so a secret passed as an argument is masked too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            rendered = record.getMessage()
        except (TypeError, ValueError):
            rendered = str(record.msg)
        record.msg = redact_text(rendered)
        record.args = None
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD_RECORD_ATTRS:
                continue
            if isinstance(value, str):
                setattr(record, key, redact_text(value))
            elif isinstance(value, Mapping | list):
                setattr(record, key, redact_data(value))
        return True


def get_logger(name: str) -> logging.Logger:
    """`logging.getLogger(name)` with a `SecretFilter` attached (once)."""
    log = logging.getLogger(name)
    if not any(isinstance(existing, SecretFilter) for existing in log.filters):
        log.addFilter(SecretFilter())
    return log
