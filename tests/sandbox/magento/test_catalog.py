"""Catalog fidelity: products (points 3, 4, 7), attribute sets, attributes and options, categories,
configurable products."""

from __future__ import annotations

from .conftest import MagentoClient, criteria

PRODUCT_NOT_FOUND = "The product that was requested doesn't exist. Verify the product and try again."


def _custom(product: dict, code: str) -> object:
    return next((a["value"] for a in product["custom_attributes"] if a["attribute_code"] == code), None)


# ------------------------------------------------------------------ products
def test_post_and_put_are_both_upserts(magento: MagentoClient) -> None:
    created = magento.ok(magento.put("/rest/all/V1/products/NEW-1", {"product": {"name": "New", "price": 3}}))
    assert created["sku"] == "NEW-1"
    updated = magento.ok(magento.post("/rest/all/V1/products", {"product": {"sku": "new-1", "price": 4}}))
    assert (updated["id"], updated["price"], updated["name"]) == (created["id"], 4.0, "New")
    assert magento.handle.collections()["products"] == 1


def test_put_copies_url_sku_only_when_product_is_the_sole_body_key(magento: MagentoClient) -> None:
    magento.create_product("A")
    magento.create_product("B")
    sole = magento.ok(magento.put("/rest/all/V1/products/A", {"product": {"sku": "B", "price": 7}}))
    assert sole["sku"] == "A"
    both = magento.ok(
        magento.put("/rest/all/V1/products/A", {"product": {"sku": "B", "price": 8}, "saveOptions": True})
    )
    assert both["sku"] == "B"
    prices = {p["sku"]: p["price"] for p in magento.handle.state("products")}
    assert prices == {"A": 7.0, "B": 8.0}


def test_product_not_found_texts(magento: MagentoClient) -> None:
    for response in (magento.get("/rest/V1/products/NOPE"), magento.delete("/rest/V1/products/NOPE")):
        assert response.status_code == 404
        assert response.json() == {"message": PRODUCT_NOT_FOUND}


def test_url_key_collision_is_400_and_saves_nothing(magento: MagentoClient) -> None:
    magento.create_product("BOLT-1", name="Steel Bolt")
    writes_before = magento.handle.stats()["writes"].get("products", 0)
    clash = magento.post(
        "/rest/all/V1/products", {"product": {"sku": "BOLT-2", "name": "Steel Bolt", "price": 1}}
    )
    assert clash.status_code == 400
    assert clash.json() == {"message": "URL key for specified store already exists."}
    assert magento.handle.collections()["products"] == 1
    assert magento.handle.stats()["writes"].get("products", 0) == writes_before
    unique = magento.create_product(
        "BOLT-2",
        name="Steel Bolt",
        custom_attributes=[{"attribute_code": "url_key", "value": "Steel Bolt 2"}],
    )
    assert _custom(unique, "url_key") == "steel-bolt-2"


def test_store_code_decides_the_write_scope(magento: MagentoClient) -> None:
    magento.create_product("SCOPE-1", name="Global Name")
    magento.ok(
        magento.put("/rest/default/V1/products/SCOPE-1", {"product": {"name": "Store One Name", "price": 9}})
    )
    assert magento.ok(magento.get("/rest/all/V1/products/SCOPE-1"))["name"] == "Global Name"
    assert magento.ok(magento.get("/rest/V1/products/SCOPE-1"))["name"] == "Store One Name"
    assert magento.ok(magento.get("/rest/west/V1/products/SCOPE-1"))["name"] == "Global Name"
    assert magento.ok(magento.get("/rest/west/V1/products/SCOPE-1"))["price"] == 9.0  # price scope is global
    magento.ok(magento.put("/rest/all/V1/products/SCOPE-1", {"product": {"name": "New Global"}}))
    assert magento.ok(magento.get("/rest/west/V1/products/SCOPE-1"))["name"] == "New Global"
    assert magento.ok(magento.get("/rest/V1/products/SCOPE-1", params={"storeId": 0}))["name"] == "New Global"


def test_create_assigns_websites_by_store_code(magento: MagentoClient) -> None:
    assert magento.create_product("W-ALL")["extension_attributes"]["website_ids"] == [1, 2]
    assert magento.create_product("W-WEST", scope="west")["extension_attributes"]["website_ids"] == [2]
    assert magento.create_product("W-DEF", scope="default")["extension_attributes"]["website_ids"] == [1]


