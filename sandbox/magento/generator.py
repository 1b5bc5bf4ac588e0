"""`POST /__sandbox__/orders/generate`: realistic storefront orders, deterministic from the seed.

Each order mixes what a real store sees: registered customers (from the store's customers) and
guests (some with the e-mail of an ERP-only customer), simple lines and configurable lines (the
parent + child row pair), the catalog's payment methods (an online card payment is captured at
checkout, so that order is invoiced and `processing`; offline methods leave it `new`/`pending`),
the catalog's shipping methods, and a 10 % discount on about a quarter of the orders. SKUs and
prices are the demo catalog's: when the product exists in the store its id, name and price are
used, otherwise the catalog's (and `product_id` is omitted). `updated_at` is the moment of
generation, so an `updated_at` cursor finds the new orders.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from . import documents
from .orders import add_history
from .render import money, timestamp
from .seed import US_REGIONS
from .state import MagentoState, Record

TAX_PERCENT = 8.25
DISCOUNT_PERCENT = 10.0
_GUEST_NAMES = [
    ("Uma", "Vance"),
    ("Victor", "Wolfe"),
    ("Wendy", "Xu"),
    ("Xavier", "Young"),
    ("Yara", "Zimmer"),
]
_GUEST_CITIES = [
    ("Seattle", "WA", "98101"),
    ("Portland", "OR", "97201"),
    ("Austin", "TX", "73301"),
    ("Denver", "CO", "80202"),
    ("San Francisco", "CA", "94107"),
]


def generate_orders(
    state: MagentoState, count: int, record_write: Callable[[str, int], None], now: datetime
) -> list[Record]:
    """Create `count` orders at the sandbox's clock time `now` (call under the app lock)."""
    created = []
    for _ in range(count):
        rng = random.Random(state.catalog.seed * 1_000_003 + state.generated_orders)
        state.generated_orders += 1
        created.append(_order(state, rng, now))
    record_write("orders", len(created))
    return created


def _customer(state: MagentoState, rng: random.Random) -> dict[str, Any]:
    registered = list(state.customers.values())
    if registered and rng.random() < 0.6:
        customer = rng.choice(registered)
        address = next(
            (a for a in customer["addresses"] if str(a["id"]) == str(customer.get("default_billing"))),
            customer["addresses"][0] if customer["addresses"] else None,
        )
        return {"customer": customer, "store_id": customer["store_id"], "address": address}
    erp_only = [c for c in state.catalog.customers if not c.in_magento]
    if erp_only and rng.random() < 0.3:
        person = rng.choice(erp_only)
        first, last, email = person.first_name, person.last_name, person.email
        city = (person.address.city, person.address.state, person.address.postal_code)
        street = person.address.line1
    else:
        first, last = rng.choice(_GUEST_NAMES)
        email = f"{first.lower()}.{last.lower()}{rng.randint(1, 999)}@example.net"
        city, street = rng.choice(_GUEST_CITIES), f"{rng.randint(1, 999)} Market St"
    region, region_id = US_REGIONS.get(city[1], (city[1], 0))
    store_ids = [s for s in state.store_views if s]
    address = {
        "firstname": first,
        "lastname": last,
        "street": [street],
        "city": city[0],
        "postcode": city[2],
        "country_id": "US",
        "region": {"region_code": city[1], "region": region, "region_id": region_id},
        "telephone": f"+1-555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        "email": email,
    }
    return {
        "customer": None,
        "store_id": rng.choices(store_ids, weights=[3] + [1] * (len(store_ids) - 1))[0],
        "address": address,
    }


def _product(state: MagentoState, sku: str, name: str, price: Decimal) -> tuple[int | None, str, float]:
    product = state.product_by_sku(sku)
    if product is None:
        return None, name, float(price)
    values = product["values"].get(0, {})
    return product["id"], values.get("name") or name, float(values.get("price") or price)


def _item_base(state: MagentoState, order_id: int, store_id: int, now: str) -> dict[str, Any]:
    return {
        "item_id": state.next_id("order_item"),
        "order_id": order_id,
        "quote_item_id": state.next_id("quote_item"),
        "store_id": store_id,
        "created_at": now,
        "updated_at": now,
        "is_virtual": 0,
        "is_qty_decimal": 0,
        "no_discount": 0,
        "free_shipping": 0,
        "qty_invoiced": 0.0,
        "qty_shipped": 0.0,
        "qty_canceled": 0.0,
        "qty_refunded": 0.0,
        "amount_refunded": 0.0,
        "row_invoiced": 0.0,
        "tax_invoiced": 0.0,
        "discount_invoiced": 0.0,
    }


