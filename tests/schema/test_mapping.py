"""The mapping engine over the shipped catalogs: both directions, issues, fingerprints, read plans."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from schema.defaults import default_fields
from schema.mapping import (
    FieldSpec,
    MappingError,
    build_read_plan,
    fingerprint,
    map_to_acumatica,
    map_to_magento,
)
from schema.paths import MISSING, PathError
from schema.transforms import TransformError

STOCK_ITEM: dict[str, Any] = {
    "id": "d03ee20b-b376-f111-bb10-06a431d3f245",
    "InventoryID": {"value": "AALEGO500"},
    "Description": {"value": "Lego 500 piece set"},
    "ItemClass": {"value": "TOYS"},
    "ItemStatus": {"value": "Active"},
    "DefaultPrice": {"value": 49.5},
    "MSRP": {"value": 59.99},
    "DimensionWeight": {"value": 1.25},
    "WeightUOM": {"value": "KG"},
    "Content": {"value": "<p>500 bricks</p>"},
    "PageTitle": {},
    "MetaDescription": {"value": "Classic bricks"},
    "MetaKeywords": {"value": "lego, bricks"},
    "CustomURL": {"value": "/Lego 500"},
    "Visibility": {"value": "Catalog"},
    "Categories": [{"CategoryID": {"value": 4}}, {"CategoryID": {"value": 7}}],
    "custom": {"ItemSettings": {"UsrBrand": {"type": "CustomStringField", "value": "Acme"}}},
}
LOOKUPS: dict[str, dict[str, Any]] = {"attribute_set": {"TOYS": 11}, "category": {"4": "40", "7": "70"}}


def test_an_acumatica_stock_item_maps_to_a_magento_product_with_the_active_fields_only() -> None:
    result = map_to_magento(STOCK_ITEM, default_fields("product"), record_key="AALEGO500", lookups=LOOKUPS)

    assert result.ok, result.issues
    assert result.payload == {
        "sku": "AALEGO500",
        "name": "Lego 500 piece set",
        "status": 1,
        "attribute_set_id": 11,
        "extension_attributes": {"category_links": [{"category_id": "40"}, {"category_id": "70"}]},
        "price": 49.5,
        "custom_attributes": [
            {"attribute_code": "description", "value": "<p>500 bricks</p>"},
            {"attribute_code": "meta_title", "value": ""},  # an emptied page title clears Magento's
            {"attribute_code": "meta_description", "value": "Classic bricks"},
            {"attribute_code": "meta_keyword", "value": "lego, bricks"},
            {"attribute_code": "url_key", "value": "lego-500"},
        ],
        "weight": 1.25,
    }
    # MSRP and Visibility have values but ship inactive; nothing of them is sent
    assert "visibility" not in result.payload
    assert result.values["custom_attributes.url_key"] == "lego-500"


def test_unresolved_paths_are_reported_with_field_and_record_key_and_fail_only_when_required() -> None:
    record = {
        key: value for key, value in STOCK_ITEM.items() if key not in {"Description", "DimensionWeight"}
    }
    result = map_to_magento(record, default_fields("product"), record_key="AALEGO500", lookups=LOOKUPS)

    assert [str(issue) for issue in result.errors] == [
        "Description (Description) of AALEGO500: not found in the record"
    ]
    assert [str(issue) for issue in result.skipped] == [
        "Weight (DimensionWeight) of AALEGO500: not found in the record"
    ]
    assert result.skipped[0].reason == "missing"
    assert not result.ok
    assert "name" not in result.payload and "weight" not in result.payload
    with pytest.raises(
        MappingError, match=r"^Description \(Description\) of AALEGO500: not found in the record$"
    ):
        result.raise_for_errors()


def test_an_empty_required_value_and_a_failed_lookup_are_errors_naming_the_field() -> None:
    record = {**STOCK_ITEM, "Description": {}, "ItemClass": {"value": "GADGETS"}}
    result = map_to_magento(record, default_fields("product"), record_key="AALEGO500", lookups=LOOKUPS)

    assert [(issue.field, issue.reason) for issue in result.errors] == [
        ("Description", "empty"),
        ("Item Class", "invalid"),
    ]
    assert "no mapping for 'GADGETS' in mapping table 'attribute_set'" in str(result.errors[1])


def test_a_bad_value_in_an_optional_field_is_skipped_and_the_rest_is_mapped() -> None:
    fields = [
        FieldSpec("InventoryID", "sku", required=True),
        FieldSpec("DimensionWeight", "weight", "decimal"),
    ]
    result = map_to_magento({**STOCK_ITEM, "DimensionWeight": {"value": "heavy"}}, fields, record_key="X1")
    assert result.ok
    assert result.payload == {"sku": "AALEGO500"}
    assert (
        str(result.skipped[0]) == "DimensionWeight (DimensionWeight) of X1: decimal: 'heavy' is not a number"
    )


def test_nested_indexed_and_custom_acumatica_paths_feed_magento_fields() -> None:
    fields = [
        FieldSpec("InventoryID", "sku"),
        FieldSpec("custom.ItemSettings.UsrBrand", "custom_attributes.brand"),
        FieldSpec(
            "Attributes[AttributeID=COLOR].Value",
            "custom_attributes.color",
            "lookup",
            {"table": "option:color"},
        ),
        FieldSpec(
            "CrossReferences[AlternateType=Barcode].AlternateID", "custom_attributes.acumatica_barcode"
        ),
        FieldSpec("DimensionWeight", "weight", "unit", {"from_path": "WeightUOM", "to": "LB"}),
    ]
    record = {
        **STOCK_ITEM,
        "Attributes": [{"AttributeID": {"value": "COLOR"}, "Value": {"value": "RED"}}],
        "CrossReferences": [
            {"AlternateType": {"value": "Barcode"}, "AlternateID": {"value": "012345678905"}}
        ],
    }
    result = map_to_magento(record, fields, lookups={"option:color": {"RED": "52"}})
    assert result.payload == {
        "sku": "AALEGO500",
        "custom_attributes": [
            {"attribute_code": "brand", "value": "Acme"},
            {"attribute_code": "color", "value": "52"},
            {"attribute_code": "acumatica_barcode", "value": "012345678905"},
        ],
        "weight": 2.7558,
    }


MAGENTO_CUSTOMER: dict[str, Any] = {
    "id": 7,
    "group_id": 2,
    "email": "jane.doe@example.com",
    "firstname": "Jane",
    "lastname": "Doe",
    "taxvat": "DE123456789",
    "addresses": [
        {
            "id": 7,
            "firstname": "Jane",
            "lastname": "Doe",
            "company": "Doe GmbH",
            "street": ["Hauptstr. 1", "Hinterhaus"],
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


def test_a_magento_customer_maps_back_to_a_value_wrapped_acumatica_customer() -> None:
    result = map_to_acumatica(MAGENTO_CUSTOMER, default_fields("customer"), record_key="7")

    assert result.ok, result.issues
    address = {
        "AddressLine1": {"value": "Hauptstr. 1"},
        "AddressLine2": {"value": "Hinterhaus"},
        "City": {"value": "Berlin"},
        "State": {"value": "BER"},
        "PostalCode": {"value": "10115"},
        "Country": {"value": "DE"},
    }
    contact = {
        "FirstName": {"value": "Jane"},
        "LastName": {"value": "Doe"},
        "Phone1": {"value": "+49 30 123456"},
    }
    assert result.payload == {
        "CustomerID": {"value": "C000123"},
        "CustomerName": {"value": "Jane Doe"},
        "MainContact": {
            "FirstName": {"value": "Jane"},
            "LastName": {"value": "Doe"},
            "Email": {"value": "jane.doe@example.com"},
        },
        "BillingContact": {**contact, "Address": address},
        "ShippingContact": {**contact, "Address": address},
    }
    # a2m-only fields (customer class from group, terms...) never flow back
    assert "CustomerClass" not in result.payload


def test_a_magento_sign_up_without_acumatica_id_maps_and_reports_the_id_as_skipped() -> None:
    sign_up = copy.deepcopy(MAGENTO_CUSTOMER)
    del sign_up["custom_attributes"]
    result = map_to_acumatica(sign_up, default_fields("customer"), record_key="7")
    assert result.ok
    assert "CustomerID" not in result.payload
    assert [issue.path for issue in result.skipped] == ["custom_attributes.acumatica_customer_id"]


def test_magento_order_addresses_map_to_sales_order_bill_to_and_ship_to() -> None:
    order = {
        "increment_id": "000000003",
        "billing_address": {
            "firstname": "Jane",
            "lastname": "Doe",
            "street": ["Hauptstr. 1"],
            "city": "Berlin",
            "postcode": "10115",
            "country_id": "DE",
            "region_code": "BER",
            "telephone": "+49 30 123456",
            "email": "jane.doe@example.com",
        },
        "extension_attributes": {
            "shipping_assignments": [
                {
                    "shipping": {
                        "address": {
                            "firstname": "John",
                            "lastname": "Roe",
                            "company": "Roe AG",
                            "street": ["Elbchaussee 2", "Haus B"],
                            "city": "Hamburg",
                            "postcode": "22763",
                            "country_id": "DEU",
                            "email": "john@example.com",
                        },
                        "method": "flatrate_flatrate",
                    }
                }
            ]
        },
    }
    result = map_to_acumatica(order, default_fields("order"), record_key="000000003")

    assert result.payload["BillToAddress"] == {
        "AddressLine1": {"value": "Hauptstr. 1"},
        "City": {"value": "Berlin"},
        "State": {"value": "BER"},
        "PostalCode": {"value": "10115"},
        "Country": {"value": "DE"},
    }
    assert result.payload["BillToContact"] == {
        "Attention": {"value": "Jane Doe"},
        "Email": {"value": "jane.doe@example.com"},
        "Phone1": {"value": "+49 30 123456"},
    }
    assert result.payload["ShipToAddress"]["AddressLine2"] == {"value": "Haus B"}
    assert result.payload["ShipToAddress"]["Country"] == {"value": "DE"}
    assert result.payload["ShipToContact"] == {
        "BusinessName": {"value": "Roe AG"},
        "Attention": {"value": "John Roe"},
        "Email": {"value": "john@example.com"},
    }
    assert {issue.path for issue in result.skipped} == {
        "billing_address.street[1]",
        "billing_address.company",
        "extension_attributes.shipping_assignments[0].shipping.address.region_code",
        "extension_attributes.shipping_assignments[0].shipping.address.telephone",
    }


def test_a_custom_target_in_acumatica_is_written_with_its_custom_type() -> None:
    fields = [
        FieldSpec("custom.BAccount.UsrLoyaltyTier", "custom_attributes.loyalty_tier", "integer"),
        FieldSpec(
            "custom.BAccount.UsrVip",
            "custom_attributes.vip",
            "boolean",
            {"custom_type": "CustomBooleanField"},
        ),
    ]
    record = {
        "custom_attributes": [
            {"attribute_code": "loyalty_tier", "value": "3"},
            {"attribute_code": "vip", "value": "1"},
        ]
    }
    assert map_to_acumatica(record, fields).payload == {
        "custom": {
            "BAccount": {
                "UsrLoyaltyTier": {"type": "CustomIntField", "value": 3},
                "UsrVip": {"type": "CustomBooleanField", "value": True},
            }
        }
    }


def _fingerprint(record: dict[str, Any], fields: list[FieldSpec]) -> str:
    return map_to_magento(record, fields, record_key="AALEGO500", lookups=LOOKUPS).fingerprint


def test_a_change_to_an_inactive_field_leaves_the_fingerprint_unchanged() -> None:
    fields = default_fields("product")
    before = _fingerprint(STOCK_ITEM, fields)
    changed = copy.deepcopy(STOCK_ITEM)
    changed["MSRP"] = {"value": 64.99}  # MSRP ships inactive
    changed["Visibility"] = {"value": "Search"}  # inactive too
    changed["custom"]["ItemSettings"]["UsrBrand"]["value"] = "Other"  # not a schema field at all
    changed["LastModifiedDateTime"] = {"value": "2026-07-04T00:12:03.59+00:00"}
    assert _fingerprint(changed, fields) == before


def test_a_change_to_an_active_field_changes_the_fingerprint() -> None:
    fields = default_fields("product")
    before = _fingerprint(STOCK_ITEM, fields)
    for key, value in [("Description", "Lego 501"), ("DefaultPrice", 49.51), ("PageTitle", "Lego")]:
        assert _fingerprint({**STOCK_ITEM, key: {"value": value}}, fields) != before, key
    assert _fingerprint({k: v for k, v in STOCK_ITEM.items() if k != "Content"}, fields) != before


def test_activating_a_field_changes_the_fingerprint_and_the_fingerprint_ignores_key_order() -> None:
    fields = default_fields("product")
    before = _fingerprint(STOCK_ITEM, fields)
    activated = [replace(spec, active=True) if spec.api_reference_path == "MSRP" else spec for spec in fields]
    assert _fingerprint(STOCK_ITEM, activated) != before
    assert _fingerprint(dict(reversed(list(STOCK_ITEM.items()))), list(reversed(fields))) == before
    assert fingerprint({"a": 1, "b": [1, MISSING]}) == fingerprint({"b": [1, MISSING], "a": 1})
    assert len(before) == 64


def test_the_read_plan_requests_only_what_active_fields_need() -> None:
    plan = build_read_plan(default_fields("product"), always=["InventoryID", "LastModifiedDateTime"])
    assert plan.params() == {
        "$select": "InventoryID,LastModifiedDateTime,Description,ItemStatus,ItemClass,Categories/CategoryID,"
        "DefaultPrice,Content,PageTitle,MetaDescription,MetaKeywords,CustomURL,DimensionWeight",
        "$expand": "Categories",
    }


def test_the_read_plan_covers_linked_detail_keyed_and_custom_paths() -> None:
    fields = [
        FieldSpec("MainContact.Address.City", "addresses[default_billing].city"),
        FieldSpec("Attributes[AttributeID=COLOR].Value", "custom_attributes.color"),
        FieldSpec("Salespersons[Default=true].SalespersonID", "custom_attributes.acumatica_salesperson_id"),
        FieldSpec("custom.ItemSettings.UsrBrand", "custom_attributes.brand"),
        FieldSpec("MainContact.custom.DefContact.UsrPersonalID", "custom_attributes.personal_id"),
        FieldSpec("CustomerName", "firstname", "join", {"with": ["MainContact.LastName"]}),
        FieldSpec("DimensionWeight", "weight", "unit", {"from_path": "WeightUOM", "to": "LB"}),
        FieldSpec("MSRP", "custom_attributes.msrp", active=False),
        FieldSpec("Email", "email", direction="m2a"),
    ]
    plan = build_read_plan(fields, always=["CustomerID"])
    assert plan.select == (
        "CustomerID",
        "MainContact/Address/City",
        "Attributes/AttributeID",
        "Attributes/Value",
        "Salespersons/Default",
        "Salespersons/SalespersonID",
        "CustomerName",
        "MainContact/LastName",
        "DimensionWeight",
        "WeightUOM",
    )
    assert plan.expand == ("MainContact", "MainContact/Address", "Attributes", "Salespersons")
    assert plan.custom == ("ItemSettings.UsrBrand", "MainContact/DefContact.UsrPersonalID")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"api_reference_path": "Main Contact", "api_input_name": "name"}, PathError, "unexpected"),
        ({"api_reference_path": "Description", "api_input_name": "a..b"}, PathError, "expected a field name"),
        (
            {"api_reference_path": "Description", "api_input_name": "name", "transform": "upper"},
            TransformError,
            "unknown",
        ),
        (
            {"api_reference_path": "Description", "api_input_name": "name", "options": {"places": 2}},
            TransformError,
            "no option 'places'",
        ),
        (
            {"api_reference_path": "Description", "api_input_name": "name", "direction": "up"},
            ValueError,
            "direction",
        ),
    ],
)
def test_a_field_spec_refuses_malformed_paths_and_transforms(
    kwargs: dict[str, Any], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        FieldSpec(**kwargs)
