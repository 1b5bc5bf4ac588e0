"""Fields outside the contract: `$adHocSchema`, `custom` blocks, `$custom` reads, `cf.*` filters
(reference s.3.3 and s.7)."""

from __future__ import annotations

import requests

from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi, value, wrap


def add_brand(sandbox: SandboxHandle) -> None:
    sandbox.put(
        "schema/StockItem/custom", {"view": "ItemSettings", "field": "UsrBrand", "type": "CustomStringField"}
    )


def test_an_added_custom_field_appears_in_the_ad_hoc_schema(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    before = acumatica.get("StockItem/$adHocSchema").json()
    assert "ItemSettings" not in before["custom"]
    assert before["custom"]["Item"]["AttributeCOLOR"] == {"type": "CustomStringField", "value": None}

    add_brand(sandbox)

    schema = acumatica.get("StockItem/$adHocSchema").json()
    assert schema["custom"]["ItemSettings"]["UsrBrand"] == {"type": "CustomStringField", "value": None}
    assert schema["InventoryID"] == {}
    assert isinstance(schema["WarehouseDetails"], list) and "custom" in schema["WarehouseDetails"][0]
    assert requests.get(f"{sandbox.url}/__sandbox__/schema/custom", timeout=5).json() == {
        "StockItem": {"": {"ItemSettings": {"UsrBrand": "CustomStringField"}}}
    }


def test_custom_values_are_written_in_custom_blocks_and_read_only_when_asked(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    add_brand(sandbox)
    body = {
        **wrap(InventoryID="APP0001"),
        "custom": {"ItemSettings": {"UsrBrand": {"type": "CustomStringField", "value": "Acme"}}},
    }
    assert acumatica.put("StockItem", body).status_code == 200

    plain = acumatica.get("StockItem/APP0001").json()
    asked = acumatica.get(
        "StockItem/APP0001", **{"$custom": "ItemSettings.UsrBrand,Item.AttributeCOLOR"}
    ).json()

    assert plain["custom"] == {}
    assert asked["custom"]["ItemSettings"]["UsrBrand"] == {"type": "CustomStringField", "value": "Acme"}
    colour = acumatica.get("StockItem/APP0001", **{"$expand": "Attributes"}).json()["Attributes"]
    assert asked["custom"]["Item"]["AttributeCOLOR"]["value"] == next(
        value(a, "Value") for a in colour if value(a, "AttributeID") == "COLOR"
    )
    found = acumatica.get("StockItem", **{"$filter": "cf.String(f='ItemSettings.UsrBrand') eq 'Acme'"}).json()
    assert [value(i, "InventoryID") for i in found] == ["APP0001"]


def test_the_state_route_sets_custom_fields_and_shows_them(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    add_brand(sandbox)

    shown = sandbox.put_state(
        "StockItem",
        "ELE0003",
        {"custom": {"ItemSettings": {"UsrBrand": {"type": "CustomStringField", "value": "Zed"}}}},
    )

    assert shown["custom"]["ItemSettings"]["UsrBrand"]["value"] == "Zed"
    read = acumatica.get("StockItem/ELE0003", **{"$custom": "ItemSettings.UsrBrand"}).json()
    assert read["custom"]["ItemSettings"]["UsrBrand"]["value"] == "Zed"


def test_attributes_can_be_written_as_user_defined_fields(acumatica: AcumaticaApi) -> None:
    body = {
        **wrap(InventoryID="APP0001"),
        "custom": {"Item": {"AttributeCOLOR": {"type": "CustomStringField", "value": "GREEN"}}},
    }
    assert acumatica.put("StockItem", body).status_code == 200

    attributes = acumatica.get("StockItem/APP0001", **{"$expand": "Attributes"}).json()["Attributes"]
    assert {value(a, "AttributeID"): value(a, "Value") for a in attributes}["COLOR"] == "GREEN"


def test_detail_level_custom_fields(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> None:
    sandbox.put(
        "schema/SalesOrder/custom",
        {"level": "Details", "view": "Transactions", "field": "UsrGiftWrap", "type": "CustomBooleanField"},
    )
    line = {
        **wrap(InventoryID="APP0001"),
        "OrderQty": {"value": 1},
        "custom": {"Transactions": {"UsrGiftWrap": {"type": "CustomBooleanField", "value": True}}},
    }
    created = acumatica.put("SalesOrder", {**wrap(CustomerID="C000001"), "Details": [line]}).json()

    read = acumatica.get(
        f"SalesOrder/SO/{value(created, 'OrderNbr')}",
        **{"$expand": "Details", "$custom": "Details/Transactions.UsrGiftWrap"},
    ).json()

    assert read["Details"][0]["custom"]["Transactions"]["UsrGiftWrap"] == {
        "type": "CustomBooleanField",
        "value": True,
    }
    schema = acumatica.get("SalesOrder/$adHocSchema").json()
    assert schema["Details"][0]["custom"]["Transactions"]["UsrGiftWrap"]["type"] == "CustomBooleanField"


def test_unknown_custom_fields_and_views_are_refused(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> None:
    assert acumatica.get("StockItem/APP0001", **{"$custom": "ItemSettings.UsrNope"}).status_code == 400
    for body in (
        {"view": "NoView", "field": "UsrX", "type": "CustomStringField"},
        {"view": "ItemSettings", "field": "UsrX", "type": "CustomColourField"},
        {"view": "ItemSettings", "field": "UsrX"},
    ):
        response = requests.put(f"{sandbox.url}/__sandbox__/schema/StockItem/custom", json=body, timeout=5)
        assert response.status_code == 400, body
    unknown = requests.put(
        f"{sandbox.url}/__sandbox__/schema/Nothing/custom",
        json={"view": "V", "field": "F", "type": "CustomStringField"},
        timeout=5,
    )
    assert unknown.status_code == 404


def test_a_reset_removes_added_custom_fields(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> None:
    add_brand(sandbox)
    sandbox.reset()
    acumatica.login()
    assert "ItemSettings" not in acumatica.get("StockItem/$adHocSchema").json()["custom"]
