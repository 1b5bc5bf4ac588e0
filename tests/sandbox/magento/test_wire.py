"""Wire-level fidelity: status codes, error bodies, auth, store-code routing, input typing (points 1, 2)."""

from __future__ import annotations

import pytest

from .conftest import MagentoClient


def test_sync_create_answers_200_and_async_answers_202(magento: MagentoClient) -> None:
    created = magento.post("/rest/all/V1/products", {"product": {"sku": "A-1", "name": "A", "price": 1}})
    assert created.status_code == 200
    assert created.headers["Content-Type"] == "application/json; charset=utf-8"
    queued = magento.post("/rest/all/async/V1/products", {"product": {"sku": "A-2", "name": "B", "price": 1}})
    assert queued.status_code == 202


def test_error_body_keeps_raw_placeholders_with_object_parameters(magento: MagentoClient) -> None:
    response = magento.get("/rest/V1/customers/999")
    assert response.status_code == 404
    assert response.json() == {
        "message": "No such entity with %fieldName = %fieldValue",
        "parameters": {"fieldName": "customerId", "fieldValue": 999},
    }


def test_error_body_uses_list_parameters_for_positional_placeholders(magento: MagentoClient) -> None:
    response = magento.post("/rest/all/V1/products", {"product": {"name": "No SKU", "price": 1}})
    assert response.status_code == 400
    assert response.json() == {
        "message": 'The "%1" attribute value is empty. Set the attribute and try again.',
        "parameters": ["sku"],
    }
    assert "trace" not in response.json()


def test_several_input_errors_are_wrapped_in_errors(magento: MagentoClient) -> None:
    response = magento.post("/rest/V1/customers", {"customer": {"email": "x@example.com"}})
    body = response.json()
    assert response.status_code == 400
    assert body["message"] == "One or more input exceptions have occurred."
    assert [e["parameters"]["fieldName"] for e in body["errors"]] == ["firstname", "lastname"]
    assert "parameters" not in body


@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_missing_or_bad_token_is_401_naming_the_route_acl(magento: MagentoClient, token: str | None) -> None:
    response = magento.get("/rest/V1/products/ANY", token=token)
    assert response.status_code == 401
    assert response.json() == {
        "message": "The consumer isn't authorized to access %resources.",
        "parameters": {"resources": "Magento_Catalog::products"},
    }


def test_401_names_the_resource_of_each_route(magento: MagentoClient) -> None:
    assert magento.get("/rest/V1/orders/1", token="x").json()["parameters"]["resources"] == (
        "Magento_Sales::actions_view"
    )
    source_items = magento.post("/rest/V1/inventory/source-items", {"sourceItems": []}, token="x")
    assert source_items.json()["parameters"]["resources"] == "Magento_InventoryApi::stock_source_item_assign"


@pytest.mark.parametrize(
    "path",
    [
        "/rest/V1/no-such-route",
        "/rest/nosuchstore/V1/products/A",
        "/rest/admin/V1/store/storeViews",
        "/other",
    ],
)
def test_unknown_route_or_store_code_is_404_even_without_token(magento: MagentoClient, path: str) -> None:
    response = magento.get(path, token=None)
    assert response.status_code == 404
    assert response.json() == {"message": "Request does not match any route."}


def test_existing_path_with_wrong_method_is_404(magento: MagentoClient) -> None:
    response = magento.call("PATCH", "/rest/V1/products/A")
    assert response.status_code == 404
    assert response.json() == {"message": "Request does not match any route."}


@pytest.mark.parametrize(
    "prefix", ["/rest/V1", "/rest/default/V1", "/rest/west/V1", "/rest/all/V1", "/index.php/rest/V1"]
)
def test_store_code_prefixes_route_to_the_same_service(magento: MagentoClient, prefix: str) -> None:
    views = magento.ok(magento.get(f"{prefix}/store/storeViews"))
    assert {v["code"] for v in views} == {"admin", "default", "west"}


