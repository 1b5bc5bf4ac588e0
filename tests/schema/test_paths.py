"""Field paths over value-wrapped Acumatica records and Magento payloads (no database)."""

from __future__ import annotations

from typing import Any

import pytest

from schema.paths import (
    MISSING,
    PathError,
    Segment,
    Selector,
    parse_path,
    read_acumatica,
    read_magento,
    write_acumatica,
    write_magento,
)

STOCK_ITEM: dict[str, Any] = {
    "id": "7e1c",
    "InventoryID": {"value": "AALEGO500"},
    "Description": {"value": "Lego 500 piece set"},
    "MSRP": {},
    "Attributes": [
        {"AttributeID": {"value": "COLOR"}, "Value": {"value": "RED"}},
        {"AttributeID": {"value": "SIZE"}, "Value": {}},
    ],
    "Categories": [{"CategoryID": {"value": 4}}, {"CategoryID": {"value": 7}}],
    "CrossReferences": [
        {"AlternateType": {"value": "Vendor Part Number"}, "AlternateID": {"value": "VP-1"}},
        {"AlternateType": {"value": "Barcode"}, "AlternateID": {"value": "012345678905"}},
    ],
    "custom": {"ItemSettings": {"UsrBrand": {"type": "CustomStringField", "value": "Acme"}}},
}
CUSTOMER: dict[str, Any] = {
    "CustomerID": {"value": "C000123"},
    "MainContact": {
        "Email": {"value": "jane@example.com"},
        "Address": {"City": {"value": "Kirkland"}, "State": {}},
        "custom": {"DefContact": {"UsrPersonalID": {"type": "CustomStringField", "value": "AB1"}}},
    },
    "Salespersons": [
        {"SalespersonID": {"value": "SP01"}, "Default": {"value": False}},
        {"SalespersonID": {"value": "SP02"}, "Default": {"value": True}},
    ],
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("Description", (Segment("Description"),)),
        ("MainContact.Address.City", (Segment("MainContact"), Segment("Address"), Segment("City"))),
        (
            "Attributes[AttributeID=COLOR].Value",
            (Segment("Attributes", Selector("match", key="AttributeID", value="COLOR")), Segment("Value")),
        ),
        (
            "CrossReferences[AlternateType=Vendor Part Number].AlternateID",
            (
                Segment(
                    "CrossReferences", Selector("match", key="AlternateType", value="Vendor Part Number")
                ),
                Segment("AlternateID"),
            ),
        ),
        ("Categories[].CategoryID", (Segment("Categories", Selector("all")), Segment("CategoryID"))),
        ("street[1]", (Segment("street", Selector("index", index=1)),)),
        (
            "addresses[default_billing].city",
            (Segment("addresses", Selector("flag", key="default_billing")), Segment("city")),
        ),
        (
            "Attributes[AttributeID=V1.2].Value",
            (Segment("Attributes", Selector("match", key="AttributeID", value="V1.2")), Segment("Value")),
        ),
    ],
)
def test_paths_parse_into_segments_with_selectors(path: str, expected: tuple[Segment, ...]) -> None:
    assert parse_path(path) == expected


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "required"),
        ("Main Contact.City", "unexpected ' '"),
        ("MainContact..City", "expected a field name at position 13"),
        ("Attributes[AttributeID=COLOR.Value", "opened at position 11 is not closed"),
        ("Attributes[AttributeID=].Value", "has no value"),
        ("Attributes[a b].Value", "is not [], [N]"),
        ("9lives", "expected a field name at position 1"),
        ("Description.", "expected a field name"),
    ],
)
def test_malformed_paths_are_refused_with_the_position(path: str, message: str) -> None:
    with pytest.raises(PathError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_path(path)


@pytest.mark.parametrize(
    ("record", "path", "expected"),
    [
        (STOCK_ITEM, "Description", "Lego 500 piece set"),
        (STOCK_ITEM, "MSRP", None),  # present without a value
        (STOCK_ITEM, "DefaultPrice", MISSING),  # not in the record at all
        (STOCK_ITEM, "Attributes[AttributeID=COLOR].Value", "RED"),
        (STOCK_ITEM, "Attributes[AttributeID=color].Value", "RED"),  # IDs compare case-insensitively
        (STOCK_ITEM, "Attributes[AttributeID=SIZE].Value", None),
        (STOCK_ITEM, "Attributes[AttributeID=WEIGHT].Value", MISSING),
        (STOCK_ITEM, "Attributes[1].AttributeID", "SIZE"),
        (STOCK_ITEM, "Attributes[5].AttributeID", MISSING),
        (STOCK_ITEM, "Categories[].CategoryID", [4, 7]),
        (STOCK_ITEM, "CrossReferences[AlternateType=Barcode].AlternateID", "012345678905"),
        (STOCK_ITEM, "CrossReferences[AlternateType=Vendor Part Number].AlternateID", "VP-1"),
        (STOCK_ITEM, "custom.ItemSettings.UsrBrand", "Acme"),
        (STOCK_ITEM, "custom.ItemSettings.UsrColor", MISSING),  # a custom field not requested
        (STOCK_ITEM, "WarehouseDetails[].QtyOnHand", MISSING),  # a detail not expanded
        (CUSTOMER, "MainContact.Email", "jane@example.com"),
        (CUSTOMER, "MainContact.Address.City", "Kirkland"),
        (CUSTOMER, "MainContact.Address.State", None),
        (CUSTOMER, "MainContact.Address", MISSING),  # a linked entity is not a value
        (CUSTOMER, "BillingContact.Address.City", MISSING),
        (CUSTOMER, "MainContact.custom.DefContact.UsrPersonalID", "AB1"),
        (CUSTOMER, "Salespersons[Default=true].SalespersonID", "SP02"),
        (CUSTOMER, "Salespersons[Default].SalespersonID", "SP02"),
    ],
)
def test_acumatica_values_are_read_through_nested_indexed_and_custom_paths(
    record: dict[str, Any], path: str, expected: Any
) -> None:
    assert read_acumatica(record, path) == expected
    assert (read_acumatica(record, path) is MISSING) == (expected is MISSING)


MAGENTO_CUSTOMER: dict[str, Any] = {
    "id": 7,
    "email": "jane@example.com",
    "default_billing": "8",
    "addresses": [
        {"id": 7, "city": "Berlin", "street": ["Hauptstr. 1"], "default_shipping": True},
        {"id": 8, "city": "Hamburg", "street": ["Elbchaussee 2", "Haus B"], "region": {"region_code": "HH"}},
    ],
    "custom_attributes": [{"attribute_code": "acumatica_customer_id", "value": "C000123"}],
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("email", "jane@example.com"),
        ("firstname", MISSING),
        ("addresses[default_shipping].city", "Berlin"),
        # no address carries the flag: the customer's default_billing id names it
        ("addresses[default_billing].city", "Hamburg"),
        ("addresses[default_billing].street[1]", "Haus B"),
        ("addresses[default_shipping].street[1]", MISSING),
        ("addresses[default_billing].region.region_code", "HH"),
        ("addresses[id=7].city", "Berlin"),
        ("addresses[].city", ["Berlin", "Hamburg"]),
        ("custom_attributes.acumatica_customer_id", "C000123"),
        ("custom_attributes.acumatica_terms", MISSING),
    ],
)
def test_magento_values_are_read_by_flag_index_and_attribute_code(path: str, expected: Any) -> None:
    assert read_magento(MAGENTO_CUSTOMER, path) == expected


