"""The Acumatica customer of each imported order: linked, matched by e-mail, or created.

* A registered Magento customer whose customer link exists is that customer.
* A registered customer not linked yet, where the scope syncs customers M to A, goes through the
  customer flow's service (`push_acumatica_customer`: matched by e-mail or created from the Magento
  customer record, and linked), so the customer's next order is simply "linked". The batch's
  registered customers are read from Magento in one search, and their e-mails looked up in
  Acumatica in one list call, not one read and one lookup per customer.
* A guest order goes to the scope's guest customer when guest orders use one guest customer.
* Everyone else is looked up by e-mail (one list call per chunk of e-mails for the whole batch) and
  created when Acumatica has no customer with that e-mail, once per e-mail: the class comes from
  the customer group mapping (or the Default Customer Class), the contact and address from the
  order's billing address.

A customer on credit hold, on hold or inactive fails the order with a message naming the customer,
because Acumatica would refuse its orders anyway. Creating a customer is not repeated blindly: if
the answer is lost, the e-mail is looked up again before anything else happens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from endpoints.clients.acumatica_records import value_of
from endpoints.exceptions import PermanentError, RetryableError
from schema.mapping import FieldSpec
from sync.choices import Direction, Entity
from sync.errors import RecordError
from sync.flows.customer.common import (
    customer_fields,
    customer_id_of,
    fetch_magento_customers,
    normalize_email,
)
from sync.flows.customer.to_acumatica import (
    CustomersByEmail,
    fetch_acumatica_customers_by_email,
    push_acumatica_customer,
)
from sync.flows.orders.mapping import is_guest, map_address, person_name, wrap
from sync.mappings import BatchMappings, MissingMappingError, customer_class_for_group
from sync.models import DEFAULT_SCOPE, GuestHandling, Link, OrderSyncSettings
from sync.scopes import is_sync_enabled

CUSTOMER = "Customer"
CUSTOMER_PUT = "acumatica.customer.put"
REFUSED_STATUSES = ("Credit Hold", "On Hold", "Inactive")


@dataclass(frozen=True)
class CustomerChoice:
    customer_id: str
    how: str  # linked, guest customer, matched by e-mail, created
    status: str = ""


def order_email(order: Mapping[str, Any]) -> str:
    email = order.get("customer_email") or (order.get("billing_address") or {}).get("email") or ""
    return str(email).strip().lower()


def linked_customers(magento_ids: Iterable[str], scope: str) -> dict[str, str]:
    """Magento customer id -> Acumatica CustomerID from customer links (the scope's, else Default)."""
    wanted = [str(key) for key in magento_ids]
    if not wanted:
        return {}
    rows = Link.objects.filter(entity=Entity.CUSTOMER, magento_id__in=wanted).filter(
        Q(scope=scope) | Q(scope=DEFAULT_SCOPE)
    )
    found: dict[str, str] = {}
    for link in sorted(rows, key=lambda row: row.scope == DEFAULT_SCOPE):
        found.setdefault(str(link.magento_id), link.acumatica_key)
    return found


def fetch_customers_by_email(ctx: Any, emails: Iterable[str]) -> dict[str, CustomerChoice]:
    """Acumatica customers by lower-case e-mail; of several, an active one, then the lowest ID."""
    found: dict[str, list[CustomerChoice]] = {}
    for record in fetch_acumatica_customers_by_email(ctx, emails, "CustomerID,Status,MainContact/Email"):
        email = str(value_of(record.get("MainContact") or {}, "Email") or "").strip().lower()
        status = str(value_of(record, "Status") or "")
        customer_id = str(value_of(record, "CustomerID") or "")
        if email and customer_id:
            found.setdefault(email, []).append(CustomerChoice(customer_id, "matched by e-mail", status))
    return {
        email: min(choices, key=lambda c: (c.status in REFUSED_STATUSES, c.customer_id))
        for email, choices in found.items()
    }


def customer_body(ctx: Any, order: Mapping[str, Any], mappings: BatchMappings) -> dict[str, Any]:
    """A new customer from an order: name, class by customer group, e-mail, phone, billing address."""
    customer_class, price_class = mappings.resolve(customer_class_for_group, order.get("customer_group_id"))
    billing = order.get("billing_address") or {}
    name = person_name(order, "customer_") or person_name(billing) or order_email(order)
    contact: dict[str, Any] = wrap(
        {
            "Email": order_email(order),
            "FirstName": order.get("customer_firstname") or billing.get("firstname"),
            "LastName": order.get("customer_lastname") or billing.get("lastname"),
            "CompanyName": billing.get("company"),
            "Phone1": billing.get("telephone"),
        }
    )
    if billing:
        contact["Address"] = map_address(billing)
    body = wrap({"CustomerName": name, "CustomerClass": customer_class, "PriceClassID": price_class or None})
    body["MainContact"] = contact
    return body


def create_customer(ctx: Any, order: Mapping[str, Any], mappings: BatchMappings) -> CustomerChoice:
    """PUT a new customer (auto-numbered); a lost answer is resolved by looking the e-mail up."""
    email = order_email(order)
    body = customer_body(ctx, order, mappings)
    try:
        saved = ctx.acumatica.call(CUSTOMER_PUT, path={"entity": CUSTOMER}, json=body, idempotent=False).data
    except RetryableError:
        again = fetch_customers_by_email(ctx, [email]).get(email)
        if again is None:
            raise
        return CustomerChoice(again.customer_id, "created", again.status)
    return CustomerChoice(str(value_of(saved or {}, "CustomerID") or ""), "created", "Active")


def push_registered(
    ctx: Any, customer: Mapping[str, Any], fields: Sequence[FieldSpec], known: CustomersByEmail
) -> CustomerChoice | RecordError:
    """A registered Magento customer not linked yet, through the customer flow."""
    magento_id = customer.get("id")
    try:
        record, created = push_acumatica_customer(ctx, customer, fields=fields, known=known)
    except RecordError as exc:
        return exc
    except PermanentError as exc:
        problems = "; ".join(str(error) for error in exc.field_errors) or exc.remote_message or exc.summary
        return RecordError(f"Acumatica refused the customer of Magento customer {magento_id}: {problems}")
    status = str(value_of(record, "Status") or "")
    return CustomerChoice(customer_id_of(record), "created" if created else "matched by e-mail", status)


def resolve_customers(
    ctx: Any,
    orders: Mapping[str, Mapping[str, Any]],
    settings: OrderSyncSettings,
    mappings: BatchMappings,
) -> dict[str, CustomerChoice | RecordError]:
    """The customer of each order (by increment id), or the error that names what to fix."""
    result: dict[str, CustomerChoice | RecordError] = {}
    links = linked_customers([str(o["customer_id"]) for o in orders.values() if not is_guest(o)], ctx.scope)
    by_email: dict[str, list[str]] = {}
    by_customer: dict[str, list[str]] = {}
    through_customer_flow = is_sync_enabled(ctx.scope, Entity.CUSTOMER, Direction.M2A)
    for key, order in orders.items():
        if not is_guest(order) and str(order.get("customer_id")) in links:
            result[key] = CustomerChoice(links[str(order["customer_id"])], "linked")
        elif not is_guest(order) and through_customer_flow:
            by_customer.setdefault(str(order["customer_id"]), []).append(key)
        elif is_guest(order) and settings.guest_handling == GuestHandling.GUEST_CUSTOMER:
            result[key] = CustomerChoice(settings.guest_customer_id, "guest customer")
        elif not order_email(order):
            result[key] = RecordError(
                f"Magento order {key} has no customer e-mail to find or create its Acumatica customer."
            )
        else:
            by_email.setdefault(order_email(order), []).append(key)
    # One search for the batch's registered customers and one e-mail lookup for all of them,
    # not a read and a lookup per customer.
    people = fetch_magento_customers(ctx, by_customer) if by_customer else {}
    emails = CustomersByEmail(ctx, (normalize_email(c.get("email")) for c in people.values()))
    fields = customer_fields() if people else []
    for magento_id, keys in by_customer.items():
        customer = people.get(magento_id)
        if customer is None:  # gone from Magento: the order's e-mail decides
            for key in keys:
                by_email.setdefault(order_email(orders[key]), []).append(key)
        else:
            result.update(dict.fromkeys(keys, push_registered(ctx, customer, fields, emails)))
    known = fetch_customers_by_email(ctx, by_email) if by_email else {}
    for email, keys in by_email.items():
        choice: CustomerChoice | RecordError
        try:
            choice = known[email] if email in known else create_customer(ctx, orders[keys[0]], mappings)
        except MissingMappingError as exc:
            choice = exc
        except PermanentError as exc:
            problems = (
                "; ".join(str(error) for error in exc.field_errors) or exc.remote_message or exc.summary
            )
            choice = RecordError(
                f"Acumatica refused to create a customer for {email}: {problems}. Create the customer in "
                "Acumatica or correct the customer class mapping, then reprocess."
            )
        result.update(dict.fromkeys(keys, choice))
    for key, found in result.items():
        if isinstance(found, CustomerChoice) and found.status in REFUSED_STATUSES:
            result[key] = RecordError(
                f"The Acumatica customer {found.customer_id} ({order_email(orders[key])}) has the status "
                f"{found.status}: release or activate it in Acumatica (Customers, AR303000), then reprocess."
            )
    return result
