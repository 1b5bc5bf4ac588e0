"""Writing: PUT upsert (and inquiries, which are PUTs), DELETE, and file attachments."""

from __future__ import annotations

from werkzeug.wrappers import Response

from ..errors import BadRequest, NoEntity, Unprocessable
from ..inquiries import results_field, run_inquiry
from ..odata.query import Projection
from ..schema import TOP_LEVEL
from ..store import Record, display_key
from ..system import has_errors
from ..values import new_guid
from ..writes import BodyError, WriteResult, apply_body
from .context import Context, json_answer
from .reads import find_record

# Realistic seconds (design.md 6.1); the profile scales them.
PUT_BASE, PUT_PER_DETAIL_LINE = 0.8, 0.02
INQUIRY_BASE, INQUIRY_PER_ROW = 0.5, 0.002

Answer = tuple[Response, float]


def _object_body(ctx: Context) -> dict[str, object]:
    body = ctx.body()
    if not isinstance(body, dict):
        raise BadRequest("The request is invalid.", {"entity": ["The request body must be a JSON object."]})
    return body


def _response_projection(projection: Projection, written: WriteResult) -> Projection:
    """A PUT answers with the GET projection plus the linked and detail entities it sent."""
    if projection.select is None:
        projection.expand |= written.touched
    return projection


def _branch_default(ctx: Context) -> dict[str, object]:
    """New documents belong to the request's branch: `PX-CbApiBranch`, else the session's."""
    if "Branch" not in ctx.entity.fields:
        return {}
    branch = ctx.request.headers.get("PX-CbApiBranch") or (ctx.session.branch if ctx.session else None)
    return {"Branch": branch} if branch else {}


class UpdateHandlers:
    def put(self, ctx: Context) -> Answer:
        body = _object_body(ctx)
        projection = ctx.projection()
        if ctx.entity.inquiry:
            return self._inquiry(ctx, body, projection)
        node = ctx.filter_node()
        headers = ctx.request.headers
        system = ctx.app.erp
        try:
            with ctx.app.lock:
                outcome = system.put(
                    ctx.entity,
                    ctx.version,
                    body,
                    node,
                    if_match=headers.get("If-Match", "").strip() == "*",
                    if_none_match=headers.get("If-None-Match", "").strip() == "*",
                    new_defaults=_branch_default(ctx),
                )
                rendered = ctx.render(outcome.record, _response_projection(projection, outcome.written))
        except BodyError as exc:
            raise BadRequest("The request is invalid.", {f"entity.{exc.path}": [str(exc)]}) from None
        except Unprocessable as refused:
            with ctx.app.lock:
                written = WriteResult(touched={k for k, v in body.items() if isinstance(v, dict | list)})
                rendered = ctx.render(refused.record, _response_projection(projection, written))
            return json_answer(rendered.body, 422), PUT_BASE
        cost = PUT_BASE + PUT_PER_DETAIL_LINE * outcome.written.detail_lines
        return json_answer(rendered.body), cost

    def _inquiry(self, ctx: Context, body: dict[str, object], projection: Projection) -> Answer:
        record: Record = {"_id": new_guid()}
        with ctx.app.lock:
            try:
                apply_body(ctx.entity, ctx.version, record, body, ctx.app.erp.custom)
            except BodyError as exc:
                raise BadRequest("The request is invalid.", {f"entity.{exc.path}": [str(exc)]}) from None
            rows = run_inquiry(ctx.app.erp, ctx.entity, record)
            record[results_field(ctx.entity)] = rows
            rendered = ctx.render(record, projection)
        status = 422 if has_errors(record) else 200
        return json_answer(rendered.body, status), INQUIRY_BASE + INQUIRY_PER_ROW * len(rows)

    def delete(self, ctx: Context) -> Answer:
        with ctx.app.lock:
            record = find_record(ctx, ctx.route.keys)
            ctx.app.erp.remove(ctx.entity.name, record)
        return Response(status=204), PUT_BASE

    def file_put(self, ctx: Context) -> Answer:
        with ctx.app.lock:
            record = find_record(ctx, ctx.route.keys)
            return self._attach(ctx, record)

    def file_put_link(self, ctx: Context) -> Answer:
        graph, view, record_id = ctx.route.link
        with ctx.app.lock:
            for definition in TOP_LEVEL.values():
                if definition.graph.lower() == graph.lower() and definition.view.lower() == view.lower():
                    found = ctx.app.erp.store.get_by_id(definition, record_id)
                    if found is not None:
                        ctx.definition = definition
                        return self._attach(ctx, found)
        raise NoEntity

    @staticmethod
    def _attach(ctx: Context, record: Record) -> Answer:
        filename = f"{ctx.entity.title} ({display_key(ctx.entity, record)})\\{ctx.route.filename}"
        files = record.setdefault("_files", [])
        attached = next((f for f in files if f["filename"] == filename), None)
        if attached is None:
            attached = {"id": new_guid(), "filename": filename}
            files.append(attached)
        attached["content"] = ctx.request.get_data(cache=True)
        attached["comment"] = ctx.request.headers.get("PX-CbFileComment")
        location = f"{ctx.base_path}/files/{attached['id']}"
        return Response(status=204, headers={"Location": location}), PUT_BASE