def test_magento_custom_attributes_in_map_form_are_read_too() -> None:
    assert read_magento({"custom_attributes": {"url_key": "bolt"}}, "custom_attributes.url_key") == "bolt"


def test_magento_writes_build_custom_attributes_addresses_and_lists() -> None:
    payload: dict[str, Any] = {}
    write_magento(payload, "name", "Bolt")
    write_magento(payload, "custom_attributes.meta_title", "Bolt M8")
    write_magento(payload, "custom_attributes.meta_title", "Bolt M8x40")  # replaces, never duplicates
    write_magento(payload, "custom_attributes.url_key", "bolt-m8x40")
    write_magento(payload, "extension_attributes.website_ids", [1, 2])
    write_magento(payload, "extension_attributes.category_links[].category_id", ["12", "14"])
    write_magento(payload, "addresses[default_billing].city", "Berlin")
    write_magento(payload, "addresses[default_billing].street[1]", "Haus B")
    write_magento(payload, "addresses[default_shipping].city", "Hamburg")
    write_magento(payload, "addresses[default_billing].region.region_code", "BE")
    assert payload == {
        "name": "Bolt",
        "custom_attributes": [
            {"attribute_code": "meta_title", "value": "Bolt M8x40"},
            {"attribute_code": "url_key", "value": "bolt-m8x40"},
        ],
        "extension_attributes": {
            "website_ids": [1, 2],
            "category_links": [{"category_id": "12"}, {"category_id": "14"}],
        },
        "addresses": [
            {
                "default_billing": True,
                "city": "Berlin",
                "street": ["", "Haus B"],
                "region": {"region_code": "BE"},
            },
            {"default_shipping": True, "city": "Hamburg"},
        ],
    }


def test_acumatica_writes_are_value_wrapped_with_typed_custom_fields_and_keyed_rows() -> None:
    payload: dict[str, Any] = {}
    write_acumatica(payload, "CustomerName", "Jane Doe")
    write_acumatica(payload, "MainContact.Address.City", "Berlin")
    write_acumatica(payload, "MainContact.Email", "jane@example.com")
    write_acumatica(payload, "custom.BAccount.UsrLoyaltyTier", 3, custom_type="CustomIntField")
    write_acumatica(payload, "Attributes[AttributeID=INDUSTRY].Value", "Retail")
    write_acumatica(payload, "Attributes[AttributeID=INDUSTRY].ValueDescription", "Retail trade")
    write_acumatica(payload, "Salespersons[Default=true].SalespersonID", "SP02")
    assert payload == {
        "CustomerName": {"value": "Jane Doe"},
        "MainContact": {"Address": {"City": {"value": "Berlin"}}, "Email": {"value": "jane@example.com"}},
        "custom": {"BAccount": {"UsrLoyaltyTier": {"type": "CustomIntField", "value": 3}}},
        "Attributes": [
            {
                "AttributeID": {"value": "INDUSTRY"},
                "Value": {"value": "Retail"},
                "ValueDescription": {"value": "Retail trade"},
            }
        ],
        "Salespersons": [{"Default": {"value": True}, "SalespersonID": {"value": "SP02"}}],
    }


def test_a_write_that_conflicts_with_the_payload_shape_is_refused() -> None:
    payload: dict[str, Any] = {"name": "Bolt"}
    with pytest.raises(PathError, match="name is not an object"):
        write_magento(payload, "name.first", "x")
    with pytest.raises(PathError, match="cannot end in"):
        write_magento(payload, "addresses[default_billing]", "x")
