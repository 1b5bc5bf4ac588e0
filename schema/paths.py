"""Field paths: where a value lives in an Acumatica record and where it goes in a Magento payload.

Both sides use one small grammar, so a schema row is two strings a merchant can read:

    path     := segment ("." segment)*
    segment  := NAME ["[" selector "]"]
    selector := ""  | "*"          every element of a list (the value is a list)
              | INDEX             one element by position (0-based)
              | KEY "=" VALUE     the first element whose KEY equals VALUE (case-insensitive)
              | FLAG              the first element whose FLAG is true

Acumatica records are value-wrapped (`{"Description": {"value": "..."}}`, `{}` = no value), linked
entities are nested objects, detail entities are lists, custom fields live under
`custom.<View>.<Field>` at the level that owns them. Magento payloads are plain JSON except
`custom_attributes`, a list of `{attribute_code, value}` that a path addresses by code
(`custom_attributes.meta_title`).

Pure functions over dicts: no Django, no HTTP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "MISSING",
    "PathError",
    "Segment",
    "Selector",
    "parse_path",
    "read_acumatica",
    "read_magento",
    "write_acumatica",
    "write_magento",
]

CUSTOM = "custom"
CUSTOM_ATTRIBUTES = "custom_attributes"

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SEGMENT = re.compile(rf"(?P<name>{_NAME})(?:\[(?P<selector>[^\[\]]*)\])?")
_SELECTOR_MATCH = re.compile(rf"^\s*(?P<key>{_NAME})\s*=\s*(?P<value>.*?)\s*$")


class _Missing:
    """The value of a path that does not exist in a record (as opposed to an existing empty value)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


class PathError(ValueError):
    """A path that cannot be parsed, or a write whose shape conflicts with the payload."""


@dataclass(frozen=True)
class Selector:
    kind: Literal["all", "index", "match", "flag"]
    key: str = ""
    value: str = ""
    index: int = 0

    def __str__(self) -> str:
        if self.kind == "all":
            return "[]"
        if self.kind == "index":
            return f"[{self.index}]"
        if self.kind == "flag":
            return f"[{self.key}]"
        return f"[{self.key}={self.value}]"


@dataclass(frozen=True)
class Segment:
    name: str
    selector: Selector | None = None

    def __str__(self) -> str:
        return self.name + (str(self.selector) if self.selector else "")


def _parse_selector(text: str, path: str) -> Selector:
    text = text.strip()
    if text in {"", "*"}:
        return Selector("all")
    if text.isdigit():
        return Selector("index", index=int(text))
    match = _SELECTOR_MATCH.match(text)
    if match:
        if not match["value"]:
            raise PathError(f"{path!r}: selector [{text}] has no value after '='")
        return Selector("match", key=match["key"], value=match["value"])
    if re.fullmatch(_NAME, text):
        return Selector("flag", key=text)
    raise PathError(f"{path!r}: selector [{text}] is not [], [N], [Key=Value] or [Flag]")


def parse_path(path: str) -> tuple[Segment, ...]:
    """Split a path into segments; raises PathError with the offending position."""
    if not isinstance(path, str) or not path.strip():
        raise PathError("a path is required")
    text = path.strip()
    segments: list[Segment] = []
    position = 0
    while True:
        match = _SEGMENT.match(text, position)
        if match is None:
            raise PathError(f"{path!r}: expected a field name at position {position + 1}")
        selector = match["selector"]
        segments.append(
            Segment(match["name"], _parse_selector(selector, path) if selector is not None else None)
        )
        position = match.end()
        if position == len(text):
            return tuple(segments)
        if text[position] == "[":
            raise PathError(
                f"{path!r}: the selector opened at position {position + 1} is not closed with ']'"
            )
        if text[position] != ".":
            raise PathError(f"{path!r}: unexpected {text[position]!r} at position {position + 1}")
        position += 1


def _plain(value: Any) -> Any:
    """Unwrap one Acumatica value object; `{}` (no value) becomes None."""
    if isinstance(value, dict):
        return value.get("value")
    return value


