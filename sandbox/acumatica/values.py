"""Typed values: parsing what clients send, formatting what the API returns, the clock.

Acumatica is lenient on input (decimals as numbers or numeric strings, dates in ISO or US form,
with or without an offset) and precise on output (ISO 8601 with the tenant's offset, numbers as
JSON numbers). Times are kept at millisecond precision so that a value a client reads back and
uses in `LastModifiedDateTime gt datetimeoffset'...'` never re-selects the same record.
"""

from __future__ import annotations

import random
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000  # .NET DateTime.Ticks of 1970-01-01T00:00:00Z
CUSTOM_TYPES = {
    "CustomStringField": "String",
    "CustomDecimalField": "Decimal",
    "CustomIntField": "Int",
    "CustomShortField": "Short",
    "CustomLongField": "Long",
    "CustomByteField": "Byte",
    "CustomBooleanField": "Boolean",
    "CustomDateTimeField": "DateTime",
    "CustomDoubleField": "Double",
    "CustomGuidField": "Guid",
}
INTEGER_TYPES = ("Int", "Short", "Long", "Byte")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$", re.I)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class ConversionError(ValueError):
    """A value that cannot be converted to the field's type; the message is shown to the client."""


def is_guid(text: str) -> bool:
    return bool(_GUID.match(text))


class GuidSource:
    """GUIDs drawn from a seeded stream, so a tenant built from the same seed and driven by the
    same requests has the same record ids (stable demo data, reproducible test runs). Each tenant
    has its own stream, made current for the code serving it by `guid_source`."""

    def __init__(self, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(seed)

    def reseed(self, seed: int) -> None:
        with self._lock:
            self._random = random.Random(seed)

    def next(self) -> str:
        with self._lock:
            return str(uuid.UUID(int=self._random.getrandbits(128), version=4))


_UNSEEDED = GuidSource()
_CURRENT: ContextVar[GuidSource] = ContextVar("acumatica_guid_source", default=_UNSEEDED)


@contextmanager
def guid_source(source: GuidSource) -> Iterator[None]:
    """Draw `new_guid()` from `source` for the duration of the block (one tenant's request)."""
    token = _CURRENT.set(source)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def new_guid(seed: str | None = None) -> str:
    """A GUID: derived from `seed` when given (ids of computed rows), else the next of the current
    tenant's stream."""
    if seed is not None:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"acumatica-sandbox:{seed}"))
    return _CURRENT.get().next()


def truncate_ms(moment: datetime) -> datetime:
    return moment.replace(microsecond=(moment.microsecond // 1000) * 1000)


class Clock:
    """Wall-clock UTC time at millisecond precision, strictly increasing across calls, so two
    changes never share a last-modified value."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = datetime(2000, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        with self._lock:
            moment = truncate_ms(datetime.now(UTC))
            if moment <= self._last:
                moment = self._last + timedelta(milliseconds=1)
            self._last = moment
            return moment


def dotnet_ticks(moment: datetime) -> int:
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return TICKS_AT_UNIX_EPOCH + (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def parse_datetime(raw: Any) -> datetime:
    """ISO 8601 (offset optional, date-only allowed) or US `M/D/YYYY [h:mm[:ss] [AM|PM]]`;
    naive values are in the tenant's time zone (UTC here)."""
    if isinstance(raw, datetime):
        moment = raw
    elif isinstance(raw, date):
        moment = datetime(raw.year, raw.month, raw.day)
    elif isinstance(raw, str):
        text = raw.strip()
        match = _US_DATE.match(text)
        if match:
            month, day, year, hour, minute, second, ampm = match.groups()
            h = int(hour or 0)
            if ampm:
                h = h % 12 + (12 if ampm.upper() == "PM" else 0)
            moment = datetime(int(year), int(month), int(day), h, int(minute or 0), int(second or 0))
        else:
            try:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                raise ConversionError(f"The value '{raw}' cannot be converted to a date.") from None
    else:
        raise ConversionError(f"The value '{raw}' cannot be converted to a date.")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return truncate_ms(moment.astimezone(UTC))


def parse_value(type_name: str, raw: Any) -> Any:
    """Convert a client-sent `value` to the internal value of a `type_name` field."""
    if raw is None:
        return None
    if type_name == "String":
        return raw if isinstance(raw, str) else str(raw)
    if type_name in ("Decimal", "Double"):
        if isinstance(raw, bool):
            raise ConversionError(f"The value '{raw}' cannot be converted to a number.")
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ConversionError(f"The value '{raw}' cannot be converted to a number.") from None
        if not number.is_finite():
            raise ConversionError(f"The value '{raw}' cannot be converted to a number.")
        return number if type_name == "Decimal" else float(number)
    if type_name in INTEGER_TYPES:
        if isinstance(raw, bool):
            raise ConversionError(f"The value '{raw}' cannot be converted to an integer.")
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ConversionError(f"The value '{raw}' cannot be converted to an integer.") from None
        if number != number.to_integral_value():
            raise ConversionError(f"The value '{raw}' cannot be converted to an integer.")
        return int(number)
    if type_name == "Boolean":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return raw.strip().lower() == "true"
        if isinstance(raw, int):
            return bool(raw)
        raise ConversionError(f"The value '{raw}' cannot be converted to a Boolean value.")
    if type_name == "DateTime":
        return parse_datetime(raw)
    if type_name == "Guid":
        text = str(raw).strip()
        if not is_guid(text):
            raise ConversionError(f"The value '{raw}' is not a valid GUID.")
        return text.lower()
    raise ConversionError(f"Unsupported field type {type_name}.")


def format_datetime(moment: datetime) -> str:
    """`2024-12-18T17:07:45.433+00:00`: ISO 8601, fraction without trailing zeros."""
    moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += ("." + f"{moment.microsecond:06d}").rstrip("0")
    return text + "+00:00"


def format_plain_datetime(moment: datetime) -> str:
    """Push-notification style: no offset, fraction trimmed (`2024-05-05T15:16:23.1`)."""
    text = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += ("." + f"{moment.microsecond:06d}").rstrip("0")
    return text


def format_number(number: Decimal | float | int) -> int | float:
    if isinstance(number, bool):
        return int(number)
    if isinstance(number, int):
        return number
    value = Decimal(str(number))
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def format_value(type_name: str, value: Any) -> Any:
    """The JSON `value` of an internal value."""
    if value is None:
        return None
    if type_name in ("Decimal", "Double"):
        return format_number(value)
    if type_name in INTEGER_TYPES:
        return int(value)
    if type_name == "DateTime":
        return format_datetime(value)
    return value


def money(value: Decimal | int | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
