"""A small builder for Acumatica `$filter` expressions (OData v3 URI conventions).

Only what the connector needs: literals quoted the OData way (`'O''Brien'`,
`datetimeoffset'2024-07-15T10:31:28.402+00:00'`), comparisons, and/or, and or-ed key lists cut
into chunks whose URL-encoded length stays under a budget, so "fetch these 400 changed items" is
a handful of list calls instead of 400 GETs and never an over-long URL (IIS refuses query strings
past 2,048 characters by default).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

# Leaves room under IIS's default 2,048-character query limit for $select/$expand/$custom.
DEFAULT_FILTER_BUDGET = 1500
_QUERY_SAFE = "$',()/*"


def literal(value: Any) -> str:
    """An OData literal. Datetimes must be timezone-aware (a naive one would be read in the
    tenant's time zone and silently shift the window)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"OData datetime literals need an aware datetime, got {value!r}")
        return f"datetimeoffset'{value.isoformat(timespec='milliseconds')}'"
    if isinstance(value, uuid.UUID):
        return f"guid'{value}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"No OData literal for {type(value).__name__}")


def _compare(field: str, operator: str, value: Any) -> str:
    return f"{field} {operator} {literal(value)}"


def eq(field: str, value: Any) -> str:
    return _compare(field, "eq", value)


def ne(field: str, value: Any) -> str:
    return _compare(field, "ne", value)


def gt(field: str, value: Any) -> str:
    return _compare(field, "gt", value)


def ge(field: str, value: Any) -> str:
    return _compare(field, "ge", value)


def lt(field: str, value: Any) -> str:
    return _compare(field, "lt", value)


def le(field: str, value: Any) -> str:
    return _compare(field, "le", value)


def _group(clause: str) -> str:
    return (
        f"({clause})"
        if " or " in clause and not (clause.startswith("(") and clause.endswith(")"))
        else clause
    )


def and_(*clauses: str) -> str:
    parts = [clause for clause in clauses if clause]
    return " and ".join(_group(clause) for clause in parts) if len(parts) > 1 else "".join(parts)


def or_(*clauses: str) -> str:
    parts = [clause for clause in clauses if clause]
    if len(parts) <= 1:
        return "".join(parts)
    return "(" + " or ".join(f"({p})" if " and " in p else p for p in parts) + ")"


def modified_between(field: str, since: datetime | None, until: datetime | None = None) -> str:
    """`[since, until)` on a last-modified field (the cursor window of design.md section 3)."""
    return and_(gt(field, since) if since else "", lt(field, until) if until else "")


def key_clause(fields: Sequence[str], key: Any) -> str:
    """`InventoryID eq 'A'`, or `OrderType eq 'SO' and OrderNbr eq '000123'` for a compound key."""
    values = key if isinstance(key, tuple | list) else (key,)
    if len(values) != len(fields):
        raise ValueError(f"Key {key!r} does not match key fields {list(fields)}")
    return and_(*(eq(field, value) for field, value in zip(fields, values, strict=True)))


def encoded_length(expression: str) -> int:
    return len(quote(expression, safe=_QUERY_SAFE))


def chunk_keys(
    fields: str | Sequence[str], keys: Iterable[Any], *, budget: int = DEFAULT_FILTER_BUDGET
) -> Iterator[tuple[list[Any], str]]:
    """Yield (keys, filter) pairs whose or-ed filter stays within `budget` URL-encoded characters.

    Every key is in exactly one chunk, in the given order; a key whose own clause exceeds the
    budget gets a chunk of its own.
    """
    names = [fields] if isinstance(fields, str) else list(fields)
    chunk: list[Any] = []
    clauses: list[str] = []
    length = 2  # the parentheses around an or-list
    separator = encoded_length(" or ")
    for key in keys:
        clause = key_clause(names, key)
        grouped = f"({clause})" if len(names) > 1 else clause
        cost = encoded_length(grouped) + (separator if clauses else 0)
        if clauses and length + cost > budget:
            yield chunk, or_(*clauses)
            chunk, clauses, length = [], [], 2
            cost = encoded_length(grouped)
        chunk.append(key)
        clauses.append(clause)
        length += cost
    if clauses:
        yield chunk, or_(*clauses)
