"""Domain transforms: visibility, status, country code, unit conversion, lookup, URL key, join."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pycountry

from schema.paths import PathError, parse_path
from schema.transforms.basic import check_whole_number, is_blank, text, to_decimal
from schema.transforms.registry import (
    Direction,
    Options,
    Transform,
    TransformContext,
    TransformError,
    register,
)

# ---------------------------------------------------------------- visibility

# Magento: 1 Not Visible Individually, 2 Catalog, 3 Search, 4 Catalog, Search. Acumatica sends the
# Kensium-style labels of the stock item's Visibility, or the commerce values Visible / Featured /
# Invisible of `StockItem.Visibility`.
MAGENTO_VISIBILITY = {
    "not visible individually": 1,
    "catalog": 2,
    "search": 3,
    "catalog, search": 4,
    "catalog and search": 4,
    "visible": 4,
    "featured": 4,
    "invisible": 1,
}
VISIBILITY_LABELS = {1: "Not Visible Individually", 2: "Catalog", 3: "Search", 4: "Catalog and Search"}


def _label_key(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value).strip().casefold())


def _visibility_to_magento(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value in VISIBILITY_LABELS:
        return value
    table = {**MAGENTO_VISIBILITY, **{_label_key(k): v for k, v in options.get("map", {}).items()}}
    key = _label_key(value)
    if key.isdigit() and int(key) in VISIBILITY_LABELS:
        return int(key)
    if key not in table:
        raise TransformError(f"{value!r} is not a known visibility")
    return table[key]


def _visibility_to_acumatica(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise TransformError(f"{value!r} is not a Magento visibility (1-4)") from None
    if number not in VISIBILITY_LABELS:
        raise TransformError(f"{value!r} is not a Magento visibility (1-4)")
    return VISIBILITY_LABELS[number]


def _check_visibility(options: Options) -> None:
    table = options.get("map", {})
    if not isinstance(table, Mapping) or any(v not in VISIBILITY_LABELS for v in table.values()):
        raise TransformError("option 'map' must map labels to Magento visibilities 1-4")


# ---------------------------------------------------------------- status

# An Acumatica item status that still sells is enabled in Magento (status 1); the others disable it (2).
SELLING_STATUSES = ("Active", "No Purchases", "No Request")


def _status_to_magento(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        enabled = value
    else:
        selling = {_label_key(s) for s in options.get("enabled", SELLING_STATUSES)}
        enabled = _label_key(value) in selling
    if options.get("output", "int") == "bool":
        return enabled
    return 1 if enabled else 2


def _status_to_acumatica(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    if str(value).strip().lower() in {"1", "true"}:
        enabled = True
    elif str(value).strip().lower() in {"2", "0", "false"}:
        enabled = False
    else:
        raise TransformError(f"{value!r} is not a Magento status (1 enabled, 2 disabled)")
    return options.get("active_value", "Active") if enabled else options.get("inactive_value", "Inactive")


def _check_status(options: Options) -> None:
    enabled = options.get("enabled", SELLING_STATUSES)
    if not isinstance(enabled, list | tuple) or not all(isinstance(s, str) for s in enabled):
        raise TransformError("option 'enabled' must be a list of Acumatica status names")
    if options.get("output", "int") not in {"int", "bool"}:
        raise TransformError("option 'output' must be 'int' (1 enabled / 2 disabled) or 'bool'")


# ---------------------------------------------------------------- country code


def _country(value: Any, options: Options, context: TransformContext) -> Any:
    """ISO 3166-1 alpha-2, as both Acumatica's Country IDs and Magento's country_id are."""
    if is_blank(value):
        return None
    overrides = {str(k).strip().upper(): v for k, v in options.get("map", {}).items()}
    stripped = str(value).strip()
    if stripped.upper() in overrides:
        return overrides[stripped.upper()]
    try:
        return str(pycountry.countries.lookup(stripped).alpha_2)
    except LookupError:
        raise TransformError(f"{value!r} is not a known country") from None


def _check_map(options: Options) -> None:
    if not isinstance(options.get("map", {}), Mapping):
        raise TransformError("option 'map' must be a JSON object")


# ---------------------------------------------------------------- unit conversion

# Factors to a base unit per dimension (kg, m, l). Names are Acumatica UOM codes and Magento's
# weight units (lbs/kgs), case-insensitive.
UNITS: dict[str, tuple[str, Decimal]] = {
    "KG": ("weight", Decimal(1)),
    "KGS": ("weight", Decimal(1)),
    "KILOGRAM": ("weight", Decimal(1)),
    "G": ("weight", Decimal("0.001")),
    "GRAM": ("weight", Decimal("0.001")),
    "MG": ("weight", Decimal("0.000001")),
    "LB": ("weight", Decimal("0.45359237")),
    "LBS": ("weight", Decimal("0.45359237")),
    "POUND": ("weight", Decimal("0.45359237")),
    "OZ": ("weight", Decimal("0.028349523125")),
    "OUNCE": ("weight", Decimal("0.028349523125")),
    "M": ("length", Decimal(1)),
    "METER": ("length", Decimal(1)),
    "CM": ("length", Decimal("0.01")),
    "MM": ("length", Decimal("0.001")),
    "IN": ("length", Decimal("0.0254")),
    "INCH": ("length", Decimal("0.0254")),
    "FT": ("length", Decimal("0.3048")),
    "L": ("volume", Decimal(1)),
    "LITER": ("volume", Decimal(1)),
    "LITRE": ("volume", Decimal(1)),
    "ML": ("volume", Decimal("0.001")),
    "M3": ("volume", Decimal(1000)),
    "CM3": ("volume", Decimal("0.001")),
    "FT3": ("volume", Decimal("28.316846592")),
    "IN3": ("volume", Decimal("0.016387064")),
    "GAL": ("volume", Decimal("3.785411784")),
}


def _unit(name: Any) -> tuple[str, Decimal]:
    try:
        return UNITS[str(name).strip().upper()]
    except KeyError:
        raise TransformError(f"unknown unit {name!r}") from None


def convert_units(amount: Any, source: Any, target: Any, places: int = 4) -> float:
    source_dimension, source_factor = _unit(source)
    target_dimension, target_factor = _unit(target)
    if source_dimension != target_dimension:
        raise TransformError(f"cannot convert {source} ({source_dimension}) to {target} ({target_dimension})")
    return float(round(to_decimal(amount) * source_factor / target_factor, places))


def _unit_to_magento(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    source = context.read(options["from_path"]) if options.get("from_path") else options.get("from")
    if is_blank(source):
        raise TransformError(f"no source unit ({options.get('from_path') or 'from'}) for {value!r}")
    return convert_units(value, source, options["to"], int(options.get("places", 4)))


def _unit_to_acumatica(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    if not options.get("from"):
        raise TransformError("converting back needs a fixed 'from' unit, not 'from_path'")
    return convert_units(value, options["to"], options["from"], int(options.get("places", 4)))


def _check_unit(options: Options) -> None:
    if not options.get("to"):
        raise TransformError("option 'to' (the Magento unit) is required")
    _unit(options["to"])
    if bool(options.get("from")) == bool(options.get("from_path")):
        raise TransformError("give exactly one of 'from' (a unit) or 'from_path' (the record's unit field)")
    if options.get("from"):
        convert_units(1, options["from"], options["to"])
    check_whole_number(options, "places", maximum=8)


def _unit_paths(options: Options, direction: Direction) -> list[str]:
    return [options["from_path"]] if direction == "a2m" and options.get("from_path") else []


# ---------------------------------------------------------------- lookup through a mapping table


def _table(options: Options, context: TransformContext) -> Mapping[str, Any]:
    if "map" in options:
        table: Mapping[str, Any] = options["map"]
        return table
    name = options["table"]
    if name not in context.lookups:
        raise TransformError(f"mapping table {name!r} was not provided")
    return context.lookups[name]


def _find(table: Mapping[Any, Any], key: Any) -> Any:
    if key in table:
        return table[key]
    wanted = str(key).strip().casefold()
    for candidate, result in table.items():
        if str(candidate).strip().casefold() == wanted:
            return result
    raise KeyError(key)


def _lookup(value: Any, options: Options, context: TransformContext) -> Any:
    if is_blank(value):
        return None
    table = _table(options, context)
    if context.direction == "m2a":
        table = {result: key for key, result in reversed(list(table.items()))}
    try:
        return _find(table, value)
    except KeyError:
        if "default" in options:
            return options["default"]
        where = f"mapping table {options['table']!r}" if "table" in options else "the field's map"
        raise TransformError(f"no mapping for {value!r} in {where}") from None


def _check_lookup(options: Options) -> None:
    if ("table" in options) == ("map" in options):
        raise TransformError("give exactly one of 'table' (a mapping table name) or 'map' (an inline object)")
    if "table" in options and (not isinstance(options["table"], str) or not options["table"].strip()):
        raise TransformError("option 'table' must be a table name")
    _check_map(options)


# ---------------------------------------------------------------- URL key


def url_key(value: Any, options: Options, context: TransformContext) -> Any:
    """A Magento URL key: lower case ASCII words joined by hyphens ("/Steel Bolt M8" -> "steel-bolt-m8")."""
    if is_blank(value):
        return None
    ascii_text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or None


# ---------------------------------------------------------------- join


def _join(value: Any, options: Options, context: TransformContext) -> Any:
    """This field's value followed by the values at the `with` paths of the same record, e.g.
    first name + last name into one Acumatica name."""
    parts = [value, *(context.read(path) for path in options.get("with", []))]
    words = [str(text(part, {}, context)) for part in parts if text(part, {}, context) is not None]
    return options.get("separator", " ").join(words) or None


def _check_join(options: Options) -> None:
    paths = options.get("with")
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) and p for p in paths):
        raise TransformError("option 'with' must be a list of paths in the same record")
    for path in paths:
        try:
            parse_path(path)
        except PathError as error:
            raise TransformError(f"option 'with': {error}") from None
    if not isinstance(options.get("separator", " "), str):
        raise TransformError("option 'separator' must be text")


def _join_paths(options: Options, direction: Direction) -> list[str]:
    return list(options.get("with", []))


register(
    Transform(
        "visibility",
        "Visibility",
        _visibility_to_magento,
        _visibility_to_acumatica,
        options=frozenset({"map"}),
        check_options=_check_visibility,
    )
)
register(
    Transform(
        "status",
        "Status",
        _status_to_magento,
        _status_to_acumatica,
        options=frozenset({"enabled", "output", "active_value", "inactive_value"}),
        check_options=_check_status,
    )
)
register(
    Transform(
        "country_code",
        "Country code",
        _country,
        _country,
        options=frozenset({"map"}),
        check_options=_check_map,
    )
)
register(
    Transform(
        "unit",
        "Unit conversion",
        _unit_to_magento,
        _unit_to_acumatica,
        options=frozenset({"from", "from_path", "to", "places"}),
        check_options=_check_unit,
        custom_type="CustomDecimalField",
        extra_paths=_unit_paths,
    )
)
register(
    Transform(
        "lookup",
        "Lookup (mapping table)",
        _lookup,
        _lookup,
        options=frozenset({"table", "map", "default"}),
        check_options=_check_lookup,
    )
)
register(Transform("url_key", "URL key", url_key, url_key))
register(
    Transform(
        "join",
        "Join with other fields",
        _join,
        _join,
        options=frozenset({"with", "separator"}),
        check_options=_check_join,
        extra_paths=_join_paths,
    )
)