def _priced(item: dict[str, Any], price: float, qty: int, discount: bool) -> None:
    item["row_weight"] = item["weight"] * qty
    row_total = money(price * qty)
    row_discount = money(row_total * DISCOUNT_PERCENT / 100) if discount else 0.0
    tax = money((row_total - row_discount) * TAX_PERCENT / 100)
    item.update(
        qty_ordered=float(qty),
        price=money(price),
        base_price=money(price),
        original_price=money(price),
        base_original_price=money(price),
        price_incl_tax=money(price * (1 + TAX_PERCENT / 100)),
        base_price_incl_tax=money(price * (1 + TAX_PERCENT / 100)),
        row_total=row_total,
        base_row_total=row_total,
        row_total_incl_tax=money(row_total + tax),
        base_row_total_incl_tax=money(row_total + tax),
        tax_amount=tax,
        base_tax_amount=tax,
        tax_percent=TAX_PERCENT,
        discount_amount=row_discount,
        base_discount_amount=row_discount,
        discount_percent=DISCOUNT_PERCENT if discount else 0.0,
    )
    if discount:
        item["applied_rule_ids"] = "1"


def _lines(
    state: MagentoState, rng: random.Random, order_id: int, store_id: int, now: str, discount: bool
) -> list[Record]:
    catalog = state.catalog
    simple, templates = catalog.simple_items, catalog.sellable_templates
    items: list[Record] = []

    def line(product_id: int | None, product_type: str, sku: str, name: str, weight: float) -> Record:
        """An order item row of one product, before its quantity and prices."""
        return {
            **_item_base(state, order_id, store_id, now),
            "product_id": product_id,
            "product_type": product_type,
            "sku": sku,
            "name": name,
            "weight": weight,
        }

    for _ in range(rng.randint(1, 4)):
        qty = rng.choice([1, 1, 1, 2, 3])
        if templates and (not simple or rng.random() < 0.3):
            template = rng.choice(templates)
            variant = catalog.item(rng.choice(template.variant_ids))
            parent_id, parent_name, price = _product(
                state, template.inventory_id, template.description, template.default_price
            )
            child_id, child_name, _ = _product(
                state, variant.inventory_id, variant.description, variant.default_price
            )
            parent = line(parent_id, "configurable", variant.inventory_id, parent_name, float(variant.weight))
            _priced(parent, price, qty, discount)
            options = []
            for code in ("color", "size"):
                attribute = state.attributes.get(code)
                definition = next((a for a in catalog.attributes if a.attribute_id.lower() == code), None)
                label = (
                    dict(definition.values).get(variant.attributes.get(code.upper(), ""))
                    if definition
                    else None
                )
                option_id = state.option_id(code, label) if attribute and label else None
                if attribute and option_id:
                    options.append(
                        {"option_id": str(attribute["attribute_id"]), "option_value": int(option_id)}
                    )
            parent["product_option"] = {"extension_attributes": {"configurable_item_options": options}}
            child = line(child_id, "simple", variant.inventory_id, child_name, float(variant.weight))
            child["qty_ordered"] = float(qty)
            child.update(
                parent_item_id=parent["item_id"], price=0.0, base_price=0.0, row_total=0.0, base_row_total=0.0
            )
            child.update(original_price=money(price), tax_amount=0.0, discount_amount=0.0, row_weight=0.0)
            items.extend([parent, child])
        else:
            item_def = rng.choice(simple)
            product_id, name, price = _product(
                state, item_def.inventory_id, item_def.description, item_def.default_price
            )
            item = line(product_id, "simple", item_def.inventory_id, name, float(item_def.weight))
            _priced(item, price, qty, discount)
            items.append(item)
    return items


def _address(
    state: MagentoState, source: dict[str, Any], kind: str, order_id: int, email: str, customer_id: int | None
) -> Record:
    region = source.get("region") or {}
    return {
        "entity_id": state.next_id("order_address"),
        "parent_id": order_id,
        "address_type": kind,
        "customer_address_id": source.get("id") if customer_id else None,
        "customer_id": customer_id,
        "firstname": source["firstname"],
        "lastname": source["lastname"],
        "company": source.get("company"),
        "street": list(source["street"]),
        "city": source["city"],
        "postcode": source["postcode"],
        "country_id": source["country_id"],
        "region": region.get("region"),
        "region_code": region.get("region_code"),
        "region_id": region.get("region_id"),
        "telephone": source["telephone"],
        "email": email,
    }


