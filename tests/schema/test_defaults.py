"""The shipped catalogs: the guide's tabs, real paths on both sides, essentials preselected."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from schema.contract import ACUMATICA_ENTITIES, check_input_name, check_reference_path
from schema.defaults import (
    ATTRIBUTE_TAB,
    CONNECTOR_ATTRIBUTE_CODES,
    CUSTOM_FIELD_TAB,
    DEFAULT_FIELDS,
    MAGENTO_ATTRIBUTE_CODES,
    TABS,
    default_fields,
)
from schema.paths import parse_path
from schema.transforms import Direction
from tests.schema.guide import GUIDE_TABS

VERSIONS = ("23.200.001", "24.200.001")


def test_the_tabs_are_the_guides() -> None:
    assert TABS == GUIDE_TABS
    for entity, specs in DEFAULT_FIELDS.items():
        assert {spec.tab for spec in specs} <= set(TABS[entity])
        assert ATTRIBUTE_TAB.get(entity, TABS[entity][0]) in TABS[entity]
        assert CUSTOM_FIELD_TAB.get(entity, TABS[entity][0]) in TABS[entity]


@pytest.mark.parametrize("entity", sorted(DEFAULT_FIELDS))
def test_default_fields_are_unique_per_entity(entity: str) -> None:
    specs = default_fields(entity)
    assert not [
        k for k, n in Counter((s.api_reference_path, s.api_input_name) for s in specs).items() if n > 1
    ]
    assert not [k for k, n in Counter(s.name for s in specs).items() if n > 1]


@pytest.mark.parametrize("entity", sorted(DEFAULT_FIELDS))
def test_no_two_active_defaults_write_the_same_target(entity: str) -> None:
    directions: tuple[Direction, ...] = ("a2m", "m2a")
    for direction in directions:
        targets = [s.target(direction) for s in default_fields(entity) if s.active and s.flows(direction)]
        assert not [t for t, n in Counter(targets).items() if n > 1], direction


@pytest.mark.parametrize("version", VERSIONS)
def test_every_default_path_passes_the_contract_check(version: str) -> None:
    for spec in default_fields():
        check_reference_path(spec.entity, spec.api_reference_path, version=version)
        check_input_name(spec.entity, spec.api_input_name)


def _contract_path(path: str) -> tuple[str, list[str]]:
    """`Attributes[AttributeID=COLOR].Value` -> ("Attributes/Value", ["Attributes/AttributeID"])."""
    names: list[str] = []
    keys: list[str] = []
    for segment in parse_path(path):
        names.append(segment.name)
        if segment.selector is not None and segment.selector.kind in ("match", "flag"):
            keys.append("/".join([*names, segment.selector.key]))
    return "/".join(names), keys


@pytest.mark.parametrize("version", VERSIONS)
def test_every_default_path_is_mapped_on_the_acumatica_screen(
    entity_index: dict[str, Any], version: str
) -> None:
    """Not only a field of the contract type but one the entity maps (`map` of the index)."""
    endpoint = entity_index["versions"][version]
    for spec in default_fields():
        described = endpoint["topLevelEntities"][ACUMATICA_ENTITIES[spec.entity]]
        path, keys = _contract_path(spec.api_reference_path)
        for wanted in (path, *keys):
            assert wanted in described["map"], (
                f"{spec.entity}: {wanted} ({spec.name}) is not mapped in {version}"
            )


_ROOTS = {
    "product": "catalog-data-product-interface",
    "category": "catalog-data-category-interface",
    "customer": "customer-data-customer-interface",
    "order": "sales-data-order-interface",
}


def test_every_default_input_name_is_a_real_magento_field_or_attribute_code(
    magento_swagger: dict[str, Any],
) -> None:
    definitions = magento_swagger["definitions"]
    for spec in default_fields():
        segments = parse_path(spec.api_input_name)
        if segments[0].name == "custom_attributes":
            code = segments[1].name
            known = MAGENTO_ATTRIBUTE_CODES[spec.entity] | CONNECTOR_ATTRIBUTE_CODES[spec.entity]
            assert code in known, f"{spec.entity}: attribute {code}"
            assert code in MAGENTO_ATTRIBUTE_CODES[spec.entity] or code.startswith("acumatica_"), code
            continue
        definition = definitions[_ROOTS[spec.entity]]
        for segment in segments:
            prop = definition["properties"].get(segment.name)
            assert prop is not None, f"{spec.entity}: {spec.api_input_name} ({segment.name})"
            ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
            definition = definitions[ref.rsplit("/", 1)[-1]] if ref else {}


def _active(entity: str, direction: Direction = "a2m") -> set[str]:
    return {s.target(direction) for s in default_fields(entity) if s.active and s.flows(direction)}


def test_essentials_are_preselected_active() -> None:
    assert {
        "sku",
        "name",
        "status",
        "price",
        "weight",
        "attribute_set_id",
        "custom_attributes.description",
        "custom_attributes.meta_title",
        "custom_attributes.meta_description",
        "custom_attributes.meta_keyword",
        "custom_attributes.url_key",
    } <= _active("product")
    assert {"name", "parent_id", "position"} <= _active("category")
    assert {
        "email",
        "firstname",
        "lastname",
        "group_id",
        "addresses[default_billing].street[0]",
        "addresses[default_billing].city",
        "addresses[default_billing].country_id",
        "addresses[default_shipping].postcode",
        "addresses[default_shipping].telephone",
    } <= _active("customer")
    assert {"CustomerName", "MainContact.Email", "BillingContact.Address.City"} <= _active("customer", "m2a")
    assert {"BillToAddress.City", "ShipToContact.Email"} <= _active("order", "m2a")
    # what a merchant switches on deliberately ships inactive
    assert not _active("product") & {"visibility", "custom_attributes.msrp", "custom_attributes.cost"}


def test_the_catalogs_cover_what_a_merchant_expects() -> None:
    references = {(s.entity, s.api_reference_path) for s in default_fields()}
    expected = {
        ("product", "Description"),
        ("product", "Content"),
        ("product", "DimensionWeight"),
        ("product", "DimensionVolume"),
        ("product", "DefaultPrice"),
        ("product", "AverageCost"),
        ("product", "MetaKeywords"),
        ("product", "CustomURL"),
        ("product", "ItemStatus"),
        ("product", "Visibility"),
        ("product", "Attributes[AttributeID=COLOR].Value"),
        ("product", "PackagingOption"),
        ("product", "CrossReferences[AlternateType=Barcode].AlternateID"),
        ("customer", "CustomerName"),
        ("customer", "MainContact.Email"),
        ("customer", "BillingContact.Phone1"),
        ("customer", "ShippingContact.Address.City"),
        ("customer", "CustomerClass"),
        ("customer", "Terms"),
        ("customer", "PriceClassID"),
        ("customer", "Salespersons[Default=true].SalespersonID"),
        ("customer", "SendInvoicesbyEmail"),
    }
    assert expected <= references
