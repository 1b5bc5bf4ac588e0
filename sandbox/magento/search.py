"""searchCriteria: the PHP-style query parsing, filtering, sorting, paging and the result envelope.

Semantics follow Magento's collection processors (reference s.4): filters inside a group are ORed,
groups are ANDed; comparisons are case-insensitive like MySQL's default collation; a sort order
without `ASC` sorts descending; without a page size every match is returned; a page past the end
repeats the last page; `total_count` is the unpaged count and `search_criteria` echoes what was sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cmp_to_key
from typing import Any

from .interfaces import SEARCH_CRITERIA
from .types import Param

Getter = Callable[[dict[str, Any], str], Any]

SEARCH_PARAM = Param("searchCriteria", SEARCH_CRITERIA)

_BRACKETS = re.compile(r"\[([^\]]*)\]")


def parse_query(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """`a[b][0][c]=v` pairs into nested dicts, as PHP builds `$_GET` (later values win)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        path = [head, *_BRACKETS.findall("[" + rest)] if rest else [head]
        node = result
        for index, part in enumerate(path):
            last = index == len(path) - 1
            if part == "":  # `a[]=v` appends
                part = str(len(node))
            if last:
                node[part] = value
            else:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = {}
                    node[part] = child
                node = child
    return result


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _compare(left: Any, right: Any) -> int:
    """SQL-like comparison: numerically when both sides are numbers, else case-insensitive text."""
    a, b = _number(left), _number(right)
    if a is not None and b is not None:
        return (a > b) - (a < b)
    x, y = _text(left).lower(), _text(right).lower()
    return (x > y) - (x < y)


def _like(pattern: str) -> re.Pattern[str]:
    parts = []
    for char in pattern:
        if char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("^" + "".join(parts) + "$", re.IGNORECASE | re.DOTALL)


def _single(value: Any, condition: str, wanted: str) -> bool:
    if condition == "null":
        return value is None or value == ""
    if condition == "notnull":
        return not (value is None or value == "")
    if value is None:
        return False
    if condition in {"eq", "neq"}:
        equal = _compare(value, wanted) == 0
        return equal if condition == "eq" else not equal
    if condition in {"gt", "lt", "gteq", "lteq", "moreq", "from", "to"}:
        order = _compare(value, wanted)
        return {
            "gt": order > 0,
            "lt": order < 0,
            "gteq": order >= 0,
            "moreq": order >= 0,
            "from": order >= 0,
            "lteq": order <= 0,
            "to": order <= 0,
        }[condition]
    if condition in {"like", "nlike"}:
        found = _like(wanted).match(_text(value)) is not None
        return found if condition == "like" else not found
    if condition in {"in", "nin"}:
        options = [item.strip() for item in wanted.split(",")]
        found = any(_compare(value, option) == 0 for option in options)
        return found if condition == "in" else not found
    if condition in {"finset", "nfinset"}:
        members = [item.strip().lower() for item in _text(value).split(",")]
        found = wanted.strip().lower() in members
        return found if condition == "finset" else not found
    return _compare(value, wanted) == 0  # unknown condition types behave as eq


def _matches(value: Any, condition: str, wanted: str) -> bool:
    """A multi-valued field (a product's categories) matches when any of its values does."""
    if isinstance(value, list):
        if condition in {"neq", "nin", "nlike", "nfinset"}:
            return all(_single(item, condition, wanted) for item in value)
        if condition in {"null", "notnull"}:
            return _single(value or None, condition, wanted)
        return any(_single(item, condition, wanted) for item in value)
    return _single(value, condition, wanted)


def default_getter(record: dict[str, Any], name: str) -> Any:
    """A top-level field, else a custom attribute of that code."""
    if name in record:
        return record[name]
    for attribute in record.get("custom_attributes") or []:
        if attribute.get("attribute_code") == name:
            return attribute.get("value")
    return None


def search(
    criteria: dict[str, Any],
    records: list[dict[str, Any]],
    getter: Getter = default_getter,
    render: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Filter, sort and page `records`; the envelope `{items, search_criteria, total_count}`.

    `render`, when given, turns the stored records of the page into their REST shape: collections
    whose stored fields are the filterable ones (orders, documents) are then rendered only for the
    page, not whole, which keeps large order tables cheap to poll."""
    groups = criteria.get("filter_groups") or []
    matched = [
        record
        for record in records
        if all(
            any(
                _matches(
                    getter(record, str(f.get("field") or "")),
                    str(f.get("condition_type") or "eq").lower(),
                    "" if f.get("value") is None else str(f.get("value")),
                )
                for f in group.get("filters") or []
            )
            or not group.get("filters")
            for group in groups
        )
    ]
    for order in reversed(criteria.get("sort_orders") or []):
        name = str(order.get("field") or "")
        descending = str(order.get("direction") or "").upper() != "ASC"

        def key_cmp(a: dict[str, Any], b: dict[str, Any], name: str = name) -> int:
            left, right = getter(a, name), getter(b, name)
            if left is None or right is None:  # NULL sorts first ascending, as in MySQL
                return (left is not None) - (right is not None)
            return _compare(left, right)

        matched.sort(key=cmp_to_key(key_cmp), reverse=descending)
    total = len(matched)
    page_size = criteria.get("page_size")
    items = matched
    if page_size:
        last_page = max(1, -(-total // page_size))
        page = min(max(1, criteria.get("current_page") or 1), last_page)
        items = matched[(page - 1) * page_size : page * page_size]
    if render is not None:
        items = [render(item) for item in items]
    return {"items": items, "search_criteria": echo(criteria), "total_count": total}


def echo(criteria: dict[str, Any]) -> dict[str, Any]:
    """What Magento sends back as `search_criteria`: what was sent, snake_case, defaults filled."""
    result: dict[str, Any] = {
        "filter_groups": [
            {
                "filters": [
                    {
                        "field": f.get("field"),
                        "value": f.get("value"),
                        "condition_type": f.get("condition_type") or "eq",
                    }
                    for f in group.get("filters") or []
                ]
            }
            for group in criteria.get("filter_groups") or []
        ]
    }
    if criteria.get("sort_orders") is not None:
        result["sort_orders"] = [
            {
                key: value
                for key, value in (("field", o.get("field")), ("direction", o.get("direction")))
                if value is not None
            }
            for o in criteria["sort_orders"]
        ]
    if criteria.get("page_size") is not None:
        result["page_size"] = criteria["page_size"]
    if criteria.get("current_page") is not None:
        result["current_page"] = criteria["current_page"]
    return result
