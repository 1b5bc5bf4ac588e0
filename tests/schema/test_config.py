"""`configure --export/--import` carries every entity's schema fields between environments."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schema.defaults import default_fields
from schema.models import SchemaField

pytestmark = pytest.mark.django_db


def _export() -> dict[str, Any]:
    out = StringIO()
    call_command("configure", "--export", stdout=out, stderr=StringIO())
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def _import(tmp_path: Path, document: dict[str, Any]) -> str:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out = StringIO()
    call_command("configure", "--import", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def _row(document: dict[str, Any], entity: str, reference: str) -> dict[str, Any]:
    return next(row for row in document["schema"][entity] if row["api_reference_path"] == reference)


def test_the_export_lists_every_entitys_fields_with_path_input_transform_and_active() -> None:
    schema = _export()["schema"]
    assert set(schema) == {"product", "category", "customer", "order"}
    assert sum(len(rows) for rows in schema.values()) == len(default_fields())
    assert schema["product"][1] == {
        "api_reference_path": "Description",
        "api_input_name": "name",
        "transform": "text",
        "transform_options": {"max_length": 255},
        "active": True,
        "required": True,
        "direction": "a2m",
        "tab": "General Settings",
        "display_name": "Description",
        "origin": "shipped",
    }


def test_an_imported_document_applies_choices_and_adds_fields_from_another_environment(
    tmp_path: Path,
) -> None:
    document = _export()
    _row(document, "product", "MSRP")["active"] = True
    _row(document, "product", "DefaultPrice")["transform_options"] = {"places": 2}
    # moved target: the page title field hands meta_title over to a new custom field, in one import
    _row(document, "product", "PageTitle")["active"] = False
    document["schema"]["product"].append(
        {
            "api_reference_path": "custom.ItemSettings.UsrSeoTitle",
            "api_input_name": "custom_attributes.meta_title",
            "transform": "text",
            "transform_options": {},
            "active": True,
            "required": False,
            "direction": "a2m",
            "tab": "eCommerce",
            "display_name": "SEO title",
            "origin": "discovered",
        }
    )

    summary = _import(tmp_path, document)

    assert "schema.product" in summary
    assert SchemaField.objects.get(entity="product", api_reference_path="MSRP").active
    assert SchemaField.objects.get(entity="product", api_reference_path="DefaultPrice").transform_options == {
        "places": 2
    }
    assert not SchemaField.objects.get(entity="product", api_reference_path="PageTitle").active
    added = SchemaField.objects.get(api_reference_path="custom.ItemSettings.UsrSeoTitle")
    assert (added.active, added.origin, added.display_name) == (True, "discovered", "SEO title")
    assert _export()["schema"] == document["schema"]  # what was imported is what the next export says


def test_importing_an_unchanged_export_changes_nothing(tmp_path: Path) -> None:
    document = _export()
    before = list(SchemaField.objects.order_by("pk").values())
    assert "schema" not in _import(tmp_path, document)
    assert list(SchemaField.objects.order_by("pk").values()) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["schema"].update({"warehouse": []}), "schema: unknown entity 'warehouse'"),
        (lambda d: d["schema"].update({"product": {}}), "schema.product: expects a list of fields"),
        (
            lambda d: d["schema"]["product"].append({"api_input_name": "name"}),
            "needs api_reference_path and api_input_name",
        ),
        (
            lambda d: d["schema"]["product"][0].update({"colour": "red"}),
            r"schema.product\[0\].colour: unknown setting",
        ),
        (
            lambda d: d["schema"]["product"][0].update({"active": "yes"}),
            r"schema.product\[0\].active: 'yes' has the wrong type",
        ),
        (
            lambda d: d["schema"]["product"][1].update({"transform": "upper"}),
            r"schema.product\[1\].transform: unknown transform 'upper'",
        ),
        (
            lambda d: d["schema"]["product"].append(
                {
                    "api_reference_path": "Descripton",
                    "api_input_name": "name",
                    "tab": "General Settings",
                    "direction": "a2m",
                }
            ),
            r"api_reference_path: StockItem has no field 'Descripton'",
        ),
        (
            lambda d: _row(d, "product", "ItemType").update({"active": True, "api_input_name": "sku"}),
            r"schema.product\[5\].active: 'Inventory ID' already writes sku",
        ),
    ],
)
def test_a_bad_document_is_refused_with_one_line_and_changes_nothing(
    tmp_path: Path, change: Any, message: str
) -> None:
    document = _export()
    _row(document, "product", "MSRP")["active"] = True  # a valid change that must not land either
    change(document)
    before = list(SchemaField.objects.order_by("pk").values())
    with pytest.raises(CommandError, match=message):
        _import(tmp_path, document)
    assert list(SchemaField.objects.order_by("pk").values()) == before
