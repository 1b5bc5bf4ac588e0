"""Test Connection for the configured systems: the admin buttons and `manage.py test_connections`.

The checks themselves (`connection_check`) take plain values; this module feeds them the values
of the admin's configuration (or of a form being edited) and the admin's endpoint tables, and
lists what `test_connections` checks: Magento once (Setup Parameters), Acumatica for Default
Config and for every store view that has a connection of its own (with that store view's branch,
when it sets one). A check never raises: anything unexpected becomes a failed line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .clients.http import django_setting
from .configured import magento_settings
from .connection_check import CHECK_TIMEOUT, CheckResult, check_acumatica, check_magento
from .defaults import ACUMATICA, DEFAULT_ACUMATICA_ENDPOINT, DEFAULT_ACUMATICA_VERSION, MAGENTO
from .exceptions import one_line
from .models import AcumaticaConnection
from .redaction import get_logger, redact_text
from .resolvers import endpoint_resolver

logger = get_logger(__name__)

ACUMATICA_REQUIRED = {
    "base_url": "Acumatica Base URL",
    "username": "Login Username",
    "password": "Password",
    "tenant": "Login Company",
}
MAGENTO_REQUIRED = {"magento_url": "Magento URL", "bearer_token": "access token"}


def check_timeout() -> float:
    """Seconds a check waits for an answer (`CONNECTION_CHECK_TIMEOUT`, default 10)."""
    return float(django_setting("CONNECTION_CHECK_TIMEOUT", CHECK_TIMEOUT))


def _guarded(system: str, check: Callable[[], CheckResult]) -> CheckResult:
    try:
        return check()
    except Exception as exc:  # a check must answer with one line, never a traceback
        logger.exception("Connection check of %s failed unexpectedly", system)
        line = one_line(redact_text(f"{system}: the check failed unexpectedly: {type(exc).__name__}: {exc}"))
        return CheckResult(system, False, line, "error")


def _check_values(
    system: str, values: dict[str, Any], required: dict[str, str], check: Callable[[], CheckResult]
) -> CheckResult:
    """What every check of typed values does: name what is not filled in, else run it guarded."""
    absent = [label for name, label in required.items() if not values.get(name)]
    if absent:
        message = f"{system}: not configured: enter the {', '.join(absent)}."
        return CheckResult(system, False, message, "not_configured")
    return _guarded(system, check)


def check_magento_values(values: dict[str, Any], *, timeout: float | None = None) -> CheckResult:
    """Magento with `magento_url` and `bearer_token` from `values` (a form's or the saved ones)."""
    return _check_values(
        "Magento",
        values,
        MAGENTO_REQUIRED,
        lambda: check_magento(
            str(values["magento_url"]),
            str(values["bearer_token"]),
            timeout=timeout or check_timeout(),
            resolver=endpoint_resolver(MAGENTO),
        ),
    )


def check_acumatica_values(values: dict[str, Any], *, timeout: float | None = None) -> CheckResult:
    """Acumatica with the fields of an `AcumaticaConnection` in `values` (a form's or a row's)."""
    return _check_values(
        "Acumatica",
        values,
        ACUMATICA_REQUIRED,
        lambda: check_acumatica(
            str(values["base_url"]),
            str(values["username"]),
            str(values["password"]),
            str(values["tenant"]) or None,
            str(values.get("branch") or "") or None,
            str(values.get("endpoint_name") or DEFAULT_ACUMATICA_ENDPOINT),
            str(values.get("endpoint_version") or DEFAULT_ACUMATICA_VERSION),
            timeout=timeout or check_timeout(),
            resolver=endpoint_resolver(ACUMATICA),
        ),
    )


def connection_values(connection: AcumaticaConnection, branch: str | None = None) -> dict[str, Any]:
    values = {
        name: getattr(connection, name) for name in (*ACUMATICA_REQUIRED, "endpoint_name", "endpoint_version")
    }
    values["branch"] = branch or connection.branch
    return values


@dataclass(frozen=True)
class ConnectionCheck:
    """One line of `test_connections`: what is checked and how."""

    label: str
    run: Callable[[], CheckResult]


def configured_checks(timeout: float | None = None) -> list[ConnectionCheck]:
    """Magento, then Acumatica for Default Config and each store view with its own connection."""

    def magento() -> CheckResult:
        settings = magento_settings()
        return check_magento_values(
            {"magento_url": settings.base_url, "bearer_token": settings.token}, timeout=timeout
        )

    def acumatica(connection: AcumaticaConnection, branch: str | None) -> Callable[[], CheckResult]:
        return lambda: check_acumatica_values(connection_values(connection, branch), timeout=timeout)

    default = AcumaticaConnection.objects.ensure_default()
    checks = [
        ConnectionCheck("Magento", magento),
        ConnectionCheck("Acumatica [Default Config]", acumatica(default, None)),
    ]
    # Store views live in `sync`; the reverse relation of their connection field finds them.
    own = AcumaticaConnection.objects.filter(is_default=False, store_views__isnull=False).distinct()
    views = sorted(
        ((view, connection) for connection in own for view in connection.store_views.all()),
        key=lambda pair: pair[0].code,
    )
    for view, connection in views:
        branch = getattr(view, "acumatica_branch", "") or None
        checks.append(
            ConnectionCheck(
                f"Acumatica [store view {view.code}, connection {connection.name!r}]",
                acumatica(connection, branch),
            )
        )
    return checks


def run_connection_checks(timeout: float | None = None) -> list[tuple[str, CheckResult]]:
    """Every configured check, in order: (label, result)."""
    results = []
    for check in configured_checks(timeout):
        results.append((check.label, _guarded(check.label, check.run)))
    return results
