"""One REST request through the simulated Magento front controller.

Order of checks as in Magento: the async processor refuses GET; the route is matched (unknown
store codes and paths are a 404 even without a token); the token is checked against the route's
ACL resource; then the body is decoded and typed into method parameters; then the service runs
under the state lock. Latency is spent afterwards, outside the lock, while the request keeps its
PHP worker (the frame's worker pool).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from . import latency
from .errors import MagentoError, route_not_found, unauthorized
from .render import apply_fields, timestamp
from .routing import Call, Route, Scope
from .types import convert_params
from .wire import ASYNC, BULK, SYNC, json_reply, method_input, parse_api_path, raw_path, read_body

if TYPE_CHECKING:
    from .app import MagentoApp

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    response: Response
    cost: float


def _internal_error() -> MagentoError:
    return MagentoError(
        500,
        "Internal Error. Details are available in Magento log file. "
        f"Report ID: webapi-{secrets.token_hex(6)}",
    )


def handle(app: MagentoApp, request: Request) -> Outcome:
    try:
        return _handle(app, request)
    except MagentoError as exc:
        return Outcome(json_reply(exc.body(), exc.status), latency.failed_request_cost())


def _handle(app: MagentoApp, request: Request) -> Outcome:
    api = parse_api_path(raw_path(request))
    if api is None:
        raise route_not_found()
    method = request.method.upper()
    if api.mode != SYNC and method == "GET":
        raise MagentoError(400, "Specified request cannot be processed.")
    with app.lock:
        scope = app.state.scope_for(api.store_code)
    if scope is None:
        raise route_not_found()
    if api.mode == BULK:
        route = app.router.match_bulk(method, api.path)
        path_values: dict[str, str] = {}
    else:
        matched = app.router.match(method, api.path)
        route, path_values = matched if matched else (None, {})
        if route is not None and api.mode == ASYNC and method not in {"POST", "PUT", "DELETE"}:
            route = None
    if route is None:
        raise route_not_found()
    user_type = _authorize(app, request, route)
    body = read_body(request)
    if api.mode != SYNC:
        return app.bulk.accept(route, scope, path_values, body, bulk=api.mode == BULK, user_type=user_type)
    params = convert_params(route.params, method_input(route, method, path_values, body, _query(request)))
    result = run(app, route, scope, params)
    if method == "GET":
        result = apply_fields(result, request.args.get("fields"))
    return Outcome(json_reply(result), latency.request_cost(route, params, result))


def _query(request: Request) -> list[tuple[str, str]]:
    return [(key, value) for key, value in request.args.items(multi=True) if key != "fields"]


def _authorize(app: MagentoApp, request: Request, route: Route) -> int:
    """The caller's user type (1 integration, 2 admin); a bad or missing token is a 401."""
    if route.acl == "anonymous":
        return 4
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token:
        if secrets.compare_digest(token, app.token):
            return 1
        with app.lock:
            if token in app.state.admin_tokens:
                return 2
    raise unauthorized(route.acl)


@contextmanager
def locked_call(app: MagentoApp, scope: Scope, params: dict[str, Any]) -> Iterator[Call]:
    """A service call held under the state lock, on the state current once the lock is held (a
    reset may replace it while the call waits)."""
    call = Call(
        state=app.state,
        scope=scope,
        params=params,
        now=timestamp(app.now()),
        record_write=app.stats.record_write,
    )
    with app.lock:
        call.state = app.state
        yield call


def run(app: MagentoApp, route: Route, scope: Scope, params: dict[str, Any]) -> Any:
    """Run a service method under the state lock (also used by the bulk consumers)."""
    with locked_call(app, scope, params) as call:
        try:
            return route.handler(call)
        except MagentoError:
            raise
        except Exception:
            logger.exception("magento sandbox: %s %s failed", route.method, route.path)
            raise _internal_error() from None
