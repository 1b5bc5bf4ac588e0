"""Schema services for the rest of the connector: load fields for the mapping engine, load the
shipped catalog idempotently.

Flows call `load_fields(entity)` once per batch and hand the specs to `schema.mapping`; nothing
here talks HTTP (Refresh Schema is `schema.refresh`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from schema.defaults import default_fields
from schema.mapping import FieldSpec, ReadPlan, build_read_plan
from schema.models import SchemaField, SchemaOrigin, field_defaults

logger = logging.getLogger(__name__)


def load_fields(entity: str, *, active_only: bool = False) -> list[FieldSpec]:
    """The entity's schema fields as `FieldSpec`s, in display order (the engine skips inactive
    ones itself; `active_only` trims them for callers that list what is used)."""
    rows = SchemaField.objects.for_entity(entity)
    if active_only:
        rows = rows.active()
    return rows.specs()


def load_read_plan(entity: str, *, always: Iterable[str] = ()) -> ReadPlan:
    """The `$select`/`$expand`/`$custom` of the entity's active fields plus the flow's own paths."""
    return build_read_plan(load_fields(entity, active_only=True), always=always)


def ensure_default_schema(model: Any = None) -> int:
    """Create every shipped field that is not there yet; existing rows (and the merchant's choices
    on them) are never touched. Returns how many rows were created. `model` lets a data migration
    pass its historical model."""
    model = model or SchemaField
    created = 0
    with transaction.atomic():
        for entity in sorted({spec.entity for spec in default_fields()}):
            for position, spec in enumerate(default_fields(entity), start=1):
                _, was_created = model.objects.get_or_create(
                    entity=entity,
                    api_reference_path=spec.api_reference_path,
                    api_input_name=spec.api_input_name,
                    defaults=field_defaults(
                        spec, origin=SchemaOrigin.SHIPPED.value, sort_order=position * 10
                    ),
                )
                created += was_created
    if created:
        logger.info("Loaded the shipped schema fields", extra={"fields_created": created})
    return created
