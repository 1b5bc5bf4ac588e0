"""Magento's service input processor: JSON bodies become typed method parameters, or a 400.

Magento deserialises every body against the PHP data interfaces of the service method. This
module holds the interfaces the sandbox accepts as data (field -> type, snake_case, each named
after the schema definition it mirrors, so a test can compare them with the real schema) and the
conversion rules of `ServiceInputProcessor`/`TypeProcessor`:

- keys may be camelCase or snake_case (`saveOptions` = `save_options`, `attributeSetId` = ...);
- an unknown field of a strict data object is a 400 `"%fieldName" is not supported...` (2.4.7+);
- scalars are cast like PHP `settype` (numeric strings become numbers, anything becomes a string,
  booleans follow `FILTER_VALIDATE_BOOLEAN`); a wrong type is a 400 whose rendered text names every
  enclosing field (`Error occurred during "quantity" processing. The "x" value's type is ...`);
- a missing required method parameter is `"%fieldName" is required. Enter and try again.`.

Interfaces whose real field list is long and install-dependent (orders, order items, payments)
are declared lenient: their fields are kept as sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import MagentoError, required


@dataclass(frozen=True)
class Scalar:
    name: str  # int, float, string, bool, mixed


@dataclass(frozen=True)
class ListOf:
    item: Any  # Scalar | Interface


@dataclass(frozen=True)
class Interface:
    schema: str  # the definition name in the Magento admin schema
    fields: dict[str, Any] = field(hash=False)
    strict: bool = True


@dataclass(frozen=True)
class Param:
    """One service-method parameter: PHP name (camelCase), type, required or default."""

    name: str
    type: Any
    required: bool = True
    default: Any = None

    @property
    def key(self) -> str:
        return snake(self.name)


INT, FLOAT, STR = Scalar("int"), Scalar("float"), Scalar("string")
BOOL, ANY = Scalar("bool"), Scalar("mixed")
CUSTOM_ATTRIBUTES = Scalar("custom_attributes")  # list or map of {attribute_code, value}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


# ------------------------------------------------------------------ conversion
_NUMERIC = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
_PHP_TYPE = {bool: "boolean", int: "integer", float: "double", str: "string"}


class _Invalid(Exception):
    """A SerializationException: its text already names the enclosing fields, rendered."""


def _type_error(value: Any, type_name: str) -> _Invalid:
    shown = value
    if isinstance(value, bool):
        shown = "1" if value else ""
    elif isinstance(value, list | dict):
        shown = "array"
    return _Invalid(
        f'The "{shown}" value\'s type is invalid. The "{type_name}" type was expected. Verify and try again.'
    )


def _is_numeric(value: Any) -> bool:
    """PHP `is_numeric`: numbers and numeric strings, never booleans."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and _NUMERIC.match(value) is not None


def _scalar(value: Any, type_name: str) -> Any:
    if value is None or type_name == "mixed":
        return value
    if isinstance(value, list | dict):
        raise _type_error(value, type_name)
    if type_name == "bool":
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"1", "true", "on", "yes"}
    if type_name in {"int", "float"}:
        if not _is_numeric(value):
            raise _type_error(value, type_name)
        number = float(value)
        if type_name == "int":
            return int(number)
        return number
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _custom_attributes(value: Any) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    entries: Iterable[tuple[Any, Any]]
    entries = (
        value.items() if isinstance(value, dict) else enumerate(value if isinstance(value, list) else [])
    )
    result: dict[str, dict[str, Any]] = {}
    for key, raw in entries:
        entry = raw if isinstance(raw, dict) else {"attribute_code": key, "value": raw}
        code = entry.get("attribute_code", entry.get("attributeCode"))
        if not code and "value" not in entry:
            raise _Invalid("An empty custom attribute is specified. Enter the attribute and try again.")
        if not code:
            raise _Invalid(
                "A custom attribute is specified with a missing attribute code. "
                "Verify the code and try again."
            )
        if "value" not in entry:
            raise _Invalid(
                f'The "{code}" attribute code doesn\'t have a value set. Enter the value and try again.'
            )
        result[str(code)] = {"attribute_code": str(code), "value": entry["value"]}
    return list(result.values())


def _convert(value: Any, type_: Any) -> Any:
    if isinstance(type_, Scalar):
        if type_ is CUSTOM_ATTRIBUTES:
            return _custom_attributes(value)
        return _scalar(value, type_.name)
    if isinstance(type_, ListOf):
        if value is None:
            return None
        if not isinstance(value, list | dict):
            item_name = type_.item.name if isinstance(type_.item, Scalar) else type_.item.schema
            raise _type_error(_PHP_TYPE.get(type(value), "string"), f"{item_name}[]")
        items = list(value.values()) if isinstance(value, dict) else value
        return [_convert(item, type_.item) for item in items]
    return _object(value, type_)


def _object(value: Any, interface: Interface) -> dict[str, Any]:
    data = value if isinstance(value, dict) else {}
    result: dict[str, Any] = {}
    for key, item in data.items():
        name = snake(str(key))
        if name not in interface.fields:
            if interface.strict:
                raise MagentoError(
                    400,
                    '"%fieldName" is not supported. Correct the field name and try again.',
                    {"fieldName": key},
                )
            result[name] = item
            continue
        try:
            result[name] = _convert(item, interface.fields[name])
        except _Invalid as exc:
            raise _Invalid(f'Error occurred during "{key}" processing. {exc}') from None
    return result


def convert(value: Any, type_: Any) -> Any:
    """Convert one value to `type_`; a type problem is a 400 with the rendered message."""
    try:
        return _convert(value, type_)
    except _Invalid as exc:
        raise MagentoError(400, str(exc)) from None


def convert_params(params: Iterable[Param], raw: dict[str, Any]) -> dict[str, Any]:
    """The method parameters of a call (snake_case keys) from the merged body/path/query input."""
    result: dict[str, Any] = {}
    missing: list[str] = []
    for param in params:
        if param.name in raw:
            value = raw[param.name]
        elif param.key in raw:
            value = raw[param.key]
        elif param.required:
            missing.append(param.name)
            continue
        else:
            result[param.key] = param.default
            continue
        result[param.key] = convert(value, param.type)
    if missing:
        raise required(*missing)
    return result
