"""The connector's view of both APIs' shapes, checked against the real reference schemas."""

from __future__ import annotations

from typing import Any

import pytest

from schema.contract import (
    ACUMATICA,
    ACUMATICA_ENTITIES,
    ATTRIBUTES,
    LIST,
    MAGENTO,
    SCALAR,
    VERSION_ONLY,
    acumatica_field_type,
    check_input_name,
    check_reference_path,
)
from schema.paths import PathError

VERSIONS = ("23.200.001", "24.200.001")


def _type(index: dict[str, Any], version: str, name: str) -> dict[str, Any] | None:
    endpoint = index["versions"][version]
    found: dict[str, Any] | None = endpoint["topLevelEntities"].get(name) or endpoint[
        "linkedAndDetailEntities"
    ].get(name)
    return found


@pytest.mark.parametrize("version", VERSIONS)
def test_every_contract_field_exists_with_its_type_in_the_endpoint_index(
    entity_index: dict[str, Any], version: str
) -> None:
    for type_name, fields in ACUMATICA.items():
        described = _type(entity_index, version, type_name)
        assert described is not None, type_name
        for field, kind in fields.items():
            only = VERSION_ONLY.get((type_name, field))
            if only and only != version:
                assert field not in described["fields"], f"{type_name}.{field} is in {version} too"
                continue
            assert described["fields"].get(field) == kind, f"{type_name}.{field} in {version}"


@pytest.mark.parametrize("version", VERSIONS)
def test_the_mapped_entities_miss_no_value_field_of_the_index(
    entity_index: dict[str, Any], version: str
) -> None:
    for type_name in ("StockItem", "ItemSalesCategory", "Customer", "Address", "AttributeValue"):
        described = _type(entity_index, version, type_name)
        assert described is not None
        values = {f for f, kind in described["fields"].items() if kind.endswith("Value")}
        assert values <= set(ACUMATICA[type_name]), type_name


_ROOTS = {
    "product": "catalog-data-product-interface",
    "category": "catalog-data-category-interface",
    "customer": "customer-data-customer-interface",
    "order": "sales-data-order-interface",
}


def _definition(swagger: dict[str, Any], ref: str) -> dict[str, Any]:
    definition: dict[str, Any] = swagger["definitions"][ref.rsplit("/", 1)[-1]]
    return definition


def _walk(swagger: dict[str, Any], shape: dict[str, Any], definition: dict[str, Any], where: str) -> None:
    properties = definition.get("properties", {})
    for name, child in shape.items():
        assert name in properties, f"{where}.{name} is not in Magento's schema"
        prop = properties[name]
        if child == SCALAR:
            assert prop.get("type") not in ("array", None), f"{where}.{name} is not a plain value"
        elif child in (LIST, ATTRIBUTES):
            assert prop.get("type") == "array", f"{where}.{name} is not a list"
        elif isinstance(child, list):
            assert prop.get("type") == "array" and "$ref" in prop["items"], f"{where}.{name}"
            _walk(swagger, child[0], _definition(swagger, prop["items"]["$ref"]), f"{where}.{name}[]")
        else:
            assert "$ref" in prop, f"{where}.{name} is not an object"
            _walk(swagger, child, _definition(swagger, prop["$ref"]), f"{where}.{name}")


@pytest.mark.parametrize("entity", sorted(MAGENTO))
def test_every_magento_payload_field_exists_in_the_magento_schema(
    magento_swagger: dict[str, Any], entity: str
) -> None:
    _walk(magento_swagger, MAGENTO[entity], magento_swagger["definitions"][_ROOTS[entity]], entity)


