"""Refresh Schema: add the fields Acumatica reports for an entity that the schema does not know yet.

One `$adHocSchema` call per entity through `AcumaticaClient` (Default Config connection). Every
custom or user-defined field not yet in the schema (by API Reference Field Path) is added as an
inactive row of origin "discovered"; existing rows and the merchant's choices are never changed,
so a second refresh adds nothing. The admin button and `manage.py refresh_schema` both call
`run_refresh_schema`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from endpoints.clients.acumatica import AcumaticaClient
from endpoints.configured import build_acumatica_client
from endpoints.models import AcumaticaConnection
from schema.contract import ACUMATICA_ENTITIES
from schema.discovery import Candidate, discover_candidates
from schema.models import SchemaDirection, SchemaField, SchemaOrigin

logger = logging.getLogger(__name__)

# The entities Refresh Schema serves: their records come from Acumatica.
REFRESHABLE = ("product", "category", "customer")
_DIRECTION = {
    "product": SchemaDirection.A2M,
    "category": SchemaDirection.A2M,
    "customer": SchemaDirection.BOTH,
}


@dataclass
class RefreshReport:
    entity: str
    added: list[SchemaField] = field(default_factory=list)
    known: int = 0  # fields Acumatica reported that the schema already had
    rejected: list[str] = field(default_factory=list)  # reported fields no row can hold, with why

    def summary(self) -> str:
        label = SchemaField(entity=self.entity).get_entity_display()
        if not self.added:
            text = (
                f"{label}: nothing new ({self.known} reported field{'s' * (self.known != 1)} already known)."
            )
        else:
            names = ", ".join(row.api_reference_path for row in self.added)
            text = f"{label}: added {len(self.added)} inactive field{'s' * (len(self.added) != 1)}: {names}."
        if self.rejected:
            text += f" Not added: {'; '.join(self.rejected)}."
        return text


def default_acumatica_client() -> AcumaticaClient:
    """A client for the Default Config connection, resolving URLs through the admin's endpoint
    tables like every other caller; a clear error when the connection is not filled in."""
    return build_acumatica_client(AcumaticaConnection.objects.ensure_default())


def _add(entity: str, candidate: Candidate, sort_order: int, report: RefreshReport) -> None:
    row = SchemaField(
        entity=entity,
        tab=candidate.tab,
        display_name=candidate.display_name[:150],
        api_reference_path=candidate.api_reference_path,
        api_input_name=candidate.api_input_name,
        transform=candidate.transform,
        transform_options=candidate.options,
        direction=_DIRECTION[entity],
        active=False,
        required=False,
        origin=SchemaOrigin.DISCOVERED,
        sort_order=sort_order,
    )
    try:
        row.full_clean(validate_unique=False)
    except ValidationError as error:
        message = "; ".join(text for texts in error.message_dict.values() for text in texts)
        report.rejected.append(f"{candidate.api_reference_path} ({message})")
        return
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # a concurrent refresh added the same field first
        report.known += 1
        return
    report.added.append(row)


def apply_candidates(entity: str, candidates: Iterable[Candidate]) -> RefreshReport:
    """Add the candidates whose reference path the entity does not have yet (idempotent)."""
    report = RefreshReport(entity)
    known_paths = set(SchemaField.objects.for_entity(entity).values_list("api_reference_path", flat=True))
    last = SchemaField.objects.for_entity(entity).aggregate(last=Max("sort_order"))["last"] or 0
    for candidate in candidates:
        if candidate.api_reference_path in known_paths:
            report.known += 1
            continue
        last += 10
        _add(entity, candidate, last, report)
        known_paths.add(candidate.api_reference_path)
    logger.info(
        "Refreshed the schema",
        extra={
            "entity": entity,
            "added": len(report.added),
            "known": report.known,
            "rejected": len(report.rejected),
        },
    )
    return report


def run_refresh_schema(
    entities: Iterable[str] = REFRESHABLE, *, client: AcumaticaClient | None = None
) -> list[RefreshReport]:
    """Ask Acumatica for each entity's `$adHocSchema` and add what is new (one call per entity).

    Raises `ValueError` for an entity that cannot be refreshed, the client's `EndpointError`s for
    a connection or API failure (nothing is added for the entity that failed)."""
    wanted = list(entities)
    for entity in wanted:
        if entity not in REFRESHABLE:
            raise ValueError(f"Refresh Schema serves {', '.join(REFRESHABLE)}; not {entity!r}.")
    own_client = client is None
    acumatica = client or default_acumatica_client()
    try:
        reports = []
        for entity in wanted:
            schema = acumatica.fetch_ad_hoc_schema(ACUMATICA_ENTITIES[entity])
            reports.append(apply_candidates(entity, discover_candidates(entity, schema)))
        return reports
    finally:
        if own_client:
            acumatica.close()
