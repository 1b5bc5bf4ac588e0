"""Schema Management in the admin: entity pages with tabs, Active toggles in the grid, form errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from schema.models import SchemaField
from tests.schema.guide import GUIDE_TABS

pytestmark = pytest.mark.django_db

PAGES = {
    "product": "productschemafield",
    "category": "categoryschemafield",
    "customer": "customerschemafield",
    "order": "orderschemafield",
}


def _url(entity: str, view: str = "changelist", *args: Any) -> str:
    return reverse(f"admin:schema_{PAGES[entity]}_{view}", args=args)


def test_the_admin_index_lists_schema_management_with_one_page_per_entity(staff_client: Client) -> None:
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "Schema Management" in page
    for label in ("Product schema", "Category schema", "Customer schema", "Order address schema"):
        assert label in page


@pytest.mark.parametrize("entity", sorted(PAGES))
def test_each_entity_page_renders_its_tabs_and_the_first_tabs_grid(staff_client: Client, entity: str) -> None:
    response = staff_client.get(_url(entity))
    assert response.status_code == 200
    page = response.content.decode()
    tabs = [tab["label"] for tab in response.context["schema_tabs"]]
    assert tabs == list(GUIDE_TABS[entity])
    shown = {row.tab for row in response.context["cl"].result_list}
    assert shown == {tabs[0]}
    assert "API Reference Field Path" in page and "API Input Field Name" in page
    assert response.context["title"].endswith(" schema")
    assert (">Refresh Schema</button>" in page) == (entity != "order")


def test_another_tab_shows_its_own_fields(staff_client: Client) -> None:
    response = staff_client.get(_url("product"), {"tab": "eCommerce"})
    rows = list(response.context["cl"].result_list)
    assert {row.tab for row in rows} == {"eCommerce"}
    assert "custom_attributes.meta_title" in response.content.decode()
    selected = [tab for tab in response.context["schema_tabs"] if tab["selected"]]
    assert [tab["label"] for tab in selected] == ["eCommerce"]


def _grid_post(response: Any, changes: dict[int, bool]) -> dict[str, Any]:
    """The changelist's formset as the browser posts it, with some Active boxes changed."""
    formset = response.context["cl"].formset
    data: dict[str, Any] = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "_save": "Save",
    }
    for form in formset.forms:
        data[f"{form.prefix}-id"] = str(form.instance.pk)
        active = changes.get(form.instance.pk, form.instance.active)
        if active:
            data[f"{form.prefix}-active"] = "on"
    return data


def test_active_toggles_are_saved_from_the_grid(staff_client: Client) -> None:
    url = _url("product") + "?tab=Price%2FCost+Information"
    response = staff_client.get(url)
    msrp = SchemaField.objects.get(entity="product", api_reference_path="MSRP")
    price = SchemaField.objects.get(entity="product", api_reference_path="DefaultPrice")
    assert (msrp.active, price.active) == (False, True)

    saved = staff_client.post(url, _grid_post(response, {msrp.pk: True, price.pk: False}))

    assert saved.status_code == 302
    msrp.refresh_from_db()
    price.refresh_from_db()
    assert (msrp.active, price.active) == (True, False)


def test_activating_a_second_writer_of_a_target_is_refused_in_the_grid(staff_client: Client) -> None:
    # "Average Cost" -> custom_attributes.cost; a manual field writing the same attribute is active
    SchemaField.objects.create(
        entity="product",
        tab="Price/Cost Information",
        display_name="Cost from last purchase",
        api_reference_path="LastCost",
        api_input_name="custom_attributes.cost",
        transform="decimal",
        direction="a2m",
        active=True,
    )
    url = _url("product") + "?tab=Price%2FCost+Information"
    response = staff_client.get(url)
    average = SchemaField.objects.get(entity="product", api_reference_path="AverageCost")

    refused = staff_client.post(url, _grid_post(response, {average.pk: True}))

    assert refused.status_code == 200
    assert (
        "&#x27;Cost from last purchase&#x27; already writes custom_attributes.cost"
        in refused.content.decode()
    )
    average.refresh_from_db()
    assert not average.active


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "display_name": "Brand",
        "tab": "Additional Features",
        "api_reference_path": "custom.ItemSettings.UsrBrand",
        "api_input_name": "custom_attributes.usr_brand",
        "transform": "text",
        "transform_options": "{}",
        "direction": "a2m",
        "sort_order": "0",
    }
    data.update(overrides)
    return data


def test_a_field_added_by_hand_is_saved_for_the_pages_entity(staff_client: Client) -> None:
    response = staff_client.post(_url("product", "add"), _form(active="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    row = SchemaField.objects.get(api_reference_path="custom.ItemSettings.UsrBrand")
    assert (row.entity, row.origin, row.active) == ("product", "manual", True)
    assert (
        row.sort_order
        > SchemaField.objects.filter(entity="product")
        .exclude(pk=row.pk)
        .order_by("-sort_order")[0]
        .sort_order
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"api_reference_path": "Descripton"},
            "StockItem has no field &#x27;Descripton&#x27; (did you mean &#x27;Description&#x27;?)",
        ),
        ({"api_input_name": "custom_attributes.Brand"}, "&#x27;Brand&#x27; is not a Magento attribute code"),
        ({"transform": "upper"}, "Select a valid choice. upper is not one of the available choices."),
        ({"transform": "lookup"}, "give exactly one of &#x27;table&#x27;"),
        (
            {"transform": "decimal", "transform_options": '{"places": 20}'},
            "option &#x27;places&#x27; must be at most 8",
        ),
        (
            {"tab": "Billing Settings"},
            "Select a valid choice. Billing Settings is not one of the available choices.",
        ),
    ],
)
def test_an_invalid_path_or_transform_is_refused_with_a_form_error(
    staff_client: Client, overrides: dict[str, str], message: str
) -> None:
    before = SchemaField.objects.count()
    response = staff_client.post(_url("product", "add"), _form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SchemaField.objects.count() == before


def test_the_change_form_of_a_shipped_field_renders_and_saves(staff_client: Client) -> None:
    row = SchemaField.objects.get(entity="customer", api_reference_path="CustomerClass")
    url = _url("customer", "change", row.pk)
    page = staff_client.get(url).content.decode()
    assert "customer_group" in page and "Shipped" in page
    data = _form(
        display_name="Customer Class",
        tab="General Info",
        api_reference_path="CustomerClass",
        api_input_name="group_id",
        transform="lookup",
        transform_options='{"table": "customer_group", "default": 1}',
        direction="a2m",
        active="on",
        sort_order=str(row.sort_order),
    )
    assert staff_client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.transform_options == {"table": "customer_group", "default": 1}


def test_a_customer_field_cannot_be_edited_through_the_product_page(staff_client: Client) -> None:
    row = SchemaField.objects.get(entity="customer", api_reference_path="CustomerClass")
    assert staff_client.get(_url("product", "change", row.pk)).status_code == 302  # "does not exist" redirect


def test_refresh_schema_only_answers_post(staff_client: Client) -> None:
    assert staff_client.get(_url("product", "refresh")).status_code == 405
