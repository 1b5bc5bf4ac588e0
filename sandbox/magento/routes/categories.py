"""Categories (reference s.8): tree, list, get, create/update, move, delete, product links.

Category values are kept global (the sandbox does not keep store-view overrides for categories).
A URL key must be unique among the children of one parent; a clash is a 400
`Could not save category: %1`. The two system categories (1 Root Catalog, 2 Default Category)
cannot be deleted.
"""

from __future__ import annotations

from typing import Any

from .. import products
from ..errors import MagentoError, bad_request, no_such_entity
from ..interfaces import CATEGORY, CATEGORY_PRODUCT_LINK
from ..render import format_url_key
from ..routing import Call, Route
from ..search import SEARCH_PARAM, search
from ..state import MagentoState, Record
from ..types import INT, STR, Param

ACL = "Magento_Catalog::categories"
REPOSITORY = "Magento\\Catalog\\Api\\CategoryRepositoryInterface"
LINKS = "Magento\\Catalog\\Api\\CategoryLinkRepositoryInterface"
COULD_NOT_SAVE = "Could not save category: %1"
_CORE = ("name", "is_active", "position", "include_in_menu", "available_sort_by")


def _children(state: MagentoState, category_id: int) -> list[Record]:
    return sorted(
        (c for c in state.categories.values() if c["parent_id"] == category_id),
        key=lambda c: (c["position"], c["id"]),
    )


def _descendants(state: MagentoState, category_id: int) -> list[int]:
    prefix = state.categories[category_id]["path"] + "/"
    return [c["id"] for c in state.categories.values() if c["path"].startswith(prefix)]


def _product_count(state: MagentoState, category_id: int) -> int:
    wanted = str(category_id)
    return sum(
        1
        for p in state.products.values()
        if any(link["category_id"] == wanted for link in p["category_links"])
    )


def render(state: MagentoState, category: Record) -> dict[str, Any]:
    attributes = dict(category["custom_attributes"])
    attributes["path"] = category["path"]
    attributes["children_count"] = str(len(_descendants(state, category["id"])))
    return {
        "id": category["id"],
        "parent_id": category["parent_id"],
        "name": category["name"],
        "is_active": category["is_active"],
        "position": category["position"],
        "level": category["level"],
        "children": ",".join(str(c["id"]) for c in _children(state, category["id"])),
        "created_at": category["created_at"],
        "updated_at": category["updated_at"],
        "path": category["path"],
        "available_sort_by": list(category["available_sort_by"]),
        "include_in_menu": category["include_in_menu"],
        "custom_attributes": [{"attribute_code": code, "value": value} for code, value in attributes.items()],
    }


def find(state: MagentoState, category_id: int | None) -> Record:
    category = state.categories.get(category_id or 0)
    if category is None:
        raise no_such_entity("id", category_id)
    return category


def _tree(state: MagentoState, category: Record, depth: int | None) -> dict[str, Any]:
    children = [] if depth == 0 else _children(state, category["id"])
    return {
        "id": category["id"],
        "parent_id": category["parent_id"],
        "name": category["name"],
        "is_active": category["is_active"],
        "position": category["position"],
        "level": category["level"],
        "product_count": _product_count(state, category["id"]),
        "children_data": [_tree(state, child, None if depth is None else depth - 1) for child in children],
    }


def tree(call: Call) -> dict[str, Any]:
    state = call.state
    root_id = call.params.get("root_category_id")
    if root_id is None:
        root_id = (
            1
            if call.scope.is_admin
            else state.store_groups[state.store(call.scope.store_id)["store_group_id"]]["root_category_id"]
        )
    return _tree(state, find(state, root_id), call.params.get("depth"))


def list_categories(call: Call) -> dict[str, Any]:
    records = [render(call.state, c) for _, c in sorted(call.state.categories.items())]
    return search(call.params["search_criteria"], records)


def get_category(call: Call) -> dict[str, Any]:
    return render(call.state, find(call.state, call.params["category_id"]))


def _url_path(state: MagentoState, parent: Record, url_key: str) -> str:
    parent_path = parent["custom_attributes"].get("url_path") if parent["level"] >= 2 else None
    return f"{parent_path}/{url_key}" if parent_path else url_key


