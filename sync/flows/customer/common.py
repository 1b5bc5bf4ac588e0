"""What both customer flows share: the schema fields, the Magento store of a scope, and the two
fingerprints that stop echo loops.

Identity: one link per (customer, scope): Acumatica CustomerID <-> Magento customer id, in the
Magento website of the scope's store view (e-mail addresses are unique per website). The link
carries two fingerprints, both refreshed after a write in either direction:

* `link.fingerprint`: what the A-to-M mapping makes of the Acumatica record (`plan_magento`);
* `link.extra["m2a_fingerprint"]`: what the M-to-A mapping makes of the Magento record
  (`plan_acumatica`).

After the connector writes one side, it stores the fingerprint of the answer it got back, so when
the other side's poller (or a push notification) brings that same change back, the flow sees an
unchanged record and skips it: a change the connector wrote never bounces back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from endpoints.clients import SearchCriteria
from endpoints.clients.acumatica_records import value_of
from schema.mapping import FieldSpec, MappingResult, ReadPlan, build_read_plan, fingerprint
from schema.mapping import map_to_acumatica as map_record_to_acumatica
from schema.mapping import map_to_magento as map_record_to_magento
from schema.services import load_fields
from sync.choices import Direction, Entity
from sync.errors import RecordError
from sync.mappings import group_for_customer_class, resolve_customer_class
from sync.models import DEFAULT_SCOPE
from sync.scopes import is_sync_enabled

if TYPE_CHECKING:
    from sync.context import SyncContext

CUSTOMER = "Customer"
CUSTOMER_SEARCH = "magento.customer.search"
ID_CHUNK = 100  # Magento customer ids per search (`entity_id` `in`), one page each
M2A_FINGERPRINT = "m2a_fingerprint"
GROUP_TABLE = "customer_group"
# Read besides the schema's active fields: the key, what decides whether it syncs, the e-mail.
ALWAYS_READ = ("CustomerID", "CustomerClass", "Status", "MainContact.Email")


def normalize_email(value: Any) -> str:
    return str(value or "").strip().lower()


def customer_fields() -> list[FieldSpec]:
    """The customer schema (the mapping engine uses only the active fields of each direction)."""
    return load_fields(Entity.CUSTOMER)


def read_plan(ctx: SyncContext, fields: Sequence[FieldSpec]) -> ReadPlan:
    """`$select`/`$expand` of an Acumatica customer read: the active fields, the flow's own fields,
    and the attributes when customer attribute sync is on."""
    modified = ctx.acumatica.last_modified_field(CUSTOMER) or "LastModifiedDateTime"
    always = [*ALWAYS_READ, modified]
    if attributes_enabled(ctx):
        always += ["Attributes[].AttributeID", "Attributes[].Value"]
    return build_read_plan(fields, always=always)


def attributes_enabled(ctx: SyncContext) -> bool:
    """Customer attribute sync (Additional Settings) is on, and the scope syncs the
    `customer_attribute` entity A to M (its Individual Sync Status and Sync Configuration)."""
    if not ctx.setup.customer_attribute_sync:
        return False
    return is_sync_enabled(ctx.scope, Entity.CUSTOMER_ATTRIBUTE, Direction.A2M)


def customer_id_of(record: Mapping[str, Any]) -> str:
    return str(value_of(record, "CustomerID") or "").strip()


def email_of_record(record: Mapping[str, Any]) -> str:
    contact = record.get("MainContact")
    email = value_of(contact, "Email") if isinstance(contact, Mapping) else None
    return normalize_email(email or value_of(record, "Email"))


# ---------------------------------------------------------------------------- Magento store of a scope
@dataclass(frozen=True)
class MagentoStore:
    store_id: int
    code: str
    website_id: int


def _store_views(ctx: SyncContext) -> list[dict[str, Any]]:
    """Magento's store views, read once per run (kept on the run's context)."""
    stores: list[dict[str, Any]] | None = getattr(ctx, "_magento_store_views", None)
    if stores is None:
        stores = [s for s in ctx.magento.fetch_store_views() if int(s.get("id") or 0) > 0]
        ctx._magento_store_views = stores  # type: ignore[attr-defined]
    return stores


def magento_store(ctx: SyncContext) -> MagentoStore:
    """The Magento store view a scope's customers live in: the store view of the scope's code;
    Default Config uses Magento's `default` store view (else its first one)."""
    views = _store_views(ctx)
    wanted = "default" if ctx.scope == DEFAULT_SCOPE else ctx.scope
    found = next((s for s in views if s.get("code") == wanted), None)
    if found is None and ctx.scope == DEFAULT_SCOPE and views:
        found = min(views, key=lambda s: int(s["id"]))
    if found is None:
        raise RecordError(
            f"Magento has no store view {wanted!r} (scope {ctx.scope}): check the store view code."
        )
    return MagentoStore(int(found["id"]), str(found["code"]), int(found["website_id"]))


