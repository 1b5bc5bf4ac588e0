"""Configurable products: options on an axis attribute, child links and their errors."""

from __future__ import annotations

from .conftest import MagentoClient

PRODUCT_NOT_FOUND = "The product that was requested doesn't exist. Verify the product and try again."


def _configurable(magento: MagentoClient) -> tuple[dict, dict]:
    size = magento.ok(magento.get("/rest/V1/products/attributes/size"))
    small = next(o["value"] for o in size["options"] if o["label"] == "Small")
    child = magento.create_product(
        "TEE-S",
        name="Tee Small",
        visibility=1,
        custom_attributes=[{"attribute_code": "size", "value": small}],
    )
    parent = magento.create_product("TEE", name="Tee", type_id="configurable")
    return parent, {"child": child, "attribute_id": str(size["attribute_id"]), "small": int(small)}


def test_configurable_options_and_child_links(magento: MagentoClient) -> None:
    parent, info = _configurable(magento)
    no_options = magento.post("/rest/V1/configurable-products/TEE/child", {"childSku": "TEE-S"})
    assert no_options.json() == {"message": "The parent product doesn't have configurable product options."}
    option = {
        "option": {
            "attribute_id": info["attribute_id"],
            "label": "Size",
            "position": 0,
            "is_use_default": True,
            "values": [{"value_index": info["small"]}],
        }
    }
    option_id = magento.ok(magento.post("/rest/V1/configurable-products/TEE/options", option))
    assert isinstance(option_id, str)
    assert magento.post("/rest/V1/configurable-products/TEE/options", option).json() == {
        "message": "Something went wrong while saving option."
    }
    assert magento.ok(magento.post("/rest/V1/configurable-products/TEE/child", {"childSku": "TEE-S"})) is True
    again = magento.post("/rest/V1/configurable-products/TEE/child", {"childSku": "TEE-S"})
    assert again.json() == {"message": "The product is already attached."}
    shown = magento.ok(magento.get("/rest/all/V1/products/TEE"))
    extension = shown["extension_attributes"]
    assert extension["configurable_product_links"] == [info["child"]["id"]]
    assert extension["configurable_product_options"] == [
        {
            "id": int(option_id),
            "attribute_id": info["attribute_id"],
            "label": "Size",
            "position": 0,
            "values": [{"value_index": info["small"]}],
            "product_id": parent["id"],
        }
    ]
    assert shown["price"] == 0
    children = magento.ok(magento.get("/rest/V1/configurable-products/TEE/children"))
    assert [c["sku"] for c in children] == ["TEE-S"]
    assert magento.ok(magento.get("/rest/V1/configurable-products/TEE/options/all"))[0]["label"] == "Size"
    assert magento.ok(magento.delete("/rest/V1/configurable-products/TEE/children/TEE-S")) is True


def test_child_without_the_axis_value_is_refused(magento: MagentoClient) -> None:
    _, info = _configurable(magento)
    magento.create_product("TEE-PLAIN", name="Plain Tee")
    option = {
        "option": {
            "attribute_id": info["attribute_id"],
            "label": "Size",
            "values": [{"value_index": info["small"]}],
        }
    }
    magento.ok(magento.post("/rest/V1/configurable-products/TEE/options", option))
    refused = magento.post("/rest/V1/configurable-products/TEE/child", {"childSku": "TEE-PLAIN"})
    assert refused.json() == {
        "message": 'The child product doesn\'t have the "%1" attribute value. '
        "Verify the value and try again.",
        "parameters": ["size"],
    }
    missing = magento.post("/rest/V1/configurable-products/NOPE/child", {"childSku": "TEE-S"})
    assert (missing.status_code, missing.json()) == (404, {"message": PRODUCT_NOT_FOUND})


def test_configurable_in_one_call_through_extension_attributes(magento: MagentoClient) -> None:
    _, info = _configurable(magento)
    body = {
        "product": {
            "sku": "TEE",
            "extension_attributes": {
                "configurable_product_options": [
                    {
                        "attribute_id": info["attribute_id"],
                        "label": "Size",
                        "values": [{"value_index": info["small"]}],
                    }
                ],
                "configurable_product_links": [info["child"]["id"]],
            },
        }
    }
    saved = magento.ok(magento.put("/rest/all/V1/products/TEE", body))
    assert saved["extension_attributes"]["configurable_product_links"] == [info["child"]["id"]]