def _same(actual: Any, expected: str) -> bool:
    if isinstance(actual, bool):
        return expected.strip().lower() == ("true" if actual else "false")
    if actual is None:
        return False
    return str(actual).strip().casefold() == expected.strip().casefold()


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def _select(items: list[Any], selector: Selector, unwrap: bool, parent: dict[str, Any]) -> Any:
    """Apply a selector to a list: one element (or MISSING), or the whole list for `[]`."""
    if selector.kind == "all":
        return items
    if selector.kind == "index":
        return items[selector.index] if selector.index < len(items) else MISSING
    for item in items:
        if not isinstance(item, dict):
            continue
        actual = item.get(selector.key, MISSING)
        actual = _plain(actual) if unwrap else actual
        if selector.kind == "match" and _same(actual, selector.value):
            return item
        if selector.kind == "flag" and _truthy(actual):
            return item
    if selector.kind == "flag" and not unwrap:
        # A Magento customer names its default addresses by id at the top level
        # (`"default_billing": "7"`) while only some responses flag the address itself.
        wanted = parent.get(selector.key)
        if wanted not in (None, "", MISSING):
            for item in items:
                if isinstance(item, dict) and str(item.get("id")) == str(wanted):
                    return item
    return MISSING


def _read(node: Any, segments: tuple[Segment, ...], unwrap: bool) -> Any:
    for position, segment in enumerate(segments):
        if not isinstance(node, dict):
            return MISSING
        if not unwrap and segment.name == CUSTOM_ATTRIBUTES and position + 1 < len(segments):
            return _read_custom_attribute(node.get(CUSTOM_ATTRIBUTES), segments[position + 1 :])
        parent = node
        node = node.get(segment.name, MISSING)
        if node is MISSING:
            return MISSING
        if segment.selector is not None:
            if not isinstance(node, list):
                return MISSING
            node = _select(node, segment.selector, unwrap, parent)
            if node is MISSING:
                return MISSING
            if segment.selector.kind == "all":
                rest = segments[position + 1 :]
                if not rest:
                    return [_plain(item) if unwrap else item for item in node]
                values = [_read(item, rest, unwrap) for item in node]
                return [value for value in values if value is not MISSING]
    if unwrap:
        if isinstance(node, dict) and node and "value" not in node and "type" not in node:
            return MISSING  # a linked entity, not a field
        return _plain(node)
    return node


def _read_custom_attribute(attributes: Any, rest: tuple[Segment, ...]) -> Any:
    code = rest[0].name
    if isinstance(attributes, dict):  # Magento also accepts (and some code returns) the map form
        value = attributes.get(code, MISSING)
    elif isinstance(attributes, list):
        value = next(
            (a.get("value") for a in attributes if isinstance(a, dict) and a.get("attribute_code") == code),
            MISSING,
        )
    else:
        return MISSING
    if value is MISSING or len(rest) == 1:
        return value
    return _read({"v": value}, (Segment("v", rest[0].selector), *rest[1:]), unwrap=False)


def read_acumatica(record: dict[str, Any], path: str | tuple[Segment, ...]) -> Any:
    """The plain value at `path` in a value-wrapped Acumatica record.

    None when the field exists without a value (`{}`); MISSING when the path is not in the record
    (not expanded, no matching detail row, custom field not requested). `[]` yields a list.
    """
    segments = parse_path(path) if isinstance(path, str) else path
    return _read(record, segments, unwrap=True)


def read_magento(record: dict[str, Any], path: str | tuple[Segment, ...]) -> Any:
    """The value at `path` in a Magento record; MISSING when absent."""
    segments = parse_path(path) if isinstance(path, str) else path
    return _read(record, segments, unwrap=False)


def _typed(text: str, integers: bool) -> Any:
    """A selector value as JSON when a row is created: booleans keep their type (and, on the
    Magento side, integers too; Acumatica keys such as attribute IDs stay strings)."""
    stripped = text.strip()
    if stripped.lower() in {"true", "false"}:
        return stripped.lower() == "true"
    if integers and re.fullmatch(r"-?\d+", stripped):
        return int(stripped)
    return stripped


