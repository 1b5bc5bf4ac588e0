"""The contract-based REST API: one request in, one answer and its simulated cost out.

Authentication comes before routing under `/entity/{endpoint}/{version}/` (as on Acumatica SaaS,
an unauthenticated call gets 401 even for a path that does not exist); `GET /entity`, login,
logout and `swagger.json` are open. Every API error is an `ApiError` answered in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from ..auth import AUTH_COOKIE, SESSION_COOKIE
from ..errors import ApiError, NotLoggedIn, PXError, RouteNotFound
from ..routing import parse_route
from ..schema import find_entity
from .calls import ActionHandlers
from .context import Context, json_answer
from .reads import GET_BY_KEY, ReadHandlers
from .updates import UpdateHandlers

if TYPE_CHECKING:
    from ..app import AcumaticaApp

Answer = tuple[Response, float]
METHODS = {
    "list": "GET",
    "put": "PUT",
    "adhoc": "GET",
    "action": "POST",
    "action_status": "GET",
    "file_put": "PUT",
    "file_put_link": "PUT",
    "file_get": "GET",
    "swagger": "GET",
    "root": "GET",
    "login": "POST",
    "logout": "POST",
}
BUSY_SESSION = (
    "The request cannot be processed because a long-running operation is in progress in this session."
)


class Api(ReadHandlers, UpdateHandlers, ActionHandlers):
    def __init__(self, app: AcumaticaApp) -> None:
        self.app = app

    def handle(self, request: Request) -> Answer:
        route = parse_route(request.method, request.path)
        ctx = Context(self.app, request, route)
        try:
            return self._route(ctx)
        except ApiError as exc:
            if exc.text is not None:
                return Response(exc.text, status=exc.status, content_type="text/plain"), 0.0
            return json_answer(exc.body, exc.status), GET_BY_KEY if exc.status == 500 else 0.0

    def _route(self, ctx: Context) -> Answer:
        route, request = ctx.route, ctx.request
        if route.kind in ("root", "login", "logout"):
            _require_method(ctx, METHODS[route.kind])
            return {"root": self.endpoints, "login": self.login, "logout": self.logout}[route.kind](ctx)
        if not route.endpoint:
            raise RouteNotFound(request.url)
        if route.kind == "swagger":
            _require_method(ctx, "GET")
            self._check_endpoint(ctx)
            return self.swagger(ctx)
        ctx.session = self.app.sessions.authenticate(request.cookies)
        if ctx.session is None:
            raise NotLoggedIn
        self._check_endpoint(ctx)
        if route.kind == "unknown":
            raise RouteNotFound(request.url)
        _require_method(ctx, *(("GET", "DELETE") if route.kind == "by_key" else (METHODS[route.kind],)))
        if route.kind != "action_status" and self.app.operations.running_for(ctx.session.session_id):
            raise PXError(BUSY_SESSION)
        if route.kind == "file_get":
            return self.file_get(ctx)
        if route.kind == "file_put_link":
            return self.file_put_link(ctx)
        ctx.definition = find_entity(route.entity)
        if ctx.definition is None:
            raise RouteNotFound(request.url)
        handler = {
            "list": self.get_list,
            "put": self.put,
            "adhoc": self.ad_hoc_schema,
            "action": self.action,
            "action_status": self.action_status,
            "file_put": self.file_put,
        }.get(route.kind)
        if handler is not None:
            return handler(ctx)
        if ctx.definition.inquiry:
            raise RouteNotFound(request.url)
        return self.delete(ctx) if request.method == "DELETE" else self.get_by_key(ctx)

    def _check_endpoint(self, ctx: Context) -> None:
        route = ctx.route
        if route.endpoint.lower() != "default" or route.version not in self.app.versions:
            raise RouteNotFound(ctx.request.url)
        route.endpoint = "Default"

    # ----------------------------------------------------------------- auth
    def login(self, ctx: Context) -> Answer:
        request = ctx.request
        if request.mimetype == "application/x-www-form-urlencoded":
            body: object = request.form.to_dict()
        else:
            body = ctx.body()
        session, branch_number = self.app.sessions.login(body)
        response = Response(status=204)
        cookies = {
            SESSION_COOKIE: session.session_id,
            "UserBranch": str(branch_number),
            "LegacyUI": "0",
            "Locale": "Culture=en-US&TimeZone=GMTM0000G",
            "CompanyID": session.tenant,
            AUTH_COOKIE: session.auth_token,
        }
        for name, value in cookies.items():
            response.set_cookie(name, value, path="/", httponly=True)
        return response, GET_BY_KEY

    def logout(self, ctx: Context) -> Answer:
        self.app.sessions.logout(ctx.request.cookies)
        response = Response(status=204)
        for name in (SESSION_COOKIE, AUTH_COOKIE):
            response.delete_cookie(name, path="/")
        return response, 0.0


def _require_method(ctx: Context, *allowed: str) -> None:
    if ctx.request.method not in allowed:
        raise ApiError(
            {"message": f"The requested resource does not support http method '{ctx.request.method}'."},
            status=405,
        )
