"""The data interfaces the Magento sandbox accepts as input.

Each mirrors the definition of the same name in Magento's admin schema (a test compares them field
by field), so unknown fields and wrong types are refused as the real server refuses them. Scalar
fields are listed as `name:type` (`int`, `float`, `str`, `bool`, `any`, `custom` for custom
attributes, `[]` for a list); nested objects are keyword arguments. Values the sandbox stores
without interpreting (media gallery entries, custom options, bundle options...) are `any`.
Orders are lenient: their real field list is long and install-dependent, so fields are kept as sent.
"""

from __future__ import annotations

from typing import Any

from .types import ANY, BOOL, CUSTOM_ATTRIBUTES, FLOAT, INT, STR, Interface, ListOf, Scalar

_SCALARS: dict[str, Scalar] = {
    "int": INT,
    "float": FLOAT,
    "str": STR,
    "bool": BOOL,
    "any": ANY,
    "custom": CUSTOM_ATTRIBUTES,
}


def _i(schema: str, spec: str = "", **complex_fields: Any) -> Interface:
    fields: dict[str, Any] = {}
    for entry in spec.split():
        name, _, type_name = entry.partition(":")
        scalar = _SCALARS[type_name.removesuffix("[]")]
        fields[name] = ListOf(scalar) if type_name.endswith("[]") else scalar
    fields.update(complex_fields)
    return Interface(schema, fields)


def _lenient(schema: str) -> Interface:
    return Interface(schema, {}, strict=False)