def _order(state: MagentoState, rng: random.Random, moment: datetime) -> Record:
    catalog = state.catalog
    who = _customer(state, rng)
    customer, store_id = who["customer"], who["store_id"]
    store = state.store(store_id)
    website, group = state.websites[store["website_id"]], state.store_groups[store["store_group_id"]]
    order_id = state.next_id("order")
    now = timestamp(moment)
    created = timestamp(moment - timedelta(minutes=rng.randint(1, 90)))
    discount = rng.random() < 0.25
    items = _lines(state, rng, order_id, store_id, created, discount)
    ship_via = rng.choices(catalog.ship_vias, weights=[5, 3, 2, 2, 1][: len(catalog.ship_vias)])[0]
    payment_method = rng.choice(catalog.payment_methods)
    top = [item for item in items if item.get("parent_item_id") is None]
    subtotal = money(sum(item["row_total"] for item in top))
    discount_total = money(sum(item["discount_amount"] for item in top))
    tax = money(sum(item["tax_amount"] for item in top))
    shipping = money(ship_via.price)
    grand_total = money(subtotal - discount_total + tax + shipping)
    email = customer["email"] if customer else who["address"]["email"]
    first = customer["firstname"] if customer else who["address"]["firstname"]
    last = customer["lastname"] if customer else who["address"]["lastname"]
    customer_id = customer["id"] if customer else None
    order: Record = {
        "entity_id": order_id,
        "increment_id": state.next_increment_id("order", store_id),
        "state": "new",
        "status": "pending",
        "protect_code": f"{rng.getrandbits(48):012x}",
        "store_id": store_id,
        "store_name": f"{website['name']}\n{group['name']}\n{store['name']}",
        "created_at": created,
        "updated_at": now,
        "customer_id": customer_id,
        "customer_is_guest": 0 if customer else 1,
        "customer_group_id": customer["group_id"] if customer else 0,
        "customer_email": email,
        "customer_firstname": first,
        "customer_lastname": last,
        "customer_note_notify": 1,
        "base_currency_code": "USD",
        "global_currency_code": "USD",
        "order_currency_code": "USD",
        "store_currency_code": "USD",
        "base_to_global_rate": 1.0,
        "base_to_order_rate": 1.0,
        "subtotal": subtotal,
        "base_subtotal": subtotal,
        "subtotal_incl_tax": money(subtotal + tax),
        "base_subtotal_incl_tax": money(subtotal + tax),
        "discount_amount": money(-discount_total),
        "base_discount_amount": money(-discount_total),
        "discount_description": "10% off" if discount else None,
        "coupon_code": "SAVE10" if discount else None,
        "applied_rule_ids": "1" if discount else None,
        "tax_amount": tax,
        "base_tax_amount": tax,
        "shipping_amount": shipping,
        "base_shipping_amount": shipping,
        "shipping_incl_tax": shipping,
        "base_shipping_incl_tax": shipping,
        "shipping_tax_amount": 0.0,
        "base_shipping_tax_amount": 0.0,
        "shipping_discount_amount": 0.0,
        "base_shipping_discount_amount": 0.0,
        "shipping_description": f"{ship_via.carrier_title} - {ship_via.method_title}",
        "grand_total": grand_total,
        "base_grand_total": grand_total,
        "total_due": grand_total,
        "base_total_due": grand_total,
        "total_qty_ordered": sum(item["qty_ordered"] for item in top),
        "total_item_count": len(top),
        "weight": money(sum(item.get("row_weight") or 0 for item in top)),
        "is_virtual": 0,
        "email_sent": 1,
        "quote_id": state.next_id("quote"),
        "remote_ip": f"203.0.113.{rng.randint(1, 254)}",
        "items": items,
    }
    order["billing_address"] = _address(state, who["address"], "billing", order_id, email, customer_id)
    order["_shipping"] = {
        "address": _address(state, who["address"], "shipping", order_id, email, customer_id),
        "method": ship_via.magento_method,
        "total": {
            "shipping_amount": shipping,
            "base_shipping_amount": shipping,
            "shipping_incl_tax": shipping,
            "base_shipping_incl_tax": shipping,
            "shipping_tax_amount": 0.0,
            "base_shipping_tax_amount": 0.0,
            "shipping_discount_amount": 0.0,
            "base_shipping_discount_amount": 0.0,
        },
    }
    online = payment_method.paid_on_order
    order["payment"] = {
        "entity_id": state.next_id("order_payment"),
        "parent_id": order_id,
        "method": payment_method.magento_code,
        "amount_ordered": grand_total,
        "base_amount_ordered": grand_total,
        "shipping_amount": shipping,
        "base_shipping_amount": shipping,
        "account_status": None,
        "cc_last4": "1111" if online else None,
        "cc_type": "VI" if online else None,
        "last_trans_id": f"{rng.getrandbits(32):08x}" if online else None,
        "additional_information": [payment_method.magento_title, ""],
    }
    order["status_histories"] = []
    order["extension_attributes"] = {
        "payment_additional_info": [{"key": "method_title", "value": payment_method.magento_title}],
        "applied_taxes": [],
        "item_applied_taxes": [],
        "converting_from_quote": False,
    }
    state.orders[order_id] = order
    if online:  # captured at checkout: invoiced, hence processing
        quantities = {item["item_id"]: item["qty_ordered"] for item in top}
        documents.register_invoice(state, order, quantities, now, capture=True)
        add_history(state, order, f"Captured amount of ${grand_total:.2f} online.", order["status"], now)
    order["updated_at"] = now
    return order
