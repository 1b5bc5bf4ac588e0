"""The named value transforms a schema field can apply, as a registry of small pure functions.

A transform converts one value in each direction: `to_magento` (Acumatica value -> Magento value)
and `to_acumatica` (the reverse, for entities that flow M to A). Options are plain JSON stored on
the schema field and validated here, so the admin refuses a bad one when it is saved. Mapping
tables (attribute set per item class, customer group per class, option ids...) are data the caller
passes in as `lookups`; a transform never queries anything.

Every transform maps an empty value (None) to None; the mapping engine decides what an empty value
means for the payload. No Django, no HTTP.
"""

from __future__ import annotations

from schema.transforms import basic, commerce
from schema.transforms.registry import (
    COMMON_OPTIONS,
    CUSTOM_TYPES,
    TRANSFORMS,
    Direction,
    Transform,
    TransformContext,
    TransformError,
    get_transform,
    register,
    transform_choices,
    validate_transform,
)

__all__ = [
    "COMMON_OPTIONS",
    "CUSTOM_TYPES",
    "TRANSFORMS",
    "Direction",
    "Transform",
    "TransformContext",
    "TransformError",
    "basic",
    "commerce",
    "get_transform",
    "register",
    "transform_choices",
    "validate_transform",
]
