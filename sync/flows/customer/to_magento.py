"""Customers from Acumatica to Magento (`customer`, A to M), per scope.

Only customers of the customer classes selected in Setup Parameters sync. Each scope whose Sync
Configuration enables customers A to M keeps them in the Magento website of its store view:

1. the customer is found through its link, else by e-mail in that website (look up before
   create); a create answered "same email already exists" (a time-out whose request landed, or a
   sign-up racing us) is resolved by the same lookup;
2. it is created or updated with the active schema fields, the customer group of its class
   (customer group mapping; a missing one fails naming the class), its default billing and
   shipping addresses (one address when both are the same), and its attributes when customer
   attribute sync is on;
3. a record whose fingerprint equals the link's is skipped as `unchanged`, which is also what
   stops a change the connector wrote into Acumatica from coming back (see `common`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from endpoints.clients import SearchCriteria, odata
from endpoints.clients.acumatica_records import value_of
from endpoints.exceptions import NotFoundError, ValidationError
from sync.choices import Direction, Entity
from sync.flows import Change, Flow, Outcome, register
from sync.flows.customer.common import (
    CUSTOMER,
    M2A_FINGERPRINT,
    MagentoStore,
    customer_fields,
    customer_id_of,
    email_of_record,
    magento_store,
    mapping_failure,
    plan_acumatica,
    plan_magento,
    read_plan,
)
from sync.links import get_link, record_link_error, record_synced
from sync.mappings import MissingMappingError
from sync.models import MessageAction

if TYPE_CHECKING:
    from schema.mapping import FieldSpec
    from sync.context import SyncContext
    from sync.models import Message

DUPLICATE_EMAIL = "same email address already exists"
ADDRESS_FLAGS = ("default_billing", "default_shipping")


def _address_body(address: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in address.items() if k not in ("id", "customer_id", *ADDRESS_FLAGS)}


def merge_addresses(
    mapped: Sequence[Mapping[str, Any]], existing: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """The `addresses` list to send: the mapped default billing and shipping addresses (one
    address with both flags when they are the same), reusing the ids of the customer's current
    default addresses so they are updated in place, plus every other address the customer keeps
    in Magento (a PUT deletes the addresses it does not list)."""
    billing = next((a for a in mapped if a.get("default_billing")), None)
    shipping = next((a for a in mapped if a.get("default_shipping")), None)
    current = list(existing.get("addresses") or []) if existing else []
    ids = {flag: str(existing.get(flag) or "") for flag in ADDRESS_FLAGS} if existing else {}
    wanted: list[dict[str, Any]] = []
    if billing is not None and shipping is not None and _address_body(billing) == _address_body(shipping):
        wanted.append({**_address_body(billing), "default_billing": True, "default_shipping": True})
    else:
        for flag, address in (("default_billing", billing), ("default_shipping", shipping)):
            if address is not None:
                wanted.append({**_address_body(address), flag: True})
    used: set[str] = set()
    for address in wanted:
        for flag in ADDRESS_FLAGS:
            reuse = ids.get(flag, "")
            if address.get(flag) and reuse and reuse not in used:
                address["id"] = int(reuse)
                used.add(reuse)
                break
    for address in current:
        if str(address.get("id")) not in used:
            wanted.append({k: v for k, v in address.items() if k not in ADDRESS_FLAGS})
    return wanted


@register
class CustomerFlow(Flow):
    entity = Entity.CUSTOMER
    direction = Direction.A2M
    per_store_view = True
    push_queries = ("Customers", "Customers: Last Modified Date")
    push_key_field = "CustomerID"

    # ----------------------------------------------------------------- reading Acumatica
    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> list[Change]:
        """Customers of the selected classes changed in the window, with their snapshot."""
        classes = list(ctx.setup.customer_classes)
        if not classes:
            return []
        fields = customer_fields()
        plan = read_plan(ctx, fields)
        modified = ctx.acumatica.last_modified_field(CUSTOMER) or "LastModifiedDateTime"
        window = odata.and_(
            odata.ge(modified, since),
            odata.lt(modified, until),
            odata.or_(*(odata.eq("CustomerClass", klass) for klass in classes)),
        )
        changes: dict[str, Change] = {}
        for record in ctx.acumatica.iter_records(
            CUSTOMER, filter=window, select=list(plan.select), expand=list(plan.expand)
        ):
            key = customer_id_of(record)
            if key:
                changes[key] = Change(key, payload={"record": record})
        return list(changes.values())

    def fetch_record(self, ctx: SyncContext, key: str, fields: Sequence[FieldSpec]) -> dict[str, Any] | None:
        plan = read_plan(ctx, fields)
        found = ctx.acumatica.fetch_list(
            CUSTOMER, filter=odata.eq("CustomerID", key), select=list(plan.select), expand=list(plan.expand)
        )
        return found[0] if found else None

    # ----------------------------------------------------------------- writing Magento
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> dict[int, Outcome]:
        fields = customer_fields()
        return {message.pk: self._process_one(ctx, message, fields) for message in messages}

    def _process_one(self, ctx: SyncContext, message: Message, fields: Sequence[FieldSpec]) -> Outcome:
        if message.action == MessageAction.DELETE:
            return Outcome.skipped("customer deleted in Acumatica; the Magento customer is kept")
        snapshot = (message.payload or {}).get("record")
        record = snapshot if isinstance(snapshot, dict) else self.fetch_record(ctx, message.key, fields)
        if record is None:
            return Outcome.skipped("not found in Acumatica")
        klass = str(value_of(record, "CustomerClass") or "").strip()
        if klass not in ctx.setup.customer_classes:
            return Outcome.skipped(f"customer class {klass or '(none)'} is not selected for sync")
        try:
            plan = plan_magento(ctx, record, fields)
        except MissingMappingError as exc:
            record_link_error(Entity.CUSTOMER, message.key, str(exc), scope=ctx.scope)
            return Outcome.failed(str(exc))
        failure = mapping_failure(plan.result, f"customer {message.key}")
        if failure:
            return Outcome.failed(failure)
        link = get_link(Entity.CUSTOMER, message.key, ctx.scope)
        if link is not None and link.is_linked and link.fingerprint == plan.fingerprint:
            return Outcome.skipped("unchanged")
        email = email_of_record(record)
        if ctx.dry_run:
            verb = "update" if link is not None and link.is_linked else "create or update"
            return Outcome.skipped(f"dry run: would {verb} Magento customer {email}")
        store = magento_store(ctx)
        existing = self._find(ctx, link.magento_id if link is not None else None, email, store.website_id)
        customer = self._write(ctx, plan.payload, existing, email, store)
        m2a = plan_acumatica(customer, fields).fingerprint
        extra = {**(link.extra if link is not None else {}), M2A_FINGERPRINT: m2a}
        record_synced(
            Entity.CUSTOMER,
            message.key,
            scope=ctx.scope,
            magento_id=str(customer["id"]),
            fingerprint=plan.fingerprint,
            extra=extra,
        )
        verb = "updated" if existing is not None else "created"
        return Outcome.succeeded(f"Magento customer {customer['id']} {verb} ({email})")

    def _find(
        self, ctx: SyncContext, magento_id: str | None, email: str, website_id: int
    ) -> dict[str, Any] | None:
        """The Magento customer: the linked one if it still exists, else the one with this e-mail
        in the website."""
        if magento_id:
            try:
                found: dict[str, Any] = ctx.magento.fetch_customer(int(magento_id))
                return found
            except NotFoundError:
                pass
        if not email:
            return None
        return find_magento_customer(ctx, email, website_id)

    def _write(
        self,
        ctx: SyncContext,
        payload: Mapping[str, Any],
        existing: dict[str, Any] | None,
        email: str,
        store: MagentoStore,
    ) -> dict[str, Any]:
        body = dict(payload)
        mapped = [a for a in body.pop("addresses", []) or [] if isinstance(a, Mapping)]
        if existing is None:
            body.update(website_id=store.website_id, store_id=store.store_id)
            if mapped:
                body["addresses"] = merge_addresses(mapped, None)
            try:
                created: dict[str, Any] = ctx.magento.push_new_customer(body, store=store.code)
                return created
            except ValidationError as exc:
                if DUPLICATE_EMAIL not in (exc.remote_message or str(exc)):
                    raise
                existing = find_magento_customer(ctx, email, store.website_id)
                if existing is None:
                    raise
                body.pop("website_id", None)
                body.pop("store_id", None)
        if mapped:
            body["addresses"] = merge_addresses(mapped, existing)
        updated: dict[str, Any] = ctx.magento.push_customer(int(existing["id"]), body, store=store.code)
        return updated


def find_magento_customer(ctx: SyncContext, email: str, website_id: int) -> dict[str, Any] | None:
    """The Magento customer with this e-mail in this website (e-mails are unique per website)."""
    criteria = SearchCriteria().where("email", email).where("website_id", website_id).with_page(2, 1)
    page = ctx.magento.search("magento.customer.search", criteria)
    matches = [c for c in page.items if str(c.get("email", "")).strip().lower() == email]
    return matches[0] if matches else None