ATTRIBUTE_VALUE = _i("framework-attribute-interface", "attribute_code:str value:any")
CATEGORY_LINK = _i(
    "catalog-data-category-link-interface",
    "position:int category_id:str",
    extension_attributes=_i("catalog-data-category-link-extension-interface"),
)
STOCK_ITEM = _i(
    "catalog-inventory-data-stock-item-interface",
    "item_id:int product_id:int stock_id:int qty:float is_in_stock:bool is_qty_decimal:bool "
    "show_default_notification_message:bool use_config_min_qty:bool min_qty:float "
    "use_config_min_sale_qty:int min_sale_qty:float use_config_max_sale_qty:bool max_sale_qty:float "
    "use_config_backorders:bool backorders:int use_config_notify_stock_qty:bool "
    "notify_stock_qty:float use_config_qty_increments:bool qty_increments:float "
    "use_config_enable_qty_inc:bool enable_qty_increments:bool use_config_manage_stock:bool "
    "manage_stock:bool low_stock_date:str is_decimal_divided:bool stock_status_changed_auto:int",
    extension_attributes=_i("catalog-inventory-data-stock-item-extension-interface"),
)
OPTION_VALUE = _i(
    "configurable-product-data-option-value-interface",
    "value_index:int",
    extension_attributes=_i("configurable-product-data-option-value-extension-interface"),
)
CONFIGURABLE_OPTION = _i(
    "configurable-product-data-option-interface",
    "id:int attribute_id:str label:str position:int is_use_default:bool product_id:int",
    values=ListOf(OPTION_VALUE),
    extension_attributes=_i("configurable-product-data-option-extension-interface"),
)
PRODUCT_EXTENSION = _i(
    "catalog-data-product-extension-interface",
    "website_ids:int[] discounts:any bundle_product_options:any downloadable_product_links:any "
    "downloadable_product_samples:any giftcard_amounts:any configurable_product_links:int[]",
    category_links=ListOf(CATEGORY_LINK),
    stock_item=STOCK_ITEM,
    configurable_product_options=ListOf(CONFIGURABLE_OPTION),
)
PRODUCT = _i(
    "catalog-data-product-interface",
    "id:int sku:str name:str attribute_set_id:int price:float status:int visibility:int type_id:str "
    "created_at:str updated_at:str weight:float product_links:any options:any "
    "media_gallery_entries:any tier_prices:any custom_attributes:custom",
    extension_attributes=PRODUCT_EXTENSION,
)
WEBSITE_LINK = _i("catalog-data-product-website-link-interface", "sku:str website_id:int")
CATEGORY = _i(
    "catalog-data-category-interface",
    "id:int parent_id:int name:str is_active:bool position:int level:int children:str created_at:str "
    "updated_at:str path:str available_sort_by:str[] include_in_menu:bool custom_attributes:custom",
    extension_attributes=_i("catalog-data-category-extension-interface"),
)
CATEGORY_PRODUCT_LINK = _i(
    "catalog-data-category-product-link-interface",
    "sku:str position:int category_id:str",
    extension_attributes=_i("catalog-data-category-product-link-extension-interface"),
)
ATTRIBUTE_SET = _i(
    "eav-data-attribute-set-interface",
    "attribute_set_id:int attribute_set_name:str sort_order:int entity_type_id:int",
    extension_attributes=_i("eav-data-attribute-set-extension-interface"),
)
ATTRIBUTE_GROUP = _i(
    "eav-data-attribute-group-interface",
    "attribute_group_id:str attribute_group_name:str attribute_set_id:int",
    extension_attributes=_i(
        "eav-data-attribute-group-extension-interface", "attribute_group_code:str sort_order:str"
    ),
)
OPTION_LABEL = _i("eav-data-attribute-option-label-interface", "store_id:int label:str")
ATTRIBUTE_OPTION = _i(
    "eav-data-attribute-option-interface",
    "label:str value:str sort_order:int is_default:bool",
    store_labels=ListOf(OPTION_LABEL),
)
FRONTEND_LABEL = _i("eav-data-attribute-frontend-label-interface", "store_id:int label:str")
PRODUCT_ATTRIBUTE = _i(
    "catalog-data-product-attribute-interface",
    "is_wysiwyg_enabled:bool is_html_allowed_on_front:bool used_for_sort_by:bool is_filterable:bool "
    "is_filterable_in_search:bool is_used_in_grid:bool is_visible_in_grid:bool "
    "is_filterable_in_grid:bool position:int apply_to:str[] is_searchable:str "
    "is_visible_in_advanced_search:str is_comparable:str is_used_for_promo_rules:str "
    "is_visible_on_front:str used_in_product_listing:str is_visible:bool scope:str attribute_id:int "
    "attribute_code:str frontend_input:str entity_type_id:str is_required:bool is_user_defined:bool "
    "default_frontend_label:str note:str backend_type:str backend_model:str source_model:str "
    "default_value:str is_unique:str frontend_class:str validation_rules:any custom_attributes:custom",
    extension_attributes=_i("eav-data-attribute-extension-interface", "is_pagebuilder_enabled:bool"),
    options=ListOf(ATTRIBUTE_OPTION),
    frontend_labels=ListOf(FRONTEND_LABEL),
)
BASE_PRICE = _i(
    "catalog-data-base-price-interface",
    "price:float store_id:int sku:str",
    extension_attributes=_i("catalog-data-base-price-extension-interface"),
)
SPECIAL_PRICE = _i(
    "catalog-data-special-price-interface",
    "price:float store_id:int sku:str price_from:str price_to:str",
    extension_attributes=_i("catalog-data-special-price-extension-interface"),
)
TIER_PRICE = _i(
    "catalog-data-tier-price-interface",
    "price:float price_type:str website_id:int sku:str customer_group:str quantity:float",
    extension_attributes=_i("catalog-data-tier-price-extension-interface"),
)
COST = _i(
    "catalog-data-cost-interface",
    "cost:float store_id:int sku:str",
    extension_attributes=_i("catalog-data-cost-extension-interface"),
)
SOURCE_ITEM = _i(
    "inventory-api-data-source-item-interface",
    "sku:str source_code:str quantity:float status:int",
    extension_attributes=_i("inventory-api-data-source-item-extension-interface"),
)
CARRIER_LINK = _i(
    "inventory-api-data-source-carrier-link-interface",
    "carrier_code:str position:int",
    extension_attributes=_i("inventory-api-data-source-carrier-link-extension-interface"),
)
SOURCE = _i(
    "inventory-api-data-source-interface",
    "source_code:str name:str email:str contact_name:str enabled:bool description:str latitude:float "
    "longitude:float country_id:str region_id:int region:str city:str street:str postcode:str "
    "phone:str fax:str use_default_carrier_config:bool",
    carrier_links=ListOf(CARRIER_LINK),
    extension_attributes=_i(
        "inventory-api-data-source-extension-interface",
        "is_pickup_location_active:bool frontend_name:str frontend_description:str",
    ),
)
REGION = _i(
    "customer-data-region-interface",
    "region_code:str region:str region_id:int",
    extension_attributes=_i("customer-data-region-extension-interface"),
)
ADDRESS = _i(
    "customer-data-address-interface",
    "id:int customer_id:int region_id:int country_id:str street:str[] company:str telephone:str "
    "fax:str postcode:str city:str firstname:str lastname:str middlename:str prefix:str suffix:str "
    "vat_id:str default_shipping:bool default_billing:bool custom_attributes:custom",
    region=REGION,
    extension_attributes=_i("customer-data-address-extension-interface"),
)
CUSTOMER = _i(
    "customer-data-customer-interface",
    "id:int group_id:int default_billing:str default_shipping:str confirmation:str created_at:str "
    "updated_at:str created_in:str dob:str email:str firstname:str lastname:str middlename:str "
    "prefix:str suffix:str gender:int store_id:int taxvat:str website_id:int "
    "disable_auto_group_change:int custom_attributes:custom",
    addresses=ListOf(ADDRESS),
    extension_attributes=_i(
        "customer-data-customer-extension-interface",
        "company_attributes:any is_subscribed:bool assistance_allowed:int",
    ),
)
STATUS_HISTORY = _i(
    "sales-data-order-status-history-interface",
    "comment:str created_at:str entity_id:int entity_name:str is_customer_notified:int "
    "is_visible_on_front:int parent_id:int status:str",
    extension_attributes=_i("sales-data-order-status-history-extension-interface"),
)
ORDER = _lenient("sales-data-order-interface")
ORDER_ADDRESS = _lenient("sales-data-order-address-interface")
SHIPMENT_ITEM_CREATION = _i(
    "sales-data-shipment-item-creation-interface",
    "order_item_id:int qty:float",
    extension_attributes=_i("sales-data-shipment-item-creation-extension-interface"),
)
INVOICE_ITEM_CREATION = _i(
    "sales-data-invoice-item-creation-interface",
    "order_item_id:int qty:float",
    extension_attributes=_i("sales-data-invoice-item-creation-extension-interface"),
)
SHIPMENT_COMMENT_CREATION = _i(
    "sales-data-shipment-comment-creation-interface",
    "comment:str is_visible_on_front:int",
    extension_attributes=_i("sales-data-shipment-comment-creation-extension-interface"),
)
INVOICE_COMMENT_CREATION = _i(
    "sales-data-invoice-comment-creation-interface",
    "comment:str is_visible_on_front:int",
    extension_attributes=_i("sales-data-invoice-comment-creation-extension-interface"),
)
TRACK_CREATION = _i(
    "sales-data-shipment-track-creation-interface",
    "track_number:str title:str carrier_code:str",
    extension_attributes=_i("sales-data-shipment-track-creation-extension-interface"),
)
TRACK = _i(
    "sales-data-shipment-track-interface",
    "order_id:int created_at:str entity_id:int parent_id:int updated_at:str weight:float qty:float "
    "description:str track_number:str title:str carrier_code:str",
    extension_attributes=_i("sales-data-shipment-track-extension-interface"),
)
PACKAGE_CREATION = _i(
    "sales-data-shipment-package-creation-interface",
    extension_attributes=_i("sales-data-shipment-package-creation-extension-interface"),
)
SHIPMENT_ARGUMENTS = _i(
    "sales-data-shipment-creation-arguments-interface",
    extension_attributes=_i("sales-data-shipment-creation-arguments-extension-interface", "source_code:str"),
)
INVOICE_ARGUMENTS = _i(
    "sales-data-invoice-creation-arguments-interface",
    extension_attributes=_i("sales-data-invoice-creation-arguments-extension-interface"),
)
FILTER = _i("framework-filter", "field:str value:str condition_type:str")
FILTER_GROUP = _i("framework-search-filter-group", filters=ListOf(FILTER))
SORT_ORDER = _i("framework-sort-order", "field:str direction:str")
SEARCH_CRITERIA = _i(
    "framework-search-criteria-interface",
    "page_size:int current_page:int",
    filter_groups=ListOf(FILTER_GROUP),
    sort_orders=ListOf(SORT_ORDER),
)


def declared_interfaces() -> list[Interface]:
    """Every interface declared here, nested extension interfaces included (for the schema test)."""
    found: dict[str, Interface] = {}

    def visit(type_: Any) -> None:
        if isinstance(type_, ListOf):
            visit(type_.item)
        elif isinstance(type_, Interface) and type_.schema not in found:
            found[type_.schema] = type_
            for child in type_.fields.values():
                visit(child)

    for value in list(globals().values()):
        visit(value)
    return list(found.values())
