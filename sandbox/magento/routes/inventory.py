"""Inventory (reference s.10): MSI sources, stocks, source items, and the legacy stock item routes.

Source items are upserted per (sku, source_code) and validated like MSI's validators (a failure is
a 400 `Validation Failed: ...` with `errors[]`, nothing saved); an unknown source is `Could not
save Source Item`; an unknown SKU is accepted. The `default` source and the legacy stock item of a
product are kept in step, as MSI does for single-source data.
"""

from __future__ import annotations

from typing import Any

from .. import products
from ..errors import MagentoError, bad_request
from ..interfaces import SOURCE, SOURCE_ITEM, STOCK_ITEM
from ..routing import Call, Route
from ..search import SEARCH_PARAM, search
from ..state import MagentoState, Record, sku_key
from ..types import INT, STR, ListOf, Param

SOURCE_ACL = "Magento_InventoryApi::source"
ASSIGN_ACL = "Magento_InventoryApi::stock_source_item_assign"
STOCK_ACL = "Magento_InventoryApi::stock"
LEGACY_ACL = "Magento_CatalogInventory::cataloginventory"
_EMPTY = '"%field" can not be empty.'


def _validation_failed(problems: list[tuple[str, str]]) -> MagentoError:
    errors = [{"message": message, "parameters": {"field": field}} for message, field in problems]
    rendered = " ".join(message.replace("%field", field) for message, field in problems)
    return MagentoError(400, f"Validation Failed: {rendered}", errors=errors)


# ------------------------------------------------------------------ sources and stocks
def _source(state: MagentoState, code: str) -> Record:
    source = state.sources.get(code)
    if source is None:
        raise MagentoError(404, 'Source with code "%value" does not exist.', {"value": code})
    return source


def list_sources(call: Call) -> dict[str, Any]:
    return search(call.params["search_criteria"], [dict(s) for s in call.state.sources.values()])


def get_source(call: Call) -> Record:
    return dict(_source(call.state, call.params["source_code"]))


def save_source(call: Call) -> list[Any]:
    """Void service: `[]`. The whole object is saved, so name, country and postcode are required."""
    data = call.params["source"]
    problems = []
    code = str(data.get("source_code") or "")
    if not code.strip():
        problems.append((_EMPTY, "source_code"))
    elif code != code.strip():
        problems.append(('"%field" can not contain leading or trailing spaces.', "source_code"))
    elif any(ch.isspace() for ch in code):
        problems.append(('"%field" can not contain whitespaces.', "source_code"))
    for field in ("name", "country_id", "postcode"):
        if not str(data.get(field) or "").strip():
            problems.append((_EMPTY, field))
    if problems:
        raise _validation_failed(problems)
    record = {"enabled": True, "use_default_carrier_config": True, "carrier_links": []}
    record.update({key: value for key, value in data.items() if value is not None})
    call.state.sources[code] = record
    call.write("sources")
    return []


def list_stocks(call: Call) -> dict[str, Any]:
    return search(call.params["search_criteria"], [dict(s) for _, s in sorted(call.state.stocks.items())])


def get_stock(call: Call) -> Record:
    stock = call.state.stocks.get(call.params["stock_id"])
    if stock is None:
        raise MagentoError(404, 'Stock with id "%value" does not exist.', {"value": call.params["stock_id"]})
    return dict(stock)


def list_stock_links(call: Call) -> dict[str, Any]:
    return search(call.params["search_criteria"], [dict(link) for link in call.state.stock_source_links])


# ------------------------------------------------------------------ source items
def render_item(item: Record) -> Record:
    return {
        "sku": item["sku"],
        "source_code": item["source_code"],
        "quantity": float(item["quantity"]),
        "status": item["status"],
    }


def list_source_items(call: Call) -> dict[str, Any]:
    items = [render_item(i) for _, i in sorted(call.state.source_items.items())]
    return search(call.params["search_criteria"], items)


def _item_problems(item: dict[str, Any]) -> list[tuple[str, str]]:
    problems = []
    for field in ("sku", "source_code"):
        value = item.get(field)
        if value is None or not str(value).strip():
            problems.append((_EMPTY, field))
        elif str(value) != str(value).strip():
            problems.append(('"%field" can not contain leading or trailing spaces.', field))
        elif field == "source_code" and any(ch.isspace() for ch in str(value)):
            problems.append(('"%field" can not contain whitespaces.', field))
    if item.get("quantity") is None:
        problems.append(('"%field" should be numeric.', "quantity"))
    if item.get("status") not in (0, 1):
        problems.append(('"%field" should a known status.', "status"))
    return problems


def _sync_legacy(call: Call, sku: str) -> None:
    """The default source's quantity is also the legacy stock item's (single-source behaviour)."""
    product = call.state.product_by_sku(sku)
    item = call.state.source_items.get((sku_key(sku), "default"))
    if product is None:
        return
    product["stock"] = (
        {"qty": float(item["quantity"]), "is_in_stock": bool(item["status"])}
        if item
        else {"qty": 0.0, "is_in_stock": False}
    )


