"""Products: storage per store view, the REST shape, and `ProductRepository::save` semantics.

A product keeps its EAV values per store: store 0 holds the global (admin) values, store N the
overrides a store-view-scoped write left. Reading in a store view overlays its overrides on the
global values; reading under `/rest/all/` shows the global ones. Saving follows reference s.5:
POST and PUT are upserts by SKU (case-insensitive, trimmed); fields not sent keep their values;
a create is written globally and assigned to the current store's website (all websites under
`all`); an update through a store view in this multi-store install writes store-view-scoped
attributes as overrides for that store view; a URL key already used by another product in one of
the product's store views is a 400 and nothing is saved.
"""

from __future__ import annotations

import copy
from typing import Any

from .errors import ATTRIBUTE_EMPTY, URL_KEY_EXISTS, MagentoError, bad_request
from .render import format_url_key
from .routing import Call
from .state import MagentoState, Record, sku_key

TOP_LEVEL = ("name", "price", "status", "visibility", "weight")
NOT_CUSTOM = {*TOP_LEVEL, "sku", "category_ids"}
PRICED_TYPES = {"simple", "virtual", "downloadable"}
PRODUCT_TYPES = [
    ("simple", "Simple Product"),
    ("virtual", "Virtual Product"),
    ("downloadable", "Downloadable Product"),
    ("configurable", "Configurable Product"),
    ("grouped", "Grouped Product"),
    ("bundle", "Bundle Product"),
]
CANNOT_SAVE = "The product was unable to be saved. Please try again."


# ------------------------------------------------------------------ reading
def values_in(product: Record, store_id: int) -> dict[str, Any]:
    merged = dict(product["values"].get(0, {}))
    if store_id:
        merged.update(product["values"].get(store_id, {}))
    return merged


def store_ids(state: MagentoState, product: Record) -> list[int]:
    ids: list[int] = []
    for website_id in product["website_ids"]:
        ids.extend(state.store_ids_of_website(website_id))
    return ids


def stock_item(product: Record) -> dict[str, Any]:
    stock = product["stock"]
    return {
        "item_id": product["id"],
        "product_id": product["id"],
        "stock_id": 1,
        "qty": float(stock["qty"]),
        "is_in_stock": bool(stock["is_in_stock"]),
        "is_qty_decimal": False,
        "show_default_notification_message": False,
        "use_config_min_qty": True,
        "min_qty": 0,
        "use_config_min_sale_qty": 1,
        "min_sale_qty": 1,
        "use_config_max_sale_qty": True,
        "max_sale_qty": 10000,
        "use_config_backorders": True,
        "backorders": 0,
        "use_config_notify_stock_qty": True,
        "notify_stock_qty": 1,
        "use_config_qty_increments": True,
        "qty_increments": 0,
        "use_config_enable_qty_inc": True,
        "enable_qty_increments": False,
        "use_config_manage_stock": True,
        "manage_stock": True,
        "low_stock_date": None,
        "is_decimal_divided": False,
        "stock_status_changed_auto": 0,
    }


def custom_attributes(product: Record, values: dict[str, Any]) -> list[dict[str, Any]]:
    result = [
        {"attribute_code": code, "value": value}
        for code, value in values.items()
        if code not in NOT_CUSTOM and value is not None
    ]
    if product["category_links"]:
        result.append(
            {
                "attribute_code": "category_ids",
                "value": [link["category_id"] for link in product["category_links"]],
            }
        )
    return result


def render(state: MagentoState, product: Record, store_id: int) -> dict[str, Any]:
    """The product as `GET /V1/products/{sku}` answers in store `store_id` (0 = admin scope)."""
    values = values_in(product, store_id)
    extension: dict[str, Any] = {"website_ids": list(product["website_ids"])}
    if product["category_links"]:
        extension["category_links"] = [dict(link) for link in product["category_links"]]
    extension["stock_item"] = stock_item(product)
    if product["type_id"] == "configurable":
        extension["configurable_product_options"] = [dict(o) for o in product["configurable_options"]]
        extension["configurable_product_links"] = list(product["configurable_links"])
    data: dict[str, Any] = {
        "id": product["id"],
        "sku": product["sku"],
        "name": values.get("name"),
        "attribute_set_id": product["attribute_set_id"],
        "price": float(values.get("price") or 0),
        "status": int(values.get("status") or 1),
        "visibility": int(values.get("visibility") or 4),
        "type_id": product["type_id"],
        "created_at": product["created_at"],
        "updated_at": product["updated_at"],
        "weight": None if values.get("weight") is None else float(values["weight"]),
        "extension_attributes": extension,
        "product_links": copy.deepcopy(product["product_links"]),
        "options": copy.deepcopy(product["options"]),
        "media_gallery_entries": copy.deepcopy(product["media_gallery_entries"]),
        "tier_prices": copy.deepcopy(product["tier_prices"]),
        "custom_attributes": custom_attributes(product, values),
    }
    return {key: value for key, value in data.items() if value is not None}