def _element(
    items: list[Any], selector: Selector, wrap: bool, parent: dict[str, Any], path: str
) -> dict[str, Any]:
    """The list element a selector addresses, created when it does not exist yet."""
    found = _select(items, selector, unwrap=wrap, parent=parent)
    if isinstance(found, dict):
        return found
    if found is not MISSING:
        raise PathError(f"{path!r}: {selector} addresses a value, not an object")
    if selector.kind == "index":
        while len(items) <= selector.index:
            items.append({})
        if not isinstance(items[selector.index], dict):
            raise PathError(f"{path!r}: element {selector.index} is not an object")
        element: dict[str, Any] = items[selector.index]
        return element
    new: dict[str, Any] = {}
    if selector.kind == "match":
        value = _typed(selector.value, integers=not wrap)
        new[selector.key] = {"value": value} if wrap else value
    else:
        new[selector.key] = {"value": True} if wrap else True
    items.append(new)
    return new


def _write(
    node: dict[str, Any], segments: tuple[Segment, ...], value: Any, wrap: bool, path: str, leaf: Any
) -> None:
    head, rest = segments[0], segments[1:]
    if not wrap and head.name == CUSTOM_ATTRIBUTES and rest:
        if len(rest) != 1 or rest[0].selector is not None:
            raise PathError(f"{path!r}: custom_attributes.<code> takes exactly one attribute code")
        _write_custom_attribute(node, rest[0].name, value, path)
        return
    if head.selector is None:
        if not rest:
            node[head.name] = leaf(value)
            return
        child = node.setdefault(head.name, {})
        if not isinstance(child, dict):
            raise PathError(f"{path!r}: {head.name} is not an object")
        _write(child, rest, value, wrap, path, leaf)
        return
    items = node.setdefault(head.name, [])
    if not isinstance(items, list):
        raise PathError(f"{path!r}: {head.name} is not a list")
    if head.selector.kind == "all":
        values = value if isinstance(value, list | tuple) else [value]
        for position, item_value in enumerate(values):
            if not rest:
                while len(items) <= position:
                    items.append(None)
                items[position] = leaf(item_value)
                continue
            element = _element(items, Selector("index", index=position), wrap, node, path)
            _write(element, rest, item_value, wrap, path, leaf)
        return
    if not rest:
        if head.selector.kind != "index":
            raise PathError(f"{path!r}: a path cannot end in {head.selector}")
        while len(items) <= head.selector.index:
            items.append(None if wrap else "")
        items[head.selector.index] = leaf(value)
        return
    _write(_element(items, head.selector, wrap, node, path), rest, value, wrap, path, leaf)


def _write_custom_attribute(node: dict[str, Any], code: str, value: Any, path: str) -> None:
    attributes = node.setdefault(CUSTOM_ATTRIBUTES, [])
    if isinstance(attributes, dict):
        attributes[code] = value
        return
    if not isinstance(attributes, list):
        raise PathError(f"{path!r}: custom_attributes is not a list")
    for attribute in attributes:
        if isinstance(attribute, dict) and attribute.get("attribute_code") == code:
            attribute["value"] = value
            return
    attributes.append({"attribute_code": code, "value": value})


def write_magento(payload: dict[str, Any], path: str | tuple[Segment, ...], value: Any) -> None:
    """Set `path` in a Magento payload, creating objects, list elements and custom attributes."""
    segments = parse_path(path) if isinstance(path, str) else path
    text = path if isinstance(path, str) else ".".join(map(str, path))
    _write(payload, segments, value, wrap=False, path=text, leaf=lambda v: v)


def write_acumatica(
    payload: dict[str, Any],
    path: str | tuple[Segment, ...],
    value: Any,
    custom_type: str = "CustomStringField",
) -> None:
    """Set `path` in a value-wrapped Acumatica payload.

    Contract fields become `{"value": v}`; a field under `custom.<View>.<Field>` becomes
    `{"type": custom_type, "value": v}`, as the API expects on writes.
    """
    segments = parse_path(path) if isinstance(path, str) else path
    text = path if isinstance(path, str) else ".".join(map(str, path))
    in_custom = any(segment.name == CUSTOM for segment in segments[:-1])

    def leaf(v: Any) -> dict[str, Any]:
        return {"type": custom_type, "value": v} if in_custom else {"value": v}

    _write(payload, segments, value, wrap=True, path=text, leaf=leaf)
