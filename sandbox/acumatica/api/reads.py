"""Reading: the endpoint list, swagger, list and by-key GETs, `$adHocSchema`, attached files."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from ..errors import BadRequest, NoEntity
from ..schema import EntityDef, type_of
from ..schema.custom import CustomFields
from ..store import Record
from ..swagger import build_swagger
from ..values import is_guid, new_guid
from .context import Context, json_answer

BUILD_VERSIONS = {"23.200.001": "23.214.0027", "24.200.001": "24.211.0016"}

# Realistic seconds (design.md 6.1); the profile scales them.
GET_BY_KEY = 0.25
LIST_BASE, LIST_PER_RECORD, LIST_PER_DETAIL_ROW = 0.3, 0.003, 0.001

Answer = tuple[Response, float]


class ReadHandlers:
    def endpoints(self, ctx: Context) -> Answer:
        versions = ctx.app.versions
        newest = versions[-1]
        return (
            json_answer(
                {
                    "version": {
                        "acumaticaBuildVersion": BUILD_VERSIONS[newest],
                        "databaseVersion": BUILD_VERSIONS[newest],
                    },
                    "endpoints": [
                        {"name": "Default", "version": v, "href": f"/entity/Default/{v}/"} for v in versions
                    ],
                }
            ),
            GET_BY_KEY,
        )

    def swagger(self, ctx: Context) -> Answer:
        with ctx.app.lock:
            spec = build_swagger(
                ctx.version, ctx.request.host or "localhost", openapi3=ctx.app.builds_openapi3
            )
        return json_answer(spec), GET_BY_KEY

    def get_list(self, ctx: Context) -> Answer:
        top, skip = _paging(ctx)
        projection = ctx.projection()
        node = ctx.filter_node()
        if ctx.entity.inquiry:
            with ctx.app.lock:
                body = ctx.render({"_id": new_guid()}, projection).body
            return json_answer([body]), LIST_BASE + LIST_PER_RECORD
        with ctx.app.lock:
            records = ctx.app.erp.query(ctx.entity, ctx.version, node)
            page = records[skip:] if top is None else records[skip : skip + top]
            renderer = ctx.renderer()
            rendered = [renderer.record(ctx.entity, r, projection, i) for i, r in enumerate(page, start=1)]
        detail_rows = sum(r.detail_rows for r in rendered)
        cost = LIST_BASE + LIST_PER_RECORD * len(rendered) + LIST_PER_DETAIL_ROW * detail_rows
        return json_answer([r.body for r in rendered]), cost

    def get_by_key(self, ctx: Context) -> Answer:
        projection = ctx.projection()
        with ctx.app.lock:
            record = find_record(ctx, ctx.route.keys)
            rendered = ctx.render(record, projection)
        return json_answer(rendered.body), GET_BY_KEY + LIST_PER_DETAIL_ROW * rendered.detail_rows

    def ad_hoc_schema(self, ctx: Context) -> Answer:
        with ctx.app.lock:
            body = skeleton(ctx.entity, ctx.entity, "", ctx.version, ctx.app.erp.custom)
        return json_answer(body), GET_BY_KEY

    def file_get(self, ctx: Context) -> Answer:
        file_id = ctx.route.keys[0].lower()
        with ctx.app.lock:
            for entity in ctx.app.erp.store.collections():
                for record in ctx.app.erp.store.iter(entity):
                    for attached in record.get("_files", []):
                        if attached["id"] == file_id:
                            return (
                                Response(attached["content"], content_type="application/octet-stream"),
                                GET_BY_KEY,
                            )
        raise NoEntity


def find_record(ctx: Context, keys: list[str]) -> Record:
    """A record by its key values (screen order) or by its id; 500 NoEntity when missing."""
    store = ctx.app.erp.store
    definition = ctx.entity
    if len(keys) == 1 and is_guid(keys[0]):
        found = store.get_by_id(definition, keys[0])
        if found is not None:
            return found
    if len(keys) != len(definition.keys):
        raise NoEntity
    found = store.get(definition, tuple(keys))
    if found is None:
        raise NoEntity
    return found


def _paging(ctx: Context) -> tuple[int | None, int]:
    args = ctx.request.args
    try:
        top = int(args["$top"]) if "$top" in args else None
        skip = int(args.get("$skip", "0"))
    except ValueError:
        raise BadRequest("The request is invalid.", {"$top": ["$top and $skip must be integers."]}) from None
    if (top is not None and top < 0) or skip < 0:
        raise BadRequest("The request is invalid.", {"$top": ["$top and $skip cannot be negative."]})
    return top, skip


def skeleton(
    top: EntityDef, definition: EntityDef, level: str, version: str, custom: CustomFields
) -> dict[str, Any]:
    """The `$adHocSchema` answer: every level (one sample row per detail collection) with a
    `custom` block listing the fields outside the contract, their view and type, value null."""
    out: dict[str, Any] = {"id": new_guid(f"adhoc/{top.name}/{level}"), "rowNumber": 1, "note": {"value": ""}}
    fields = definition.fields_in(version)
    for name in sorted(fields, key=str.lower):
        field = fields[name]
        path = f"{level}/{name}" if level else name
        if field.kind == "scalar":
            out[name] = {}
        elif field.kind == "linked":
            out[name] = skeleton(top, type_of(field), path, version, custom)
        else:
            out[name] = [skeleton(top, type_of(field), path, version, custom)]
    out["custom"] = {
        view: {name: {"type": type_name, "value": None} for name, type_name in sorted(names.items())}
        for view, names in custom.at(top, level).items()
    }
    return out
