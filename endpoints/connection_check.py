"""Test Connection: can the connector reach a system with these settings, and if not, why.

Pure service functions behind the admin buttons and `manage.py test_connections`: they open a
client with short time-outs and no retries (a check must answer quickly and name the first
problem), make the cheapest call that proves the settings, and return a `CheckResult` whose
`message` is one line a user can act on: what was reached, or the cause (wrong token, wrong
password, wrong company, unknown endpoint version, host unreachable, TLS error, time-out).
They never raise for a remote failure and never show a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .clients.acumatica import AcumaticaClient
from .clients.magento import MagentoClient
from .defaults import DEFAULT_ACUMATICA_ENDPOINT, DEFAULT_ACUMATICA_VERSION
from .exceptions import (
    ApiLoginLimitError,
    AuthError,
    ConfigurationError,
    EndpointError,
    HostUnreachableError,
    LoginError,
    MalformedResponseError,
    NotFoundError,
    RequestTimeoutError,
    TLSError,
    one_line,
)
from .governor import AcumaticaLimits
from .redaction import get_logger, redact_text

logger = get_logger(__name__)

CHECK_TIMEOUT = 10.0


@dataclass(frozen=True)
class CheckResult:
    system: str
    ok: bool
    message: str
    cause: str = ""  # a short code on failure: wrong_token, wrong_password, host_unreachable, ...

    def __str__(self) -> str:
        return self.message


def _host(base_url: str) -> str:
    return urlsplit(base_url).netloc or base_url


def _transport_cause(exc: EndpointError, base_url: str, timeout: float) -> tuple[str, str] | None:
    """(cause, message) for failures below HTTP, the same for both systems."""
    host = _host(base_url)
    if isinstance(exc, TLSError):
        return "tls_error", f"TLS error with {host}: {exc.remote_message}"
    if isinstance(exc, RequestTimeoutError):
        return "timeout", f"Time-out: {host} did not answer within {timeout:g} s."
    if isinstance(exc, HostUnreachableError):
        return "host_unreachable", f"Host unreachable: nothing answers at {host} ({exc.remote_message})."
    return None


def _failure(system: str, cause: str, message: str) -> CheckResult:
    line = one_line(redact_text(f"{system}: {message}"))
    logger.info("Test connection failed: %s", line, extra={"system": system, "cause": cause})
    return CheckResult(system, False, line, cause)


def check_magento(
    base_url: str,
    token: str,
    *,
    timeout: float = CHECK_TIMEOUT,
    verify: bool | str = True,
    resolver: Any = None,
) -> CheckResult:
    """Read the store views with the token: proves URL, token and its rights in one call."""
    system = "Magento"
    try:
        client = MagentoClient(
            base_url,
            token,
            connect_timeout=min(timeout, 5.0),
            read_timeout=timeout,
            max_retries=0,
            verify=verify,
            resolver=resolver,
        )
    except ConfigurationError as exc:
        return _failure(system, "bad_url", exc.summary)
    try:
        with client:
            views = client.fetch_store_views()
    except EndpointError as exc:
        transport = _transport_cause(exc, base_url, timeout)
        if transport is not None:
            return _failure(system, *transport)
        if isinstance(exc, AuthError):
            return _failure(
                system,
                "wrong_token",
                f"wrong token: Magento refused the access token (HTTP {exc.status}: {exc.remote_message}).",
            )
        if isinstance(exc, NotFoundError | MalformedResponseError):
            return _failure(
                system,
                "not_magento",
                f"no Magento REST API at {base_url}/rest/V1 ({exc.summary}); check the URL.",
            )
        return _failure(system, "error", exc.summary)
    names = sorted(
        str(view.get("code")) for view in views if isinstance(view, Mapping) and view.get("id") != 0
    )
    plural = "view" if len(names) == 1 else "views"
    return CheckResult(
        system,
        True,
        f"Magento: connected to {_host(base_url)}; {len(names)} store {plural}: {', '.join(names)}.",
    )


def _signs_in_without_tenant(make_client: Callable[..., AcumaticaClient]) -> bool:
    """Whether the same user and password sign in to the site's default tenant.

    Acumatica answers a wrong company exactly like a wrong password ("Invalid credentials"), so
    this second login (logged out at once) is the only way to tell the two apart. It runs only
    after a refused login, and at most once per check.
    """
    try:
        with make_client(tenant=None, branch=None) as probe:
            probe.login()
            return True
    except EndpointError:
        return False


def _login_cause(
    exc: EndpointError, tenant: str | None, branch: str | None, make_client: Callable[..., AcumaticaClient]
) -> tuple[str, str]:
    said = exc.remote_message or exc.summary
    text = said.lower()
    if isinstance(exc, ApiLoginLimitError):
        return "login_limit", "no free API user seat (API Login Limit): log out other API sessions or wait."
    if "branch" in text:
        return "wrong_branch", f"wrong branch: branch {branch!r} was not accepted ({said})."
    if "tenant" in text or "company" in text or (tenant and _signs_in_without_tenant(make_client)):
        return "wrong_company", f"wrong company: tenant {tenant!r} was not accepted ({said})."
    return "wrong_password", f"wrong user name or password ({said})."


def _endpoint_versions(data: Mapping[str, Any]) -> Sequence[tuple[str, str]]:
    return [
        (str(item.get("name")), str(item.get("version")))
        for item in data.get("endpoints") or []
        if isinstance(item, Mapping)
    ]


def check_acumatica(
    base_url: str,
    user: str,
    password: str,
    tenant: str | None,
    branch: str | None = None,
    endpoint: str = DEFAULT_ACUMATICA_ENDPOINT,
    version: str = DEFAULT_ACUMATICA_VERSION,
    *,
    timeout: float = CHECK_TIMEOUT,
    verify: bool | str = True,
    limits: AcumaticaLimits | None = None,
    resolver: Any = None,
) -> CheckResult:
    """Log in (user, password, company, branch), list the site's endpoints to confirm the
    endpoint version, and log out: three calls, no seat kept."""
    system = "Acumatica"

    def make_client(**overrides: Any) -> AcumaticaClient:
        options: dict[str, Any] = {"tenant": tenant, "branch": branch, **overrides}
        return AcumaticaClient(
            base_url,
            username=user,
            password=password,
            endpoint=endpoint,
            version=version,
            limits=limits,
            connect_timeout=min(timeout, 5.0),
            read_timeout=timeout,
            max_retries=0,
            session_wait=timeout,
            verify=verify,
            resolver=resolver,
            **options,
        )

    try:
        client = make_client()
    except ConfigurationError as exc:
        return _failure(system, "bad_url", exc.summary)
    try:
        with client:
            client.login()
            endpoints = client.fetch_endpoints()
    except EndpointError as exc:
        transport = _transport_cause(exc, base_url, timeout)
        if transport is not None:
            return _failure(system, *transport)
        if isinstance(exc, LoginError | ApiLoginLimitError):
            return _failure(system, *_login_cause(exc, tenant, branch, make_client))
        if isinstance(exc, NotFoundError | MalformedResponseError):
            return _failure(
                system,
                "not_acumatica",
                f"no Acumatica REST API at {base_url}/entity ({exc.summary}); check the URL.",
            )
        return _failure(system, "error", exc.summary)
    offered = _endpoint_versions(endpoints)
    if (endpoint, version) not in offered:
        available = ", ".join(f"{name}/{ver}" for name, ver in offered) or "none"
        return _failure(
            system,
            "unknown_version",
            f"unknown endpoint version: {endpoint}/{version} is not offered by {_host(base_url)} "
            f"(available: {available}).",
        )
    return CheckResult(
        system,
        True,
        f"Acumatica: connected to {_host(base_url)} as {user}; tenant {tenant or '(default)'}"
        f"{f', branch {branch}' if branch else ''}; endpoint {endpoint}/{version}.",
    )
