"""The product EAV model of a clean Magento 2.4 install plus the demo catalog's attributes.

The Default attribute set (4) with its groups, the standard product attributes with their usual
ids, scopes and input types, and `color` (93, as installed), `size`, `material` and `warranty`
from the demo catalog with its values as options: global selects, so configurable products can
use them as axes. Also the factory for attributes created through the API.
"""

from __future__ import annotations

from typing import Any

from sandbox.common.catalog import Catalog

from .state import MagentoState

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


def install_eav(state: MagentoState, catalog: Catalog) -> None:
    """Attribute sets and groups of a clean install, the standard attributes and the catalog's."""
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