def test_store_structure_has_admin_store_and_two_websites(magento: MagentoClient) -> None:
    views = {v["code"]: v for v in magento.ok(magento.get("/rest/V1/store/storeViews"))}
    assert views["admin"] == {
        "id": 0,
        "code": "admin",
        "name": "Admin",
        "website_id": 0,
        "store_group_id": 0,
        "is_active": 1,
    }
    assert views["west"]["website_id"] == 2
    websites = magento.ok(magento.get("/rest/V1/store/websites"))
    assert [w["code"] for w in websites] == ["admin", "base", "west"]
    groups = magento.ok(magento.get("/rest/V1/store/storeGroups"))
    assert {g["root_category_id"] for g in groups if g["id"]} == {2}
    configs = magento.ok(magento.get("/rest/V1/store/storeConfigs", params={"storeCodes[]": "west"}))
    assert [c["code"] for c in configs] == ["west"]
    assert configs[0]["base_currency_code"] == "USD"


def test_async_get_is_refused(magento: MagentoClient) -> None:
    response = magento.get("/rest/async/V1/products/A")
    assert response.status_code == 400
    assert response.json() == {"message": "Specified request cannot be processed."}


def test_body_without_content_type_or_unparsable_is_400(magento: MagentoClient) -> None:
    no_type = magento.post("/rest/V1/products", data=b'{"product": {}}', headers={"Content-Type": ""})
    assert no_type.json() == {"message": "Content-Type header is empty."}
    broken = magento.post("/rest/V1/products", data=b"{", headers={"Content-Type": "application/json"})
    assert (broken.status_code, broken.json()) == (400, {"message": "Decoding error."})


def test_missing_required_parameter_names_it(magento: MagentoClient) -> None:
    response = magento.post("/rest/V1/products", {"saveOptions": True})
    assert response.status_code == 400
    assert response.json() == {
        "message": '"%fieldName" is required. Enter and try again.',
        "parameters": {"fieldName": "product"},
    }


def test_unknown_field_is_refused(magento: MagentoClient) -> None:
    response = magento.post("/rest/all/V1/products", {"product": {"sku": "A", "name": "A", "bogus": 1}})
    assert response.status_code == 400
    assert response.json() == {
        "message": '"%fieldName" is not supported. Correct the field name and try again.',
        "parameters": {"fieldName": "bogus"},
    }


def test_wrong_scalar_type_names_every_enclosing_field(magento: MagentoClient) -> None:
    response = magento.post(
        "/rest/all/V1/products",
        {"product": {"sku": "A", "name": "A", "extension_attributes": {"stock_item": {"qty": "lots"}}}},
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": 'Error occurred during "extension_attributes" processing. '
        'Error occurred during "stock_item" processing. '
        'Error occurred during "qty" processing. The "lots" value\'s type is invalid. '
        'The "float" type was expected. Verify and try again.'
    }


def test_camel_and_snake_case_keys_are_both_accepted(magento: MagentoClient) -> None:
    product = magento.ok(
        magento.post(
            "/rest/all/V1/products",
            {
                "product": {"sku": "CAMEL", "name": "Camel", "price": "12.50", "attributeSetId": 4},
                "save_options": True,
            },
        )
    )
    assert product["attribute_set_id"] == 4
    assert product["price"] == 12.5


def test_partial_response_with_fields(magento: MagentoClient) -> None:
    magento.create_product("F-1")
    trimmed = magento.ok(
        magento.get("/rest/V1/products/F-1", params={"fields": "sku,extension_attributes[website_ids]"})
    )
    assert trimmed == {"sku": "F-1", "extension_attributes": {"website_ids": [1, 2]}}


def test_admin_token_is_a_json_string_usable_as_bearer(magento: MagentoClient) -> None:
    token = magento.ok(
        magento.post(
            "/rest/V1/integration/admin/token",
            {"username": "admin", "password": "Sandbox-Admin-1"},
            token=None,
        )
    )
    assert isinstance(token, str) and token.count(".") == 2
    assert magento.get("/rest/V1/store/websites", token=token).status_code == 200
    wrong = magento.post(
        "/rest/V1/integration/admin/token", {"username": "admin", "password": "nope"}, token=None
    )
    assert wrong.status_code == 401
    assert wrong.json()["message"].startswith("The account sign-in was incorrect")


def test_admin_account_locks_after_six_failures(magento: MagentoClient) -> None:
    for _ in range(6):
        magento.post("/rest/V1/integration/admin/token", {"username": "admin", "password": "bad"}, token=None)
    locked = magento.post(
        "/rest/V1/integration/admin/token", {"username": "admin", "password": "Sandbox-Admin-1"}, token=None
    )
    assert locked.status_code == 401
