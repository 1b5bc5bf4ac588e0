"""Customers: create, partial update, search, delete, duplicate e-mail, output typing, groups."""

from __future__ import annotations

from typing import Any

from .conftest import MagentoClient, criteria


def _jane(**changes: Any) -> dict[str, Any]:
    customer = {
        "email": "jane.doe@example.com",
        "firstname": "Jane",
        "lastname": "Doe",
        "group_id": 1,
        "website_id": 1,
        "store_id": 1,
        "taxvat": "DE123456789",
        "addresses": [
            {
                "firstname": "Jane",
                "lastname": "Doe",
                "company": "Doe GmbH",
                "street": ["Hauptstr. 1"],
                "city": "Berlin",
                "postcode": "10115",
                "country_id": "DE",
                "region": {"region_code": "BER", "region": "Berlin", "region_id": 82},
                "telephone": "+49 30 123456",
                "default_billing": True,
                "default_shipping": True,
            }
        ],
        "custom_attributes": [{"attribute_code": "acumatica_customer_id", "value": "C000123"}],
    }
    customer.update(changes)
    return customer


def test_demo_customers_are_the_catalogs_magento_people(magento: MagentoClient) -> None:
    found = magento.ok(magento.get("/rest/V1/customers/search", params=criteria()))
    assert found["total_count"] == 16
    west = [c for c in found["items"] if c["website_id"] == 2]
    assert west and all(c["store_id"] == 2 for c in west)
    assert {c["group_id"] for c in found["items"]} <= {1, 2, 3}


def test_create_customer_output_typing(magento: MagentoClient) -> None:
    created = magento.ok(
        magento.post("/rest/V1/customers", {"customer": _jane(), "password": "Str0ng-Passw0rd"})
    )
    address = created["addresses"][0]
    assert created["default_billing"] == str(address["id"]) == created["default_shipping"]
    assert address["default_billing"] is True and address["customer_id"] == created["id"]
    assert address["region"] == {"region_code": "BER", "region": "Berlin", "region_id": 82}
    assert created["created_in"] == "Default Store View"
    assert created["extension_attributes"] == {"is_subscribed": False}
    assert created["custom_attributes"] == [{"attribute_code": "acumatica_customer_id", "value": "C000123"}]
    assert "dob" not in created and "middlename" not in created


def test_duplicate_email_in_the_same_website_is_400(magento: MagentoClient) -> None:
    magento.ok(magento.post("/rest/V1/customers", {"customer": _jane()}))
    duplicate = magento.post("/rest/V1/customers", {"customer": _jane(firstname="Other")})
    assert duplicate.status_code == 400
    assert duplicate.json() == {
        "message": "A customer with the same email address already exists in an associated website."
    }
    other_website = magento.post("/rest/V1/customers", {"customer": _jane(website_id=2, store_id=2)})
    assert other_website.status_code == 200


def test_weak_password_is_refused(magento: MagentoClient) -> None:
    short = magento.post("/rest/V1/customers", {"customer": _jane(), "password": "abc"})
    assert short.json() == {
        "message": "The password needs at least %1 characters. Create a new password and try again.",
        "parameters": [8],
    }
    simple = magento.post("/rest/V1/customers", {"customer": _jane(), "password": "abcdefghij"})
    assert simple.json()["parameters"] == [3]


def test_put_is_a_partial_update_by_url_id(magento: MagentoClient) -> None:
    magento.handle.config(clock_offset_seconds=-3600)
    created = magento.ok(magento.post("/rest/V1/customers", {"customer": _jane()}))
    magento.handle.config(clock_offset_seconds=0)
    updated = magento.ok(magento.put(f"/rest/V1/customers/{created['id']}", {"customer": {"group_id": 2}}))
    assert updated["group_id"] == 2
    assert updated["lastname"] == "Doe" and len(updated["addresses"]) == 1
    assert updated["updated_at"] > created["updated_at"] and updated["created_at"] == created["created_at"]


def test_put_with_addresses_replaces_the_list(magento: MagentoClient) -> None:
    created = magento.ok(magento.post("/rest/V1/customers", {"customer": _jane()}))
    new_address = {**_jane()["addresses"][0], "street": ["Neue Str. 2"], "city": "Hamburg"}
    updated = magento.ok(
        magento.put(f"/rest/V1/customers/{created['id']}", {"customer": {"addresses": [new_address]}})
    )
    assert [a["city"] for a in updated["addresses"]] == ["Hamburg"]
    assert updated["addresses"][0]["id"] != created["addresses"][0]["id"]
    assert updated["default_billing"] == str(updated["addresses"][0]["id"])


def test_unknown_customer_is_404(magento: MagentoClient) -> None:
    for response in (
        magento.get("/rest/V1/customers/999"),
        magento.put("/rest/V1/customers/999", {"customer": {}}),
    ):
        assert response.status_code == 404
        assert response.json()["parameters"] == {"fieldName": "customerId", "fieldValue": 999}


def test_search_by_email_updated_at_and_billing_fields(magento: MagentoClient) -> None:
    created = magento.ok(magento.post("/rest/V1/customers", {"customer": _jane()}))
    by_email = magento.ok(
        magento.get("/rest/V1/customers/search", params=criteria([[("email", "JANE.DOE@example.com", "eq")]]))
    )
    assert [c["id"] for c in by_email["items"]] == [created["id"]]
    recent = magento.ok(
        magento.get(
            "/rest/V1/customers/search", params=criteria([[("updated_at", created["updated_at"], "gteq")]])
        )
    )
    assert [c["id"] for c in recent["items"]] == [created["id"]]
    by_city = magento.ok(
        magento.get("/rest/V1/customers/search", params=criteria([[("billing_city", "berlin", "eq")]]))
    )
    assert by_city["total_count"] == 1


def test_delete_customer(magento: MagentoClient) -> None:
    created = magento.ok(magento.post("/rest/V1/customers", {"customer": _jane()}))
    assert magento.ok(magento.delete(f"/rest/V1/customers/{created['id']}")) is True
    assert magento.get(f"/rest/V1/customers/{created['id']}").status_code == 404


def test_customer_groups_mirror_the_customer_classes(magento: MagentoClient) -> None:
    groups = magento.ok(magento.get("/rest/V1/customerGroups/search", params=criteria()))
    assert [(g["id"], g["code"]) for g in groups["items"]] == [
        (0, "NOT LOGGED IN"),
        (1, "General"),
        (2, "Wholesale"),
        (3, "Retailer"),
    ]
    assert magento.ok(magento.get("/rest/V1/customerGroups/2"))["code"] == "Wholesale"
    assert magento.get("/rest/V1/customerGroups/9").status_code == 404
