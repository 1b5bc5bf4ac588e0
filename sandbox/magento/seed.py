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

from .state import MagentoState

INSTALLED_AT = "2024-01-01 00:00:00"

# (id, code, label, input, backend type, scope, required, group id)
_STANDARD_ATTRIBUTES = [
    (73, "name", "Product Name", "text", "varchar", "store", True, 7),
    (74, "sku", "SKU", "text", "static", "global", True, 7),
    (75, "description", "Description", "textarea", "text", "store", False, 13),
    (76, "short_description", "Short Description", "textarea", "text", "store", False, 13),
    (77, "price", "Price", "price", "decimal", "global", True, 7),
    (78, "special_price", "Special Price", "price", "decimal", "global", False, 8),
    (79, "special_from_date", "Special Price From Date", "date", "datetime", "global", False, 8),
    (80, "special_to_date", "Special Price To Date", "date", "datetime", "global", False, 8),
    (81, "cost", "Cost", "price", "decimal", "global", False, 8),
    (82, "weight", "Weight", "weight", "decimal", "global", False, 7),
    (83, "manufacturer", "Manufacturer", "select", "int", "global", False, 7),
    (84, "meta_title", "Meta Title", "text", "varchar", "store", False, 9),
    (85, "meta_keyword", "Meta Keywords", "textarea", "text", "store", False, 9),
    (86, "meta_description", "Meta Description", "textarea", "varchar", "store", False, 9),
    (87, "image", "Base", "media_image", "varchar", "store", False, 10),
    (88, "small_image", "Small", "media_image", "varchar", "store", False, 10),
    (89, "thumbnail", "Thumbnail", "media_image", "varchar", "store", False, 10),
    (93, "color", "Color", "select", "int", "global", False, 7),
    (94, "news_from_date", "Set Product as New from Date", "date", "datetime", "website", False, 7),
    (95, "news_to_date", "Set Product as New to Date", "date", "datetime", "website", False, 7),
    (97, "status", "Enable Product", "boolean", "int", "website", True, 7),
    (99, "visibility", "Visibility", "select", "int", "store", True, 7),
    (105, "category_ids", "Categories", "categories", "static", "global", False, 7),
    (106, "options_container", "Display Product Options In", "select", "varchar", "store", False, 11),
    (107, "required_options", "", "text", "static", "global", False, 7),
    (108, "has_options", "", "text", "static", "global", False, 7),
    (114, "country_of_manufacture", "Country of Manufacture", "select", "varchar", "website", False, 7),
    (119, "url_key", "URL Key", "text", "varchar", "store", False, 9),
    (120, "url_path", "", "text", "varchar", "store", False, 9),
    (121, "msrp", "Minimum Advertised Price", "price", "decimal", "website", False, 8),
    (132, "tax_class_id", "Tax Class", "select", "int", "website", False, 7),
]
_PRODUCT_GROUPS = [
    (7, "Product Details", "product-details"),
    (8, "Advanced Pricing", "advanced-pricing"),
    (9, "Search Engine Optimization", "search-engine-optimization"),
    (10, "Images", "image-management"),
    (11, "Design", "design"),
    (12, "Autosettings", "autosettings"),
    (13, "Content", "content"),
    (14, "Schedule Design Update", "schedule-design-update"),
    (15, "Bundle Items", "bundle-items"),
    (16, "Gift Options", "gift-options"),
]
_OTHER_SETS = [  # (set id = entity type id, group id, group name)
    (1, 1, "General"),
    (2, 2, "General"),
    (3, 3, "General Information"),
    (5, 17, "General"),
    (6, 18, "General"),
    (7, 19, "General"),
    (8, 20, "General"),
]
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
    _eav(state, catalog)
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


BACKEND_TYPES = {
    "text": "varchar",
    "textarea": "text",
    "texteditor": "text",
    "pagebuilder": "text",
    "date": "datetime",
    "datetime": "datetime",
    "boolean": "int",
    "multiselect": "varchar",
    "select": "int",
    "price": "decimal",
    "weight": "decimal",
    "media_image": "varchar",
    "swatch_visual": "int",
    "swatch_text": "int",
}


