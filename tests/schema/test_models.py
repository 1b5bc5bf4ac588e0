"""Schema fields in the database: the shipped catalog, validation on save, loading for the engine."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from schema.defaults import default_fields
from schema.models import SchemaField
from schema.services import ensure_default_schema, load_fields, load_read_plan

pytestmark = pytest.mark.django_db


def test_the_migration_loads_the_shipped_catalog_with_its_choices() -> None:
    shipped = default_fields()
    assert SchemaField.objects.count() == len(shipped)
    assert set(SchemaField.objects.values_list("origin", flat=True)) == {"shipped"}
    description = SchemaField.objects.get(
        entity="product", api_reference_path="Description", api_input_name="name"
    )
    assert (description.tab, description.active, description.required, description.transform) == (
        "General Settings",
        True,
        True,
        "text",
    )
    assert description.transform_options == {"max_length": 255}
    msrp = SchemaField.objects.get(entity="product", api_reference_path="MSRP")
    assert not msrp.active


def test_ensure_default_schema_is_idempotent_and_keeps_the_merchants_choices() -> None:
    msrp = SchemaField.objects.get(entity="product", api_reference_path="MSRP")
    msrp.active = True
    msrp.display_name = "List price"
    msrp.save()
    SchemaField.objects.filter(entity="category", api_reference_path="SortOrder").delete()

    assert ensure_default_schema() == 1  # only the deleted row comes back
    assert ensure_default_schema() == 0
    msrp.refresh_from_db()
    assert (msrp.active, msrp.display_name) == (True, "List price")
    assert SchemaField.objects.count() == len(default_fields())


def _field(**overrides: Any) -> SchemaField:
    values: dict[str, Any] = {
        "entity": "product",
        "tab": "Additional Features",
        "display_name": "Brand",
        "api_reference_path": "custom.ItemSettings.UsrBrand",
        "api_input_name": "custom_attributes.brand",
        "transform": "text",
        "transform_options": {},
        "direction": "a2m",
    }
    values.update(overrides)
    return SchemaField(**values)


def _errors(row: SchemaField) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    return caught.value.message_dict


def test_a_valid_manual_field_saves() -> None:
    row = _field()
    row.full_clean()
    row.save()
    assert row.origin == "manual"
    assert load_fields("product")[-1].api_reference_path == "custom.ItemSettings.UsrBrand"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"api_reference_path": "Descripton"}, "api_reference_path", "StockItem has no field 'Descripton'"),
        ({"api_reference_path": "Attributes.Value"}, "api_reference_path", "is a detail collection"),
        ({"api_reference_path": "Main Contact"}, "api_reference_path", "unexpected ' '"),
        ({"api_input_name": "nmae"}, "api_input_name", "product has no field 'nmae'"),
        ({"api_input_name": "custom_attributes.Brand"}, "api_input_name", "not a Magento attribute code"),
        ({"transform": "upper"}, "transform", "unknown transform 'upper'"),
        (
            {"transform_options": {"places": 2}},
            "transform_options",
            "transform 'text' has no option 'places'",
        ),
        ({"transform": "lookup"}, "transform_options", "exactly one of 'table'"),
        ({"tab": "Billing Settings"}, "tab", "Choose one of the Product tabs"),
        ({"direction": "m2a"}, "direction", "Product fields flow Acumatica to Magento only"),
        (
            {"entity": "customer", "tab": "General Info", "api_reference_path": "InventoryID"},
            "api_reference_path",
            "Customer has no field",
        ),
    ],
)
def test_invalid_paths_transforms_and_choices_are_refused_with_a_clear_error(
    overrides: dict[str, Any], field: str, message: str
) -> None:
    errors = _errors(_field(**overrides))
    assert any(message in text for text in errors[field]), errors


def test_a_duplicate_field_is_refused_before_the_database_does() -> None:
    errors = _errors(_field(api_reference_path="Description", api_input_name="name", tab="General Settings"))
    assert errors["api_reference_path"] == ["'Description' already maps Description to name."]


def test_a_second_active_writer_of_a_target_is_refused() -> None:
    row = _field(api_reference_path="Content", api_input_name="custom_attributes.meta_title", active=True)
    assert _errors(row)["active"] == [
        "'Page Title' already writes custom_attributes.meta_title; deactivate it first."
    ]
    row.active = False
    row.full_clean()  # inactive, it may wait for its turn


def test_fields_flowing_opposite_ways_may_share_a_target_name() -> None:
    # "Customer Name" (M to A) reads firstname; "First Name" (both) writes it: no clash in A to M.
    customer_name = SchemaField.objects.get(entity="customer", api_reference_path="CustomerName")
    customer_name.full_clean()


def test_errors_on_fields_a_form_does_not_show_become_non_field_errors() -> None:
    row = SchemaField.objects.get(entity="product", api_reference_path="MSRP")
    row.api_input_name = "custom_attributes.meta_title"
    row.active = True
    SchemaField.objects.filter(pk=row.pk).update(api_input_name="nmae")
    row.api_input_name = "nmae"
    with pytest.raises(ValidationError) as caught:
        row.full_clean(exclude=[f.name for f in SchemaField._meta.fields if f.name != "active"])
    assert "product has no field 'nmae'" in " ".join(caught.value.message_dict[NON_FIELD_ERRORS])


def test_load_fields_and_read_plan_follow_the_active_flags() -> None:
    specs = load_fields("product")
    assert [spec.name for spec in specs][:3] == ["Inventory ID", "Description", "Item Status"]
    assert all(spec.entity == "product" for spec in specs)
    before = load_read_plan("product", always=["InventoryID"])
    assert "MSRP" not in before.select

    SchemaField.objects.filter(entity="product", api_reference_path="MSRP").update(active=True)
    after = load_read_plan("product", always=["InventoryID"])
    assert "MSRP" in after.select
    assert [spec.name for spec in load_fields("product", active_only=True)].count("MSRP") == 1
