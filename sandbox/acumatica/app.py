"""`AcumaticaApp`: the simulated Acumatica instance wired into the shared sandbox frame.

The frame gives latency, worker pool, faults, statistics and the generic inspection API; this
class adds the license governor in front of every API request (except logout), the tenant, the
sessions, long-running operations, push notifications, and the Acumatica configuration keys.

License limits apply on `fast` and `realistic` with the numbers of design.md 6.1 (3 concurrent,
100 per minute, 2 API users), and on any profile, `instant` included, once set explicitly through
`PUT /__sandbox__/config` (a `null` value returns a key to its profile default).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.wrappers import Request, Response

from sandbox.common.app import InspectionError, SandboxApp, StartResponse, WSGIEnviron, json_response
from sandbox.common.catalog import ATTRIBUTES
from sandbox.common.gate import GateFull

from .api import Api
from .auth import Sessions
from .governor import LicenseGovernor
from .inspection import InspectionMixin
from .operations import Operations
from .push import PUSH_QUERIES, PushNotifier, notification
from .routing import parse_route
from .schema import VERSIONS, find_entity, version_key
from .store import Record
from .system import AcumaticaSystem
from .values import guid_source

REALISTIC_LICENSE = {"max_api_users": 2, "max_concurrent_requests": 3, "max_requests_per_minute": 100}
SESSION_IDLE_TIMEOUT = 600.0  # seconds on the realistic clock (reference s.1.2: 10 minutes)
MAX_QUEUE_WAIT = 600.0  # a request queued longer than 10 minutes is rejected
REJECTED_BODY = "The custom error module does not recognize this error."
LIMIT_KEYS = ("max_api_users", "max_concurrent_requests", "max_requests_per_minute")
CONFIG_KEYS = (*LIMIT_KEYS, "session_idle_timeout", "login_limit_status", "push_url", "push_headers")


class AcumaticaApp(InspectionMixin, SandboxApp):
    system = "acumatica"
    default_workers = 16  # IIS request threads; the license governor is the real bottleneck

    def __init__(
        self,
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
    ) -> None:
        if version not in VERSIONS:
            raise ValueError(f"version must be one of {', '.join(VERSIONS)}; got {version!r}")
        self.version = version
        self.versions = [v for v in VERSIONS if version_key(v) <= version_key(version)]
        self.builds_openapi3 = version_key(version) >= version_key("24.200.001")
        self.tenant = tenant
        self.user = user
        self._initial_push = (push_url, dict(push_headers))
        self.limits: dict[str, Any] = {}
        self.sessions = Sessions(user=user, password=password, tenant=tenant)
        self.governor = LicenseGovernor()
        self.operations = Operations()
        self.push = PushNotifier(
            url=push_url, headers=push_headers, time_scale=lambda: self.profile.time_scale
        )
        attribute_ids = tuple(a.attribute_id for a in ATTRIBUTES)
        self.erp = AcumaticaSystem(
            seed=seed,
            items=items,
            version=version,
            tenant=tenant,
            listener=self,
            attributes={"StockItem": attribute_ids, "TemplateItems": attribute_ids},
        )
        self.api = Api(self)
        super().__init__(profile=profile, seed=seed, items=items)

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        """Every request of this tenant (API and inspection) draws ids from its own stream."""
        with guid_source(self.erp.guids):
            return super().__call__(environ, start_response)

    # ----------------------------------------------------------------- frame hooks
    def reset_state(self) -> None:
        self.limits = {"login_limit_status": 500}
        self.sessions.reset()
        self.operations.reset()
        self.push.drop_pending()
        self.push.configure(*self._initial_push)
        self.erp.reset()
        self.apply_limits()

    def dispatch(self, request: Request) -> Response:
        response, cost = self.api.handle(request)
        self.spend(cost)
        return response

    def route_label(self, request: Request) -> str:
        route = parse_route(request.method, request.path)
        definition = find_entity(route.entity) if route.entity else None
        if definition is not None:
            route.entity = definition.name
        return route.label(request.method)

    @contextmanager
    def admit(self, request: Request) -> Iterator[None]:
        if parse_route(request.method, request.path).kind == "logout":
            yield  # logout requests skip the request queue
            return
        with self.governor.admit():
            yield

    def admission_response(self, exc: Exception) -> Response | None:
        if isinstance(exc, GateFull):
            return Response(REJECTED_BODY, status=429, content_type="text/plain")
        return None

    # ----------------------------------------------------------------- changes (ChangeListener)
    def changed(self, entity: str, before: Record | None, after: Record | None) -> None:
        """Every committed change: counted as a write and, for pushed queries, notified."""
        self.stats.record_write(entity)
        if entity in PUSH_QUERIES:
            self.push.enqueue(notification(entity, before, after, self.tenant, self.erp.now()))

    # ----------------------------------------------------------------- configuration
    def apply_limits(self) -> None:
        """Effective limits from the explicit settings and the profile (see module docstring)."""
        on = self.profile.limits
        scale = self.profile.time_scale

        def pick(key: str) -> Any:
            explicit = self.limits.get(key)
            return explicit if explicit is not None else (REALISTIC_LICENSE[key] if on else None)

        per_minute = pick("max_requests_per_minute")
        idle = self.limits.get("session_idle_timeout")
        self.sessions.max_users = pick("max_api_users")
        self.sessions.idle_timeout = (
            float(idle) if idle is not None else SESSION_IDLE_TIMEOUT * (scale or 1.0)
        )
        self.sessions.login_limit_status = int(self.limits.get("login_limit_status") or 500)
        self.governor.configure(
            pick("max_concurrent_requests"),
            self.profile.per_minute(per_minute) if per_minute else None,
            MAX_QUEUE_WAIT * (scale or 1.0),
        )

    def configure_extra(self, body: dict[str, Any]) -> None:
        unknown = set(body) - set(CONFIG_KEYS)
        if unknown:
            raise InspectionError(400, f"unknown config keys: {', '.join(sorted(unknown))}")
        for key in LIMIT_KEYS:
            if key in body:
                self.limits[key] = _positive_int(key, body[key])
        if "session_idle_timeout" in body:
            value = body["session_idle_timeout"]
            if value is not None and (
                not isinstance(value, int | float) or isinstance(value, bool) or value <= 0
            ):
                raise InspectionError(
                    400, "session_idle_timeout must be a positive number of seconds or null"
                )
            self.limits["session_idle_timeout"] = value
        if "login_limit_status" in body:
            status = body["login_limit_status"]
            if not isinstance(status, int) or not 400 <= status <= 599:
                raise InspectionError(400, "login_limit_status must be an HTTP error status (400-599)")
            self.limits["login_limit_status"] = status
        if "push_url" in body or "push_headers" in body:
            url = body.get("push_url", self.push.url)
            headers = body.get("push_headers", self.push.headers)
            if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
                raise InspectionError(400, "push_url must be an http(s) URL or null")
            if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
                raise InspectionError(400, "push_headers must be an object of header names to string values")
            self.push.configure(url, headers)
        self.apply_limits()

    def config_extra(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "versions": list(self.versions),
            "tenant": self.tenant,
            "user": self.user,
            "license": {
                "configured": {k: self.limits.get(k) for k in (*LIMIT_KEYS, "session_idle_timeout")},
                "effective": {
                    "max_api_users": self.sessions.max_users,
                    "max_concurrent_requests": self.governor.gate.capacity,
                    "max_requests_per_minute": self.governor.per_minute,
                    "session_idle_timeout": self.sessions.idle_timeout,
                },
                "login_limit_status": self.sessions.login_limit_status,
            },
            "push_url": self.push.url,
            "push_headers": sorted(self.push.headers),  # names only: values may be secrets
        }

    def stats_extra(self) -> dict[str, Any]:
        return {
            "api_sessions": {
                "open": self.sessions.open_count(),
                "logins": self.sessions.logins,
                "refused_logins": self.sessions.refused_logins,
                "expired": self.sessions.expired,
            },
            "license": self.governor.snapshot(),
            "push": self.push.snapshot(),
        }

    def reset_stats_extra(self) -> None:
        self.governor.reset_stats()
        self.push.reset_stats()

    # ----------------------------------------------------------------- extra inspection routes
    def inspect_push_log(self, request: Request) -> Response:
        return json_response({**self.push.snapshot(), "deliveries": self.push.recent()})

    def inspect_sessions_expire(self, request: Request) -> Response:
        """End every API session as the idle time-out would (their cookies answer 401)."""
        ended = self.sessions.expire_all()
        return json_response({"expired": ended})


def _positive_int(key: str, value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InspectionError(400, f"{key} must be a positive integer or null")
    return value
