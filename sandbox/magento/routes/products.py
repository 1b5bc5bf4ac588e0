"""Product routes (reference s.5): upserts, reads, list with searchCriteria, delete, websites."""

from __future__ import annotations

from typing import Any

from .. import products
from ..errors import no_such_entity
from ..interfaces import PRODUCT, WEBSITE_LINK
from ..routing import Call, Route
from ..search import SEARCH_PARAM, default_getter, search
from ..state import Record
from ..types import BOOL, INT, STR, Param

ACL = "Magento_Catalog::products"
REPOSITORY = "Magento\\Catalog\\Api\\ProductRepositoryInterface"


def save_product(call: Call) -> dict[str, Any]:
    return products.save(call, call.params["product"], bool(call.params.get("save_options")))


def get_product(call: Call) -> dict[str, Any]:
    product = products.find(call.state, call.params["sku"])
    store_id = call.params.get("store_id")
    if store_id is not None and store_id not in call.state.store_views:
        raise no_such_entity("storeId", store_id)
    return products.render(call.state, product, call.scope.store_id if store_id is None else store_id)


def delete_product(call: Call) -> bool:
    products.delete(call, products.find(call.state, call.params["sku"]))
    return True


def _getter(record: Record, name: str) -> Any:
    extension = record.get("extension_attributes") or {}
    if name == "category_id":
        return [link["category_id"] for link in extension.get("category_links", [])]
    if name in {"website_id", "website_ids"}:
        return extension.get("website_ids", [])
    return default_getter(record, name)


def list_products(call: Call) -> dict[str, Any]:
    state = call.state
    rendered = [products.render(state, p, call.scope.store_id) for _, p in sorted(state.products.items())]
    return search(call.params["search_criteria"], rendered, _getter)


def product_types(call: Call) -> list[dict[str, str]]:
    return [{"name": name, "label": label} for name, label in products.PRODUCT_TYPES]


def add_website(call: Call) -> bool:
    link = call.params["product_website_link"]
    product = products.find(call.state, link.get("sku") or call.params["sku"])
    website_id = link.get("website_id")
    if website_id not in call.state.websites or not website_id:
        raise no_such_entity("websiteId", website_id)
    if website_id not in product["website_ids"]:
        product["website_ids"] = sorted({*product["website_ids"], website_id})
        products.commit(call, product)
    return True


def remove_website(call: Call) -> bool:
    product = products.find(call.state, call.params["sku"])
    website_id = call.params["website_id"]
    if website_id in product["website_ids"]:
        product["website_ids"].remove(website_id)
        products.commit(call, product)
    return True


_SAVE_PARAMS = (Param("product", PRODUCT), Param("saveOptions", BOOL, required=False, default=False))
ROUTES = [
    Route("GET", "/V1/products/types", product_types, ACL),
    Route("GET", "/V1/products", list_products, ACL, params=(SEARCH_PARAM,)),
    Route(
        "GET",
        "/V1/products/{sku}",
        get_product,
        ACL,
        params=(
            Param("sku", STR),
            Param("editMode", BOOL, required=False, default=False),
            Param("storeId", INT, required=False),
            Param("forceReload", BOOL, required=False, default=False),
        ),
    ),
    Route(
        "POST", "/V1/products", save_product, ACL, _SAVE_PARAMS, cost="product", service=f"{REPOSITORY}::save"
    ),
    Route(
        "PUT",
        "/V1/products/{sku}",
        save_product,
        ACL,
        _SAVE_PARAMS,
        cost="product",
        service=f"{REPOSITORY}::save",
    ),
    Route(
        "DELETE",
        "/V1/products/{sku}",
        delete_product,
        ACL,
        (Param("sku", STR),),
        cost="product",
        service=f"{REPOSITORY}::deleteById",
    ),
    Route(
        "POST",
        "/V1/products/{sku}/websites",
        add_website,
        ACL,
        (Param("sku", STR), Param("productWebsiteLink", WEBSITE_LINK)),
        cost="entity",
        service="Magento\\Catalog\\Api\\ProductWebsiteLinkRepositoryInterface::save",
    ),
    Route(
        "DELETE",
        "/V1/products/{sku}/websites/{websiteId}",
        remove_website,
        ACL,
        (Param("sku", STR), Param("websiteId", INT)),
        cost="entity",
        service="Magento\\Catalog\\Api\\ProductWebsiteLinkRepositoryInterface::deleteById",
    ),
]