def _check_url_key(state: MagentoState, category: Record) -> None:
    key = category["custom_attributes"].get("url_key")
    clash = any(
        other["id"] != category["id"]
        and other["parent_id"] == category["parent_id"]
        and other["custom_attributes"].get("url_key") == key
        for other in state.categories.values()
    )
    if key and clash:
        raise bad_request(COULD_NOT_SAVE, ["URL key for specified store already exists."])


def save(call: Call, data: dict[str, Any]) -> dict[str, Any]:
    """`CategoryRepository::save`: an existing `id` updates, otherwise a category is created."""
    state = call.state
    existing = state.categories.get(data.get("id") or 0) if data.get("id") else None
    sent_attributes = {
        entry["attribute_code"]: entry["value"] for entry in data.get("custom_attributes") or []
    }
    if existing is None:
        parent_id = data.get("parent_id")
        if parent_id is None:
            group_id = state.store(call.scope.store_id)["store_group_id"]
            parent_id = state.store_groups[group_id]["root_category_id"]
        parent = find(state, parent_id)
        category: Record = {
            "id": 0,
            "parent_id": parent["id"],
            "name": None,
            "is_active": True,
            "position": max([c["position"] for c in _children(state, parent["id"])] or [0]) + 1,
            "level": parent["level"] + 1,
            "created_at": call.now,
            "path": "",
            "available_sort_by": [],
            "include_in_menu": True,
            "custom_attributes": {"display_mode": "PRODUCTS", "is_anchor": "1"},
        }
    else:
        category = {**existing, "custom_attributes": dict(existing["custom_attributes"])}
        parent = state.categories.get(category["parent_id"]) or category
    for field in _CORE:
        if data.get(field) is not None:
            category[field] = data[field]
    if not str(category.get("name") or "").strip():
        raise bad_request(
            COULD_NOT_SAVE, ['The "Name" attribute value is empty. Set the attribute and try again.']
        )
    for code, value in sent_attributes.items():
        if code not in {"path", "children_count", "url_path"}:
            category["custom_attributes"][code] = value if isinstance(value, list) else str(value)
    if "url_key" in sent_attributes or existing is None:
        url_key = format_url_key(str(sent_attributes.get("url_key") or category["name"]))
        category["custom_attributes"]["url_key"] = url_key
        category["custom_attributes"]["url_path"] = _url_path(state, parent, url_key)
    _check_url_key(state, category)
    if existing is None:
        category["id"] = state.next_id("category")
        category["path"] = f"{parent['path']}/{category['id']}"
    category["updated_at"] = call.now
    state.categories[category["id"]] = category
    call.write("categories")
    return render(state, category)


def create_category(call: Call) -> dict[str, Any]:
    return save(call, call.params["category"])


def update_category(call: Call) -> dict[str, Any]:
    data = call.params["category"]
    find(call.state, data.get("id"))  # the URL id, copied into the body
    return save(call, data)


def move_category(call: Call) -> bool:
    state = call.state
    category = find(state, call.params["category_id"])
    parent = find(state, call.params["parent_id"])
    if parent["id"] == category["id"] or parent["id"] in _descendants(state, category["id"]):
        raise bad_request("Operation do not allow to move a parent category to any of children category")
    after_id = call.params.get("after_id")
    siblings = [c for c in _children(state, parent["id"]) if c["id"] != category["id"]]
    index = next((i + 1 for i, c in enumerate(siblings) if c["id"] == after_id), 0)
    siblings.insert(index, category)
    old_path, new_path = category["path"], f"{parent['path']}/{category['id']}"
    level_shift = parent["level"] + 1 - category["level"]
    for other in state.categories.values():
        if other["id"] == category["id"] or other["path"].startswith(old_path + "/"):
            other["path"] = new_path + other["path"][len(old_path) :]
            other["level"] += level_shift
            other["updated_at"] = call.now
    category["parent_id"] = parent["id"]
    for position, sibling in enumerate(siblings, start=1):
        sibling["position"] = position
    call.write("categories")
    return True


