"""Categories: create, get, tree, list, update, move, delete, URL keys, product links."""

from __future__ import annotations

from .conftest import MagentoClient, criteria


def test_category_create_get_and_not_found(magento: MagentoClient) -> None:
    body = {
        "category": {
            "parent_id": 2,
            "name": "Fasteners",
            "is_active": True,
            "position": 3,
            "custom_attributes": [{"attribute_code": "description", "value": "<p>Bolts</p>"}],
        }
    }
    created = magento.ok(magento.post("/rest/V1/categories", body))
    assert (created["level"], created["path"], created["children"]) == (2, f"1/2/{created['id']}", "")
    assert {a["attribute_code"]: a["value"] for a in created["custom_attributes"]}["url_key"] == "fasteners"
    assert magento.ok(magento.get(f"/rest/V1/categories/{created['id']}"))["name"] == "Fasteners"
    missing = magento.get("/rest/V1/categories/500")
    assert missing.status_code == 404
    assert missing.json() == {
        "message": "No such entity with %fieldName = %fieldValue",
        "parameters": {"fieldName": "id", "fieldValue": 500},
    }


def test_category_url_key_clash_under_one_parent(magento: MagentoClient) -> None:
    magento.ok(magento.post("/rest/V1/categories", {"category": {"parent_id": 2, "name": "Tools"}}))
    clash = magento.post("/rest/V1/categories", {"category": {"parent_id": 2, "name": "Tools"}})
    assert clash.json() == {
        "message": "Could not save category: %1",
        "parameters": ["URL key for specified store already exists."],
    }


def test_category_tree_update_move_and_delete(magento: MagentoClient) -> None:
    apparel = magento.ok(magento.post("/rest/V1/categories", {"category": {"name": "Apparel"}}))
    men = magento.ok(
        magento.post("/rest/V1/categories", {"category": {"parent_id": apparel["id"], "name": "Men"}})
    )
    tree = magento.ok(magento.get("/rest/V1/categories"))
    assert tree["id"] == 2 and tree["children_data"][0]["children_data"][0]["id"] == men["id"]
    assert magento.ok(magento.get("/rest/all/V1/categories"))["id"] == 1
    renamed = magento.ok(magento.put(f"/rest/V1/categories/{men['id']}", {"category": {"name": "Gentlemen"}}))
    assert renamed["name"] == "Gentlemen"
    assert (
        magento.ok(
            magento.put(f"/rest/V1/categories/{men['id']}/move", {"parentId": 2, "afterId": apparel["id"]})
        )
        is True
    )
    moved = magento.ok(magento.get(f"/rest/V1/categories/{men['id']}"))
    assert (moved["parent_id"], moved["level"]) == (2, 2)
    refused = magento.put(f"/rest/V1/categories/{apparel['id']}/move", {"parentId": apparel["id"]})
    assert refused.status_code == 400
    assert magento.delete("/rest/V1/categories/2").json() == {
        "message": "Cannot delete category with id %1",
        "parameters": [2],
    }
    assert magento.ok(magento.delete(f"/rest/V1/categories/{apparel['id']}")) is True
    flat = magento.ok(magento.get("/rest/V1/categories/list", params=criteria()))
    assert sorted(c["id"] for c in flat["items"]) == [1, 2, men["id"]]


def test_category_product_links(magento: MagentoClient) -> None:
    category = magento.ok(magento.post("/rest/V1/categories", {"category": {"name": "Kitchen"}}))
    magento.create_product("MUG-1")
    link = {"productLink": {"sku": "MUG-1", "position": 2, "category_id": str(category["id"])}}
    assert magento.ok(magento.post(f"/rest/V1/categories/{category['id']}/products", link)) is True
    assert magento.ok(magento.get(f"/rest/V1/categories/{category['id']}/products")) == [
        {"sku": "MUG-1", "position": 2, "category_id": str(category["id"])}
    ]
    assert magento.ok(magento.delete(f"/rest/V1/categories/{category['id']}/products/MUG-1")) is True
    assert magento.ok(magento.get(f"/rest/V1/categories/{category['id']}/products")) == []
