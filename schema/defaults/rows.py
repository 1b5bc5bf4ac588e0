"""The row helper the shipped catalogs are written with."""

from __future__ import annotations

from typing import Any

from schema.mapping import FieldDirection

# (display name, reference path, input name, transform, options, active, required, direction or None)
Row = tuple[str, str, str, str, dict[str, Any], bool, bool, FieldDirection | None]

YES_NO = {"output": "string"}  # Magento yes/no attributes travel as "1"/"0"


def field(
    name: str,
    reference: str,
    input_name: str,
    transform: str = "text",
    *,
    active: bool = False,
    required: bool = False,
    direction: FieldDirection | None = None,
    opts: dict[str, Any] | None = None,
    **options: Any,
) -> Row:
    return (name, reference, input_name, transform, {**(opts or {}), **options}, active, required, direction)
