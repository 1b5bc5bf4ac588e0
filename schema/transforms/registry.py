"""The transform registry: the `Transform` record, its context, validation and lookup by name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Direction = Literal["a2m", "m2a"]
Options = Mapping[str, Any]


class TransformError(ValueError):
    """A value a transform cannot convert, or options it does not accept."""


def _read_nothing(path: str) -> Any:
    return None


@dataclass(frozen=True)
class TransformContext:
    """What a transform may know besides the value: the direction, the caller's mapping tables and
    a reader for other paths of the same source record (for `join` and `unit`'s `from_path`)."""

    direction: Direction = "a2m"
    lookups: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    read: Callable[[str], Any] = _read_nothing


Convert = Callable[[Any, Options, TransformContext], Any]


def _no_check(options: Options) -> None:
    return None


def _no_paths(options: Options, direction: Direction) -> list[str]:
    return []


@dataclass(frozen=True)
class Transform:
    """One named conversion, both ways. `extra_paths` names the other source paths it reads, so a
    read plan can request them too."""

    name: str
    label: str
    to_magento: Convert
    to_acumatica: Convert
    options: frozenset[str] = frozenset()
    check_options: Callable[[Options], None] = _no_check
    custom_type: str = "CustomStringField"  # the Acumatica type when the target is a custom field
    extra_paths: Callable[[Options, Direction], list[str]] = _no_paths

    def apply(self, value: Any, options: Options, context: TransformContext) -> Any:
        convert = self.to_magento if context.direction == "a2m" else self.to_acumatica
        return convert(value, options, context)


# Options every transform accepts: what an empty value does ("omit" the field, or "clear" it with an
# empty string) and the Acumatica custom-field type to write when the target is a custom field.
COMMON_OPTIONS = frozenset({"empty", "custom_type"})
CUSTOM_TYPES = frozenset(
    {
        "CustomStringField",
        "CustomDecimalField",
        "CustomIntField",
        "CustomShortField",
        "CustomLongField",
        "CustomByteField",
        "CustomBooleanField",
        "CustomDateTimeField",
        "CustomDoubleField",
        "CustomGuidField",
    }
)

TRANSFORMS: dict[str, Transform] = {}


def register(transform: Transform) -> Transform:
    """Add a transform; a second registration under the same name is a programming error."""
    if transform.name in TRANSFORMS:
        raise ValueError(f"transform {transform.name!r} is already registered")
    TRANSFORMS[transform.name] = transform
    return transform


def get_transform(name: str) -> Transform:
    try:
        return TRANSFORMS[name]
    except KeyError:
        known = ", ".join(sorted(TRANSFORMS))
        raise TransformError(f"unknown transform {name!r}; choose one of: {known}") from None


def validate_transform(name: str, options: Any) -> Transform:
    """Check a transform name and its options as stored on a schema field; raises TransformError."""
    transform = get_transform(name)
    if options is None:
        options = {}
    if not isinstance(options, Mapping):
        raise TransformError("transform options must be a JSON object")
    unknown = sorted(set(options) - transform.options - COMMON_OPTIONS)
    if unknown:
        allowed = ", ".join(sorted(transform.options | COMMON_OPTIONS))
        raise TransformError(f"transform {name!r} has no option {unknown[0]!r} (options: {allowed})")
    if options.get("empty", "omit") not in {"omit", "clear"}:
        raise TransformError("option 'empty' must be 'omit' or 'clear'")
    if "custom_type" in options and options["custom_type"] not in CUSTOM_TYPES:
        raise TransformError(f"option 'custom_type' must be one of: {', '.join(sorted(CUSTOM_TYPES))}")
    transform.check_options(options)
    return transform


def transform_choices() -> list[tuple[str, str]]:
    """(name, label) pairs for a form's choice list."""
    return [(name, TRANSFORMS[name].label) for name in sorted(TRANSFORMS)]
