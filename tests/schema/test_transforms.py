"""Every transform, both ways, table-driven (no database)."""

from __future__ import annotations

from typing import Any

import pytest

from schema.transforms import (
    TRANSFORMS,
    TransformContext,
    TransformError,
    get_transform,
    transform_choices,
    validate_transform,
)

RECORD = {"WeightUOM": "LB", "lastname": "Doe", "middle": None}
LOOKUPS = {"customer_group": {"GENERAL": 1, "WHOLESALE": 2}, "empty": {}}


def _context(direction: str) -> TransformContext:
    return TransformContext(direction, LOOKUPS, lambda path: RECORD.get(path))  # type: ignore[arg-type]


A2M = [
    # (transform, options, Acumatica value, Magento value)
    ("text", {}, "  Steel bolt ", "Steel bolt"),
    ("text", {}, None, None),
    ("text", {}, "   ", None),
    ("text", {}, 12.0, "12"),
    ("text", {}, 12.5, "12.5"),
    ("text", {"max_length": 5}, "Steel bolt", "Steel"),
    ("text", {"case": "upper"}, "m8", "M8"),
    ("text", {"case": "lower", "strip": False}, " AB ", " ab "),
    ("decimal", {}, 1222.8, 1222.8),
    ("decimal", {}, "1199.60", 1199.6),
    ("decimal", {"places": 2}, 1865.73134, 1865.73),
    ("decimal", {}, 3, 3.0),
    ("decimal", {}, None, None),
    ("integer", {}, "12", 12),
    ("integer", {}, 7.0, 7),
    ("integer", {}, None, None),
    ("boolean", {}, True, True),
    ("boolean", {}, "false", False),
    ("boolean", {"output": "int"}, True, 1),
    ("boolean", {"output": "string"}, False, "0"),
    ("boolean", {"negate": True}, True, False),
    ("boolean", {}, None, None),
    ("date", {}, "2024-12-18T00:00:00+03:00", "2024-12-18"),  # the calendar day in its own zone
    ("date", {"format": "datetime"}, "2024-12-18T17:07:45.433+02:00", "2024-12-18 15:07:45"),
    ("date", {}, "07/04/2026 00:09:02", "2026-07-04"),
    ("date", {}, None, None),
    ("visibility", {}, "Catalog and Search", 4),
    ("visibility", {}, "Catalog, Search", 4),
    ("visibility", {}, "not visible individually", 1),
    ("visibility", {}, "Catalog", 2),
    ("visibility", {}, "Search", 3),
    ("visibility", {}, "Invisible", 1),
    ("visibility", {}, "Featured", 4),
    ("visibility", {}, 3, 3),
    ("visibility", {"map": {"Hidden": 1}}, "hidden", 1),
    ("status", {}, "Active", 1),
    ("status", {}, "No Purchases", 1),
    ("status", {}, "Inactive", 2),
    ("status", {}, "No Sales", 2),
    ("status", {}, "Marked for Deletion", 2),
    ("status", {"output": "bool"}, "Active", True),
    ("status", {"enabled": ["Active"]}, "No Request", 2),
    ("country_code", {}, "us", "US"),
    ("country_code", {}, "DEU", "DE"),
    ("country_code", {}, "Germany", "DE"),
    ("country_code", {"map": {"UK": "GB"}}, "UK", "GB"),
    ("unit", {"from": "KG", "to": "LB"}, 1, 2.2046),
    ("unit", {"from_path": "WeightUOM", "to": "kgs"}, 10, 4.5359),
    ("unit", {"from": "CM", "to": "IN", "places": 2}, 254, 100.0),
    ("unit", {"from": "L", "to": "GAL"}, "3.785411784", 1.0),
    ("lookup", {"table": "customer_group"}, "WHOLESALE", 2),
    ("lookup", {"table": "customer_group"}, "wholesale", 2),
    ("lookup", {"table": "customer_group", "default": 1}, "VIP", 1),
    ("lookup", {"map": {"RED": "52"}}, "RED", "52"),
    ("url_key", {}, "/Steel Bolt M8x40", "steel-bolt-m8x40"),
    ("url_key", {}, "Café Crème \u2013 250 g", "cafe-creme-250-g"),
    ("url_key", {}, "///", None),
    ("join", {"with": ["lastname"]}, "Jane", "Jane Doe"),
    ("join", {"with": ["middle", "lastname"], "separator": ", "}, "Jane", "Jane, Doe"),
    ("join", {"with": ["lastname"]}, None, "Doe"),
]


@pytest.mark.parametrize(("name", "options", "value", "expected"), A2M)
def test_transforms_convert_acumatica_values_for_magento(
    name: str, options: dict[str, Any], value: Any, expected: Any
) -> None:
    validate_transform(name, options)
    assert get_transform(name).apply(value, options, _context("a2m")) == expected