def test_product_output_typing(magento: MagentoClient) -> None:
    category = magento.ok(magento.post("/rest/V1/categories", {"category": {"name": "Hardware"}}))
    product = magento.create_product(
        "TYPED-1",
        price="1.95",
        weight=0.05,
        extension_attributes={
            "category_links": [{"position": 0, "category_id": category["id"]}],
            "stock_item": {"qty": 250, "is_in_stock": True},
        },
        custom_attributes=[{"attribute_code": "color", "value": 5}, {"attribute_code": "cost", "value": 1.1}],
    )
    assert isinstance(product["id"], int) and product["price"] == 1.95 and product["weight"] == 0.05
    links = product["extension_attributes"]["category_links"]
    assert links == [{"position": 0, "category_id": str(category["id"])}]
    assert _custom(product, "color") == "5"
    assert _custom(product, "cost") == "1.100000"
    assert _custom(product, "category_ids") == [str(category["id"])]
    stock = product["extension_attributes"]["stock_item"]
    assert stock["qty"] == 250 and stock["is_in_stock"] is True and stock["low_stock_date"] is None
    assert len(product["created_at"]) == 19 and product["created_at"][10] == " "


def test_unknown_custom_attributes_are_ignored_and_required_name_is_checked(magento: MagentoClient) -> None:
    product = magento.create_product(
        "IGN-1", custom_attributes={"no_such_attribute": "x", "description": "<p>Hi</p>"}
    )
    assert _custom(product, "no_such_attribute") is None
    assert _custom(product, "description") == "<p>Hi</p>"
    nameless = magento.post("/rest/all/V1/products", {"product": {"sku": "IGN-2", "price": 1}})
    assert nameless.json() == {
        "message": 'The "%1" attribute value is empty. Set the attribute and try again.',
        "parameters": ["Product Name"],
    }
    too_long = magento.post("/rest/all/V1/products", {"product": {"sku": "X" * 65, "name": "Long"}})
    assert too_long.json() == {"message": "SKU length should be %1 characters maximum.", "parameters": [64]}


def test_update_keeps_fields_not_sent_and_bumps_updated_at(magento: MagentoClient) -> None:
    magento.handle.config(clock_offset_seconds=-3600)
    created = magento.create_product(
        "KEEP-1", weight=2.0, extension_attributes={"stock_item": {"qty": 5, "is_in_stock": True}}
    )
    magento.handle.config(clock_offset_seconds=0)
    updated = magento.ok(magento.put("/rest/all/V1/products/KEEP-1", {"product": {"price": 11}}))
    assert updated["weight"] == 2.0
    assert updated["extension_attributes"]["stock_item"]["qty"] == 5
    assert updated["created_at"] == created["created_at"]
    assert updated["updated_at"] > created["updated_at"]


def test_delete_product_answers_true(magento: MagentoClient) -> None:
    magento.create_product("DEL-1")
    assert magento.ok(magento.delete("/rest/V1/products/DEL-1")) is True
    assert magento.get("/rest/V1/products/DEL-1").status_code == 404


def test_product_types_and_website_links(magento: MagentoClient) -> None:
    types = magento.ok(magento.get("/rest/V1/products/types"))
    assert {"name": "configurable", "label": "Configurable Product"} in types
    magento.create_product("WEB-1", scope="default")
    link = {"productWebsiteLink": {"sku": "WEB-1", "website_id": 2}}
    assert magento.ok(magento.post("/rest/V1/products/WEB-1/websites", link)) is True
    assert magento.ok(magento.get("/rest/all/V1/products/WEB-1"))["extension_attributes"]["website_ids"] == [
        1,
        2,
    ]


