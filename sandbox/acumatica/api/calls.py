"""Actions: `POST /{Entity}/{Action}` with `{"entity": ..., "parameters": ...}` starts a
long-running operation (202 + `Location: .../{Action}/status/{id}`); the status URL answers 202
while it runs, 204 when done (with the record's URL in `Location`), or the operation's error.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from ..actions import ACTIONS
from ..errors import BadRequest, NoEntity, PXError, RouteNotFound
from ..values import ConversionError, guid_source, parse_value
from .context import Context, json_answer

# Realistic seconds (design.md 6.1): the operation runs this long; the POST itself is quick.
ACTION_DURATION = 1.2
ACTION_POST = 0.0
STATUS_POLL = 0.05

Answer = tuple[Response, float]


class ActionHandlers:
    def action(self, ctx: Context) -> Answer:
        definition = ctx.entity
        name = ctx.route.action
        declared = definition.action(name, ctx.version)
        custom = next((a for a in definition.custom_actions if a.lower() == name.lower()), None)
        implementation = ACTIONS.get((definition.name, name.lower()))
        if (declared is None and custom is None) or implementation is None:
            raise RouteNotFound(ctx.request.url)
        action_name = declared.name if declared else str(custom)
        body = ctx.body()
        if not isinstance(body, dict) or not isinstance(body.get("entity"), dict):
            raise BadRequest(
                "The request is invalid.", {"invocation.entity": ["The entity field is required."]}
            )
        parameters = _parameters(body.get("parameters"), declared.parameters if declared else {})
        system = ctx.app.erp
        with ctx.app.lock:
            record = system.locate(definition, ctx.version, body["entity"], None)
            if record is None:
                raise NoEntity
            record_id = record["_id"]

        def work() -> None:
            with ctx.app.lock, guid_source(system.guids):
                current = system.store.get_by_id(definition, record_id)
                if current is None:
                    raise NoEntity
                implementation(system, current, parameters)

        assert ctx.session is not None
        operation = ctx.app.operations.start(
            definition.name,
            action_name,
            ctx.session.session_id,
            record_id,
            work,
            ctx.app.profile.duration(ACTION_DURATION),
        )
        location = f"{ctx.base_path}/{definition.name}/{action_name}/status/{operation.operation_id}"
        return Response(status=202, headers={"Location": location}), ACTION_POST

    def action_status(self, ctx: Context) -> Answer:
        operation = ctx.app.operations.get(ctx.route.operation_id)
        if operation is None or operation.entity != ctx.entity.name:
            raise PXError("The long-running operation has not been found.")
        if operation.state == "running":
            location = (
                f"{ctx.base_path}/{operation.entity}/{operation.action}/status/{operation.operation_id}"
            )
            return Response(status=202, headers={"Location": location}), STATUS_POLL
        if operation.state == "failed" and operation.error is not None:
            error = operation.error
            return json_answer(error.body, error.status), STATUS_POLL
        record = f"{ctx.base_path}/{operation.entity}/{operation.record_id}"
        return Response(status=204, headers={"Location": record}), STATUS_POLL


def _parameters(raw: Any, declared: dict[str, str]) -> dict[str, Any]:
    """Declared parameters by name with their types; `custom` parameters kept as sent."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BadRequest(
            "The request is invalid.", {"invocation.parameters": ["The parameters must be an object."]}
        )
    result: dict[str, Any] = {}
    for name, wrapped in raw.items():
        if name == "custom":
            result["custom"] = wrapped
            continue
        canonical = next((n for n in declared if n.lower() == name.lower()), None)
        if canonical is None or not isinstance(wrapped, dict):
            continue
        try:
            result[canonical] = parse_value(declared[canonical], wrapped.get("value"))
        except ConversionError as exc:
            raise BadRequest(
                "The request is invalid.", {f"invocation.parameters.{name}": [str(exc)]}
            ) from None
    return result
