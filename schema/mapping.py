"""The mapping engine: schema fields applied to records, as pure functions over dicts.

- `map_to_magento(record, fields)`: an Acumatica record (value-wrapped JSON) -> a Magento payload,
  using only the active fields that flow A to M.
- `map_to_acumatica(record, fields)`: a Magento record -> a value-wrapped Acumatica payload, for the
  entities that flow M to A (customers, order addresses).
- `build_read_plan(fields)`: the `$select` / `$expand` / `$custom` an entity's active fields need,
  so reads fetch only what is used (Acumatica's license counts calls and their size).
- `MappingResult.fingerprint`: a stable hash of the active mapped values, so a change to an
  inactive field leaves it unchanged and triggers no write.

A path that does not resolve, or a value a transform refuses, is reported as a `MappingIssue`
naming the field and the record key: a required field makes the result fail, any other field is
skipped. Imports nothing but the schema's own pure modules: no Django, no ORM, no HTTP.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from schema.paths import (
    CUSTOM,
    MISSING,
    PathError,
    Segment,
    parse_path,
    read_acumatica,
    read_magento,
    write_acumatica,
    write_magento,
)
from schema.transforms import Direction, TransformContext, TransformError, get_transform, validate_transform

__all__ = [
    "FieldSpec",
    "MappingError",
    "MappingIssue",
    "MappingResult",
    "ReadPlan",
    "build_read_plan",
    "fingerprint",
    "map_to_acumatica",
    "map_to_magento",
]

FieldDirection = Literal["both", "a2m", "m2a"]
Lookups = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class FieldSpec:
    """One schema field as plain data (the ORM model converts to this; tests build it directly).

    `api_reference_path` is where the value lives in the Acumatica record, `api_input_name` where
    it goes in the Magento payload. Both paths and the transform are checked on construction, so
    the engine never meets a malformed field.
    """

    api_reference_path: str
    api_input_name: str
    transform: str = "text"
    options: Mapping[str, Any] = field(default_factory=dict)
    active: bool = True
    required: bool = False
    direction: FieldDirection = "both"
    name: str = ""
    entity: str = ""
    tab: str = ""

    def __post_init__(self) -> None:
        if self.direction not in ("both", "a2m", "m2a"):
            raise ValueError(f"direction must be both, a2m or m2a, not {self.direction!r}")
        object.__setattr__(self, "_reference", parse_path(self.api_reference_path))
        object.__setattr__(self, "_input", parse_path(self.api_input_name))
        validate_transform(self.transform, self.options)

    @property
    def label(self) -> str:
        return self.name or self.api_reference_path

    @property
    def reference_segments(self) -> tuple[Segment, ...]:
        segments: tuple[Segment, ...] = self.__dict__["_reference"]
        return segments

    @property
    def input_segments(self) -> tuple[Segment, ...]:
        segments: tuple[Segment, ...] = self.__dict__["_input"]
        return segments

    def flows(self, direction: Direction) -> bool:
        return self.direction in ("both", direction)

    def source(self, direction: Direction) -> str:
        return self.api_reference_path if direction == "a2m" else self.api_input_name

    def target(self, direction: Direction) -> str:
        return self.api_input_name if direction == "a2m" else self.api_reference_path


@dataclass(frozen=True)
class MappingIssue:
    """A field that could not be mapped for one record, and why."""

    field: str
    path: str
    record_key: str
    reason: Literal["missing", "empty", "invalid"]
    message: str
    required: bool

    def __str__(self) -> str:
        record = f" of {self.record_key}" if self.record_key else ""
        return f"{self.field} ({self.path}){record}: {self.message}"


class MappingError(ValueError):
    """Raised by `MappingResult.raise_for_errors()` when a required field could not be mapped."""

    def __init__(self, issues: Sequence[MappingIssue]) -> None:
        self.issues = list(issues)
        super().__init__("; ".join(str(issue) for issue in self.issues))


@dataclass
class MappingResult:
    payload: dict[str, Any]
    values: dict[str, Any]  # target path -> mapped value (None = empty, MISSING = not in the record)
    issues: list[MappingIssue]
    signature: list[list[Any]]  # what the fingerprint covers: [target, source, transform, options, value]

    @property
    def errors(self) -> list[MappingIssue]:
        return [issue for issue in self.issues if issue.required]

    @property
    def skipped(self) -> list[MappingIssue]:
        return [issue for issue in self.issues if not issue.required]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signature)

    def raise_for_errors(self) -> None:
        if self.errors:
            raise MappingError(self.errors)


def _canonical(value: Any) -> Any:
    if value is MISSING:
        return {"$missing": True}
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def fingerprint(*parts: Any) -> str:
    """SHA-256 of the canonical JSON of `parts` (sorted keys, no whitespace): equal data, equal hash,
    whatever the dict order. A flow may add what it sends besides mapped values (website ids...)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=_canonical, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _active(fields: Iterable[FieldSpec], direction: Direction) -> list[FieldSpec]:
    return [spec for spec in fields if spec.active and spec.flows(direction)]


