"""How a client turns an action key into an HTTP method and a concrete URL.

Every URL the clients call comes from an `EndpointResolver`: a mapping from a stable action key
(`magento.product.upsert`) to a `Route` (method + URL template such as
`{base}/rest/{store}/V1/products/{sku}`). The shipped tables live in `endpoints/defaults.py`; an
implementation specialist can override rows in the admin, and the model that stores those rows
implements the same small interface (`__getitem__` and `__contains__`), so the clients never know
where a URL came from.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol
from urllib.parse import quote

from ..exceptions import ConfigurationError, UnknownActionError

# Placeholders filled by the client itself rather than by the caller.
BASE = "base"
STORE = "store"
KEYS = "keys"
LOCATION = "location"
_RAW_PLACEHOLDERS = frozenset({BASE, LOCATION})
HTTP_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH"})


class Route(NamedTuple):
    method: str
    template: str


class EndpointResolver(Protocol):
    """Action key -> (HTTP method, URL template). A plain dict of tuples satisfies it."""

    def __getitem__(self, key: str, /) -> tuple[str, str]: ...

    def __contains__(self, key: object, /) -> bool: ...


class TableResolver:
    """Routes from `overrides` first, then from `fallback` (the shipped defaults).

    The admin-edited table is normally complete, but a row added to the defaults by a newer
    release must work before anyone has restored defaults, hence the fallback.
    """

    def __init__(
        self, overrides: Mapping[str, tuple[str, str]], fallback: EndpointResolver | None = None
    ) -> None:
        self._overrides = dict(overrides)
        self._fallback = fallback

    def __getitem__(self, key: str) -> tuple[str, str]:
        if key in self._overrides:
            return self._overrides[key]
        if self._fallback is not None and key in self._fallback:
            return self._fallback[key]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in self._overrides or (self._fallback is not None and key in self._fallback)


def resolve_route(resolver: EndpointResolver, key: str) -> Route:
    """The route for `key`, validated, or `UnknownActionError` naming the key."""
    try:
        method, template = resolver[key]
    except KeyError:
        raise UnknownActionError(f"No endpoint URL is configured for action {key!r}.") from None
    method = str(method).upper()
    if method not in HTTP_METHODS:
        raise ConfigurationError(f"The endpoint for action {key!r} has an unknown HTTP method {method!r}.")
    return Route(method, str(template))


def template_placeholders(template: str) -> set[str]:
    """The `{name}` placeholders of a URL template (used to validate edited rows)."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _quote_segment(value: Any) -> str:
    return quote(str(value), safe="")


def render_url(template: str, *, base: str, store: str | None = None, **params: Any) -> str:
    """Fill a URL template.

    `base` and `location` are inserted as given; `store` is URL-quoted and, when None, its path
    segment is dropped (`/rest/{store}/V1` -> `/rest/V1`, Magento's default store view); `keys`
    may be a sequence and becomes one quoted path segment per key (Acumatica `SO/000123`); every
    other value becomes one quoted path segment, so a SKU with `/` or spaces stays one segment.
    """
    if store is None and "/{store}" in template:
        template = template.replace("/{store}", "")
    values: dict[str, Any] = {BASE: base.rstrip("/"), STORE: store, **params}
    parts: list[str] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        parts.append(literal)
        if not field:
            continue
        if field not in values or values[field] is None:
            raise ConfigurationError(
                f"The URL template {template!r} needs {{{field}}}, which this call does not supply."
            )
        value = values[field]
        if field in _RAW_PLACEHOLDERS:
            parts.append(str(value))
        elif field == KEYS and isinstance(value, Sequence) and not isinstance(value, str):
            parts.append("/".join(_quote_segment(key) for key in value))
        else:
            parts.append(_quote_segment(value))
    return "".join(parts)


def snake_case(name: str) -> str:
    """`StockItem` -> `stock_item`, `SalesOrderCreateShipment` -> `sales_order_create_shipment`."""
    out: list[str] = []
    for index, char in enumerate(name):
        if (
            char.isupper()
            and index
            and (not name[index - 1].isupper() or (index + 1 < len(name) and name[index + 1].islower()))
        ):
            out.append("_")
        out.append(char.lower())
    return "".join(out)


def routes_from(specs: Iterable[Any]) -> dict[str, Route]:
    """`{key: Route}` from rows that have `key`, `method` and `template` attributes."""
    return {spec.key: Route(spec.method, spec.template) for spec in specs}
