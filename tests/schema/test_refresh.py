"""Refresh Schema without a sandbox: discovery from `$adHocSchema` answers, idempotent adds."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from endpoints.exceptions import ConfigurationError
from schema.discovery import attribute_code, discover_candidates
from schema.models import SchemaField
from schema.refresh import run_refresh_schema

# The documented shape: every level carries a `custom` block (IDG "Retrieve the Schema of Custom Fields").
STOCK_ITEM_SCHEMA: dict[str, Any] = {
    "InventoryID": {},
    "Description": {},
    "custom": {
        "Item": {
            "AttributeCOLOR": {"type": "CustomStringField", "value": None},
            "AttributeWARRANTY": {"type": "CustomStringField", "value": None},
        },
        "ItemSettings": {
            "UsrBrand": {"type": "CustomStringField", "value": None},
            "UsrShelfLifeDays": {"type": "CustomIntField", "value": None},
            "UsrHazardous": {"type": "CustomBooleanField", "value": None},
        },
    },
    "WarehouseDetails": [
        {"custom": {"itemsiterecords": {"UsrBinNote": {"type": "CustomStringField", "value": None}}}}
    ],
    "_links": {"self": "/entity/Default/24.200.001/StockItem/$adHocSchema"},
}
CUSTOMER_SCHEMA: dict[str, Any] = {
    "custom": {"BAccount": {"AttributeINDUSTRY": {"type": "CustomStringField", "value": None}}},
    "MainContact": {
        "custom": {"DefContact": {"UsrPersonalID": {"type": "CustomStringField", "value": None}}}
    },
}


class RecordingClient:
    """Answers `fetch_ad_hoc_schema` from a dict and records what was asked."""

    def __init__(self, schemas: dict[str, dict[str, Any]]) -> None:
        self.schemas = schemas
        self.asked: list[str] = []
        self.closed = False

    def fetch_ad_hoc_schema(self, entity: str) -> dict[str, Any]:
        self.asked.append(entity)
        return self.schemas[entity]

    def close(self) -> None:
        self.closed = True


def test_discovery_turns_custom_blocks_into_candidate_fields() -> None:
    candidates = {c.api_reference_path: c for c in discover_candidates("product", STOCK_ITEM_SCHEMA)}
    assert list(candidates) == [
        "Attributes[AttributeID=COLOR].Value",
        "Attributes[AttributeID=WARRANTY].Value",
        "custom.ItemSettings.UsrBrand",
        "custom.ItemSettings.UsrShelfLifeDays",
        "custom.ItemSettings.UsrHazardous",
        "WarehouseDetails[].custom.itemsiterecords.UsrBinNote",
    ]
    warranty = candidates["Attributes[AttributeID=WARRANTY].Value"]
    assert (warranty.api_input_name, warranty.tab, warranty.transform, warranty.options) == (
        "custom_attributes.warranty",
        "Attributes",
        "lookup",
        {"table": "option:warranty"},
    )
    shelf_life = candidates["custom.ItemSettings.UsrShelfLifeDays"]
    assert (shelf_life.api_input_name, shelf_life.tab, shelf_life.transform, shelf_life.options) == (
        "custom_attributes.usr_shelf_life_days",
        "Additional Features",
        "integer",
        {"custom_type": "CustomIntField"},
    )
    assert candidates["custom.ItemSettings.UsrHazardous"].options == {
        "custom_type": "CustomBooleanField",
        "output": "string",
    }
    assert candidates["WarehouseDetails[].custom.itemsiterecords.UsrBinNote"].display_name == (
        "WarehouseDetails: UsrBinNote (itemsiterecords)"
    )


def test_linked_entity_custom_fields_and_customer_attributes_are_discovered() -> None:
    paths = [c.api_reference_path for c in discover_candidates("customer", CUSTOMER_SCHEMA)]
    assert paths == ["Attributes[AttributeID=INDUSTRY].Value", "MainContact.custom.DefContact.UsrPersonalID"]
    # categories have no Attributes collection: a user-defined field stays a custom path
    category = {"custom": {"Folders": {"AttributeSEASON": {"type": "CustomStringField", "value": None}}}}
    assert [c.api_reference_path for c in discover_candidates("category", category)] == [
        "custom.Folders.AttributeSEASON"
    ]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("UsrBrand", "usr_brand"),
        ("COLOR", "color"),
        ("UsrHTMLText", "usr_htmltext"),
        ("2024Flag", "attr_2024_flag"),
        ("Color-Code", "color_code"),
    ],
)
def test_attribute_codes_are_magento_style(name: str, code: str) -> None:
    assert attribute_code(name) == code


@pytest.mark.django_db
def test_refresh_adds_new_fields_inactive_and_a_second_refresh_adds_nothing() -> None:
    shipped = SchemaField.objects.count()
    client = RecordingClient({"StockItem": STOCK_ITEM_SCHEMA, "Customer": CUSTOMER_SCHEMA})

    first = run_refresh_schema(["product", "customer"], client=client)  # type: ignore[arg-type]

    assert client.asked == ["StockItem", "Customer"]
    product, customer = first
    # COLOR ships in the catalog already: known, not added again
    assert [row.api_reference_path for row in product.added] == [
        "Attributes[AttributeID=WARRANTY].Value",
        "custom.ItemSettings.UsrBrand",
        "custom.ItemSettings.UsrShelfLifeDays",
        "custom.ItemSettings.UsrHazardous",
        "WarehouseDetails[].custom.itemsiterecords.UsrBinNote",
    ]
    assert product.known == 1
    assert len(customer.added) == 2
    added = SchemaField.objects.filter(origin="discovered")
    assert added.count() == 7 == SchemaField.objects.count() - shipped
    assert not added.filter(active=True).exists()
    assert set(added.filter(entity="customer").values_list("direction", flat=True)) == {"both"}
    assert "added 5 inactive fields" in product.summary()

    second = run_refresh_schema(["product", "customer"], client=client)  # type: ignore[arg-type]
    assert [report.added for report in second] == [[], []]
    assert second[0].summary() == "Product: nothing new (6 reported fields already known)."
    assert SchemaField.objects.count() == shipped + 7


@pytest.mark.django_db
def test_refresh_never_changes_existing_rows() -> None:
    client = RecordingClient({"StockItem": STOCK_ITEM_SCHEMA})
    run_refresh_schema(["product"], client=client)  # type: ignore[arg-type]
    brand = SchemaField.objects.get(api_reference_path="custom.ItemSettings.UsrBrand")
    brand.active = True
    brand.api_input_name = "custom_attributes.manufacturer"
    brand.display_name = "Brand"
    brand.save()
    color = SchemaField.objects.get(
        entity="product", api_reference_path="Attributes[AttributeID=COLOR].Value"
    )
    before = {field.name: getattr(color, field.name) for field in SchemaField._meta.fields}

    run_refresh_schema(["product"], client=client)  # type: ignore[arg-type]

    brand.refresh_from_db()
    assert (brand.active, brand.api_input_name, brand.display_name) == (
        True,
        "custom_attributes.manufacturer",
        "Brand",
    )
    color.refresh_from_db()
    assert {field.name: getattr(color, field.name) for field in SchemaField._meta.fields} == before
    assert not SchemaField.objects.filter(api_input_name="custom_attributes.usr_brand").exists()


@pytest.mark.django_db
def test_fields_no_row_can_hold_are_reported_not_added() -> None:
    schema = {
        # a level of an extended endpoint, and a field name no path can hold
        "KitSpecifications": {"custom": {"Spec": {"UsrRevision": {"type": "CustomStringField"}}}},
        "custom": {"ItemSettings": {"Usr Color": {"type": "CustomStringField"}}},
    }
    (report,) = run_refresh_schema(["product"], client=RecordingClient({"StockItem": schema}))  # type: ignore[arg-type]
    assert report.added == []
    assert len(report.rejected) == 2
    assert report.rejected[0].startswith("custom.ItemSettings.Usr Color (")
    assert "unexpected ' '" in report.rejected[0]
    assert report.rejected[1] == (
        "KitSpecifications.custom.Spec.UsrRevision (StockItem has no field 'KitSpecifications')"
    )
    assert "Not added: " in report.summary()
    assert not SchemaField.objects.filter(origin="discovered").exists()


@pytest.mark.django_db
def test_only_acumatica_sourced_entities_refresh() -> None:
    with pytest.raises(ValueError, match="not 'order'"):
        run_refresh_schema(["order"], client=RecordingClient({}))  # type: ignore[arg-type]


@pytest.mark.django_db
def test_refresh_needs_a_complete_default_connection() -> None:
    with pytest.raises(ConfigurationError, match="'Default Config' is incomplete"):
        run_refresh_schema(["product"])
    with pytest.raises(
        CommandError, match=r"^Refresh Schema failed: The Acumatica connection 'Default Config'"
    ):
        call_command("refresh_schema", "--entity", "product", stdout=StringIO())
