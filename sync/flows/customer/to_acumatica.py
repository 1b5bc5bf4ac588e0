"""Customers from Magento to Acumatica (`customer`, M to A), per scope.

The poller reads the Magento customers changed since its `updated_at` cursor in the website of the
scope's store view (the website A-to-M writes to; e-mails are unique per website) and keeps those
registered in a store view the scope governs (its own, or any store view without a scope of its
own for Default Config). A website with no configured scope is not read. Each customer becomes an
Acumatica customer, never twice:

1. the Acumatica customer is the linked one, else the one named by the Magento customer's
   `acumatica_customer_id` attribute, else the one with the same e-mail (looked up before every
   PUT, so a retry after a time-out whose PUT landed finds what it created);
2. an existing customer is updated by CustomerID (PUT is an upsert by key); a new one gets the
   customer class (and price class) of its customer group's mapping, else the scope's Default
   Customer Class, and its number from Acumatica's auto-numbering. That PUT carries no key, so
   the HTTP client must not repeat it on its own after a time-out: the queue's retry does,
   after the e-mail lookup;
3. the fingerprint of the Magento record is compared with the one stored on the link, so a
   change the connector itself wrote into Magento is skipped as `unchanged` (see `common`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from endpoints.clients import SearchCriteria, odata
from endpoints.clients.acumatica_records import value_of
from endpoints.exceptions import NotFoundError
from sync.choices import Direction, Entity
from sync.errors import RecordError
from sync.flows import Change, Flow, Outcome, register
from sync.flows.customer.common import (
    CUSTOMER,
    M2A_FINGERPRINT,
    AcumaticaPlan,
    customer_fields,
    customer_id_of,
    email_of_record,
    magento_store,
    mapping_failure,
    normalize_email,
    plan_acumatica,
    plan_magento,
    read_plan,
    store_codes,
)
from sync.links import ensure_link, record_synced
from sync.mappings import MissingMappingError, customer_class_for_group
from sync.models import Link, MessageAction
from sync.scopes import scope_for_store_code

if TYPE_CHECKING:
    from schema.mapping import FieldSpec
    from sync.context import SyncContext
    from sync.models import Message

PAGE_SIZE = 100


@register
class MagentoCustomerFlow(Flow):
    entity = Entity.CUSTOMER
    direction = Direction.M2A
    per_store_view = True

    # ----------------------------------------------------------------- reading Magento
    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        """Magento customers updated in `[since, until)` in the scope's website (the one A-to-M
        writes to) and registered in a store view this scope governs."""
        website = magento_store(ctx).website_id
        criteria = (
            SearchCriteria()
            .where("website_id", website)
            .where("updated_at", since, "gteq")
            .where("updated_at", until, "lt")
            .order_by("updated_at")
            .order_by("entity_id")
        )
        codes = store_codes(ctx)
        changes: dict[str, Change] = {}
        for customer in ctx.magento.iter_search("magento.customer.search", criteria, page_size=PAGE_SIZE):
            code = codes.get(int(customer.get("store_id") or 0))
            if scope_for_store_code(code) != ctx.scope:
                continue
            key = str(customer.get("id") or "")
            if key:
                changes[key] = Change(key, payload={"customer": customer})
        return list(changes.values())

    # ----------------------------------------------------------------- writing Acumatica
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        fields = customer_fields()
        return {message.pk: self._process_one(ctx, message, fields) for message in messages}

    def _process_one(self, ctx: SyncContext, message: Message, fields: Sequence[FieldSpec]) -> Outcome:
        if message.action == MessageAction.DELETE:
            return Outcome.skipped("customer deleted in Magento; the Acumatica customer is kept")
        snapshot = (message.payload or {}).get("customer")
        customer = snapshot if isinstance(snapshot, dict) else None
        if customer is None:
            try:
                customer = ctx.magento.fetch_customer(int(message.key))
            except NotFoundError:
                return Outcome.skipped("not found in Magento")
        assert customer is not None
        plan = plan_acumatica(customer, fields)
        failure = mapping_failure(plan.result, f"Magento customer {message.key}")
        if failure:
            return Outcome.failed(failure)
        link = Link.objects.filter(
            entity=Entity.CUSTOMER, scope=ctx.scope, magento_id=str(customer["id"])
        ).first()
        if link is not None and (link.extra or {}).get(M2A_FINGERPRINT) == plan.fingerprint:
            return Outcome.skipped("unchanged")
        email = normalize_email(customer.get("email"))
        if ctx.dry_run:
            return Outcome.skipped(f"dry run: would create or update the Acumatica customer {email}")
        try:
            record, created = push_acumatica_customer(ctx, customer, plan, fields, link=link)
        except MissingMappingError as exc:
            return Outcome.failed(str(exc))
        verb = "created" if created else "updated"
        return Outcome.succeeded(f"Acumatica customer {customer_id_of(record)} {verb} ({email})")


def find_acumatica_customer(
    ctx: SyncContext, email: str, select: Sequence[str] = ()
) -> dict[str, Any] | None:
    """The Acumatica customer with this e-mail (the lowest CustomerID if, against the rules,
    several share it)."""
    if not email:
        return None
    found = ctx.acumatica.fetch_list(
        CUSTOMER,
        filter=odata.eq("MainContact/Email", email),
        select=["CustomerID", *select] if select else "CustomerID",
        expand="MainContact",
    )
    matches = [r for r in found if customer_id_of(r)]
    return min(matches, key=customer_id_of) if matches else None


def fetch_acumatica_customers_by_email(
    ctx: Any, emails: Iterable[str], select: str = "CustomerID,MainContact/Email"
) -> Iterator[dict[str, Any]]:
    """The Acumatica customers whose main contact has one of `emails`, in one list call per chunk
    of or-ed e-mails (the chunks keep the URL short)."""
    for _, expression in odata.chunk_keys("MainContact/Email", list(dict.fromkeys(emails))):
        yield from ctx.acumatica.fetch_list(CUSTOMER, filter=expression, select=select, expand="MainContact")


class CustomersByEmail:
    """Acumatica CustomerIDs by e-mail for a batch of customer pushes.

    Read up front in one list call per chunk of e-mails instead of one lookup per push, then kept
    current with the record each push answers, so every push finds what a lookup of its own right
    before its PUT would have found (a customer the batch just created or re-addressed included).
    """

    def __init__(self, ctx: SyncContext, emails: Iterable[str]) -> None:
        self._ids: dict[str, set[str]] = {email: set() for email in emails if email}
        for record in fetch_acumatica_customers_by_email(ctx, self._ids):
            self._add(record)

    def _add(self, record: Mapping[str, Any]) -> None:
        key, email = customer_id_of(record), email_of_record(record)
        if key and email in self._ids:
            self._ids[email].add(key)

    def covers(self, email: str) -> bool:
        return email in self._ids

    def find(self, email: str) -> str:
        """The lowest CustomerID with this e-mail ("" when none), as `find_acumatica_customer`."""
        ids = self._ids.get(email)
        return min(ids) if ids else ""

    def saw(self, record: Mapping[str, Any]) -> None:
        """A customer this batch wrote: it now has the e-mail its answer carries, and no other."""
        key = customer_id_of(record)
        for ids in self._ids.values():
            ids.discard(key)
        self._add(record)


def _existing_key(
    ctx: SyncContext,
    customer: Mapping[str, Any],
    plan: AcumaticaPlan,
    link: Link | None,
    known: CustomersByEmail | None,
) -> str:
    if link is not None:
        return link.acumatica_key
    named = str(value_of(plan.payload, "CustomerID") or "").strip()
    if named:
        return named
    email = normalize_email(customer.get("email"))
    if known is not None and known.covers(email):
        return known.find(email)
    found = find_acumatica_customer(ctx, email)
    return customer_id_of(found) if found else ""


def push_acumatica_customer(
    ctx: SyncContext,
    customer: Mapping[str, Any],
    plan: AcumaticaPlan | None = None,
    fields: Sequence[FieldSpec] | None = None,
    *,
    link: Link | None = None,
    known: CustomersByEmail | None = None,
) -> tuple[dict[str, Any], bool]:
    """Create or update the Acumatica customer of a Magento customer and link them in the scope.

    Returns (the Acumatica record, created?). Also the entry point of the order import for
    registered customers that are not linked yet, which passes the batch's e-mail lookups as
    `known` (an e-mail it covers is not looked up again). Raises `MissingMappingError` when a new
    customer's class cannot be decided.
    """
    fields = list(fields) if fields is not None else customer_fields()
    plan = plan or plan_acumatica(customer, fields)
    payload = dict(plan.payload)
    key = _existing_key(ctx, customer, plan, link, known)
    expand = list(read_plan(ctx, fields).expand)
    if key:
        payload["CustomerID"] = {"value": key}
        payload.pop("CustomerClass", None)
        record = ctx.acumatica.push_record(CUSTOMER, payload, expand=expand)
    else:
        klass, price_class = customer_class_for_group(ctx.scope, customer.get("group_id"))
        payload.pop("CustomerID", None)
        payload["CustomerClass"] = {"value": klass}
        if price_class:
            payload["PriceClassID"] = {"value": price_class}
        # No key: Acumatica numbers the customer, so an automatic repeat could create a second one.
        response = ctx.acumatica.call(
            "acumatica.customer.put",
            path={"entity": CUSTOMER},
            params=[("$expand", ",".join(expand))] if expand else None,
            json=payload,
            idempotent=False,
        )
        record = response.data or {}
    if known is not None:
        known.saw(record)
    acumatica_key = customer_id_of(record) or key
    if not acumatica_key:
        raise RecordError(f"Acumatica did not return a CustomerID for Magento customer {customer.get('id')}.")
    record_customer_link(ctx, acumatica_key, record, customer, plan.fingerprint, fields)
    return record, not key


def record_customer_link(
    ctx: SyncContext,
    acumatica_key: str,
    record: Mapping[str, Any],
    customer: Mapping[str, Any],
    m2a_fingerprint: str,
    fields: Sequence[FieldSpec],
) -> None:
    """Link the pair in the scope and remember both fingerprints of what the two sides now hold,
    so neither side's copy of this change is sent back."""
    Link.objects.filter(entity=Entity.CUSTOMER, scope=ctx.scope, magento_id=str(customer["id"])).exclude(
        acumatica_key=acumatica_key
    ).update(magento_id=None, fingerprint="")
    link, _ = ensure_link(Entity.CUSTOMER, acumatica_key, ctx.scope)
    try:
        a2m = plan_magento(ctx, record, fields).fingerprint
    except MissingMappingError:
        a2m = ""  # its class has no group mapping: the A-to-M message will say so
    record_synced(
        Entity.CUSTOMER,
        acumatica_key,
        scope=ctx.scope,
        magento_id=str(customer["id"]),
        fingerprint=a2m,
        extra={**(link.extra or {}), M2A_FINGERPRINT: m2a_fingerprint},
    )
