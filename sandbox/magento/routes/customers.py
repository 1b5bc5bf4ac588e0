"""Customers and customer groups (reference s.11).

E-mail addresses are unique per website (account sharing "Per Website"). `PUT /V1/customers/{id}`
is a partial update (Magento's REST merge plugin): fields not sent are kept; `addresses`, when
sent, is the full list (listed addresses are saved, the others deleted). Customer-level
`default_billing`/`default_shipping` are address ids as strings; on addresses the default flags
are booleans present only on the default address(es).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ..errors import Parameters, bad_request, input_errors, no_such_entity, required
from ..interfaces import ADDRESS, CUSTOMER
from ..routing import Call, Route
from ..search import SEARCH_PARAM, default_getter, search
from ..state import MagentoState, Record
from ..types import INT, STR, Param

READ_ACL = "Magento_Customer::customer"
MANAGE_ACL = "Magento_Customer::manage"
GROUP_ACL = "Magento_Customer::group"
REPOSITORY = "Magento\\Customer\\Api\\CustomerRepositoryInterface"
DUPLICATE_EMAIL = "A customer with the same email address already exists in an associated website."
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ADDRESS_REQUIRED = ("firstname", "lastname", "street", "city", "country_id", "postcode", "telephone")


def _ordered(data: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Keys in the order of the data interface (as Magento's output processor walks the getters)."""
    known = [key for key in fields if data.get(key) is not None]
    extra = [key for key in data if key not in fields and data[key] is not None]
    return {key: data[key] for key in known + extra}


def render(record: Record) -> dict[str, Any]:
    data = copy.deepcopy(record)
    addresses = []
    for address in data.get("addresses", []):
        for flag in ("default_billing", "default_shipping"):
            if not address.get(flag):
                address.pop(flag, None)
        addresses.append(_ordered(address, ADDRESS.fields))
    data["addresses"] = addresses
    return _ordered(data, CUSTOMER.fields)


def find(state: MagentoState, customer_id: Any) -> Record:
    customer = state.customers.get(customer_id) if isinstance(customer_id, int) else None
    if customer is None:
        raise no_such_entity("customerId", customer_id)
    return customer


def _check_password(password: str | None) -> None:
    if password is None:
        return
    if len(password) < 8:
        raise bad_request(
            "The password needs at least %1 characters. Create a new password and try again.", [8]
        )
    classes = sum(
        bool(re.search(pattern, password)) for pattern in (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]")
    )
    if classes < 3:
        raise bad_request(
            "Minimum of different classes of characters in password is %1. Classes of characters: "
            "Lower Case, Upper Case, Digits, Special Characters.",
            [3],
        )


def _check_fields(state: MagentoState, customer: Record) -> None:
    missing = [
        field for field in ("firstname", "lastname", "email") if not str(customer.get(field) or "").strip()
    ]
    if missing:
        raise required(*missing)
    if not _EMAIL.match(str(customer["email"])):
        raise bad_request(
            'Invalid value of "%value" provided for the %fieldName field.',
            {"fieldName": "email", "value": customer["email"]},
        )
    if customer.get("group_id") not in state.customer_groups:
        raise no_such_entity("id", customer.get("group_id"))
    problems: list[tuple[str, Parameters]] = [
        ('"%fieldName" is required. Enter and try again.', {"fieldName": field})
        for address in customer.get("addresses") or []
        for field in _ADDRESS_REQUIRED
        if not address.get(field)
    ]
    if problems:
        raise input_errors(problems)
    clash = state.customer_by_email(str(customer["email"]), customer["website_id"])
    if clash is not None and clash["id"] != customer.get("id"):
        raise bad_request(DUPLICATE_EMAIL)


def _addresses(state: MagentoState, customer: Record, sent: list[dict[str, Any]], old: list[Record]) -> None:
    """Save the sent addresses (with id: update, without: new); the ones not listed are gone."""
    existing = {a["id"]: a for a in old}
    result = []
    for entry in sent:
        address = dict(existing.get(entry.get("id") or 0, {}))
        address.update({k: v for k, v in entry.items() if v is not None})
        if not address.get("id") or address["id"] not in existing:
            address["id"] = state.next_id("customer_address")
        address["customer_id"] = customer["id"]
        region = address.get("region") or {}
        if region.get("region_id") is not None:
            address.setdefault("region_id", region["region_id"])
        address["region"] = {
            "region_code": region.get("region_code"),
            "region": region.get("region"),
            "region_id": region.get("region_id")
            if region.get("region_id") is not None
            else address.get("region_id", 0),
        }
        address.setdefault("region_id", address["region"]["region_id"])
        result.append(address)
    customer["addresses"] = result


def _defaults(customer: Record) -> None:
    """Customer-level default ids follow the address flags (and vanish with a deleted address)."""
    ids = {a["id"] for a in customer["addresses"]}
    for flag in ("default_billing", "default_shipping"):
        flagged = [a for a in customer["addresses"] if a.get(flag)]
        if flagged:
            customer[flag] = str(flagged[-1]["id"])
        elif customer.get(flag) and int(customer[flag]) not in ids:
            customer[flag] = None
        for address in customer["addresses"]:
            address[flag] = customer.get(flag) == str(address["id"])


