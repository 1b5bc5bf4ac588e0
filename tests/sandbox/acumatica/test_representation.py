"""The JSON shape of records and of reads (checklist item 4, reference s.3.1 and s.2)."""

from __future__ import annotations

import re

from .conftest import AcumaticaApi, value

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?\+00:00$")
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def test_every_field_is_wrapped_and_empty_fields_are_empty_objects(acumatica: AcumaticaApi) -> None:
    item = acumatica.get("StockItem/APP0001").json()

    assert item["InventoryID"] == {"value": "APP0001"}
    assert item["ImageUrl"] == {}
    assert isinstance(item["DefaultPrice"]["value"], int | float)
    assert item["IsAKit"] == {"value": False}
    for name, wrapped in item.items():
        if name in ("id", "rowNumber", "custom", "_links"):
            continue
        assert isinstance(wrapped, dict), name
        assert set(wrapped) <= {"value", "error"}, name


def test_system_fields_come_first_contract_fields_alphabetically_custom_and_links_last(
    acumatica: AcumaticaApi,
) -> None:
    order = acumatica.get("SalesOrder/SO/000001", **{"$expand": "Details"}).json()
    names = list(order)

    assert names[:3] == ["id", "rowNumber", "note"]
    assert names[-2:] == ["custom", "_links"]
    contract = names[3:-2]
    assert contract == sorted(contract, key=str.lower)
    assert GUID.match(order["id"])
    assert order["note"] == {"value": ""}
    assert order["custom"] == {}
    assert order["_links"]["self"] == f"/entity/Default/24.200.001/SalesOrder/{order['id']}"
    assert order["_links"]["files:put"].endswith(
        f"/files/PX.Objects.SO.SOOrderEntry/Document/{order['id']}/{{filename}}"
    )
    line = order["Details"][0]
    assert list(line)[:3] == ["id", "rowNumber", "note"]
    assert line["rowNumber"] == 1
    assert "/PX.Objects.SO.SOOrderEntry/Transactions/" in line["_links"]["files:put"]


def test_linked_and_detail_entities_are_absent_unless_expanded(acumatica: AcumaticaApi) -> None:
    plain = acumatica.get("Customer/C000001").json()
    assert "MainContact" not in plain
    assert "Attributes" not in plain
    assert "CustomerName" in plain

    expanded = acumatica.get("Customer/C000001", **{"$expand": "MainContact"}).json()
    assert value(expanded, "MainContact", "Email") == "alice.anders@example.com"
    assert "Address" not in expanded["MainContact"]  # nested entities need their own $expand

    nested = acumatica.get("Customer/C000001", **{"$expand": "MainContact/Address"}).json()
    assert value(nested, "MainContact", "Address", "City")


def test_select_narrows_every_level(acumatica: AcumaticaApi) -> None:
    order = acumatica.get(
        "SalesOrder/SO/000001",
        **{"$select": "OrderNbr,Status,Details/InventoryID", "$expand": "Details,Totals"},
    ).json()

    assert set(order) == {"id", "rowNumber", "note", "OrderNbr", "Status", "Details", "custom", "_links"}
    assert set(order["Details"][0]) == {"id", "rowNumber", "note", "InventoryID", "custom", "_links"}


def test_selecting_a_detail_entity_by_name_keeps_all_its_fields(acumatica: AcumaticaApi) -> None:
    order = acumatica.get(
        "SalesOrder/SO/000001", **{"$select": "OrderNbr,Details", "$expand": "Details"}
    ).json()
    assert {"InventoryID", "OrderQty", "UnitPrice"} <= set(order["Details"][0])


