"""The Acumatica side of the inspection API (`/__sandbox__/...`).

Collections are the record entities (`StockItem`, `SalesOrder`, ...); a key is the record's key
values in screen order joined by `/` (`SO/000001`, `Invoice/INV000001`, `5` for a sales
category) or its id. Records are shown in the API's own representation (value-wrapped, every
linked and detail entity expanded, custom fields included). A PUT changes or creates a record the
way a user on the screen would: the body is value-wrapped, fields not given are kept, the business
rules run, last-modified moves and a push notification goes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from sandbox.common.app import InspectionError, json_response

from .errors import ApiError, PXError, Unprocessable
from .odata.query import Projection, full_projection
from .render import Renderer
from .schema import RECORD_ENTITIES, TOP_LEVEL, EntityDef, find_entity
from .schema.custom import CustomFieldError
from .store import Record
from .values import is_guid
from .writes import BodyError

if TYPE_CHECKING:
    from .system import AcumaticaSystem


class InspectionMixin:
    """State hooks and extra routes; mixed into `AcumaticaApp`."""

    erp: AcumaticaSystem
    versions: list[str]

    # ----------------------------------------------------------------- helpers
    def _definition(self, collection: str) -> EntityDef:
        definition = find_entity(collection)
        if definition is None or definition.inquiry:
            raise InspectionError(404, f"unknown collection {collection!r}")
        return definition

    def _state_renderer(self) -> Renderer:
        version = self.versions[-1]
        system = self.erp
        return Renderer(
            version,
            f"/entity/Default/{version}",
            system.custom,
            lambda top, path, record: system.behaviour(top.name).computed(path, record),
        )

    def _state_projection(self, definition: EntityDef) -> Projection:
        version = self.versions[-1]
        projection = full_projection(definition, version)
        projection.custom = {
            level: [
                (view, name, type_name)
                for view, names in self.erp.custom.at(definition, level).items()
                for name, type_name in names.items()
            ]
            for level in ("", *definition.sub_views)
        }
        return projection

    def _render_state(self, definition: EntityDef, record: Record) -> dict[str, Any]:
        return self._state_renderer().record(definition, record, self._state_projection(definition)).body

    def _find(self, definition: EntityDef, key: str) -> Record | None:
        store = self.erp.store
        if is_guid(key):
            found = store.get_by_id(definition, key)
            if found is not None:
                return found
        parts = key.split("/")
        if len(parts) != len(definition.keys):
            return None
        return store.get(definition, tuple(parts))

    # ----------------------------------------------------------------- state hooks
    def state_collections(self) -> dict[str, int]:
        counts = self.erp.store.collections()
        return {name: counts.get(name, 0) for name in RECORD_ENTITIES}

    def state_list(self, collection: str) -> list[Any]:
        definition = self._definition(collection)
        return [self._render_state(definition, r) for r in self.erp.store.all(definition)]

    def state_get(self, collection: str, key: str) -> Any:
        definition = self._definition(collection)
        found = self._find(definition, key)
        return None if found is None else self._render_state(definition, found)

    def state_put(self, collection: str, key: str, body: Any) -> Any:
        definition = self._definition(collection)
        body = dict(body)
        found = self._find(definition, key)
        if found is not None:
            body["id"] = found["_id"]
        else:
            parts = key.split("/")
            if len(parts) != len(definition.keys):
                raise InspectionError(
                    400,
                    f"a {definition.name} key has {len(definition.keys)} part(s): "
                    f"{'/'.join(definition.keys)}",
                )
            for name, value in zip(definition.keys, parts, strict=True):
                body[name] = {"value": value}
        try:
            outcome = self.erp.put(definition, self.versions[-1], body, exact_keys=True)
        except Unprocessable as refused:
            raise InspectionError(422, _errors_of(refused.record)) from None
        except BodyError as exc:
            raise InspectionError(400, f"{exc.path}: {exc}") from None
        except ApiError as exc:
            raise InspectionError(409, _message(exc)) from None
        return self._render_state(definition, outcome.record)

    def state_delete(self, collection: str, key: str) -> None:
        definition = self._definition(collection)
        found = self._find(definition, key)
        if found is None:
            raise InspectionError(404, f"{collection} {key!r} does not exist")
        try:
            self.erp.remove(definition.name, found)
        except PXError as exc:
            raise InspectionError(409, exc.exception_message) from None

    # ----------------------------------------------------------------- extra routes
    def extra_inspection_rules(self) -> Iterable[Rule]:
        return (
            Rule("/__sandbox__/schema/custom", endpoint="schema_custom_list", methods=["GET"]),
            Rule("/__sandbox__/schema/<entity>/custom", endpoint="schema_custom", methods=["PUT"]),
            Rule("/__sandbox__/push", endpoint="push_log", methods=["GET"]),
            Rule("/__sandbox__/sessions/expire", endpoint="sessions_expire", methods=["POST"]),
        )

    def inspect_schema_custom(self, request: Request, entity: str) -> Response:
        """`{"view": "ItemSettings", "field": "UsrBrand", "type": "CustomStringField"}`; an optional
        `"level"` (`"Details"`, `"MainContact"`) puts the field on a detail or linked entity."""
        definition = find_entity(entity)
        if definition is None or definition.inquiry:
            raise InspectionError(404, f"unknown entity {entity!r}; known: {', '.join(RECORD_ENTITIES)}")
        body = self.json_body(request)  # type: ignore[attr-defined]
        if not isinstance(body, dict) or not {"view", "field", "type"} <= set(body):
            raise InspectionError(400, 'the body must be {"view": ..., "field": ..., "type": ...}')
        level = str(body.get("level") or "")
        if level and level not in definition.sub_views:
            raise InspectionError(
                400,
                f"{definition.name} has no level {level!r}; levels: "
                f"{', '.join(definition.sub_views) or 'none'}",
            )
        try:
            self.erp.custom.add(definition, level, str(body["view"]), str(body["field"]), str(body["type"]))
        except CustomFieldError as exc:
            raise InspectionError(400, str(exc)) from None
        return json_response(self.erp.custom.added().get(definition.name, {}))

    def inspect_schema_custom_list(self, request: Request) -> Response:
        return json_response(self.erp.custom.added())


def _errors_of(record: Record, prefix: str = "") -> str:
    """The `error` strings of a refused record, one line."""
    found: list[str] = []

    def walk(obj: Any, path: str) -> None:
        if isinstance(obj, dict):
            if obj.get("_error"):
                found.append(f"{path or 'record'}: {obj['_error']}")
            for name, message in (obj.get("_errors") or {}).items():
                found.append(f"{path + '/' if path else ''}{name}: {message}")
            for name, value in obj.items():
                if not name.startswith("_"):
                    walk(value, f"{path}/{name}" if path else name)
        elif isinstance(obj, list):
            for index, value in enumerate(obj):
                walk(value, f"{path}[{index}]")

    walk(record, prefix)
    return "; ".join(found) or "the record was refused"


def _message(exc: ApiError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    return str(body.get("exceptionMessage") or body.get("message") or exc)


__all__ = ["TOP_LEVEL", "InspectionMixin"]
