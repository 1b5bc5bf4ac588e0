"""The store as it stands before the connector's first sync, built from the shared demo catalog.

Stores, websites and groups come from `catalog.store_views` (plus the admin store 0); the product
EAV model is a clean install's (Default attribute set 4 with its groups, the standard attributes
with their usual ids) plus `color`, `size`, `material` and `warranty` with the catalog's values as
options, all global selects so configurable products can use them; MSI has the `default` source
and stock plus one source per catalog warehouse; customer groups mirror the catalog's customer
classes; the registered customers are the catalog's people with `in_magento`. There are no
products, orders or documents yet. Everything is deterministic from the catalog.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sandbox.common.catalog import Catalog

from .eav import install_eav
from .state import MagentoState

INSTALLED_AT = "2024-01-01 00:00:00"

US_REGIONS = {
    "WA": ("Washington", 62),
    "OR": ("Oregon", 49),
    "TX": ("Texas", 57),
    "CO": ("Colorado", 13),
    "MA": ("Massachusetts", 32),
    "IL": ("Illinois", 23),
    "CA": ("California", 12),
    "NY": ("New York", 43),
}
_WAREHOUSE_POSTCODES = {"wholesale": "98108", "retail": "98101", "westwh": "94107"}


def build_state(catalog: Catalog) -> MagentoState:
    state = MagentoState(catalog)
    _stores(state, catalog)
    install_eav(state, catalog)
    _categories(state)
    _inventory(state, catalog)
    _customers(state, catalog)
    for name, first in {
        "product": 1,
        "category": 3,
        "attribute_set": 9,
        "attribute_group": 21,
        "attribute": 150,
        "configurable_option": 1,
        "order": 1,
        "order_item": 1,
        "order_address": 1,
        "order_payment": 1,
        "status_history": 1,
        "shipment": 1,
        "shipment_item": 1,
        "shipment_track": 1,
        "shipment_comment": 1,
        "invoice": 1,
        "invoice_item": 1,
        "invoice_comment": 1,
        "operation": 1,
        "custom_option": 1,
    }.items():
        state.start_sequence(name, first)
    return state


def _stores(state: MagentoState, catalog: Catalog) -> None:
    state.websites[0] = {"id": 0, "code": "admin", "name": "Admin", "default_group_id": 0}
    state.store_groups[0] = {
        "id": 0,
        "website_id": 0,
        "root_category_id": 0,
        "default_store_id": 0,
        "name": "Default",
        "code": "default",
    }
    state.store_views[0] = {
        "id": 0,
        "code": "admin",
        "name": "Admin",
        "website_id": 0,
        "store_group_id": 0,
        "is_active": 1,
    }
    for view in catalog.store_views:
        state.websites.setdefault(
            view.website_id,
            {
                "id": view.website_id,
                "code": view.website_code,
                "name": view.website_name,
                "default_group_id": view.group_id,
            },
        )
        state.store_groups.setdefault(
            view.group_id,
            {
                "id": view.group_id,
                "website_id": view.website_id,
                "root_category_id": 2,
                "default_store_id": view.store_id,
                "name": view.group_name,
                "code": view.group_name.lower().replace(" ", "_"),
            },
        )
        state.store_views[view.store_id] = {
            "id": view.store_id,
            "code": view.code,
            "name": view.name,
            "website_id": view.website_id,
            "store_group_id": view.group_id,
            "is_active": 1,
        }


def _categories(state: MagentoState) -> None:
    for category_id, parent_id, name, level, path in (
        (1, 0, "Root Catalog", 0, "1"),
        (2, 1, "Default Category", 1, "1/2"),
    ):
        state.categories[category_id] = {
            "id": category_id,
            "parent_id": parent_id,
            "name": name,
            "is_active": True,
            "position": 1 if category_id == 2 else 0,
            "level": level,
            "created_at": INSTALLED_AT,
            "updated_at": INSTALLED_AT,
            "path": path,
            "available_sort_by": [],
            "include_in_menu": True,
            "custom_attributes": {"display_mode": "PRODUCTS", "is_anchor": "1"} if category_id == 2 else {},
        }


def _inventory(state: MagentoState, catalog: Catalog) -> None:
    def source(code: str, name: str, postcode: str) -> dict[str, Any]:
        return {
            "source_code": code,
            "name": name,
            "enabled": True,
            "description": name,
            "latitude": 0,
            "longitude": 0,
            "country_id": "US",
            "postcode": postcode,
            "use_default_carrier_config": True,
            "carrier_links": [],
        }

    state.sources["default"] = source("default", "Default Source", "00000")
    for warehouse in catalog.warehouses:
        state.sources[warehouse.source_code] = source(
            warehouse.source_code,
            warehouse.description,
            _WAREHOUSE_POSTCODES.get(warehouse.source_code, "00000"),
        )
    stock_websites = {1: ("Default Stock", "base"), 2: ("West Coast Stock", "west")}
    for stock_id, (name, website_code) in stock_websites.items():
        if not any(w["code"] == website_code for w in state.websites.values()):
            continue
        state.stocks[stock_id] = {
            "stock_id": stock_id,
            "name": name,
            "extension_attributes": {"sales_channels": [{"type": "website", "code": website_code}]},
        }
    branch_of_west = {v.branch_id for v in catalog.store_views if v.code != "default"}
    priorities: dict[int, int] = {}
    for code in ["default", *[w.source_code for w in catalog.warehouses]]:
        found = next((w for w in catalog.warehouses if w.source_code == code), None)
        stock_id = 2 if found and found.branch_id in branch_of_west and 2 in state.stocks else 1
        priorities[stock_id] = priorities.get(stock_id, 0) + 1
        state.stock_source_links.append(
            {"stock_id": stock_id, "source_code": code, "priority": priorities[stock_id]}
        )


def _customers(state: MagentoState, catalog: Catalog) -> None:
    state.customer_groups[0] = {
        "id": 0,
        "code": "NOT LOGGED IN",
        "tax_class_id": 3,
        "tax_class_name": "Retail Customer",
    }
    for klass in catalog.customer_classes:
        state.customer_groups[klass.magento_group_id] = {
            "id": klass.magento_group_id,
            "code": klass.description,
            "tax_class_id": 3,
            "tax_class_name": "Retail Customer",
        }
    group_of_class = {k.class_id: k.magento_group_id for k in catalog.customer_classes}
    installed = datetime(2024, 1, 2, 10, 0, tzinfo=UTC)
    customer_id = 0
    for index, person in enumerate(catalog.customers):
        if not person.in_magento:
            continue
        customer_id += 1
        store = state.store_by_code(person.store_code) or state.default_store()
        region, region_id = US_REGIONS.get(person.address.state, (person.address.state, 0))
        created = (installed + timedelta(days=index, minutes=7 * index)).strftime("%Y-%m-%d %H:%M:%S")
        state.customers[customer_id] = {
            "id": customer_id,
            "group_id": group_of_class.get(person.customer_class, 1),
            "default_billing": str(customer_id),
            "default_shipping": str(customer_id),
            "created_at": created,
            "updated_at": created,
            "created_in": store["name"],
            "email": person.email,
            "firstname": person.first_name,
            "lastname": person.last_name,
            "store_id": store["id"],
            "website_id": store["website_id"],
            "addresses": [
                {
                    "id": customer_id,
                    "customer_id": customer_id,
                    "region": {"region_code": person.address.state, "region": region, "region_id": region_id},
                    "region_id": region_id,
                    "country_id": person.address.country,
                    "street": [person.address.line1],
                    "telephone": person.phone,
                    "postcode": person.address.postal_code,
                    "city": person.address.city,
                    "firstname": person.first_name,
                    "lastname": person.last_name,
                    "default_shipping": True,
                    "default_billing": True,
                }
            ],
            "disable_auto_group_change": 0,
            "extension_attributes": {"is_subscribed": False},
        }
    state.start_sequence("customer", customer_id + 1)
    state.start_sequence("customer_address", customer_id + 1)