M2A = [
    # (transform, options, Magento value, Acumatica value)
    ("text", {}, " Jane ", "Jane"),
    ("decimal", {}, "49.50", 49.5),
    ("integer", {}, 2, 2),
    ("boolean", {}, "1", True),
    ("boolean", {"negate": True}, True, False),
    ("date", {}, "1990-05-17", "1990-05-17T00:00:00+00:00"),
    ("date", {}, "2024-05-02 09:14:07", "2024-05-02T09:14:07+00:00"),
    ("visibility", {}, 4, "Catalog and Search"),
    ("visibility", {}, "1", "Not Visible Individually"),
    ("status", {}, 1, "Active"),
    ("status", {}, 2, "Inactive"),
    ("status", {"output": "bool", "inactive_value": "On Hold"}, False, "On Hold"),
    ("country_code", {}, "de", "DE"),
    ("unit", {"from": "KG", "to": "LB"}, 2.2046226218, 1.0),
    ("lookup", {"table": "customer_group"}, 2, "WHOLESALE"),
    ("lookup", {"map": {"RED": "52"}}, "52", "RED"),
    ("url_key", {}, "Steel Bolt", "steel-bolt"),
    ("join", {"with": ["lastname"]}, "Jane", "Jane Doe"),
]


@pytest.mark.parametrize(("name", "options", "value", "expected"), M2A)
def test_transforms_convert_magento_values_back_for_acumatica(
    name: str, options: dict[str, Any], value: Any, expected: Any
) -> None:
    assert get_transform(name).apply(value, options, _context("m2a")) == expected


def test_every_registered_transform_is_covered_both_ways() -> None:
    assert {row[0] for row in A2M} == set(TRANSFORMS)
    assert {row[0] for row in M2A} == set(TRANSFORMS)
    assert [name for name, _ in transform_choices()] == sorted(TRANSFORMS)


BAD_VALUES = [
    ("decimal", {}, "12,5 EUR", "is not a number"),
    ("decimal", {}, True, "is not a number"),
    ("decimal", {}, "NaN", "not a finite number"),
    ("integer", {}, 2.5, "is not a whole number"),
    ("boolean", {}, "maybe", "is not a yes/no value"),
    ("date", {}, "next tuesday", "is not a date"),
    ("visibility", {}, "Everywhere", "is not a known visibility"),
    ("country_code", {}, "Atlantis", "is not a known country"),
    ("unit", {"from_path": "Missing", "to": "LB"}, 5, "no source unit"),
    ("unit", {"from": "KG", "to": "LB"}, "heavy", "is not a number"),
    ("unit", {"from_path": "WeightUOM", "to": "M"}, 5, "cannot convert LB"),
    ("lookup", {"table": "customer_group"}, "VIP", "no mapping for 'VIP' in mapping table 'customer_group'"),
    ("lookup", {"table": "price_class"}, "A", "mapping table 'price_class' was not provided"),
    ("lookup", {"map": {"RED": "52"}}, "BLUE", "no mapping for 'BLUE' in the field's map"),
]


@pytest.mark.parametrize(("name", "options", "value", "message"), BAD_VALUES)
def test_values_a_transform_cannot_convert_raise_a_clear_error(
    name: str, options: dict[str, Any], value: Any, message: str
) -> None:
    with pytest.raises(TransformError, match=message.replace("(", r"\(").replace(")", r"\)")):
        get_transform(name).apply(value, options, _context("a2m"))


def test_status_and_visibility_refuse_unknown_magento_values() -> None:
    with pytest.raises(TransformError, match="not a Magento status"):
        get_transform("status").apply(7, {}, _context("m2a"))
    with pytest.raises(TransformError, match="not a Magento visibility"):
        get_transform("visibility").apply(9, {}, _context("m2a"))
    with pytest.raises(TransformError, match="needs a fixed 'from' unit"):
        get_transform("unit").apply(2, {"from_path": "WeightUOM", "to": "LB"}, _context("m2a"))


BAD_OPTIONS = [
    ("upper", {}, "unknown transform 'upper'; choose one of: boolean, country_code"),
    ("text", {"colour": "red"}, "transform 'text' has no option 'colour'"),
    ("text", {"max_length": -1}, "'max_length' must be a whole number"),
    ("text", {"case": "title"}, "'case' must be 'upper' or 'lower'"),
    ("text", {"empty": "blank"}, "'empty' must be 'omit' or 'clear'"),
    ("text", {"custom_type": "CustomTextField"}, "'custom_type' must be one of"),
    ("text", ["max_length"], "must be a JSON object"),
    ("decimal", {"places": 12}, "'places' must be at most 8"),
    ("boolean", {"output": "yes"}, "'output' must be 'bool', 'int' or 'string'"),
    ("date", {"format": "unix"}, "'format' must be 'date' or 'datetime'"),
    ("visibility", {"map": {"Hidden": 7}}, "Magento visibilities 1-4"),
    ("status", {"enabled": "Active"}, "list of Acumatica status names"),
    ("unit", {"from": "KG"}, "'to' \\(the Magento unit\\) is required"),
    ("unit", {"to": "LB"}, "exactly one of 'from'"),
    ("unit", {"from": "KG", "to": "CM"}, "cannot convert KG"),
    ("unit", {"from": "STONE", "to": "KG"}, "unknown unit 'STONE'"),
    ("lookup", {}, "exactly one of 'table'"),
    ("lookup", {"table": " "}, "must be a table name"),
    ("lookup", {"map": ["RED"]}, "'map' must be a JSON object"),
    ("join", {}, "'with' must be a list of paths"),
    ("join", {"with": ["last name"]}, "option 'with'"),
]


@pytest.mark.parametrize(("name", "options", "message"), BAD_OPTIONS)
def test_invalid_transform_names_and_options_are_refused(name: str, options: Any, message: str) -> None:
    with pytest.raises(TransformError, match=message):
        validate_transform(name, options)