# ------------------------------------------------------------------ the URL rewrite index
def url_keys_of(state: MagentoState, product: Record) -> set[tuple[int, str]]:
    keys = set()
    for store_id in store_ids(state, product):
        key = values_in(product, store_id).get("url_key")
        if key:
            keys.add((store_id, key))
    return keys


def url_key_clash(state: MagentoState, product: Record) -> bool:
    return any(
        state.url_keys.get(entry, product["id"]) != product["id"] for entry in url_keys_of(state, product)
    )


def reindex_urls(state: MagentoState, product: Record | None, product_id: int) -> None:
    for entry in state.product_urls.pop(product_id, set()):
        if state.url_keys.get(entry) == product_id:
            del state.url_keys[entry]
    if product is not None:
        entries = url_keys_of(state, product)
        state.product_urls[product_id] = entries
        for entry in entries:
            state.url_keys[entry] = product_id


# ------------------------------------------------------------------ saving
def _attribute_value(state: MagentoState, code: str, value: Any) -> Any:
    """Custom attribute values are stored as Magento returns them: strings (decimals with 6 places)."""
    if value is None or isinstance(value, list):
        return value
    if code == "url_key":
        return format_url_key(str(value))
    attribute = state.attributes[code]
    if attribute["backend_type"] == "decimal" and code not in TOP_LEVEL:
        try:
            return f"{float(value):.6f}"
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def new_product(sku: str, type_id: str, now: str) -> Record:
    return {
        "id": 0,
        "sku": sku,
        "attribute_set_id": 4,
        "type_id": type_id,
        "created_at": now,
        "updated_at": now,
        "values": {0: {}},
        "website_ids": [],
        "category_links": [],
        "stock": {"qty": 0.0, "is_in_stock": False},
        "configurable_options": [],
        "configurable_links": [],
        "product_links": [],
        "options": [],
        "media_gallery_entries": [],
        "tier_prices": [],
    }


def _write_values(state: MagentoState, product: Record, data: dict[str, Any], store_id: int) -> None:
    """Top-level fields and custom attributes into the global values or a store view's overrides."""
    incoming: dict[str, Any] = {name: data[name] for name in TOP_LEVEL if name in data}
    for entry in data.get("custom_attributes") or []:
        incoming[entry["attribute_code"]] = entry["value"]
    for code, value in incoming.items():
        if code not in state.attributes or code in {"sku", "category_ids"}:
            continue  # unknown attribute codes are silently ignored, like Magento does
        if code == "price" and product["type_id"] == "configurable":
            continue  # a configurable's price comes from its children; its own is always 0
        scoped = store_id and state.attributes[code]["scope"] != "global"
        target = product["values"].setdefault(store_id if scoped else 0, {})
        stored = _attribute_value(state, code, value)
        if code in TOP_LEVEL and value is not None:
            stored = float(value) if code in {"price", "weight"} else value
        if stored is None:
            target.pop(code, None)
        else:
            target[code] = stored


def _links(state: MagentoState, product: Record, data: dict[str, Any]) -> None:
    extension = data.get("extension_attributes") or {}
    links = extension.get("category_links")
    if links is None:
        category_ids = next(
            (
                e["value"]
                for e in data.get("custom_attributes") or []
                if e["attribute_code"] == "category_ids"
            ),
            None,
        )
        if category_ids is not None:
            ids = category_ids if isinstance(category_ids, list) else str(category_ids).split(",")
            links = [{"category_id": str(i).strip(), "position": 0} for i in ids if str(i).strip()]
    if links is not None:
        for link in links:
            if (
                not str(link.get("category_id", "")).isdigit()
                or int(link["category_id"]) not in state.categories
            ):
                raise bad_request(CANNOT_SAVE)
        product["category_links"] = [
            {"position": int(link.get("position") or 0), "category_id": str(link["category_id"])}
            for link in links
        ]
    if extension.get("website_ids") is not None:
        product["website_ids"] = sorted(
            {int(w) for w in extension["website_ids"] if int(w) in state.websites and w}
        )


def _stock(product: Record, data: dict[str, Any]) -> bool:
    stock = (data.get("extension_attributes") or {}).get("stock_item")
    if stock is None:
        return False
    if stock.get("qty") is not None:
        product["stock"]["qty"] = float(stock["qty"])
    if stock.get("is_in_stock") is not None:
        product["stock"]["is_in_stock"] = bool(stock["is_in_stock"])
    return True


def _configurable(state: MagentoState, product: Record, data: dict[str, Any]) -> None:
    extension = data.get("extension_attributes") or {}
    if product["type_id"] != "configurable":
        return
    if extension.get("configurable_product_options") is not None:
        options = []
        for option in extension["configurable_product_options"]:
            attribute = state.attribute_by_id(int(option.get("attribute_id") or 0))
            if attribute is None:
                raise bad_request(CANNOT_SAVE)
            options.append(
                {
                    "id": option.get("id") or state.next_id("configurable_option"),
                    "attribute_id": str(attribute["attribute_id"]),
                    "label": option.get("label") or attribute["default_frontend_label"],
                    "position": int(option.get("position") or 0),
                    "values": [{"value_index": v["value_index"]} for v in option.get("values") or []],
                    "product_id": product["id"],
                }
            )
        product["configurable_options"] = options
    if extension.get("configurable_product_links") is not None:
        children = [int(child) for child in extension["configurable_product_links"]]
        if any(child not in state.products for child in children):
            raise bad_request(CANNOT_SAVE)
        product["configurable_links"] = list(dict.fromkeys(children))