def delete_category(call: Call) -> bool:
    state = call.state
    category = find(state, call.params["category_id"])
    if category["id"] in {1, 2}:
        raise bad_request("Cannot delete category with id %1", [category["id"]])
    removed = {category["id"], *_descendants(state, category["id"])}
    for category_id in removed:
        del state.categories[category_id]
    wanted = {str(i) for i in removed}
    for product in state.products.values():
        product["category_links"] = [
            link for link in product["category_links"] if link["category_id"] not in wanted
        ]
    call.write("categories", len(removed))
    return True


def category_products(call: Call) -> list[dict[str, Any]]:
    state = call.state
    category = find(state, call.params["category_id"])
    wanted = str(category["id"])
    return [
        {"sku": p["sku"], "position": link["position"], "category_id": wanted}
        for _, p in sorted(state.products.items())
        for link in p["category_links"]
        if link["category_id"] == wanted
    ]


def assign_product(call: Call) -> bool:
    state = call.state
    link = call.params["product_link"]
    category = find(state, call.params.get("category_id") or int(link.get("category_id") or 0))
    product = products.find(state, str(link.get("sku") or ""))
    wanted = str(category["id"])
    links = [entry for entry in product["category_links"] if entry["category_id"] != wanted]
    links.append({"position": int(link.get("position") or 0), "category_id": wanted})
    product["category_links"] = links
    products.commit(call, product)
    return True


def unassign_product(call: Call) -> bool:
    state = call.state
    category = find(state, call.params["category_id"])
    product = products.find(state, call.params["sku"])
    wanted = str(category["id"])
    if not any(link["category_id"] == wanted for link in product["category_links"]):
        raise MagentoError(400, "The category doesn't contain the specified product.")
    product["category_links"] = [link for link in product["category_links"] if link["category_id"] != wanted]
    products.commit(call, product)
    return True


_CATEGORY_ID = Param("categoryId", INT)
_LINK_PARAMS = (Param("categoryId", INT, required=False), Param("productLink", CATEGORY_PRODUCT_LINK))
ROUTES = [
    Route(
        "GET",
        "/V1/categories",
        tree,
        ACL,
        (Param("rootCategoryId", INT, required=False), Param("depth", INT, required=False)),
    ),
    Route("GET", "/V1/categories/list", list_categories, ACL, (SEARCH_PARAM,)),
    Route(
        "GET",
        "/V1/categories/{categoryId}",
        get_category,
        ACL,
        (_CATEGORY_ID, Param("storeId", INT, required=False)),
    ),
    Route("GET", "/V1/categories/{categoryId}/products", category_products, ACL, (_CATEGORY_ID,)),
    Route(
        "POST",
        "/V1/categories",
        create_category,
        ACL,
        (Param("category", CATEGORY),),
        cost="entity",
        service=f"{REPOSITORY}::save",
    ),
    Route(
        "PUT",
        "/V1/categories/{id}",
        update_category,
        ACL,
        (Param("category", CATEGORY),),
        cost="entity",
        service=f"{REPOSITORY}::save",
    ),
    Route(
        "PUT",
        "/V1/categories/{categoryId}/move",
        move_category,
        ACL,
        (_CATEGORY_ID, Param("parentId", INT), Param("afterId", INT, required=False)),
        cost="entity",
        service="Magento\\Catalog\\Api\\CategoryManagementInterface::move",
    ),
    Route(
        "DELETE",
        "/V1/categories/{categoryId}",
        delete_category,
        ACL,
        (_CATEGORY_ID,),
        cost="entity",
        service=f"{REPOSITORY}::deleteByIdentifier",
    ),
    Route(
        "POST",
        "/V1/categories/{categoryId}/products",
        assign_product,
        ACL,
        _LINK_PARAMS,
        cost="entity",
        service=f"{LINKS}::save",
    ),
    Route(
        "PUT",
        "/V1/categories/{categoryId}/products",
        assign_product,
        ACL,
        _LINK_PARAMS,
        cost="entity",
        service=f"{LINKS}::save",
    ),
    Route(
        "DELETE",
        "/V1/categories/{categoryId}/products/{sku}",
        unassign_product,
        ACL,
        (_CATEGORY_ID, Param("sku", STR)),
        cost="entity",
        service=f"{LINKS}::deleteByIds",
    ),
]