def _map(
    record: Mapping[str, Any],
    fields: Iterable[FieldSpec],
    direction: Direction,
    record_key: str,
    lookups: Lookups | None,
) -> MappingResult:
    read = read_acumatica if direction == "a2m" else read_magento
    source_record = dict(record)
    context = TransformContext(direction, lookups or {}, lambda path: read(source_record, path))
    payload: dict[str, Any] = {}
    values: dict[str, Any] = {}
    issues: list[MappingIssue] = []
    signature: list[list[Any]] = []

    def report(spec: FieldSpec, reason: Literal["missing", "empty", "invalid"], message: str) -> None:
        issues.append(
            MappingIssue(spec.label, spec.source(direction), record_key, reason, message, spec.required)
        )

    for spec in _active(fields, direction):
        source_segments = spec.reference_segments if direction == "a2m" else spec.input_segments
        target = spec.target(direction)
        raw = read(source_record, source_segments)
        value: Any = MISSING
        if raw is MISSING:
            report(spec, "missing", "not found in the record")
        else:
            try:
                transform = get_transform(spec.transform)
                if isinstance(raw, list):
                    value = [transform.apply(item, spec.options, context) for item in raw]
                else:
                    value = transform.apply(raw, spec.options, context)
            except TransformError as error:
                report(spec, "invalid", f"{spec.transform}: {error}")
        values[target] = value
        signature.append([target, spec.source(direction), spec.transform, dict(spec.options), value])
        if value is MISSING:
            continue
        if value is None:
            if spec.required:
                report(spec, "empty", "has no value")
                continue
            if spec.options.get("empty", "omit") == "omit":
                continue
            value = ""
        try:
            if direction == "a2m":
                write_magento(payload, spec.input_segments, value)
            else:
                custom_type = spec.options.get("custom_type") or get_transform(spec.transform).custom_type
                write_acumatica(payload, spec.reference_segments, value, custom_type)
        except PathError as error:
            report(spec, "invalid", str(error))
    signature.sort(key=lambda item: (item[0], item[1]))
    return MappingResult(payload, values, issues, signature)


def map_to_magento(
    record: Mapping[str, Any],
    fields: Iterable[FieldSpec],
    *,
    record_key: str = "",
    lookups: Lookups | None = None,
) -> MappingResult:
    """An Acumatica record -> the Magento payload of the active A-to-M fields (not wrapped in
    `{"product": ...}`: the flow adds what it owns, such as sku, type and websites)."""
    return _map(record, fields, "a2m", record_key, lookups)


def map_to_acumatica(
    record: Mapping[str, Any],
    fields: Iterable[FieldSpec],
    *,
    record_key: str = "",
    lookups: Lookups | None = None,
) -> MappingResult:
    """A Magento record -> the value-wrapped Acumatica payload of the active M-to-A fields."""
    return _map(record, fields, "m2a", record_key, lookups)


@dataclass(frozen=True)
class ReadPlan:
    """The projection of one Acumatica read: what to select, expand and request as custom fields."""

    select: tuple[str, ...] = ()
    expand: tuple[str, ...] = ()
    custom: tuple[str, ...] = ()

    def params(self) -> dict[str, str]:
        """Query parameters for a GET/PUT (`$select`, `$expand`, `$custom`; empty ones left out)."""
        params = {"$select": ",".join(self.select), "$expand": ",".join(self.expand)}
        params["$custom"] = ",".join(self.custom)
        return {name: value for name, value in params.items() if value}


def _plan_path(
    segments: tuple[Segment, ...], select: dict[str, None], expand: dict[str, None], custom: dict[str, None]
) -> None:
    prefix: list[str] = []
    for position, segment in enumerate(segments):
        if segment.name == CUSTOM and len(segments) - position == 3:
            view, name = segments[position + 1].name, segments[position + 2].name
            custom["/".join([*prefix, f"{view}.{name}"])] = None
            break
        if position == len(segments) - 1:
            select["/".join([*prefix, segment.name])] = None
            break
        prefix.append(segment.name)
        selector = segment.selector
        if selector is not None and selector.kind in ("match", "flag"):
            select["/".join([*prefix, selector.key])] = None  # the row key must come back too
    for depth in range(1, len(prefix) + 1):
        expand["/".join(prefix[:depth])] = None


def build_read_plan(fields: Iterable[FieldSpec], *, always: Iterable[str] = ()) -> ReadPlan:
    """The `$select`/`$expand`/`$custom` that the active A-to-M fields need, plus the `always` paths
    the flow itself reads (key fields, last-modified, class...). Order is stable: `always` first,
    then the fields in the order given."""
    select: dict[str, None] = {}
    expand: dict[str, None] = {}
    custom: dict[str, None] = {}
    paths = [parse_path(path) for path in always]
    for spec in _active(fields, "a2m"):
        paths.append(spec.reference_segments)
        transform = get_transform(spec.transform)
        paths.extend(parse_path(path) for path in transform.extra_paths(spec.options, "a2m"))
    for segments in paths:
        _plan_path(segments, select, expand, custom)
    return ReadPlan(tuple(select), tuple(expand), tuple(custom))
