"""`$filter` in OData v3 conventions (reference s.2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi, value, wrap


def ids(records: list[dict]) -> list[str]:
    return [value(r, "InventoryID") for r in records]


def items(api: AcumaticaApi, expression: str) -> list[str]:
    response = api.get("StockItem", **{"$filter": expression, "$select": "InventoryID"})
    assert response.status_code == 200, response.text
    return ids(response.json())


@pytest.fixture
def catalog(acumatica: AcumaticaApi) -> list[dict]:
    return acumatica.get("StockItem", **{"$select": "InventoryID,DefaultPrice,ItemStatus,ItemClass"}).json()


def test_comparison_operators_on_strings_numbers_and_booleans(
    acumatica: AcumaticaApi, catalog: list[dict]
) -> None:
    price = value(catalog[0], "DefaultPrice")
    cheaper = sorted(ids(r for r in catalog if value(r, "DefaultPrice") < price))  # type: ignore[arg-type]

    assert items(acumatica, "InventoryID eq 'APP0001'") == ["APP0001"]
    assert "APP0001" not in items(acumatica, "InventoryID ne 'APP0001'")
    assert sorted(items(acumatica, f"DefaultPrice lt {price}")) == cheaper
    assert len(items(acumatica, f"DefaultPrice le {price}")) == len(cheaper) + sum(
        1 for r in catalog if value(r, "DefaultPrice") == price
    )
    assert (
        len(items(acumatica, f"DefaultPrice gt {price}")) + len(items(acumatica, f"DefaultPrice le {price}"))
        == 60
    )
    assert items(acumatica, f"DefaultPrice ge {price}M and InventoryID eq 'APP0001'") == ["APP0001"]
    assert len(items(acumatica, "IsAKit eq false")) == 60
    assert items(acumatica, "IsAKit eq true") == []


def test_and_or_not_and_parentheses(acumatica: AcumaticaApi, catalog: list[dict]) -> None:
    apparel = {value(r, "InventoryID") for r in catalog if value(r, "ItemClass") == "APPAREL"}
    inactive = {value(r, "InventoryID") for r in catalog if value(r, "ItemStatus") == "Inactive"}

    either = items(acumatica, "ItemClass eq 'APPAREL' or ItemStatus eq 'Inactive'")
    assert set(either) == apparel | inactive
    both = items(acumatica, "(ItemClass eq 'APPAREL') and not (ItemStatus eq 'Active')")
    assert set(both) == apparel & inactive


def test_string_comparison_ignores_case_and_quotes_are_doubled(acumatica: AcumaticaApi) -> None:
    assert items(acumatica, "InventoryID eq 'app0001'") == ["APP0001"]
    put = acumatica.put(
        "StockItem", {**wrap(InventoryID="QUOTE1", Description="O'Brien mug", ItemClass="HOMEGOODS")}
    )
    assert put.status_code == 200, put.text
    assert items(acumatica, "Description eq 'O''Brien mug'") == ["QUOTE1"]


def test_string_functions(acumatica: AcumaticaApi) -> None:
    assert set(items(acumatica, "startswith(InventoryID,'APP0001')")) >= {"APP0001"}
    assert "APP0001" in items(acumatica, "substringof('P000', InventoryID)")
    assert all(i.endswith("1") for i in items(acumatica, "endswith(InventoryID,'1')"))


def test_datetimeoffset_literals_with_offsets_select_changes_after_a_moment(acumatica: AcumaticaApi) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    assert acumatica.put("StockItem", wrap(InventoryID="APP0001", Description="Renamed")).status_code == 200

    local = before.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")
    shifted = (before + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+03:00"

    assert items(acumatica, f"LastModifiedDateTime gt datetimeoffset'{shifted}'") == ["APP0001"]
    assert items(acumatica, f"LastModified gt datetimeoffset'{local}'") == ["APP0001"]
    assert (
        len(items(acumatica, "LastModifiedDateTime gt datetimeoffset'2019-08-18T23:59:59.999+04:00'")) == 60
    )


def test_the_last_modified_value_read_back_is_a_precise_cursor(acumatica: AcumaticaApi) -> None:
    changed = acumatica.put("StockItem", wrap(InventoryID="APP0001", Description="Cursor")).json()
    cursor = value(changed, "LastModifiedDateTime")

    assert items(acumatica, f"LastModifiedDateTime gt datetimeoffset'{cursor}'") == []
    assert items(acumatica, f"LastModifiedDateTime ge datetimeoffset'{cursor}'") == ["APP0001"]


def test_linked_entity_paths_find_customers_by_email(acumatica: AcumaticaApi) -> None:
    found = acumatica.get(
        "Customer", **{"$filter": "MainContact/Email eq 'Alice.Anders@example.com'", "$expand": "MainContact"}
    ).json()
    assert [value(c, "CustomerID") for c in found] == ["C000001"]
    assert value(found[0], "MainContact", "Email") == "alice.anders@example.com"
    by_city = acumatica.get("Customer", **{"$filter": "MainContact/Address/City ne null"}).json()
    assert len(by_city) == 16


def test_orders_are_found_by_customer_order_and_external_ref(acumatica: AcumaticaApi) -> None:
    body = {
        **wrap(OrderType="SO", CustomerID="C000002", CustomerOrder="M2-000123", ExternalRef="000000123"),
        "Details": [wrap(InventoryID="APP0001", OrderQty=1)],
    }
    created = acumatica.put("SalesOrder", body).json()

    for expression in ("CustomerOrder eq 'M2-000123'", "ExternalRef eq '000000123'"):
        found = acumatica.get("SalesOrder", **{"$filter": f"OrderType eq 'SO' and {expression}"}).json()
        assert [value(o, "OrderNbr") for o in found] == [value(created, "OrderNbr")]
    assert acumatica.get("SalesOrder", **{"$filter": "CustomerOrder eq 'M2-999'"}).json() == []


def test_filters_on_detail_fields_unknown_fields_and_bad_syntax_are_refused(acumatica: AcumaticaApi) -> None:
    for expression in (
        "Details/InventoryID eq 'APP0001'",
        "NoSuchField eq 1",
        "InventoryID eq",
        "InventoryID eq 'unterminated",
        "frobnicate(InventoryID)",
    ):
        response = acumatica.get("SalesOrder", **{"$filter": expression})
        assert response.status_code == 400, expression
        assert response.json()["modelState"]["$filter"]


def test_an_unencoded_plus_in_an_offset_fails_like_on_iis(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    raw = f"{acumatica.base}/StockItem?$filter=LastModified%20gt%20datetimeoffset'2024-01-01T00:00:00+03:00'"
    assert acumatica.http.get(raw).status_code == 400
    encoded = raw.replace("+03:00", "%2B03%3A00")
    assert acumatica.http.get(encoded).status_code == 200


def test_custom_field_filters_with_cf_accessors(acumatica: AcumaticaApi) -> None:
    red = items(acumatica, "cf.String(f='Item.AttributeCOLOR') eq 'RED'")
    assert red
    for inventory_id in red:
        attributes = acumatica.get(f"StockItem/{inventory_id}", **{"$expand": "Attributes"}).json()[
            "Attributes"
        ]
        assert {"COLOR": "RED"}.items() <= {
            value(a, "AttributeID"): value(a, "Value") for a in attributes
        }.items()
