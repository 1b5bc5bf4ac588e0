"""Route table and matching of the Magento REST API.

A route is one `webapi.xml` entry: HTTP method, path template with `{param}` segments, the ACL
resource named in a 401, the service-method parameters, the cost class of the latency model and,
for the asynchronous API, the service interface (the topic name derives from it). Matching works
on the raw (still percent-encoded) path like Magento does, so a SKU may contain `%2F`. Among
templates that fit a path, the one with fewer parameters wins (`/V1/customers/search` before
`/V1/customers/{customerId}`); a path that fits a template only under another HTTP method is not
a match (Magento answers 404 for it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .types import Param, camel

if TYPE_CHECKING:
    from .state import MagentoState


@dataclass(frozen=True)
class Scope:
    """The store the request runs in: from the store code of the URL (`all` = admin store 0)."""

    code: str  # the store code used, or "default" for a URL without one
    store_id: int
    website_id: int
    explicit: bool  # a store code was given in the URL

    @property
    def is_admin(self) -> bool:
        return self.store_id == 0


@dataclass
class Call:
    """One service call: the route's handler reads its parameters and writes the state."""

    state: MagentoState
    scope: Scope
    params: dict[str, Any]
    now: str
    record_write: Callable[[str, int], None]

    def write(self, collection: str, count: int = 1) -> None:
        self.record_write(collection, count)


Handler = Callable[[Call], Any]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    acl: str
    params: tuple[Param, ...] = ()
    cost: str = "read"  # read, product, entity, rows, document: see latency.py
    rows: str | None = None  # the parameter whose length is the row count of a `rows` cost
    service: str = ""  # PHP service interface::method, for async topics and bulk results
    override: str | None = None  # PUT: the body object the last path parameter is copied into
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _names: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = tuple(re.findall(r"\{(\w+)\}", self.path))
        pattern = re.sub(r"\{\w+\}", "([^/]+)", re.escape(self.path).replace(r"\{", "{").replace(r"\}", "}"))
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_regex", re.compile(f"^{pattern}/?$"))

    @property
    def path_params(self) -> tuple[str, ...]:
        return self._names

    def match(self, raw_path: str) -> dict[str, str] | None:
        found = self._regex.match(raw_path)
        if found is None:
            return None
        return {name: unquote(value) for name, value in zip(self._names, found.groups(), strict=True)}

    @property
    def bulk_path(self) -> str:
        """`/V1/products/{sku}` -> `/V1/products/bySku`: path values travel in each element."""
        return re.sub(
            r"\{(\w+)\}", lambda m: "by" + camel(m.group(1))[:1].upper() + camel(m.group(1))[1:], self.path
        )

    @property
    def topic(self) -> str:
        """`async.magento.catalog.api.productrepositoryinterface.save.post`."""
        interface, _, method = self.service.partition("::")
        return f"async.{interface.replace(chr(92), '.').lower()}.{method.lower()}.{self.method.lower()}"

    @property
    def implementation(self) -> str:
        """The class Magento names in `Service execution success <class>::<method>`."""
        interface, _, method = self.service.partition("::")
        model = interface.replace("\\Api\\", "\\Model\\").removesuffix("Interface")
        return f"{model}\\Interceptor::{method}"


class Router:
    def __init__(self, routes: list[Route]) -> None:
        # fewer variables first, then declaration order: literal paths beat parameters
        self.routes = sorted(routes, key=lambda route: len(route.path_params))
        self._bulk = {
            (route.method, route.bulk_path): route
            for route in self.routes
            if route.method in {"POST", "PUT", "DELETE"}
        }

    def match(self, method: str, raw_path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method != method:
                continue
            values = route.match(raw_path)
            if values is not None:
                return route, values
        return None

    def match_bulk(self, method: str, raw_path: str) -> Route | None:
        return self._bulk.get((method, raw_path.rstrip("/") or "/"))
