"""Output rules of Magento's service output processor, shared by every route.

Timestamps are UTC `YYYY-MM-DD HH:MM:SS`; optional properties whose value is null are omitted
(required ones are sent as `null`); money is a JSON number; `fields=` trims a GET answer.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any


def timestamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S")


def clean(data: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop null optional properties; `keep` names the required ones, emitted even when null."""
    return {key: value for key, value in data.items() if value is not None or key in keep}


def money(value: Any) -> float:
    """A monetary amount as Magento computes it: rounded to cents (never `-0.0`)."""
    return round(float(value or 0), 2) + 0.0


def format_url_key(text: str) -> str:
    """Magento's `formatUrlKey`: transliterate, lower-case, anything else becomes `-`."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# ------------------------------------------------------------------ fields= (partial responses)
def _parse_fields(text: str, pos: int = 0) -> tuple[dict[str, Any], int]:
    """`items[sku,price],total_count` -> {"items": {"sku": {}, "price": {}}, "total_count": {}}."""
    result: dict[str, Any] = {}
    name = ""
    while pos < len(text):
        char = text[pos]
        if char == "[":
            nested, pos = _parse_fields(text, pos + 1)
            result[name.strip()] = nested
            name = ""
        elif char == "]":
            if name.strip():
                result[name.strip()] = {}
            return result, pos + 1
        elif char == ",":
            if name.strip():
                result[name.strip()] = {}
            name = ""
            pos += 1
        else:
            name += char
            pos += 1
    if name.strip():
        result[name.strip()] = {}
    return result, pos


def _trim(data: Any, spec: dict[str, Any]) -> Any:
    if not spec:
        return data
    if isinstance(data, list):
        return [_trim(item, spec) for item in data]
    if isinstance(data, dict):
        return {key: _trim(data[key], sub) for key, sub in spec.items() if key in data}
    return data


def apply_fields(data: Any, fields: str | None) -> Any:
    if not fields:
        return data
    spec, _ = _parse_fields(fields)
    return _trim(data, spec)