def new_attribute(
    attribute_id: int,
    code: str,
    label: str,
    frontend_input: str,
    backend_type: str | None = None,
    scope: str = "store",
    required: bool = False,
) -> dict[str, Any]:
    """A product attribute record in the REST shape (options kept without the blank one)."""
    backend_type = backend_type or BACKEND_TYPES.get(frontend_input, "varchar")
    user_defined = attribute_id >= 140
    return {
        "attribute_id": attribute_id,
        "attribute_code": code,
        "frontend_input": frontend_input,
        "entity_type_id": "4",
        "is_required": required,
        "is_user_defined": user_defined,
        "default_frontend_label": label,
        "frontend_labels": [],
        "backend_type": backend_type,
        "scope": scope,
        "is_unique": "0",
        "is_wysiwyg_enabled": code == "description",
        "is_html_allowed_on_front": frontend_input in {"textarea", "text"},
        "used_for_sort_by": code in {"name", "price"},
        "is_filterable": user_defined,
        "is_filterable_in_search": user_defined,
        "is_used_in_grid": True,
        "is_visible_in_grid": code in {"name", "sku", "price"},
        "is_filterable_in_grid": True,
        "position": 0,
        "apply_to": [],
        "is_searchable": "1" if code in {"name", "sku", "description"} or user_defined else "0",
        "is_visible_in_advanced_search": "1" if code in {"name", "sku", "description"} else "0",
        "is_comparable": "1" if user_defined else "0",
        "is_used_for_promo_rules": "0",
        "is_visible_on_front": "1" if user_defined else "0",
        "used_in_product_listing": "1" if code in {"name", "price", "status", "visibility"} else "0",
        "is_visible": True,
        "validation_rules": [],
        "options": [],
    }


def _eav(state: MagentoState, catalog: Catalog) -> None:
    for set_id, group_id, group_name in _OTHER_SETS:
        state.attribute_sets[set_id] = {
            "attribute_set_id": set_id,
            "attribute_set_name": "Default",
            "sort_order": 0,
            "entity_type_id": set_id,
        }
        state.attribute_groups[group_id] = {
            "attribute_group_id": group_id,
            "attribute_group_name": group_name,
            "attribute_set_id": set_id,
            "attribute_group_code": group_name.lower().replace(" ", "-"),
            "sort_order": 1,
        }
    state.attribute_sets[4] = {
        "attribute_set_id": 4,
        "attribute_set_name": "Default",
        "sort_order": 1,
        "entity_type_id": 4,
    }
    for position, (group_id, name, code) in enumerate(_PRODUCT_GROUPS, start=1):
        state.attribute_groups[group_id] = {
            "attribute_group_id": group_id,
            "attribute_group_name": name,
            "attribute_set_id": 4,
            "attribute_group_code": code,
            "sort_order": position,
        }
    for sort, (attribute_id, code, label, input_, backend, scope, required, group) in enumerate(
        _STANDARD_ATTRIBUTES
    ):
        state.attributes[code] = new_attribute(attribute_id, code, label, input_, backend, scope, required)
        state.set_attributes[4][code] = (group, sort * 10)
    state.attributes["tax_class_id"]["options"] = [
        {"label": "None", "value": "0", "sort_order": 0, "is_default": False},
        {"label": "Taxable Goods", "value": "2", "sort_order": 1, "is_default": True},
    ]
    state.attributes["visibility"]["options"] = [
        {"label": label, "value": str(value), "sort_order": value, "is_default": value == 4}
        for value, label in (
            (1, "Not Visible Individually"),
            (2, "Catalog"),
            (3, "Search"),
            (4, "Catalog, Search"),
        )
    ]
    option_id = 5
    next_attribute_id = 144
    for definition in catalog.attributes:
        code = definition.attribute_id.lower()
        attribute = state.attributes.get(code)
        if attribute is None:
            attribute = new_attribute(
                next_attribute_id, code, definition.description, "select", "int", "global"
            )
            next_attribute_id += 1
            state.attributes[code] = attribute
            state.set_attributes[4][code] = (7, 500 + next_attribute_id)
        attribute["is_user_defined"] = True
        attribute["is_filterable"] = True
        attribute["is_comparable"] = "1"
        attribute["is_visible_on_front"] = "1"
        attribute["apply_to"] = ["simple", "virtual", "configurable"]
        options: list[dict[str, Any]] = attribute["options"]
        for sort, (_value, label) in enumerate(definition.values, start=1):
            options.append({"label": label, "value": str(option_id), "sort_order": sort, "is_default": False})
            option_id += 1
    state.start_sequence("attribute_option", option_id)
    state.attributes["price"]["apply_to"] = ["simple", "virtual", "bundle", "downloadable", "configurable"]


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