@pytest.mark.parametrize(
    ("entity", "path", "message"),
    [
        ("product", "Descripton", "StockItem has no field 'Descripton' \\(did you mean 'Description'\\?\\)"),
        ("product", "Attributes.Value", "is a detail collection: add"),
        ("product", "Attributes[AttributeID=COLOR]", "is a detail collection; name one of its fields"),
        ("product", "Attributes[Colour=RED].Value", "AttributeValue has no field 'Colour'"),
        ("product", "Description.Text", "is a value, not an entity"),
        ("product", "Description[0]", "is a value, not an entity"),
        ("customer", "MainContact", "is a linked entity; name one of its fields"),
        ("customer", "MainContact[0].Email", "is a linked entity, not a collection"),
        ("customer", "MainContact.Adress.City", "Contact has no field 'Adress'"),
        ("customer", "MainContact.Activities[].Summary", "Contact has no field 'Activities'"),
        ("product", "custom.ItemSettings", "custom.<View>.<Field>"),
        ("product", "custom.ItemSettings[0].UsrBrand", "custom.<View>.<Field>"),
        ("warehouse", "WarehouseID", "unknown entity 'warehouse'"),
    ],
)
def test_invalid_reference_paths_are_refused_with_a_reason(entity: str, path: str, message: str) -> None:
    with pytest.raises(PathError, match=message):
        check_reference_path(entity, path)


def test_reference_paths_are_checked_against_the_endpoint_version() -> None:
    check_reference_path("product", "LastModifiedDateTime", version="24.200.001")
    with pytest.raises(PathError, match=r"exists only in endpoint version 24\.200\.001, not 23\.200\.001"):
        check_reference_path("product", "LastModifiedDateTime", version="23.200.001")


@pytest.mark.parametrize(
    ("entity", "path", "expected"),
    [
        ("product", "DimensionWeight", "DecimalValue"),
        ("product", "Categories[].CategoryID", "IntValue"),
        ("customer", "MainContact.Address.City", "StringValue"),
        ("customer", "Salespersons[Default=true].Default", "BooleanValue"),
        ("product", "custom.ItemSettings.UsrBrand", None),
        ("order", "BillToAddress.City", "StringValue"),
    ],
)
def test_the_contract_value_type_of_a_path(entity: str, path: str, expected: str | None) -> None:
    assert acumatica_field_type(entity, path) == expected


@pytest.mark.parametrize(
    ("entity", "path", "message"),
    [
        ("product", "nmae", "product has no field 'nmae' \\(did you mean 'name'\\?\\)"),
        ("product", "custom_attributes", "is a list: add|custom_attributes.<attribute_code>"),
        ("product", "custom_attributes.Meta Title", "unexpected"),
        ("product", "custom_attributes.MetaTitle", "'MetaTitle' is not a Magento attribute code"),
        ("product", "custom_attributes.meta_title.value", "custom_attributes.<attribute_code>"),
        ("product", "name.first", "name is a value; nothing can follow it"),
        ("product", "name[0]", "a value takes no selector"),
        ("product", "extension_attributes", "is an object; name one of its fields"),
        ("product", "extension_attributes[0].website_ids", "is an object, not a list"),
        ("product", "extension_attributes.website_ids[id=1]", "a value takes no selector"),
        ("customer", "addresses.city", "addresses is a list: add"),
        ("customer", "addresses[default_billing].town", "customer.addresses has no field 'town'"),
        ("category", "url_key", "category has no field 'url_key'"),
    ],
)
def test_invalid_input_names_are_refused_with_a_reason(entity: str, path: str, message: str) -> None:
    with pytest.raises(PathError, match=message):
        check_input_name(entity, path)


@pytest.mark.parametrize(
    ("entity", "path"),
    [
        ("product", "extension_attributes.website_ids"),
        ("product", "extension_attributes.website_ids[0]"),
        ("product", "extension_attributes.category_links[].category_id"),
        ("product", "extension_attributes.stock_item.qty"),
        ("customer", "addresses[default_billing].street[1]"),
        ("customer", "addresses[default_shipping].region.region_code"),
        ("customer", "extension_attributes.is_subscribed"),
        ("order", "extension_attributes.shipping_assignments[0].shipping.address.city"),
    ],
)
def test_valid_input_names_pass(entity: str, path: str) -> None:
    check_input_name(entity, path)


def test_every_schema_entity_has_both_sides() -> None:
    assert set(ACUMATICA_ENTITIES) == set(MAGENTO)