def test_values_are_typed_like_the_contract(acumatica: AcumaticaApi) -> None:
    order = acumatica.get("SalesOrder/SO/000001", **{"$expand": "Details"}).json()

    assert ISO_WITH_OFFSET.match(order["Date"]["value"])
    assert order["Date"]["value"].endswith("T00:00:00+00:00")
    assert ISO_WITH_OFFSET.match(order["LastModified"]["value"])
    assert isinstance(order["Details"][0]["LineNbr"]["value"], int)
    assert isinstance(order["Hold"]["value"], bool)
    assert order["Details"][0]["OrderQty"]["value"] == 1  # integral decimals are plain numbers
    assert re.match(
        r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$", order["Details"][0]["LastModifiedDate"]["value"]
    )
    category = acumatica.get("ItemSalesCategory/2").json()
    assert category["CategoryID"] == {"value": 2}
    assert category["ParentCategoryID"] == {"value": 1}
    assert category["Path"] == {"value": "Apparel/Men"}


def test_list_answers_an_array_with_row_numbers_and_pages_with_top_and_skip(acumatica: AcumaticaApi) -> None:
    everything = acumatica.get("StockItem", **{"$select": "InventoryID"}).json()
    page = acumatica.get("StockItem", **{"$select": "InventoryID", "$top": 5, "$skip": 5}).json()

    assert isinstance(everything, list)
    assert len(everything) == 60
    assert [r["rowNumber"] for r in page] == [1, 2, 3, 4, 5]
    assert [r["InventoryID"] for r in page] == [r["InventoryID"] for r in everything[5:10]]
    assert acumatica.get("StockItem", **{"$skip": 1000}).json() == []


def test_records_can_be_read_by_key_by_pipe_separated_key_and_by_id(acumatica: AcumaticaApi) -> None:
    by_key = acumatica.get("SalesOrder/SO/000001").json()

    assert acumatica.get("SalesOrder/SO|000001").json()["id"] == by_key["id"]
    assert acumatica.get(f"SalesOrder/{by_key['id']}").json()["OrderNbr"] == {"value": "000001"}
    assert acumatica.get("StockItem/app0001").json()["InventoryID"] == {
        "value": "APP0001"
    }  # keys ignore case


def test_unknown_select_or_expand_names_are_refused(acumatica: AcumaticaApi) -> None:
    for params in ({"$select": "NoSuchField"}, {"$expand": "NoSuchDetail"}, {"$expand": "InventoryID"}):
        response = acumatica.get("StockItem", **params)
        assert response.status_code == 400
        assert "modelState" in response.json()


def test_computed_details_come_from_the_records_they_describe(acumatica: AcumaticaApi) -> None:
    template = acumatica.get("TemplateItems", **{"$expand": "Matrix", "$top": 1}).json()[0]
    variants = [value(row, "InventoryID") for row in template["Matrix"]]
    assert variants
    for variant in variants:
        item = acumatica.get(f"StockItem/{variant}").json()
        assert value(item, "TemplateItemID") == value(template, "InventoryID")

    category = acumatica.get("ItemSalesCategory/10", **{"$expand": "Members"}).json()
    member = value(category["Members"][0], "InventoryID")
    categories = acumatica.get(f"StockItem/{member}", **{"$expand": "Categories"}).json()["Categories"]
    assert 10 in [value(c, "CategoryID") for c in categories]


def test_files_are_attached_listed_and_downloaded(acumatica: AcumaticaApi) -> None:
    put = acumatica.http.put(
        f"{acumatica.base}/StockItem/APP0001/files/photo.jpg",
        data=b"\xff\xd8jpeg",
        headers={"Content-Type": "application/octet-stream", "PX-CbFileComment": "front view"},
    )
    assert put.status_code == 204

    item = acumatica.get("StockItem/APP0001", **{"$select": "InventoryID,files", "$expand": "files"}).json()

    assert item["files"][0]["filename"] == "Stock Items (APP0001)\\photo.jpg"
    assert item["files"][0]["comment"] == "front view"
    assert put.headers["Location"] == item["files"][0]["href"]
    download = acumatica.http.get(f"{acumatica.url}{item['files'][0]['href']}")
    assert download.content == b"\xff\xd8jpeg"

    link = item["_links"]["files:put"].replace("{filename}", "back.jpg")
    assert acumatica.http.put(f"{acumatica.url}{link}", data=b"back").status_code == 204
    again = acumatica.get("StockItem/APP0001", **{"$expand": "files"}).json()
    assert len(again["files"]) == 2
