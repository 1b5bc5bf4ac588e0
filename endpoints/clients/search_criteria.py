"""Magento `searchCriteria` query strings, and the rendering of Magento's placeholder messages.

Filters inside one group are OR-ed, groups are AND-ed (reference section 4.1). Paging stops by
`total_count`, never on an empty page: Magento answers a page past the end with the last page
again, so a client that waits for an empty page loops forever.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Self

PREFIX = "searchCriteria"
_NUMBERED = re.compile(r"%\d+")
_NAMED = re.compile(r"%[A-Za-z_]\w*")


def magento_value(value: Any) -> str:
    """A filter value as Magento compares it: UTC `Y-m-d H:M:S` datetimes, comma-joined lists."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"Magento filters need an aware datetime, got {value!r}")
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(magento_value(item) for item in value)
    return str(value)


class SearchCriteria:
    """A mutable builder; `with_page` returns a copy for page iteration.

    >>> SearchCriteria().where("updated_at", since, "gteq").order_by("updated_at").with_page(100, 1)
    """

    def __init__(self) -> None:
        self.filter_groups: list[list[tuple[str, str, str]]] = []
        self.sort_orders: list[tuple[str, str]] = []
        self.page_size: int | None = None
        self.current_page: int | None = None

    def where(self, field: str, value: Any, condition: str = "eq") -> Self:
        """AND one condition (a filter group of its own)."""
        self.filter_groups.append([(field, magento_value(value), condition)])
        return self

    def where_any(self, *filters: tuple[str, Any] | tuple[str, Any, str]) -> Self:
        """AND a group of OR-ed conditions: `where_any(("email", a), ("email", b))`."""
        group = [(spec[0], magento_value(spec[1]), spec[2] if len(spec) > 2 else "eq") for spec in filters]
        if group:
            self.filter_groups.append(group)
        return self

    def order_by(self, field: str, direction: str = "ASC") -> Self:
        self.sort_orders.append((field, direction.upper()))
        return self

    def with_page(self, size: int, current: int = 1) -> SearchCriteria:
        paged = copy.deepcopy(self)
        paged.page_size = size
        paged.current_page = current
        return paged

    def to_params(self) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = []
        for g, group in enumerate(self.filter_groups):
            for f, (field, value, condition) in enumerate(group):
                base = f"{PREFIX}[filter_groups][{g}][filters][{f}]"
                params += [
                    (f"{base}[field]", field),
                    (f"{base}[value]", value),
                    (f"{base}[condition_type]", condition),
                ]
        for s, (field, direction) in enumerate(self.sort_orders):
            params += [
                (f"{PREFIX}[sortOrders][{s}][field]", field),
                (f"{PREFIX}[sortOrders][{s}][direction]", direction),
            ]
        if self.page_size is not None:
            params.append((f"{PREFIX}[pageSize]", str(self.page_size)))
        if self.current_page is not None:
            params.append((f"{PREFIX}[currentPage]", str(self.current_page)))
        # `searchCriteria` is a required parameter; an empty value means "no conditions".
        return params or [(PREFIX, "")]


def render_message(message: str, parameters: Sequence[Any] | Mapping[str, Any] | None) -> str:
    """Fill Magento's raw placeholders: `%1`, `%2`... from a list, `%name` from an object."""
    if not parameters:
        return message
    if isinstance(parameters, Mapping):
        for name in sorted(parameters, key=len, reverse=True):
            message = message.replace(f"%{name}", str(parameters[name]))
        return message
    if _NUMBERED.search(message):
        for index in range(len(parameters), 0, -1):
            message = message.replace(f"%{index}", str(parameters[index - 1]))
        return message
    # The price routes send named placeholders with a *list* (the keys are dropped on the way
    # out): fill the names in order of appearance.
    values = iter(parameters)
    return _NAMED.sub(lambda match: str(next(values, match.group(0))), message)
