"""Value-type transforms: text, decimal, integer, boolean, date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from schema.transforms.registry import Options, Transform, TransformContext, TransformError, register


def check_whole_number(options: Options, key: str, maximum: int | None = None) -> None:
    """Refuse an option that must be a whole number >= 0 (and <= maximum) but is not."""
    if options.get(key) is None:
        return
    value = options[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TransformError(f"option {key!r} must be a whole number of at least 0")
    if maximum is not None and value > maximum:
        raise TransformError(f"option {key!r} must be at most {maximum}")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any, options: Options, context: TransformContext) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value)
    if options.get("strip", True):
        result = result.strip()
    case = options.get("case")
    if case == "upper":
        result = result.upper()
    elif case == "lower":
        result = result.lower()
    if options.get("max_length"):
        result = result[: int(options["max_length"])]
    return result or None


def _check_text(options: Options) -> None:
    if options.get("case") not in (None, "upper", "lower"):
        raise TransformError("option 'case' must be 'upper' or 'lower'")
    if "strip" in options and not isinstance(options["strip"], bool):
        raise TransformError("option 'strip' must be true or false")
    check_whole_number(options, "max_length")


def to_decimal(value: Any) -> Decimal:
    """A number from an int, float, Decimal or numeric string ("1199.60"); never from a bool."""
    if isinstance(value, bool):
        raise TransformError(f"{value!r} is not a number")
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise TransformError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise TransformError(f"{value!r} is not a finite number")
    return number


def decimal(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    return float(round(to_decimal(value), int(options.get("places", 4))))


def integer(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    number = to_decimal(value)
    if number != number.to_integral_value():
        raise TransformError(f"{value!r} is not a whole number")
    return int(number)


_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"0", "false", "no", "n", "off"}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    lowered = str(value).strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise TransformError(f"{value!r} is not a yes/no value")


def _boolean_to_magento(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    flag = parse_bool(value) != bool(options.get("negate", False))
    output = options.get("output", "bool")
    if output == "int":
        return int(flag)
    if output == "string":  # EAV yes/no custom attributes travel as "1"/"0"
        return "1" if flag else "0"
    return flag


def _boolean_to_acumatica(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    return parse_bool(value) != bool(options.get("negate", False))


def _check_boolean(options: Options) -> None:
    if options.get("output", "bool") not in {"bool", "int", "string"}:
        raise TransformError("option 'output' must be 'bool', 'int' or 'string'")
    if "negate" in options and not isinstance(options["negate"], bool):
        raise TransformError("option 'negate' must be true or false")


# Some Acumatica contract fields are plain strings holding US-format dates ("07/04/2026 00:09:02").
_US_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y")


def parse_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    stripped = str(value).strip()
    try:
        return datetime.fromisoformat(stripped)
    except ValueError:
        pass
    for pattern in _US_FORMATS:
        try:
            return datetime.strptime(stripped, pattern)
        except ValueError:
            continue
    raise TransformError(f"{value!r} is not a date")


def _date_to_magento(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    moment = parse_datetime(value)
    if options.get("format", "date") == "date":
        # A date-only Acumatica value is midnight in the tenant's zone: keep its calendar day.
        return moment.strftime("%Y-%m-%d")
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)  # Magento stores and returns UTC
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _date_to_acumatica(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    moment = parse_datetime(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def _check_date(options: Options) -> None:
    if options.get("format", "date") not in {"date", "datetime"}:
        raise TransformError("option 'format' must be 'date' or 'datetime'")


register(
    Transform(
        "text",
        "Text",
        text,
        text,
        options=frozenset({"max_length", "case", "strip"}),
        check_options=_check_text,
    )
)
register(
    Transform(
        "decimal",
        "Decimal number",
        decimal,
        decimal,
        options=frozenset({"places"}),
        check_options=lambda options: check_whole_number(options, "places", maximum=8),
        custom_type="CustomDecimalField",
    )
)
register(Transform("integer", "Whole number", integer, integer, custom_type="CustomIntField"))
register(
    Transform(
        "boolean",
        "Yes/No",
        _boolean_to_magento,
        _boolean_to_acumatica,
        options=frozenset({"output", "negate"}),
        check_options=_check_boolean,
        custom_type="CustomBooleanField",
    )
)
register(
    Transform(
        "date",
        "Date",
        _date_to_magento,
        _date_to_acumatica,
        options=frozenset({"format"}),
        check_options=_check_date,
        custom_type="CustomDateTimeField",
    )
)