def store_codes(ctx: SyncContext) -> dict[int, str]:
    """Magento store id -> store view code."""
    return {int(s["id"]): str(s["code"]) for s in _store_views(ctx)}


def fetch_magento_customers(ctx: SyncContext, customer_ids: Iterable[int | str]) -> dict[str, dict[str, Any]]:
    """Magento customers by id (as text), in one search per 100 ids instead of one read each;
    an id Magento does not know is absent. The search answers the same customer records (with
    addresses and custom attributes) as `GET /V1/customers/{id}`."""
    wanted = list(dict.fromkeys(int(key) for key in customer_ids))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), ID_CHUNK):
        criteria = SearchCriteria().where("entity_id", wanted[start : start + ID_CHUNK], "in")
        for customer in ctx.magento.iter_search(
            CUSTOMER_SEARCH, criteria.order_by("entity_id"), page_size=ID_CHUNK
        ):
            found[str(customer.get("id"))] = customer
    return found


# ---------------------------------------------------------------------------- A to M plan
@dataclass
class MagentoPlan:
    """What an Acumatica customer becomes in Magento in one scope, and its fingerprint."""

    result: MappingResult
    payload: dict[str, Any]
    fingerprint: str
    group_id: int


def attribute_values(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Acumatica customer attributes as Magento custom attributes (code = attribute ID in lower case)."""
    rows = record.get("Attributes")
    values = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, Mapping):
            continue
        code = str(value_of(row, "AttributeID") or "").strip().lower()
        if code:
            values.append({"attribute_code": code, "value": value_of(row, "Value")})
    return sorted(values, key=lambda item: item["attribute_code"])


def plan_magento(ctx: SyncContext, record: Mapping[str, Any], fields: Sequence[FieldSpec]) -> MagentoPlan:
    """Map an Acumatica customer for Magento. The group comes from the customer group mapping of
    its class (raises `MissingMappingError` naming the class when there is none)."""
    key = customer_id_of(record)
    klass = str(value_of(record, "CustomerClass") or "").strip()
    group_id = resolve_customer_class(ctx.scope, klass).magento_group_id
    result = map_record_to_magento(
        record, fields, record_key=key, lookups={GROUP_TABLE: group_for_customer_class(ctx.scope)}
    )
    payload = dict(result.payload)
    payload["group_id"] = group_id
    attributes = attribute_values(record) if attributes_enabled(ctx) else []
    if attributes:
        custom = [a for a in payload.get("custom_attributes") or [] if isinstance(a, dict)]
        known = {a.get("attribute_code") for a in custom}
        payload["custom_attributes"] = custom + [a for a in attributes if a["attribute_code"] not in known]
    print_ = fingerprint(result.signature, group_id, attributes, ctx.scope)
    return MagentoPlan(result, payload, print_, group_id)


# ---------------------------------------------------------------------------- M to A plan
@dataclass
class AcumaticaPlan:
    """What a Magento customer becomes in Acumatica, and its fingerprint."""

    result: MappingResult
    payload: dict[str, Any]
    fingerprint: str


def _wrapped(node: Any) -> dict[str, Any]:
    return dict(node) if isinstance(node, Mapping) else {}


def plan_acumatica(customer: Mapping[str, Any], fields: Sequence[FieldSpec]) -> AcumaticaPlan:
    """Map a Magento customer for Acumatica. The Magento default billing address is also the main
    contact's address (Acumatica copies the main address into billing unless overridden), and
    the billing and shipping contacts are sent as overrides so they are kept as given."""
    key = str(customer.get("id") or "")
    result = map_record_to_acumatica(customer, fields, record_key=key)
    payload = dict(result.payload)
    billing = _wrapped(payload.get("BillingContact"))
    if billing.get("Address"):
        main = _wrapped(payload.get("MainContact"))
        main["Address"] = dict(billing["Address"])
        payload["MainContact"] = main
    for contact, overrides in (
        ("BillingContact", ("BillingContactOverride", "BillingAddressOverride")),
        ("ShippingContact", ("ShippingContactOverride", "ShippingAddressOverride")),
    ):
        if payload.get(contact):
            for flag in overrides:
                payload[flag] = {"value": True}
    return AcumaticaPlan(result, payload, result.fingerprint)


def mapping_failure(result: MappingResult, what: str) -> str | None:
    """One line naming the fields a required mapping could not fill, or None."""
    if result.ok:
        return None
    return f"Cannot map {what}: " + "; ".join(str(issue) for issue in result.errors)
