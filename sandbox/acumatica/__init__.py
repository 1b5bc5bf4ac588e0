"""The Acumatica ERP simulator: the contract-based REST API (`/entity/Default/<version>/...`) over
real HTTP, with the demo tenant, license limits, long-running actions, push notifications and the
inspection API. See README.md."""

from __future__ import annotations

from .app import AcumaticaApp


def create_app(
    *,
    profile: str,
    seed: int,
    items: int,
    version: str,
    tenant: str,
    user: str,
    password: str,
    push_url: str | None,
    push_headers: dict[str, str],
) -> AcumaticaApp:
    """A ready simulator; serve it with `sandbox.common.server.SandboxServer`."""
    return AcumaticaApp(
        profile=profile,
        seed=seed,
        items=items,
        version=version,
        tenant=tenant,
        user=user,
        password=password,
        push_url=push_url,
        push_headers=push_headers,
    )


__all__ = ["AcumaticaApp", "create_app"]
