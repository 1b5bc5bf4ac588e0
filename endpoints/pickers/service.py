"""Loading picker choices from the live systems, cached in Django's cache.

A picker is read on the first page that needs it. All pickers of a system are then read in one
client session (one Acumatica login for the eight Acumatica lists) and cached together: for
`PICKER_CACHE_SECONDS` (default one hour) when read, for `PICKER_FAILURE_CACHE_SECONDS` (default
one minute) when the system failed, so a stopped system costs one short time-out a minute, not
one per field and page view. A failure never raises: the result carries one line with the cause
and the form field falls back to free text.

Cache keys carry a fingerprint of the non-secret settings (URL, user, tenant, save time), so
editing a connection or Setup Parameters reads fresh choices; `refresh_pickers()` reads now and
makes every other cached list stale (a generation number in the key).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.utils import timezone

from ..clients.base import HttpClient
from ..clients.http import django_setting
from ..configured import (
    build_acumatica_client,
    build_magento_client,
    connection_fingerprint,
    magento_settings,
)
from ..defaults import ACUMATICA, MAGENTO
from ..exceptions import (
    ApiLoginLimitError,
    AuthError,
    ConfigurationError,
    ConnectionDroppedError,
    EndpointError,
    HostUnreachableError,
    LoginError,
    NotFoundError,
    RequestTimeoutError,
    TLSError,
    one_line,
)
from ..models import AcumaticaConnection
from ..redaction import get_logger, redact_text
from .acumatica import ACUMATICA_PICKERS
from .base import Choice, Picker, PickerResult, PickerSession
from .magento import MAGENTO_PICKERS

logger = get_logger(__name__)

CACHE_PREFIX = "endpoints:pickers"
GENERATION_KEY = f"{CACHE_PREFIX}:generation"
PICKER_TIMEOUT = 10.0

PICKERS: MappingProxyType[str, Picker] = MappingProxyType(
    {picker.name: picker for picker in (*ACUMATICA_PICKERS, *MAGENTO_PICKERS)}
)
SYSTEM_NAMES = {ACUMATICA: "Acumatica", MAGENTO: "Magento"}


class UnknownPickerError(KeyError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Unknown picker {name!r}; known pickers: {', '.join(sorted(PICKERS))}.")


def get_picker(name: str) -> Picker:
    try:
        return PICKERS[name]
    except KeyError:
        raise UnknownPickerError(name) from None


@dataclass(frozen=True)
class _Target:
    """Where one system's pickers are read from: the cache key part and how to open a client."""

    system: str
    key: str
    open: Callable[[], HttpClient]


def _client_options() -> dict[str, Any]:
    # A picker is a convenience on a page someone is waiting for: answer fast, retry never.
    timeout = float(django_setting("PICKER_TIMEOUT", PICKER_TIMEOUT))
    return {"connect_timeout": min(timeout, 5.0), "read_timeout": timeout, "max_retries": 0}


def _target(system: str, connection: AcumaticaConnection | None) -> _Target:
    if system == ACUMATICA:
        chosen = connection if connection is not None else AcumaticaConnection.objects.ensure_default()
        options = {
            **_client_options(),
            "session_wait": float(django_setting("PICKER_TIMEOUT", PICKER_TIMEOUT)),
        }
        return _Target(
            system,
            f"acumatica:{connection_fingerprint(chosen)}",
            lambda: build_acumatica_client(chosen, **options),
        )
    settings = magento_settings()
    return _Target(
        system, f"magento:{settings.fingerprint}", lambda: build_magento_client(settings, **_client_options())
    )


def _generation() -> int:
    return int(cache.get(GENERATION_KEY) or 0)


def _cache_key(target: _Target, name: str) -> str:
    return f"{CACHE_PREFIX}:{_generation()}:{target.key}:{name}"


def describe_failure(exc: BaseException, system: str) -> tuple[str, str]:
    """(cause, one line) for a failed read, worded for someone filling in a form."""
    if isinstance(exc, HostUnreachableError):
        host = urlsplit(getattr(exc, "url", "")).netloc
        return "host_unreachable", f"host unreachable{f' ({host})' if host else ''}"
    if isinstance(exc, RequestTimeoutError):
        return "timeout", "time-out"
    if isinstance(exc, TLSError):
        return "tls_error", f"TLS error ({exc.remote_message or exc.summary})"
    if isinstance(exc, ApiLoginLimitError):
        return "login_limit", "no free API user seat (API Login Limit)"
    if isinstance(exc, LoginError):
        return "login_refused", f"login refused ({exc.remote_message or exc.summary})"
    if isinstance(exc, AuthError):
        return "access_refused", f"access refused (HTTP {exc.status}: {exc.remote_message or exc.summary})"
    if isinstance(exc, NotFoundError):
        return "not_offered", f"not offered by this {system} API (HTTP 404)"
    if isinstance(exc, ConfigurationError):
        return "not_configured", exc.summary
    if isinstance(exc, EndpointError):
        return exc.kind, exc.summary
    return "error", f"unexpected error ({type(exc).__name__}: {exc})"


