"""Price storage (reference s.9): base, special, tier and cost prices in bulk.

Updates answer `[]` when every row saved, else the list of failed rows as
`{message, parameters: [strings]}`; the valid rows are saved either way (HTTP 200). The price
scope is Global (Magento's default): prices are stored at store 0 whatever valid `store_id` a base
price or cost row names; a special price for another store is refused as an unknown store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .. import products
from ..errors import MagentoError
from ..interfaces import BASE_PRICE, COST, SPECIAL_PRICE, TIER_PRICE
from ..routing import Call, Route
from ..state import MagentoState, Record
from ..types import STR, ListOf, Param

ACL = "Magento_Catalog::catalog"
PRICED_TYPES = {"simple", "virtual", "downloadable", "bundle"}
ALL_GROUPS_ID = 32000
INVALID = "Invalid attribute %fieldName = %fieldValue."
Failure = dict[str, Any]


def php_str(value: Any) -> str:
    """A value as PHP casts it to string (`-9999.0` -> `-9999`, null -> ``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _priced(state: MagentoState, sku: Any) -> Record | None:
    product = state.product_by_sku(str(sku)) if sku else None
    return product if product and product["type_id"] in PRICED_TYPES else None


def _failure(message: str, parameters: list[Any]) -> Failure:
    return {"message": message, "parameters": [php_str(p) for p in parameters]}


def _touch(call: Call, product: Record) -> None:
    product["updated_at"] = call.now
    products.commit(call, product)


def _existing_skus(state: MagentoState, skus: list[str]) -> list[Record]:
    """The `*-information` routes: unknown or unpriced SKUs are a 404 naming them."""
    found: list[Record] = []
    missing: list[str] = []
    for sku in skus:
        product = _priced(state, sku)
        if product is None:
            missing.append(sku)
        else:
            found.append(product)
    if missing:
        single = "Requested product doesn't exist: %sku"
        several = "Requested products don't exist: %sku"
        raise MagentoError(
            404, single if len(missing) == 1 else several, {"sku": ", ".join(map(str, missing))}
        )
    return [p for p in found if isinstance(p, dict)]


# ------------------------------------------------------------------ base prices
def update_base_prices(call: Call) -> list[Failure]:
    state, failures = call.state, []
    for row in call.params["prices"]:
        problems = []
        product = _priced(state, row.get("sku"))
        if product is None:
            problems.append(_failure(INVALID, ["SKU", row.get("sku")]))
        if row.get("price") is None or row["price"] < 0:
            problems.append(_failure(INVALID, ["Price", row.get("price")]))
        if row.get("store_id") not in state.store_views:
            sku, store_id = php_str(row.get("sku")), php_str(row.get("store_id"))
            problems.append(
                _failure(
                    f"Requested store is not found. Row ID: SKU = {sku}, Store ID: {store_id}.",
                    [sku, store_id],
                )
            )
        if problems or product is None:
            failures.extend(problems)
            continue
        product["values"][0]["price"] = float(row["price"])
        _touch(call, product)
    return failures


def base_prices(call: Call) -> list[dict[str, Any]]:
    return [
        {"price": float(products.values_in(p, 0).get("price") or 0), "store_id": 0, "sku": p["sku"]}
        for p in _existing_skus(call.state, call.params["skus"])
    ]


# ------------------------------------------------------------------ special prices
def _special_row_id(row: dict[str, Any]) -> tuple[str, list[str]]:
    values = [php_str(row.get(k)) for k in ("sku", "store_id", "price_from", "price_to")]
    text = (
        f"Row ID: SKU = {values[0]}, Store ID: {values[1]}, Price From: {values[2]}, Price To: {values[3]}."
    )
    return text, values


def _valid_date(value: Any) -> bool:
    if value in (None, ""):
        return True
    try:
        datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return False
    return True


def _special_failures(state: MagentoState, row: dict[str, Any]) -> list[Failure]:
    row_id, values = _special_row_id(row)
    problems = []
    if _priced(state, row.get("sku")) is None:
        message = "The product that was requested doesn't exist. Verify the product and try again."
        problems.append(_failure(f"{message} {row_id}", values))
    if row.get("price") is None or row["price"] < 0:
        problems.append(_failure(f"Invalid attribute Price = {php_str(row.get('price'))}. {row_id}", values))
    for label, field in (("Price From", "price_from"), ("Price To", "price_to")):
        if not _valid_date(row.get(field)):
            problems.append(
                _failure(f"Invalid attribute {label} = {php_str(row.get(field))}. {row_id}", values)
            )
    if row.get("store_id") != 0:
        problems.append(_failure(f"Requested store is not found. {row_id}", values))
    return problems


def _special(call: Call, apply: Callable[[Record, dict[str, Any]], None]) -> list[Failure]:
    failures = []
    for row in call.params["prices"]:
        problems = _special_failures(call.state, row)
        if problems:
            failures.extend(problems)
            continue
        product = call.state.product_by_sku(str(row["sku"]))
        if product is not None:
            apply(product, row)
            _touch(call, product)
    return failures


def update_special_prices(call: Call) -> list[Failure]:
    def apply(product: Record, row: dict[str, Any]) -> None:
        values = product["values"][0]
        values["special_price"] = f"{float(row['price']):.6f}"
        for field, code in (("price_from", "special_from_date"), ("price_to", "special_to_date")):
            if row.get(field):
                values[code] = row[field]
            else:
                values.pop(code, None)

    return _special(call, apply)


def delete_special_prices(call: Call) -> list[Failure]:
    def apply(product: Record, row: dict[str, Any]) -> None:
        for code in ("special_price", "special_from_date", "special_to_date"):
            product["values"][0].pop(code, None)

    return _special(call, apply)


def special_prices(call: Call) -> list[dict[str, Any]]:
    result = []
    for product in _existing_skus(call.state, call.params["skus"]):
        values = products.values_in(product, 0)
        if values.get("special_price") is None:
            continue
        result.append(
            {
                "price": float(values["special_price"]),
                "store_id": 0,
                "sku": product["sku"],
                "price_from": values.get("special_from_date"),
                "price_to": values.get("special_to_date"),
            }
        )
    return result


# ------------------------------------------------------------------ tier prices
def _group_id(state: MagentoState, code: Any) -> int | None:
    if str(code).strip().lower() == "all groups":
        return ALL_GROUPS_ID
    return next(
        (g["id"] for g in state.customer_groups.values() if g["code"].lower() == str(code).lower()), None
    )


def _tier_failures(state: MagentoState, row: dict[str, Any]) -> list[Failure]:
    values = [php_str(row.get(k)) for k in ("sku", "website_id", "customer_group", "quantity")]
    row_id = (
        f"Row ID: SKU = {values[0]}, Website ID: {values[1]}, "
        f"Customer Group: {values[2]}, Quantity: {values[3]}."
    )
    problems = []
    if _priced(state, row.get("sku")) is None:
        problems.append(_failure(f"Invalid attribute SKU = {values[0]}. {row_id}", values))
    price, price_type = row.get("price"), row.get("price_type")
    if price is None or price < 0 or (price_type == "discount" and price > 100):
        problems.append(_failure(f"Invalid attribute Price = {php_str(price)}. {row_id}", values))
    if price_type not in {"fixed", "discount"}:
        problems.append(_failure(f"Invalid attribute Price Type = {php_str(price_type)}. {row_id}", values))
    if row.get("quantity") is None or row["quantity"] <= 0:
        problems.append(_failure(f"Invalid attribute Quantity = {values[3]}. {row_id}", values))
    if row.get("website_id") not in state.websites:
        problems.append(_failure(f"Invalid attribute Website ID = {values[1]}. {row_id}", values))
    if _group_id(state, row.get("customer_group")) is None:
        problems.append(_failure(f"No such entity with Customer Group = {values[2]}. {row_id}", values))
    return problems


def _tier(row: dict[str, Any], group_id: int) -> dict[str, Any]:
    extension: dict[str, Any] = {"website_id": row["website_id"]}
    if row["price_type"] == "discount":
        extension["percentage_value"] = float(row["price"])
    return {
        "customer_group_id": group_id,
        "qty": float(row["quantity"]),
        "value": float(row["price"]) if row["price_type"] == "fixed" else 0.0,
        "extension_attributes": extension,
    }


def _same_tier(tier: dict[str, Any], group_id: int, row: dict[str, Any]) -> bool:
    return (
        tier["customer_group_id"] == group_id
        and float(tier["qty"]) == float(row["quantity"])
        and (tier.get("extension_attributes") or {}).get("website_id", 0) == row["website_id"]
    )


def _tiers(call: Call, mode: str) -> list[Failure]:
    state, failures = call.state, []
    replaced: set[int] = set()
    for row in call.params["prices"]:
        problems = _tier_failures(state, row)
        if problems:
            failures.extend(problems)
            continue
        product = state.product_by_sku(str(row["sku"]))
        group_id = _group_id(state, row["customer_group"])
        if product is None or group_id is None:
            continue
        if mode == "replace" and product["id"] not in replaced:
            product["tier_prices"] = []
            replaced.add(product["id"])
        kept = [t for t in product["tier_prices"] if not _same_tier(t, group_id, row)]
        product["tier_prices"] = kept if mode == "delete" else [*kept, _tier(row, group_id)]
        _touch(call, product)
    return failures


def update_tier_prices(call: Call) -> list[Failure]:
    return _tiers(call, "update")


def replace_tier_prices(call: Call) -> list[Failure]:
    return _tiers(call, "replace")


def delete_tier_prices(call: Call) -> list[Failure]:
    return _tiers(call, "delete")


def tier_prices(call: Call) -> list[dict[str, Any]]:
    state, result = call.state, []
    codes = {g["id"]: g["code"] for g in state.customer_groups.values()} | {ALL_GROUPS_ID: "ALL GROUPS"}
    for product in _existing_skus(state, call.params["skus"]):
        for tier in product["tier_prices"]:
            extension = tier.get("extension_attributes") or {}
            discount = extension.get("percentage_value") is not None
            result.append(
                {
                    "price": float(extension["percentage_value"] if discount else tier["value"]),
                    "price_type": "discount" if discount else "fixed",
                    "website_id": extension.get("website_id", 0),
                    "sku": product["sku"],
                    "customer_group": codes.get(tier["customer_group_id"], str(tier["customer_group_id"])),
                    "quantity": float(tier["qty"]),
                }
            )
    return result


# ------------------------------------------------------------------ cost
def update_costs(call: Call) -> list[Failure]:
    state, failures = call.state, []
    for row in call.params["prices"]:
        sku, store_id, cost = php_str(row.get("sku")), php_str(row.get("store_id")), php_str(row.get("cost"))
        row_id = f"Row ID: SKU = {sku}, Store ID: {store_id}."
        problems = []
        product = _priced(state, row.get("sku"))
        if product is None:
            problems.append(_failure(f"Invalid attribute SKU = {sku}. {row_id}", [sku, store_id]))
        if row.get("cost") is None or row["cost"] < 0:
            problems.append(_failure(f"Invalid attribute Cost = {cost}. {row_id}", [cost, sku, store_id]))
        if row.get("store_id") not in state.store_views:
            problems.append(_failure(f"Requested store is not found. {row_id}", [sku, store_id]))
        if problems or product is None:
            failures.extend(problems)
            continue
        product["values"][0]["cost"] = f"{float(row['cost']):.6f}"
        _touch(call, product)
    return failures


def costs(call: Call) -> list[dict[str, Any]]:
    return [
        {"cost": float(p["values"][0]["cost"]), "store_id": 0, "sku": p["sku"]}
        for p in _existing_skus(call.state, call.params["skus"])
        if p["values"][0].get("cost") is not None
    ]


def delete_costs(call: Call) -> bool:
    for product in _existing_skus(call.state, call.params["skus"]):
        if product["values"][0].pop("cost", None) is not None:
            _touch(call, product)
    return True


def _update(path: str, handler: Callable[[Call], Any], row: Any, service: str, method: str = "POST") -> Route:
    return Route(
        method,
        path,
        handler,
        ACL,
        (Param("prices", ListOf(row)),),
        cost="rows",
        rows="prices",
        service=service,
    )


def _information(path: str, handler: Callable[[Call], Any], service: str) -> Route:
    return Route(
        "POST", path, handler, ACL, (Param("skus", ListOf(STR)),), cost="rows", rows="skus", service=service
    )


_BASE = "Magento\\Catalog\\Api\\BasePriceStorageInterface"
_SPECIAL = "Magento\\Catalog\\Api\\SpecialPriceStorageInterface"
_TIER = "Magento\\Catalog\\Api\\TierPriceStorageInterface"
_COST = "Magento\\Catalog\\Api\\CostStorageInterface"
ROUTES = [
    _update("/V1/products/base-prices", update_base_prices, BASE_PRICE, f"{_BASE}::update"),
    _information("/V1/products/base-prices-information", base_prices, f"{_BASE}::get"),
    _update("/V1/products/special-price", update_special_prices, SPECIAL_PRICE, f"{_SPECIAL}::update"),
    _update("/V1/products/special-price-delete", delete_special_prices, SPECIAL_PRICE, f"{_SPECIAL}::delete"),
    _information("/V1/products/special-price-information", special_prices, f"{_SPECIAL}::get"),
    _update("/V1/products/tier-prices", update_tier_prices, TIER_PRICE, f"{_TIER}::update"),
    _update("/V1/products/tier-prices", replace_tier_prices, TIER_PRICE, f"{_TIER}::replace", "PUT"),
    _update("/V1/products/tier-prices-delete", delete_tier_prices, TIER_PRICE, f"{_TIER}::delete"),
    _information("/V1/products/tier-prices-information", tier_prices, f"{_TIER}::get"),
    _update("/V1/products/cost", update_costs, COST, f"{_COST}::update"),
    _information("/V1/products/cost-information", costs, f"{_COST}::get"),
    _information("/V1/products/cost-delete", delete_costs, f"{_COST}::delete"),
]
