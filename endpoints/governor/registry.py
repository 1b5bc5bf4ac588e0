"""One governor per Acumatica site and process, on the ledger the deployment calls for."""

from __future__ import annotations

import os
import threading
from urllib.parse import urlsplit

from .core import Governor
from .ledger import Ledger, LocalLedger
from .limits import AcumaticaLimits

DEFAULT_NAMESPACE = "acmconnector"

_registry: dict[str, Governor] = {}
_registry_lock = threading.Lock()


def site_key(base_url: str) -> str:
    """The identity of a site for sharing limits: scheme, host, port and virtual directory."""
    parts = urlsplit(base_url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def ledger_for(site: str) -> Ledger:
    """Redis when `REDIS_URL` is set (the scale-out mode: every process shares the license),
    else this process's own counts. Keys are namespaced by `SYNC_CLUSTER_NAME` and the site."""
    from ..clients.http import django_setting  # the clients import this package

    url = str(django_setting("REDIS_URL", "") or "")
    if not url:
        return LocalLedger()
    from .redis_ledger import RedisLedger, redis_client

    cluster = django_setting("Q_CLUSTER", {}) or {}
    namespace = str(cluster.get("name") or DEFAULT_NAMESPACE)
    return RedisLedger(redis_client(url), site, namespace=namespace, url=url)


def governor_for(base_url: str, limits: AcumaticaLimits | None = None) -> Governor:
    """The process-wide governor of a site; `limits`, when given, become its current limits."""
    key = site_key(base_url)
    with _registry_lock:
        governor = _registry.get(key)
        if governor is None:
            governor = _registry[key] = Governor(limits, ledger=ledger_for(key))
            return governor
    if limits is not None and limits != governor.limits:
        governor.configure(limits)
    return governor


def forget_governors() -> None:
    """Drop every governor of this process, and the shared counts of their sites (tests that
    start from a clean state; never called in production)."""
    with _registry_lock:
        governors = list(_registry.values())
        _registry.clear()
    for governor in governors:
        governor.clear()


def _after_fork_in_child() -> None:
    """A forked worker starts without its parent's governors: their holdings are the parent's."""
    global _registry_lock
    _registry_lock = threading.Lock()
    _registry.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)