def save_source_items(call: Call) -> list[Any]:
    state, items = call.state, call.params["source_items"]
    if not items:
        raise bad_request("Input data is empty")
    problems = [problem for item in items for problem in _item_problems(item)]
    if problems:
        raise _validation_failed(problems)
    if any(item["source_code"] not in state.sources for item in items):
        raise bad_request("Could not save Source Item")
    for item in items:
        state.source_items[(sku_key(item["sku"]), item["source_code"])] = {
            "sku": item["sku"],
            "source_code": item["source_code"],
            "quantity": float(item["quantity"]),
            "status": int(item["status"]),
        }
        if item["source_code"] == "default":
            _sync_legacy(call, item["sku"])
    call.write("source_items", len(items))
    return []


def delete_source_items(call: Call) -> list[Any]:
    state, items = call.state, call.params["source_items"]
    if not items:
        raise bad_request("Input data is empty")
    problems = [p for item in items for p in _item_problems(item) if p[1] in {"sku", "source_code"}]
    if problems:
        raise _validation_failed(problems)
    deleted = 0
    for item in items:
        if state.source_items.pop((sku_key(item["sku"]), item["source_code"]), None) is not None:
            deleted += 1
            if item["source_code"] == "default":
                _sync_legacy(call, item["sku"])
    call.write("source_items", deleted)
    return []


# ------------------------------------------------------------------ legacy stock items
def get_stock_item(call: Call) -> dict[str, Any]:
    return products.stock_item(products.find(call.state, call.params["product_sku"]))


def get_stock_status(call: Call) -> dict[str, Any]:
    product = products.find(call.state, call.params["product_sku"])
    item = products.stock_item(product)
    return {
        "product_id": product["id"],
        "stock_id": 1,
        "qty": int(item["qty"]),
        "stock_status": 1 if item["is_in_stock"] else 0,
        "stock_item": item,
    }


def update_stock_item(call: Call) -> int:
    """The stock item is found by SKU; the `{itemId}` of the URL is ignored. Answers the item id."""
    product = products.find(call.state, call.params["product_sku"])
    data = call.params["stock_item"]
    stock = product["stock"]
    if data.get("qty") is not None:
        stock["qty"] = float(data["qty"])
    if data.get("is_in_stock") is not None:
        stock["is_in_stock"] = bool(data["is_in_stock"])
    products.commit(call, product, stock_sent=True, stock_only=True)
    return int(product["id"])


_SEARCH = (SEARCH_PARAM,)
_SOURCE_ITEMS = (Param("sourceItems", ListOf(SOURCE_ITEM)),)
_SKU = (Param("productSku", STR),)
ROUTES = [
    Route("GET", "/V1/inventory/sources", list_sources, SOURCE_ACL, _SEARCH),
    Route("GET", "/V1/inventory/sources/{sourceCode}", get_source, SOURCE_ACL, (Param("sourceCode", STR),)),
    Route(
        "POST",
        "/V1/inventory/sources",
        save_source,
        SOURCE_ACL,
        (Param("source", SOURCE),),
        cost="entity",
        service="Magento\\InventoryApi\\Api\\SourceRepositoryInterface::save",
    ),
    Route(
        "PUT",
        "/V1/inventory/sources/{sourceCode}",
        save_source,
        SOURCE_ACL,
        (Param("source", SOURCE),),
        cost="entity",
        service="Magento\\InventoryApi\\Api\\SourceRepositoryInterface::save",
    ),
    Route("GET", "/V1/inventory/stocks", list_stocks, STOCK_ACL, _SEARCH),
    Route("GET", "/V1/inventory/stocks/{stockId}", get_stock, STOCK_ACL, (Param("stockId", INT),)),
    Route("GET", "/V1/inventory/stock-source-links", list_stock_links, STOCK_ACL, _SEARCH),
    Route("GET", "/V1/inventory/source-items", list_source_items, SOURCE_ACL, _SEARCH),
    Route(
        "POST",
        "/V1/inventory/source-items",
        save_source_items,
        ASSIGN_ACL,
        _SOURCE_ITEMS,
        cost="rows",
        rows="source_items",
        service="Magento\\InventoryApi\\Api\\SourceItemsSaveInterface::execute",
    ),
    Route(
        "POST",
        "/V1/inventory/source-items-delete",
        delete_source_items,
        ASSIGN_ACL,
        _SOURCE_ITEMS,
        cost="rows",
        rows="source_items",
        service="Magento\\InventoryApi\\Api\\SourceItemsDeleteInterface::execute",
    ),
    Route("GET", "/V1/stockItems/{productSku}", get_stock_item, LEGACY_ACL, _SKU),
    Route("GET", "/V1/stockStatuses/{productSku}", get_stock_status, LEGACY_ACL, _SKU),
    Route(
        "PUT",
        "/V1/products/{productSku}/stockItems/{itemId}",
        update_stock_item,
        LEGACY_ACL,
        (*_SKU, Param("stockItem", STOCK_ITEM)),
        cost="entity",
        service="Magento\\CatalogInventory\\Api\\StockRegistryInterface::updateStockItemBySku",
    ),
]
