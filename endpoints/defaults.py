"""The shipped endpoint URL tables: every call the connector makes, for each system.

Pure data. Each row is an action type as the implementation specialist sees it in the admin
("Create/Update Product") with a stable key the code uses (`magento.product.upsert`), the HTTP
method and the URL template. The clients resolve every URL through these rows (or the admin's
edited copy of them), never through a literal in code.

Template placeholders: `{base}` (the site URL, with any virtual directory), `{store}` (Magento
store code; the segment is dropped for the default store view), `{endpoint}`/`{version}`
(Acumatica endpoint, e.g. `Default`/`24.200.001`), `{entity}`/`{action}` (generic Acumatica rows),
`{keys}` (Acumatica key path, one segment per key), `{location}` (a URL the server returned),
and named record ids (`{sku}`, `{order_id}`...).

`idempotent` says whether repeating the call after an unknown outcome (a time-out, a dropped
connection) is harmless. The client repeats a non-idempotent call only when the failed attempt
certainly did no work; otherwise the caller looks the record up first (see design.md section 4).

Acumatica rows exist per entity where the connector uses the entity, so a specialist can point
one entity at a custom endpoint; an entity without its own row uses the generic
`acumatica.entity.*` row. Keys are `acumatica.<entity in snake_case>.<op>`, with op one of
`list, get, put, delete, ad_hoc_schema, inquire`, or the action name in snake_case.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from .clients.routing import Route, routes_from, snake_case

MAGENTO = "magento"
ACUMATICA = "acumatica"

SUPPORTED_ACUMATICA_VERSIONS = ("22.200.001", "23.200.001", "24.200.001")
DEFAULT_ACUMATICA_ENDPOINT = "Default"
DEFAULT_ACUMATICA_VERSION = "24.200.001"


@dataclass(frozen=True)
class EndpointSpec:
    key: str
    system: str
    description: str
    method: str
    template: str
    idempotent: bool = True


def _magento(key: str, description: str, method: str, template: str, idempotent: bool = True) -> EndpointSpec:
    return EndpointSpec(f"magento.{key}", MAGENTO, description, method, template, idempotent)


def _acumatica(
    key: str, description: str, method: str, template: str, idempotent: bool = True
) -> EndpointSpec:
    return EndpointSpec(f"acumatica.{key}", ACUMATICA, description, method, template, idempotent)


_R = "{base}/rest/V1"  # default store view (or store-independent routes)
_S = "{base}/rest/{store}/V1"  # store-scoped routes
_B = "{base}/rest/{store}/async/bulk/V1"  # async bulk routes

MAGENTO_ENDPOINTS: tuple[EndpointSpec, ...] = (
    # store structure
    _magento("store.views", "Get Store Views", "GET", f"{_R}/store/storeViews"),
    _magento("store.websites", "Get Websites", "GET", f"{_R}/store/websites"),
    _magento("store.groups", "Get Store Groups", "GET", f"{_R}/store/storeGroups"),
    _magento("store.configs", "Get Store Configurations", "GET", f"{_R}/store/storeConfigs"),
    # products
    _magento("product.search", "Search Products", "GET", f"{_S}/products"),
    _magento("product.get", "Get Product", "GET", f"{_S}/products/{{sku}}"),
    _magento("product.upsert", "Create/Update Product", "PUT", f"{_S}/products/{{sku}}"),
    _magento("product.delete", "Delete Product", "DELETE", f"{_S}/products/{{sku}}"),
    _magento("product.website_link", "Assign Product to Website", "POST", f"{_R}/products/{{sku}}/websites"),
    # configurable products
    _magento(
        "configurable.options",
        "Get Configurable Options",
        "GET",
        f"{_S}/configurable-products/{{sku}}/options/all",
    ),
    _magento(
        "configurable.add_option",
        "Add Configurable Option",
        "POST",
        f"{_S}/configurable-products/{{sku}}/options",
        idempotent=False,
    ),
    _magento(
        "configurable.children",
        "Get Configurable Children",
        "GET",
        f"{_S}/configurable-products/{{sku}}/children",
    ),
    _magento(
        "configurable.add_child",
        "Link Child Product",
        "POST",
        f"{_S}/configurable-products/{{sku}}/child",
        idempotent=False,
    ),
    _magento(
        "configurable.remove_child",
        "Unlink Child Product",
        "DELETE",
        f"{_S}/configurable-products/{{sku}}/children/{{child_sku}}",
    ),
    # attribute sets and attributes
    _magento(
        "attribute_set.search", "Search Attribute Sets", "GET", f"{_R}/products/attribute-sets/sets/list"
    ),
    _magento(
        "attribute_set.get", "Get Attribute Set", "GET", f"{_R}/products/attribute-sets/{{attribute_set_id}}"
    ),
    _magento(
        "attribute_set.create",
        "Create Attribute Set",
        "POST",
        f"{_R}/products/attribute-sets",
        idempotent=False,
    ),
    _magento(
        "attribute_set.update",
        "Update Attribute Set",
        "PUT",
        f"{_R}/products/attribute-sets/{{attribute_set_id}}",
    ),
    _magento(
        "attribute_set.attributes",
        "Get Attribute Set Attributes",
        "GET",
        f"{_R}/products/attribute-sets/{{attribute_set_id}}/attributes",
    ),
    _magento(
        "attribute_set.assign_attribute",
        "Assign Attribute to Attribute Set",
        "POST",
        f"{_R}/products/attribute-sets/attributes",
        idempotent=False,
    ),
    _magento(
        "attribute_set.groups", "Search Attribute Groups", "GET", f"{_R}/products/attribute-sets/groups/list"
    ),
    _magento(
        "attribute_set.create_group",
        "Create Attribute Group",
        "POST",
        f"{_R}/products/attribute-sets/groups",
        idempotent=False,
    ),
    _magento("attribute.search", "Search Product Attributes", "GET", f"{_R}/products/attributes"),
    _magento("attribute.get", "Get Product Attribute", "GET", f"{_R}/products/attributes/{{attribute_code}}"),
    _magento(
        "attribute.create", "Create Product Attribute", "POST", f"{_R}/products/attributes", idempotent=False
    ),
    _magento(
        "attribute.options",
        "Get Attribute Options",
        "GET",
        f"{_R}/products/attributes/{{attribute_code}}/options",
    ),
    _magento(
        "attribute.add_option",
        "Add Attribute Option",
        "POST",
        f"{_R}/products/attributes/{{attribute_code}}/options",
        idempotent=False,
    ),
    # categories
    _magento("category.tree", "Get Category Tree", "GET", f"{_S}/categories"),
    _magento("category.search", "Search Categories", "GET", f"{_S}/categories/list"),
    _magento("category.get", "Get Category", "GET", f"{_S}/categories/{{category_id}}"),
    _magento("category.create", "Create Category", "POST", f"{_S}/categories", idempotent=False),
    _magento("category.update", "Update Category", "PUT", f"{_S}/categories/{{category_id}}"),
    _magento("category.move", "Move Category", "PUT", f"{_R}/categories/{{category_id}}/move"),
    _magento("category.delete", "Delete Category", "DELETE", f"{_R}/categories/{{category_id}}"),
    _magento(
        "category.products", "Get Category Products", "GET", f"{_R}/categories/{{category_id}}/products"
    ),
    _magento(
        "category.assign_product",
        "Assign Product to Category",
        "POST",
        f"{_R}/categories/{{category_id}}/products",
    ),
    # prices (multi-row routes answer [] or a list of failed rows)
    _magento("price.base", "Update Base Prices", "POST", f"{_R}/products/base-prices"),
    _magento("price.base_info", "Get Base Prices", "POST", f"{_R}/products/base-prices-information"),
    _magento("price.special", "Update Special Prices", "POST", f"{_R}/products/special-price"),
    _magento("price.special_info", "Get Special Prices", "POST", f"{_R}/products/special-price-information"),
    _magento("price.special_delete", "Delete Special Prices", "POST", f"{_R}/products/special-price-delete"),
    _magento("price.tier", "Update Tier Prices", "POST", f"{_R}/products/tier-prices"),
    _magento("price.tier_replace", "Replace Tier Prices", "PUT", f"{_R}/products/tier-prices"),
    _magento("price.tier_info", "Get Tier Prices", "POST", f"{_R}/products/tier-prices-information"),
    _magento("price.tier_delete", "Delete Tier Prices", "POST", f"{_R}/products/tier-prices-delete"),
    # inventory
    _magento("source_item.save", "Update Source Items", "POST", f"{_R}/inventory/source-items"),
    _magento("source_item.delete", "Delete Source Items", "POST", f"{_R}/inventory/source-items-delete"),
    _magento("source_item.search", "Search Source Items", "GET", f"{_R}/inventory/source-items"),
    _magento("source.search", "Search Inventory Sources", "GET", f"{_R}/inventory/sources"),
    _magento("stock.search", "Search Inventory Stocks", "GET", f"{_R}/inventory/stocks"),
    _magento(
        "stock_item.update",
        "Update Stock Item (single source)",
        "PUT",
        f"{_R}/products/{{sku}}/stockItems/{{item_id}}",
    ),
    # customers
    _magento("customer.search", "Search Customers", "GET", f"{_R}/customers/search"),
    _magento("customer.get", "Get Customer", "GET", f"{_R}/customers/{{customer_id}}"),
    _magento("customer.create", "Create Customer", "POST", f"{_S}/customers", idempotent=False),
    _magento("customer.update", "Update Customer", "PUT", f"{_S}/customers/{{customer_id}}"),
    _magento("customer_group.search", "Search Customer Groups", "GET", f"{_R}/customerGroups/search"),
    # orders
    _magento("order.search", "Search Orders", "GET", f"{_R}/orders"),
    _magento("order.get", "Get Order", "GET", f"{_R}/orders/{{order_id}}"),
    _magento("order.create", "Create Order", "PUT", f"{_R}/orders/create", idempotent=False),
    _magento("order.comments", "Get Order Comments", "GET", f"{_R}/orders/{{order_id}}/comments"),
    _magento(
        "order.comment", "Add Order Comment", "POST", f"{_R}/orders/{{order_id}}/comments", idempotent=False
    ),
    _magento("order.cancel", "Cancel Order", "POST", f"{_R}/orders/{{order_id}}/cancel", idempotent=False),
    _magento("order.hold", "Hold Order", "POST", f"{_R}/orders/{{order_id}}/hold", idempotent=False),
    _magento("order.unhold", "Unhold Order", "POST", f"{_R}/orders/{{order_id}}/unhold", idempotent=False),
    _magento("order.ship", "Ship Order", "POST", f"{_R}/order/{{order_id}}/ship", idempotent=False),
    _magento("order.invoice", "Invoice Order", "POST", f"{_R}/order/{{order_id}}/invoice", idempotent=False),
    # shipments and invoices
    _magento("shipment.search", "Search Shipments", "GET", f"{_R}/shipments"),
    _magento("shipment.get", "Get Shipment", "GET", f"{_R}/shipment/{{shipment_id}}"),
    _magento("shipment.add_track", "Add Shipment Tracking", "POST", f"{_R}/shipment/track", idempotent=False),
    _magento("invoice.search", "Search Invoices", "GET", f"{_R}/invoices"),
    # asynchronous bulk
    _magento("bulk.product_upsert", "Create/Update Products (bulk)", "POST", f"{_B}/products"),
    _magento("bulk.product_update", "Update Products by SKU (bulk)", "PUT", f"{_B}/products/bySku"),
    _magento("bulk.product_delete", "Delete Products by SKU (bulk)", "DELETE", f"{_B}/products/bySku"),
    _magento("bulk.source_items", "Update Source Items (bulk)", "POST", f"{_B}/inventory/source-items"),
    _magento("bulk.base_prices", "Update Base Prices (bulk)", "POST", f"{_B}/products/base-prices"),
    _magento("bulk.status", "Get Bulk Status", "GET", f"{_R}/bulk/{{bulk_uuid}}/status"),
    _magento(
        "bulk.detailed_status", "Get Bulk Detailed Status", "GET", f"{_R}/bulk/{{bulk_uuid}}/detailed-status"
    ),
)

_E = "{base}/entity/{endpoint}/{version}"

# (entity, what the connector does with it, its ops beyond list/get)
_ACUMATICA_ENTITIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("StockItem", "Stock Item", "Stock Items", ("put", "ad_hoc_schema")),
    ("NonStockItem", "Non-Stock Item", "Non-Stock Items", ("ad_hoc_schema",)),
    ("TemplateItems", "Template (Matrix) Item", "Template (Matrix) Items", ("ad_hoc_schema",)),
    ("ItemClass", "Item Class", "Item Classes", ()),
    ("ItemSalesCategory", "Item Sales Category", "Item Sales Categories", ("ad_hoc_schema",)),
    ("Customer", "Customer", "Customers", ("put", "ad_hoc_schema")),
    ("CustomerClass", "Customer Class", "Customer Classes", ()),
    ("CustomerPriceClass", "Customer Price Class", "Customer Price Classes", ()),
    ("SalesOrder", "Sales Order", "Sales Orders", ("put", "ad_hoc_schema")),
    ("Shipment", "Shipment", "Shipments", ()),
    ("SalesInvoice", "Sales Invoice", "Sales Invoices", ("put",)),
    ("Payment", "Payment", "Payments", ("put",)),
    ("Warehouse", "Warehouse", "Warehouses", ()),
    ("ShipVia", "Ship Via", "Ship Vias", ()),
)
# PUT without a key (a new sales order, invoice or payment gets an auto-number) creates a new
# record each time; the flows look those up by external reference before writing.
_NOT_IDEMPOTENT_PUT = frozenset({"SalesOrder", "SalesInvoice", "Payment"})

_ACUMATICA_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("SalesOrder", "SalesOrderCreateShipment", "Create Shipment for Sales Order"),
    ("SalesOrder", "PrepareSalesInvoice", "Prepare Invoice for Sales Order"),
    ("SalesOrder", "CancelSalesOrder", "Cancel Sales Order"),
    ("SalesOrder", "ReleaseFromCreditHoldSalesOrder", "Release Sales Order from Credit Hold"),
    ("Shipment", "ConfirmShipment", "Confirm Shipment"),
    ("Shipment", "PrepareInvoice", "Prepare Invoice for Shipment"),
    ("SalesInvoice", "ReleaseSalesInvoice", "Release Sales Invoice"),
    ("Payment", "ReleasePayment", "Release Payment"),
)

_ACUMATICA_INQUIRIES: tuple[tuple[str, str], ...] = (
    ("InventoryQuantityAvailable", "Get Available Quantities (changed items)"),
    ("InventorySummaryInquiry", "Get Inventory Summary per Warehouse"),
    ("SalesPricesInquiry", "Get Sales Prices"),
    ("CompaniesStructure", "Get Companies and Branches"),
)


def _acumatica_entity_rows() -> list[EndpointSpec]:
    rows: list[EndpointSpec] = []
    for entity, one, many, extra in _ACUMATICA_ENTITIES:
        snake = snake_case(entity)
        rows.append(_acumatica(f"{snake}.list", f"Get {many}", "GET", f"{_E}/{entity}"))
        rows.append(_acumatica(f"{snake}.get", f"Get {one}", "GET", f"{_E}/{entity}/{{keys}}"))
        if "put" in extra:
            rows.append(
                _acumatica(
                    f"{snake}.put",
                    f"Create/Update {one}",
                    "PUT",
                    f"{_E}/{entity}",
                    idempotent=entity not in _NOT_IDEMPOTENT_PUT,
                )
            )
        if "ad_hoc_schema" in extra:
            rows.append(
                _acumatica(
                    f"{snake}.ad_hoc_schema", f"Get {one} Custom Fields", "GET", f"{_E}/{entity}/$adHocSchema"
                )
            )
    for entity, action, description in _ACUMATICA_ACTIONS:
        rows.append(
            _acumatica(
                f"{snake_case(entity)}.{snake_case(action)}",
                description,
                "POST",
                f"{_E}/{entity}/{action}",
                idempotent=False,
            )
        )
    for inquiry, description in _ACUMATICA_INQUIRIES:
        rows.append(_acumatica(f"{snake_case(inquiry)}.inquire", description, "PUT", f"{_E}/{inquiry}"))
    return rows


ACUMATICA_ENDPOINTS: tuple[EndpointSpec, ...] = (
    _acumatica("auth.login", "Sign In", "POST", "{base}/entity/auth/login", idempotent=False),
    _acumatica("auth.logout", "Sign Out", "POST", "{base}/entity/auth/logout"),
    _acumatica("endpoints", "Get Endpoints and Versions", "GET", "{base}/entity"),
    _acumatica("swagger", "Get Endpoint Schema (OpenAPI)", "GET", f"{_E}/swagger.json"),
    _acumatica("entity.list", "Get Records (any entity)", "GET", f"{_E}/{{entity}}"),
    _acumatica("entity.get", "Get Record by Key (any entity)", "GET", f"{_E}/{{entity}}/{{keys}}"),
    _acumatica(
        "entity.put", "Create/Update Record (any entity)", "PUT", f"{_E}/{{entity}}", idempotent=False
    ),
    _acumatica("entity.delete", "Delete Record (any entity)", "DELETE", f"{_E}/{{entity}}/{{keys}}"),
    _acumatica(
        "entity.ad_hoc_schema", "Get Custom Fields (any entity)", "GET", f"{_E}/{{entity}}/$adHocSchema"
    ),
    _acumatica(
        "entity.action", "Run Action (any entity)", "POST", f"{_E}/{{entity}}/{{action}}", idempotent=False
    ),
    _acumatica("entity.action_status", "Get Action Status", "GET", "{location}"),
    _acumatica("entity.inquire", "Run Inquiry (any inquiry entity)", "PUT", f"{_E}/{{entity}}"),
    *_acumatica_entity_rows(),
)

ALL_ENDPOINTS: tuple[EndpointSpec, ...] = MAGENTO_ENDPOINTS + ACUMATICA_ENDPOINTS
ENDPOINT_SPECS: MappingProxyType[str, EndpointSpec] = MappingProxyType(
    {spec.key: spec for spec in ALL_ENDPOINTS}
)
MAGENTO_ROUTES: MappingProxyType[str, Route] = MappingProxyType(routes_from(MAGENTO_ENDPOINTS))
ACUMATICA_ROUTES: MappingProxyType[str, Route] = MappingProxyType(routes_from(ACUMATICA_ENDPOINTS))


def is_idempotent(key: str) -> bool:
    """Whether the shipped row for `key` is safe to repeat; unknown keys are treated as unsafe."""
    spec = ENDPOINT_SPECS.get(key)
    return spec.idempotent if spec is not None else False


# The field that tells when a record last changed, per endpoint version (section 6.16 of the
# Acumatica reference, checked against the endpoint metadata). Stock and template items gained
# `LastModifiedDateTime` only in 24.200.001; sales orders only ever have `LastModified`; entities
# listed with None have no such field in that version.
_LAST_MODIFIED_COMMON = {
    "NonStockItem": "LastModifiedDateTime",
    "ItemClass": "LastModifiedDateTime",
    "ItemSalesCategory": "LastModifiedDateTime",
    "Customer": "LastModifiedDateTime",
    "CustomerClass": "LastModifiedDateTime",
    "CustomerPriceClass": "LastModifiedDateTime",
    "SalesOrder": "LastModified",
    "Shipment": "LastModifiedDateTime",
    "Payment": "LastModifiedDateTime",
    "InventoryQuantityAvailable": "LastModifiedDateTime",
    "SalesPriceWorksheet": "LastModifiedDateTime",
    "ShipVia": None,
}
LAST_MODIFIED_FIELDS: MappingProxyType[str, MappingProxyType[str, str | None]] = MappingProxyType(
    {
        "22.200.001": MappingProxyType(
            {
                **_LAST_MODIFIED_COMMON,
                "StockItem": "LastModified",
                "TemplateItems": "LastModified",
                "SalesInvoice": None,
                "Warehouse": None,
            }
        ),
        "23.200.001": MappingProxyType(
            {
                **_LAST_MODIFIED_COMMON,
                "StockItem": "LastModified",
                "TemplateItems": "LastModified",
                "SalesInvoice": "LastModifiedDateTime",
                "Warehouse": "LastModifiedDateTime",
            }
        ),
        "24.200.001": MappingProxyType(
            {
                **_LAST_MODIFIED_COMMON,
                "StockItem": "LastModifiedDateTime",
                "TemplateItems": "LastModifiedDateTime",
                "SalesInvoice": "LastModifiedDateTime",
                "Warehouse": "LastModifiedDateTime",
            }
        ),
    }
)