def _place(state: MagentoState, customer: Record, call: Call) -> None:
    """Store and website of a new customer: the ones sent, else the current store's."""
    if customer.get("store_id") in state.store_views and customer["store_id"]:
        customer["website_id"] = state.store(customer["store_id"])["website_id"]
    elif customer.get("website_id") in state.websites and customer["website_id"]:
        group = state.store_groups[state.websites[customer["website_id"]]["default_group_id"]]
        customer["store_id"] = group["default_store_id"]
    else:
        store = state.default_store() if call.scope.is_admin else state.store(call.scope.store_id)
        customer["store_id"], customer["website_id"] = store["id"], store["website_id"]


def create_customer(call: Call) -> dict[str, Any]:
    state, data = call.state, call.params["customer"]
    _check_password(call.params.get("password"))
    customer: Record = {key: value for key, value in data.items() if value is not None and key != "id"}
    customer.setdefault("group_id", 1)
    _place(state, customer, call)
    customer["id"] = 0
    _check_fields(state, customer)
    customer["id"] = state.next_id("customer")
    customer.update(
        created_at=call.now, updated_at=call.now, created_in=state.store(customer["store_id"])["name"]
    )
    customer.setdefault("disable_auto_group_change", 0)
    customer["extension_attributes"] = {"is_subscribed": False, **(data.get("extension_attributes") or {})}
    _addresses(state, customer, data.get("addresses") or [], [])
    _defaults(customer)
    state.customers[customer["id"]] = customer
    call.write("customers")
    return render(customer)


def update_customer(call: Call) -> dict[str, Any]:
    state, data = call.state, call.params["customer"]
    customer_id = call.params.get("customer_id") or data.get("id")
    existing = find(state, customer_id)
    customer = copy.deepcopy(existing)
    for key, value in data.items():
        if value is not None and key not in {
            "id",
            "addresses",
            "created_at",
            "updated_at",
            "extension_attributes",
        }:
            customer[key] = value
    if data.get("extension_attributes"):
        customer["extension_attributes"] = {
            **customer.get("extension_attributes", {}),
            **data["extension_attributes"],
        }
    _check_fields(state, customer)
    if data.get("addresses") is not None:
        _addresses(state, customer, data["addresses"], existing["addresses"])
    _defaults(customer)
    customer["updated_at"] = call.now
    state.customers[customer["id"]] = customer
    call.write("customers")
    return render(customer)


def get_customer(call: Call) -> dict[str, Any]:
    return render(find(call.state, call.params["customer_id"]))


def delete_customer(call: Call) -> bool:
    customer = find(call.state, call.params["customer_id"])
    del call.state.customers[customer["id"]]
    call.write("customers")
    return True


def _getter(record: Record, name: str) -> Any:
    if name == "entity_id":  # the collection's key column; the data interface calls it `id`
        return record.get("id")
    if name.startswith("billing_") or name == "company":
        billing: dict[str, Any] = next(
            (a for a in record.get("addresses", []) if str(a["id"]) == str(record.get("default_billing"))), {}
        )
        field = name.removeprefix("billing_")
        if field == "region":
            return (billing.get("region") or {}).get("region")
        return billing.get(field)
    return default_getter(record, name)


def search_customers(call: Call) -> dict[str, Any]:
    records = [c for _, c in sorted(call.state.customers.items())]
    return search(call.params["search_criteria"], records, _getter, render=render)


def search_groups(call: Call) -> dict[str, Any]:
    records = [dict(g) for _, g in sorted(call.state.customer_groups.items())]
    return search(call.params["search_criteria"], records)


def get_group(call: Call) -> dict[str, Any]:
    group = call.state.customer_groups.get(call.params["id"])
    if group is None:
        raise no_such_entity("id", call.params["id"])
    return dict(group)


_ID = Param("customerId", INT)
ROUTES = [
    Route("GET", "/V1/customers/search", search_customers, READ_ACL, (SEARCH_PARAM,)),
    Route("GET", "/V1/customers/{customerId}", get_customer, READ_ACL, (_ID,)),
    Route(
        "POST",
        "/V1/customers",
        create_customer,
        MANAGE_ACL,
        (
            Param("customer", CUSTOMER),
            Param("password", STR, required=False),
            Param("redirectUrl", STR, required=False, default=""),
        ),
        cost="entity",
        service="Magento\\Customer\\Api\\AccountManagementInterface::createAccount",
    ),
    Route(
        "PUT",
        "/V1/customers/{customerId}",
        update_customer,
        MANAGE_ACL,
        (
            Param("customer", CUSTOMER),
            Param("passwordHash", STR, required=False),
            Param("customerId", INT, required=False),
        ),
        cost="entity",
        service=f"{REPOSITORY}::save",
    ),
    Route(
        "DELETE",
        "/V1/customers/{customerId}",
        delete_customer,
        MANAGE_ACL,
        (_ID,),
        cost="entity",
        service=f"{REPOSITORY}::deleteById",
    ),
    Route("GET", "/V1/customerGroups/search", search_groups, GROUP_ACL, (SEARCH_PARAM,)),
    Route("GET", "/V1/customerGroups/{id}", get_group, GROUP_ACL, (Param("id", INT),)),
]
