"""The simulated Acumatica tenant, independent of HTTP: records, business rules, changes.

Every change goes through `commit` or `remove`, which maintain last-modified times and tell the
change listener (push notifications, write statistics). `put` is the contract-based upsert: locate
by `id`, by key fields or by `$filter`, insert when nothing matches, honour `If-Match: *` and
`If-None-Match: *`, apply the body, let the entity's behaviour default, derive and validate, and
refuse with the entity and its `error` strings when something is wrong.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from .demo import seed_tenant
from .entities import BEHAVIOURS, Behaviour
from .errors import NoEntity, PreconditionFailed, PXError, Unprocessable
from .odata.filter import Custom, FilterError, Path, evaluate, paths_of
from .odata.query import QueryError, canonical_path
from .render import custom_value
from .schema import TOP_LEVEL, EntityDef, find_entity, type_of
from .schema.custom import CustomFields
from .store import Record, Store
from .values import Clock, GuidSource, guid_source
from .writes import WriteResult, apply_body


class ChangeListener(Protocol):
    def changed(self, entity: str, before: Record | None, after: Record | None) -> None: ...


@dataclass
class PutOutcome:
    record: Record
    written: WriteResult
    inserted: bool


def has_errors(obj: Any) -> bool:
    if isinstance(obj, dict):
        if obj.get("_errors") or obj.get("_error"):
            return True
        return any(has_errors(v) for k, v in obj.items() if not k.startswith("_"))
    if isinstance(obj, list):
        return any(has_errors(v) for v in obj)
    return False


def strip_transient(obj: Any) -> None:
    """Drop validation marks and new-row flags before a record is stored."""
    if isinstance(obj, dict):
        for key in ("_errors", "_error", "_new"):
            obj.pop(key, None)
        for key, value in obj.items():
            if not key.startswith("_"):
                strip_transient(value)
    elif isinstance(obj, list):
        for value in obj:
            strip_transient(value)


class AcumaticaSystem:
    def __init__(
        self,
        *,
        seed: int,
        items: int,
        version: str,
        tenant: str,
        listener: ChangeListener,
        attributes: dict[str, tuple[str, ...]],
    ) -> None:
        self.seed = seed
        self.items = items
        self.version = version
        self.tenant = tenant
        self.listener = listener
        self.store = Store()
        self.clock = Clock()
        self.guids = GuidSource(seed)
        self.custom = CustomFields(attributes)
        self.behaviours: dict[str, Behaviour] = {name: cls(self) for name, cls in BEHAVIOURS.items()}

    def reset(self) -> None:
        """Back to the seeded demo tenant (custom fields removed, numbering restarted)."""
        self.store.clear()
        self.custom.reset()
        self.guids.reseed(self.seed)
        with guid_source(self.guids):
            seed_tenant(self)

    # ----------------------------------------------------------------- lookups
    @staticmethod
    def definition(entity: str) -> EntityDef:
        found = find_entity(entity)
        if found is None:
            raise KeyError(entity)
        return found

    def behaviour(self, entity: str) -> Behaviour:
        return self.behaviours.get(entity) or self.behaviours["*"]

    def get(self, entity: str, *key: Any) -> Record | None:
        return self.store.get(TOP_LEVEL[entity], tuple(str(k) for k in key))

    def records(self, entity: str) -> list[Record]:
        return self.store.all(TOP_LEVEL[entity])

    def now(self) -> datetime:
        return self.clock.now()

    # ----------------------------------------------------------------- changes
    def commit(self, entity: str, record: Record, before: Record | None) -> Record:
        """Store a new or changed record: last-modified bumped, listeners told."""
        definition = TOP_LEVEL[entity]
        strip_transient(record)
        moment = self.now()
        record["_modified"] = moment
        record.setdefault("_created", moment)
        self.store.put(definition, record)
        self.listener.changed(entity, before, record)
        return record

    def update(self, entity: str, record: Record, change: Callable[[Record], None]) -> Record:
        """Change a stored record through the behaviour's derivations (used by actions)."""
        before = copy.deepcopy(record)
        change(record)
        behaviour = self.behaviour(entity)
        behaviour.prepare(record, before)
        self.commit(entity, record, before)
        behaviour.after_save(record, before)
        return record

    def insert(self, entity: str, record: Record) -> Record:
        behaviour = self.behaviour(entity)
        working = behaviour.defaults()
        working.update(record)
        self._number(TOP_LEVEL[entity], behaviour, working, keys_sent=False)
        behaviour.prepare(working, None)
        self.commit(entity, working, None)
        behaviour.after_save(working, None)
        return working

    def remove(self, entity: str, record: Record) -> None:
        behaviour = self.behaviour(entity)
        behaviour.before_delete(record)
        self.store.delete(TOP_LEVEL[entity], record)
        behaviour.after_delete(record)
        self.listener.changed(entity, record, None)

    # ----------------------------------------------------------------- upsert
    def locate(
        self, definition: EntityDef, version: str, body: dict[str, Any], filter_node: Any | None
    ) -> Record | None:
        if body.get("id"):
            found = self.store.get_by_id(definition, str(body["id"]))
            if found is None:
                raise NoEntity
            return found
        keys = []
        for key in definition.keys:
            sent = body.get(key)
            if not isinstance(sent, dict) or sent.get("value") in (None, ""):
                break
            keys.append(str(sent["value"]))
        else:
            if keys:
                return self.store.get(definition, tuple(keys))
        if filter_node is not None:
            matches = self.query(definition, version, filter_node)
            return matches[0] if matches else None
        return None

    def put(
        self,
        definition: EntityDef,
        version: str,
        body: dict[str, Any],
        filter_node: Any | None = None,
        *,
        if_match: bool = False,
        if_none_match: bool = False,
        exact_keys: bool = False,
        new_defaults: dict[str, Any] | None = None,
    ) -> PutOutcome:
        """Upsert one record. `exact_keys` (the inspection API) creates a new record under the key
        it was addressed by instead of the next number of an auto-numbered entity. `new_defaults`
        are values a new record starts with before the body is applied (the session's branch)."""
        behaviour = self.behaviour(definition.name)
        found = self.locate(definition, version, body, filter_node)
        if found is not None and if_none_match:
            raise PreconditionFailed(exists=True)
        if found is None and if_match:
            raise PreconditionFailed(exists=False)
        before = copy.deepcopy(found) if found is not None else None
        working = (
            copy.deepcopy(found) if found is not None else {**behaviour.defaults(), **(new_defaults or {})}
        )
        keys = {k: working.get(k) for k in definition.keys}
        written = apply_body(definition, version, working, body, self.custom)
        if found is not None:
            working.update(keys)  # keys of an existing record never change
        else:
            behaviour.require_keys(working)
        behaviour.prepare(working, before)
        behaviour.validate(working, before)
        if has_errors(working):
            behaviour.refuse(working, before)
            if found is None:
                for key in behaviour.autonumber:  # unsaved documents show `<NEW>` as their number
                    if definition.fields[key].type == "String" and (
                        key != "CustomerID" or working.get(key) in (None, "")
                    ):
                        working[key] = "<NEW>"
            raise Unprocessable(definition.name, working)
        if found is None:
            keys_sent = all(
                isinstance(body.get(k), dict) and body[k].get("value") not in (None, "")
                for k in definition.keys
            )
            if not (exact_keys and keys_sent):
                self._number(definition, behaviour, working, keys_sent)
        self.commit(definition.name, working, before)
        behaviour.after_save(working, before)
        return PutOutcome(working, written, found is None)

    def _number(self, definition: EntityDef, behaviour: Behaviour, record: Record, keys_sent: bool) -> None:
        """Give a new record its number, skipping numbers taken by records created with exact keys."""
        for _ in range(10_000):
            behaviour.assign_key(record, keys_sent=keys_sent)
            if self.store.get(definition, tuple(str(record.get(k)) for k in definition.keys)) is None:
                return
            keys_sent = False
        raise PXError("The numbering sequence is exhausted.")

    # ----------------------------------------------------------------- queries
    def validate_filter(self, definition: EntityDef, version: str, node: Any) -> None:
        for path in paths_of(node):
            try:
                canonical, kind = canonical_path(definition, version, path.path, "$filter")
            except QueryError as exc:
                raise FilterError(str(exc)) from None
            if kind != "scalar":
                raise FilterError(f"The field '{path.path}' cannot be used in $filter.")
            if any(self._is_detail(definition, version, canonical, i) for i in range(canonical.count("/"))):
                raise FilterError(f"Filtering by fields of detail entities is not supported: '{path.path}'.")

    @staticmethod
    def _is_detail(definition: EntityDef, version: str, canonical: str, depth: int) -> bool:
        current = definition
        parts = canonical.split("/")
        for part in parts[: depth + 1]:
            found = current.field(part, version)
            if found is None or found.kind == "detail":
                return True
            if found.kind == "linked":
                current = type_of(found)
        return False

    def query(self, definition: EntityDef, version: str, node: Any | None) -> list[Record]:
        records = self.store.all(definition)
        if node is None:
            return records
        self.validate_filter(definition, version, node)
        return [r for r in records if evaluate(node, self._resolver(definition, version, r))]

    def _resolver(self, definition: EntityDef, version: str, record: Record) -> Callable[[Any], Any]:
        def resolve(node: Any) -> Any:
            if isinstance(node, Custom):
                known = self.custom.lookup(definition, "", node.view, node.field)
                if known is None:
                    raise FilterError(f"The field '{node.view}.{node.field}' is not found.")
                return custom_value(self.custom, definition, record, "", known[0], known[1])
            assert isinstance(node, Path)
            current_def = definition
            obj: Any = record
            for part in node.path.split("/"):
                found = current_def.field(part, version)
                if found is None or not isinstance(obj, dict):
                    return None
                if found.meta == "modified":
                    return obj.get("_modified")
                if found.meta == "created":
                    return obj.get("_created")
                if found.meta == "noteid":
                    return obj.get("_id")
                obj = obj.get(found.name)
                if found.kind == "linked":
                    current_def = type_of(found)
            return obj

        return resolve
