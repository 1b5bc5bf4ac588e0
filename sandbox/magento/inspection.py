"""The Magento side of the inspection API: `/__sandbox__/state/<collection>[/<key>]`.

Collections carry Magento's own names and hold records in the REST shape (products as `GET
/rest/all/V1/products/{sku}` shows them, i.e. admin-scope values). A PUT changes or creates a
record the way a user of the store would, by running the same service code as the REST route
(with its validation, so a clash of URL keys is refused here too), fields not given are kept and
`updated_at` moves; a DELETE removes it the same way. Collections that only Magento itself writes
(bulk operations, documents, store structure) are read-only here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sandbox.common.app import InspectionError

from .errors import MagentoError
from .pipeline import locked_call
from .routing import Call, Scope
from .state import MagentoState
from .types import Interface, convert

if TYPE_CHECKING:
    from .app import MagentoApp

Records = Callable[[MagentoState], dict[str, Any]]
Render = Callable[[MagentoState, Any], Any]
Writer = Callable[["MagentoApp", str, dict[str, Any]], Any]
Deleter = Callable[["MagentoApp", str], None]


@dataclass(frozen=True)
class Collection:
    records: Records  # key -> stored record
    render: Render = lambda state, record: dict(record)
    put: Writer | None = None
    delete: Deleter | None = None


ADMIN_SCOPE = Scope("all", 0, 0, explicit=True)
COLLECTIONS: dict[str, Collection] = {}


def register(name: str, collection: Collection) -> None:
    COLLECTIONS[name] = collection


def run_admin(app: MagentoApp, service: Callable[[Call], Any], params: dict[str, Any]) -> Any:
    """Run service code as an admin user would (admin scope), mapping its errors to inspection errors."""
    with locked_call(app, ADMIN_SCOPE, params) as call:
        try:
            return service(call)
        except MagentoError as exc:
            raise InspectionError(exc.status, exc.rendered()) from None


def typed(body: dict[str, Any], interface: Interface) -> dict[str, Any]:
    """The body as the REST API would have typed it (unknown fields and wrong types refused)."""
    try:
        result: dict[str, Any] = convert(body, interface)
    except MagentoError as exc:
        raise InspectionError(400, exc.rendered()) from None
    return result


def _collection(name: str) -> Collection:
    try:
        return COLLECTIONS[name]
    except KeyError:
        raise InspectionError(404, f"unknown collection {name!r}") from None


def counts(state: MagentoState) -> dict[str, int]:
    return {name: len(collection.records(state)) for name, collection in sorted(COLLECTIONS.items())}


def list_records(state: MagentoState, name: str) -> list[Any]:
    collection = _collection(name)
    return [collection.render(state, record) for record in collection.records(state).values()]


def get_record(state: MagentoState, name: str, key: str) -> Any:
    collection = _collection(name)
    record = collection.records(state).get(key)
    return None if record is None else collection.render(state, record)


def put_record(app: MagentoApp, name: str, key: str, body: dict[str, Any]) -> Any:
    collection = _collection(name)
    if collection.put is None:
        raise InspectionError(405, f"{name} is read-only: Magento itself writes it")
    return collection.put(app, key, body)


def delete_record(app: MagentoApp, name: str, key: str) -> None:
    collection = _collection(name)
    if collection.delete is None:
        raise InspectionError(405, f"{name} records cannot be deleted here")
    if collection.records(app.state).get(key) is None:
        raise InspectionError(404, f"{name} {key!r} does not exist")
    collection.delete(app, key)


def _by(field: str, table: Callable[[MagentoState], dict[Any, Any]]) -> Records:
    return lambda state: {str(record[field]): record for record in table(state).values()}


def by_id(table: Callable[[MagentoState], dict[int, Any]]) -> Records:
    """A table keyed by numeric id, listed in id order under its id as text."""
    return lambda state: {str(key): record for key, record in sorted(table(state).items())}


register("websites", Collection(_by("code", lambda s: s.websites)))
register("store_groups", Collection(_by("code", lambda s: s.store_groups)))
register("store_views", Collection(_by("code", lambda s: s.store_views)))