def _validate_new(state: MagentoState, product: Record) -> None:
    values = product["values"][0]
    if not values.get("name"):
        raise bad_request(ATTRIBUTE_EMPTY, ["Product Name"])
    if product["type_id"] in PRICED_TYPES and values.get("price") is None:
        raise bad_request(ATTRIBUTE_EMPTY, ["Price"])


def save(call: Call, data: dict[str, Any], save_options: bool = False) -> dict[str, Any]:
    """`ProductRepository::save`: create or update by SKU; answers the product in the call's scope."""
    state, scope = call.state, call.scope
    sku = data.get("sku")
    if sku is None or not str(sku).strip():
        raise bad_request(ATTRIBUTE_EMPTY, ["sku"])
    sku = str(sku).strip()
    if len(sku) > 64:
        raise bad_request("SKU length should be %1 characters maximum.", [64])
    existing = state.product_by_sku(sku)
    creating = existing is None
    product = (
        copy.deepcopy(existing) if existing else new_product(sku, data.get("type_id") or "simple", call.now)
    )
    if not creating and data.get("type_id"):
        product["type_id"] = data["type_id"]
    set_id = data.get("attribute_set_id") or product["attribute_set_id"]
    attribute_set = state.attribute_sets.get(set_id)
    if attribute_set is None or attribute_set["entity_type_id"] != 4:
        raise bad_request("Invalid product data: %1", ["Invalid attribute set entity type"])
    product["attribute_set_id"] = set_id
    write_store = 0 if creating or scope.is_admin or state.single_store_mode else scope.store_id
    scope_websites = state.website_ids() if scope.is_admin else [scope.website_id]
    _write_values(state, product, data, write_store)
    if creating:
        _validate_new(state, product)
        defaults = {"status": 1, "visibility": 4, "options_container": "container2"}
        defaults.update({"required_options": "0", "has_options": "0", "tax_class_id": "2"})
        for code, value in defaults.items():
            product["values"][0].setdefault(code, value)
        product["values"][0].setdefault("url_key", format_url_key(product["values"][0]["name"]))
        product["website_ids"] = scope_websites
    sent_websites = (data.get("extension_attributes") or {}).get("website_ids")
    _links(state, product, data)
    if creating and sent_websites is not None:
        product["website_ids"] = sorted(set(product["website_ids"]) | set(scope_websites))
    stock_sent = _stock(product, data)
    for field in ("product_links", "media_gallery_entries", "tier_prices"):
        if data.get(field) is not None:
            product[field] = data[field]
    if save_options and data.get("options") is not None:
        product["options"] = [
            {
                **option,
                "product_sku": sku,
                "option_id": option.get("option_id") or state.next_id("custom_option"),
            }
            for option in data["options"]
        ]
        product["values"][0]["has_options"] = "1" if product["options"] else "0"
    if creating:
        product["id"] = state.next_id("product")
    try:
        _configurable(state, product, data)
        if url_key_clash(state, product):
            raise bad_request(URL_KEY_EXISTS)
    except MagentoError:
        if creating:
            state.start_sequence("product", product["id"])  # the insert was rolled back
        raise
    product["updated_at"] = call.now
    commit(call, product, stock_sent=stock_sent)
    return render(state, product, scope.store_id)


def commit(call: Call, product: Record, *, stock_sent: bool = False, stock_only: bool = False) -> None:
    """Store a product (and, when stock was sent, the default source item MSI keeps in step)."""
    state = call.state
    state.products[product["id"]] = product
    state.sku_index[sku_key(product["sku"])] = product["id"]
    reindex_urls(state, product, product["id"])
    if not stock_only:
        call.write("products")
    if stock_sent:
        stock = product["stock"]
        state.source_items[(sku_key(product["sku"]), "default")] = {
            "sku": product["sku"],
            "source_code": "default",
            "quantity": float(stock["qty"]),
            "status": 1 if stock["is_in_stock"] else 0,
        }
        call.write("source_items")


def delete(call: Call, product: Record) -> None:
    state = call.state
    product_id = product["id"]
    del state.products[product_id]
    state.sku_index.pop(sku_key(product["sku"]), None)
    reindex_urls(state, None, product_id)
    for key in [k for k in state.source_items if k[0] == sku_key(product["sku"])]:
        del state.source_items[key]
    for parent in state.products.values():
        if product_id in parent["configurable_links"]:
            parent["configurable_links"].remove(product_id)
    call.write("products")


def find(state: MagentoState, sku: str) -> Record:
    product = state.product_by_sku(sku)
    if product is None:
        raise MagentoError(
            404, "The product that was requested doesn't exist. Verify the product and try again."
        )
    return product
