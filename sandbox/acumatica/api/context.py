"""What every handler of one request needs: the route, the session, the entity, a renderer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from ..auth import Session
from ..errors import BadRequest
from ..odata.filter import FilterError, parse_filter
from ..odata.query import Projection, QueryError, parse_projection
from ..render import Rendered, Renderer
from ..routing import Route
from ..schema import EntityDef
from ..store import Record

if TYPE_CHECKING:
    from ..app import AcumaticaApp

JSON_TYPE = "application/json; charset=utf-8"


def json_answer(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status=status, content_type=JSON_TYPE, headers=headers)


@dataclass
class Context:
    app: AcumaticaApp
    request: Request
    route: Route
    session: Session | None = None
    definition: EntityDef | None = None

    @property
    def version(self) -> str:
        return self.route.version

    @property
    def base_path(self) -> str:
        return f"/entity/Default/{self.route.version}"

    @property
    def entity(self) -> EntityDef:
        assert self.definition is not None
        return self.definition

    def renderer(self) -> Renderer:
        system = self.app.erp
        return Renderer(
            self.version,
            self.base_path,
            system.custom,
            lambda top, path, record: system.behaviour(top.name).computed(path, record),
        )

    def render(self, record: Record, projection: Projection, row_number: int = 1) -> Rendered:
        return self.renderer().record(self.entity, record, projection, row_number)

    def projection(self) -> Projection:
        args = self.request.args
        custom = self.app.erp.custom
        definition = self.entity

        def lookup(level: str, view: str, name: str) -> str | None:
            found = custom.lookup(definition, level, view, name)
            return found[2] if found else None

        try:
            return parse_projection(
                definition,
                self.version,
                args.get("$select"),
                args.get("$expand"),
                args.get("$custom"),
                lookup,
            )
        except QueryError as exc:
            raise BadRequest(str(exc), {exc.parameter: [str(exc)]}) from None

    def filter_node(self) -> Any | None:
        raw = self.request.args.get("$filter")
        if raw is None:
            return None
        try:
            node = parse_filter(raw)
            self.app.erp.validate_filter(self.entity, self.version, node)
        except FilterError as exc:
            raise BadRequest(str(exc), {"$filter": [str(exc)]}) from None
        return node

    def body(self) -> Any:
        data = self.request.get_data(cache=True)
        if not data.strip():
            return None
        try:
            return json.loads(data)
        except ValueError:
            raise BadRequest(
                "The request is invalid.", {"body": ["The request body is not valid JSON."]}
            ) from None