def _blocks_system(exc: BaseException) -> bool:
    """Whether the failure would repeat for every other list of the same system (the host, the
    login or the settings), so the remaining lists are not tried; a list the endpoint refuses
    (404, a server error on one entity) fails alone."""
    return isinstance(
        exc,
        AuthError
        | ConfigurationError
        | ApiLoginLimitError
        | HostUnreachableError
        | RequestTimeoutError
        | ConnectionDroppedError,
    )


def _failure(picker: Picker, exc: BaseException, at: datetime | None = None) -> PickerResult:
    system = SYSTEM_NAMES[picker.system]
    cause, reason = describe_failure(exc, system)
    line = one_line(redact_text(f"{picker.label} could not be read: {reason.rstrip('.')}."))
    return PickerResult(picker.name, (), line, cause, at or timezone.now())


def _unique(choices: Iterable[Choice]) -> tuple[Choice, ...]:
    seen: dict[str, Choice] = {}
    for choice in choices:
        seen.setdefault(choice.value, choice)
    return tuple(sorted(seen.values(), key=lambda choice: choice.value.lower()))


def _read_all(target: _Target) -> dict[str, PickerResult]:
    """Read every picker of the target's system in one session; never raises."""
    pickers = [picker for picker in PICKERS.values() if picker.system == target.system]
    results: dict[str, PickerResult] = {}
    blocking: BaseException | None = None
    started = timezone.now()
    try:
        client = target.open()
    except Exception as exc:  # a picker must never break the page
        blocking = exc
    else:
        try:
            with client:
                session: PickerSession[Any] = PickerSession(client)
                for picker in pickers:
                    if blocking is not None:
                        break
                    try:
                        results[picker.name] = PickerResult(
                            picker.name, _unique(picker.load(session)), fetched_at=started
                        )
                    except Exception as exc:
                        if not isinstance(exc, EndpointError):
                            logger.exception("Picker %s failed unexpectedly", picker.name)
                        results[picker.name] = _failure(picker, exc, started)
                        if _blocks_system(exc):
                            blocking = exc
        except Exception as exc:  # closing (logout) failed after the reads
            logger.warning("Closing the picker session failed: %s", one_line(str(exc)))
    for picker in pickers:
        if picker.name not in results:
            results[picker.name] = _failure(picker, blocking or RuntimeError("not read"), started)
    failed = [result for result in results.values() if not result.ok]
    if failed:
        logger.info(
            "Pickers of %s: %d of %d lists could not be read (%s)",
            SYSTEM_NAMES[target.system],
            len(failed),
            len(results),
            failed[0].error,
            extra={"system": target.system, "cause": failed[0].cause},
        )
    return results


def _store(target: _Target, results: dict[str, PickerResult]) -> None:
    ok_ttl = int(django_setting("PICKER_CACHE_SECONDS", 3600))
    failure_ttl = int(django_setting("PICKER_FAILURE_CACHE_SECONDS", 60))
    for name, result in results.items():
        cache.set(_cache_key(target, name), result.as_cache(), ok_ttl if result.ok else failure_ttl)


def load_choices(
    name: str, *, connection: AcumaticaConnection | None = None, refresh: bool = False
) -> PickerResult:
    """The choices of picker `name` (cached); Acumatica pickers read `connection`'s tenant
    (default: Default Config). Never raises for a remote failure: see `PickerResult.error`."""
    picker = get_picker(name)
    try:
        target = _target(picker.system, connection)
        if not refresh:
            cached = cache.get(_cache_key(target, name))
            if cached is not None:
                return PickerResult.from_cache(name, cached)
        results = _read_all(target)
        _store(target, results)
        return results[name]
    except Exception as exc:  # the settings themselves could not be read
        logger.exception("Picker %s could not be prepared", name)
        return _failure(picker, exc)


def refresh_pickers(
    names: Collection[str] | None = None, *, connection: AcumaticaConnection | None = None
) -> list[PickerResult]:
    """Read the pickers `names` (default: all) now, and make every other cached list stale.

    Behind the admin's "Refresh choices" button and `?refresh=1`; returns the fresh results.
    """
    wanted = [get_picker(name) for name in names] if names is not None else list(PICKERS.values())
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _generation() + 1, None)
    fresh: dict[str, PickerResult] = {}
    for system in sorted({picker.system for picker in wanted}):
        try:
            target = _target(system, connection)
        except Exception as exc:  # the settings themselves could not be read
            fresh.update({p.name: _failure(p, exc) for p in wanted if p.system == system})
            continue
        results = _read_all(target)
        _store(target, results)
        fresh.update(results)
    return [fresh[picker.name] for picker in wanted]
