"""Shared helpers of the contract checks."""

from __future__ import annotations

import difflib
import re
from typing import Any

from schema.paths import PathError


def unknown(owner: str, name: str, known: Any) -> PathError:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return PathError(f"{owner} has no field {name!r}{hint}")


def top(entity: str, table: dict[str, Any]) -> Any:
    if entity not in table:
        raise PathError(f"unknown entity {entity!r}; choose one of: {', '.join(sorted(table))}")
    return table[entity]


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_identifier(name: str) -> bool:
    """True for a name usable as a path segment (custom view and field names from Refresh Schema)."""
    return bool(_IDENTIFIER.match(name))