# ------------------------------------------------------------------ attribute sets and attributes
def test_attribute_set_create_from_skeleton_and_errors(magento: MagentoClient) -> None:
    body = {"attributeSet": {"attribute_set_name": "Fasteners", "sort_order": 0}, "skeletonId": 4}
    created = magento.ok(magento.post("/rest/V1/products/attribute-sets", body))
    assert created == {
        "attribute_set_id": 9,
        "attribute_set_name": "Fasteners",
        "sort_order": 0,
        "entity_type_id": 4,
    }
    duplicate = magento.post("/rest/V1/products/attribute-sets", body)
    assert duplicate.json() == {
        "message": 'A "%1" attribute set name already exists. Create a new name and try again.',
        "parameters": ["Fasteners"],
    }
    empty = magento.post(
        "/rest/V1/products/attribute-sets", {"attributeSet": {"attribute_set_name": ""}, "skeletonId": 4}
    )
    assert empty.json()["message"] == "The attribute set name is empty. Enter the name and try again."
    bad_skeleton = magento.post(
        "/rest/V1/products/attribute-sets", {"attributeSet": {"attribute_set_name": "X"}, "skeletonId": 99}
    )
    assert bad_skeleton.json()["message"].startswith("The attribute set couldn't be created")
    attributes = magento.ok(magento.get("/rest/V1/products/attribute-sets/9/attributes"))
    assert {"name", "color", "size"} <= {a["attribute_code"] for a in attributes}
    assert magento.get("/rest/V1/products/attribute-sets/77").json()["parameters"] == {
        "fieldName": "id",
        "fieldValue": 77,
    }


def test_attribute_set_lists(magento: MagentoClient) -> None:
    products_only = magento.ok(magento.get("/rest/V1/products/attribute-sets/sets/list", params=criteria()))
    assert [s["attribute_set_id"] for s in products_only["items"]] == [4]
    everything = magento.ok(
        magento.get("/rest/V1/eav/attribute-sets/list", params=criteria([[("entity_type_id", "4", "eq")]]))
    )
    assert everything["items"] == [
        {"attribute_set_id": 4, "attribute_set_name": "Default", "sort_order": 1, "entity_type_id": 4}
    ]
    groups = magento.ok(
        magento.get(
            "/rest/V1/products/attribute-sets/groups/list",
            params=criteria([[("attribute_set_id", "4", "eq")]]),
        )
    )
    assert "Product Details" in {g["attribute_group_name"] for g in groups["items"]}
    assert all(isinstance(g["attribute_group_id"], str) for g in groups["items"])


def test_demo_attributes_have_the_catalog_values_as_options(magento: MagentoClient) -> None:
    options = magento.ok(magento.get("/rest/V1/products/attributes/size/options"))
    assert options[0] == {"label": " ", "value": ""}
    assert [o["label"] for o in options[1:]] == ["Small", "Medium", "Large", "Extra Large"]
    assert all(isinstance(o["value"], str) for o in options)
    color = magento.ok(magento.get("/rest/V1/products/attributes/color"))
    assert (color["attribute_id"], color["scope"], color["frontend_input"]) == (93, "global", "select")
    for code in ("material", "warranty"):
        assert magento.get(f"/rest/V1/products/attributes/{code}").status_code == 200


def test_attribute_option_add_returns_id_string_and_errors(magento: MagentoClient) -> None:
    option_id = magento.ok(
        magento.post("/rest/V1/products/attributes/color/options", {"option": {"label": "Purple"}})
    )
    assert isinstance(option_id, str) and option_id.isdigit()
    duplicate = magento.post("/rest/V1/products/attributes/color/options", {"option": {"label": "Purple"}})
    assert duplicate.status_code == 400
    text = magento.post("/rest/V1/products/attributes/name/options", {"option": {"label": "X"}})
    assert text.json() == {
        "message": 'The "%1" attribute doesn\'t work with options.',
        "parameters": ["name"],
    }
    assert magento.ok(magento.delete(f"/rest/V1/products/attributes/color/options/{option_id}")) is True
    missing = magento.get("/rest/V1/products/attributes/nope")
    assert (missing.status_code, missing.json()["parameters"]) == (404, ["nope"])


def test_attribute_create_update_delete(magento: MagentoClient) -> None:
    body = {
        "attribute": {
            "attribute_code": "brand",
            "frontend_input": "select",
            "default_frontend_label": "Brand",
            "scope": "global",
            "options": [{"label": "Acme"}],
        }
    }
    created = magento.ok(magento.post("/rest/V1/products/attributes", body))
    assert created["is_user_defined"] is True and [o["label"] for o in created["options"]] == [" ", "Acme"]
    assert magento.post("/rest/V1/products/attributes", body).status_code == 400
    updated = magento.ok(
        magento.put("/rest/V1/products/attributes/brand", {"attribute": {"default_frontend_label": "Make"}})
    )
    assert updated["default_frontend_label"] == "Make"
    assert magento.ok(magento.delete("/rest/V1/products/attributes/brand")) is True
    assert (
        magento.delete("/rest/V1/products/attributes/name").json()["message"]
        == "The system attribute can't be deleted."
    )
