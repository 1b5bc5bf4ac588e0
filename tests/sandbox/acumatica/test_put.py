"""PUT upsert, preconditions, validation, missing records and routes (checklist items 5, 6, 7)."""

from __future__ import annotations

from typing import Any

from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi, value, wrap


def order_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        **wrap(
            OrderType="SO",
            CustomerID="C000001",
            CustomerOrder="M2-1",
            ShipVia="FLATRATE",
            PaymentMethod="CHECK",
        ),
        "Hold": {"value": False},
        "Details": [
            {
                **wrap(InventoryID="APP0001", WarehouseID="RETAIL"),
                "OrderQty": {"value": 2},
                "UnitPrice": {"value": 10.5},
            }
        ],
    }
    body.update(overrides)
    return body


def test_put_inserts_then_updates_by_key(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> None:
    created = acumatica.put(
        "StockItem", wrap(InventoryID="NEWITEM", Description="New", ItemClass="STOCKITEM")
    )
    assert created.status_code == 200
    assert value(created.json(), "ItemStatus") == "Active"  # defaults of the screen

    updated = acumatica.put("StockItem", wrap(InventoryID="NEWITEM", Description="Changed"))

    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]
    assert value(updated.json(), "Description") == "Changed"
    assert value(updated.json(), "ItemClass") == "STOCKITEM"  # fields not sent are kept
    assert value(updated.json(), "LastModifiedDateTime") > value(created.json(), "LastModifiedDateTime")
    assert sandbox.stats()["writes"]["StockItem"] == 2


def test_put_locates_by_id_and_by_filter(acumatica: AcumaticaApi) -> None:
    customer = acumatica.get("Customer/C000003").json()

    by_id = acumatica.put("Customer", {"id": customer["id"], **wrap(CustomerName="By Id")})
    assert value(by_id.json(), "CustomerID") == "C000003"

    email = acumatica.get("Customer/C000004", **{"$expand": "MainContact"}).json()["MainContact"]["Email"][
        "value"
    ]
    by_filter = acumatica.put(
        "Customer",
        wrap(CustomerClass="WHOLESALE"),
        **{"$filter": f"MainContact/Email eq '{email}'", "$expand": "MainContact"},
    )
    assert by_filter.status_code == 200
    assert value(by_filter.json(), "CustomerID") == "C000004"
    assert value(by_filter.json(), "CustomerClass") == "WHOLESALE"


def test_put_without_key_numbers_new_customers_and_orders(acumatica: AcumaticaApi) -> None:
    customer = acumatica.put(
        "Customer",
        {
            **wrap(CustomerName="Jane Doe", CustomerClass="GENERAL"),
            "MainContact": wrap(Email="jane@example.com"),
        },
    ).json()
    assert value(customer, "CustomerID") == "C000017"
    assert value(customer, "Email") == "jane@example.com"

    order = acumatica.put("SalesOrder", order_body()).json()
    assert value(order, "OrderNbr") == "000002"  # SO 000001 is demo data
    assert value(order, "Status") == "Open"
    assert value(order, "OrderTotal") == 26  # 2 x 10.50 + 5.00 flat-rate freight


def test_if_none_match_and_if_match_give_412(acumatica: AcumaticaApi) -> None:
    exists = acumatica.put("StockItem", wrap(InventoryID="APP0001"), headers={"If-None-Match": "*"})
    missing = acumatica.put("StockItem", wrap(InventoryID="NOPE"), headers={"If-Match": "*"})

    assert exists.status_code == 412
    assert missing.status_code == 412
    assert "message" in exists.json()
    assert acumatica.get("StockItem/NOPE").status_code == 500  # nothing was written
    assert (
        acumatica.put("StockItem", wrap(InventoryID="NOPE"), headers={"If-None-Match": "*"}).status_code
        == 200
    )
    assert (
        acumatica.put("StockItem", wrap(InventoryID="APP0001"), headers={"If-Match": "*"}).status_code == 200
    )


def test_detail_lines_update_by_id_and_delete_with_delete_true(acumatica: AcumaticaApi) -> None:
    body = order_body()
    body["Details"].append({**wrap(InventoryID="ELE0003"), "OrderQty": {"value": 1}})
    order = acumatica.put("SalesOrder", body, **{"$expand": "Details"}).json()
    first, second = order["Details"]

    changed = acumatica.put(
        "SalesOrder",
        {
            **wrap(OrderType="SO", OrderNbr=value(order, "OrderNbr")),
            "Details": [{"id": first["id"], "delete": True}, {"id": second["id"], "OrderQty": {"value": 5}}],
        },
        **{"$expand": "Details"},
    ).json()

    assert [value(line, "InventoryID") for line in changed["Details"]] == ["ELE0003"]
    assert value(changed["Details"][0], "OrderQty") == 5
    assert value(changed, "OrderedQty") == 5


def test_refused_orders_answer_422_with_errors_on_the_record_and_the_fields(acumatica: AcumaticaApi) -> None:
    body = order_body(**wrap(CustomerID="NOBODY", ShipVia="TELEPORT", PaymentMethod="BITCOIN"))
    body["Details"].append({**wrap(InventoryID="NOSUCHSKU"), "OrderQty": {"value": 1}})

    response = acumatica.put("SalesOrder", body, **{"$expand": "Details"})

    assert response.status_code == 422
    refused = response.json()
    assert "raised at least one error" in refused["error"]
    assert refused["CustomerID"] == {"value": "NOBODY", "error": "'Customer' cannot be found in the system."}
    assert refused["ShipVia"]["error"] == "'Ship Via' cannot be found in the system."
    assert refused["PaymentMethod"]["error"] == "'Payment Method' cannot be found in the system."
    assert refused["OrderNbr"] == {"value": "<NEW>"}
    assert "error" not in refused["Details"][0]["InventoryID"]
    assert refused["Details"][1]["InventoryID"]["error"] == "'Inventory ID' cannot be found in the system."
    assert acumatica.get("SalesOrder", **{"$filter": "CustomerOrder eq 'M2-1'"}).json() == []


def test_template_items_and_inactive_items_cannot_be_ordered(acumatica: AcumaticaApi) -> None:
    template = value(acumatica.get("TemplateItems", **{"$top": 1}).json()[0], "InventoryID")
    inactive = acumatica.get("StockItem", **{"$filter": "ItemStatus eq 'Inactive'", "$top": 1}).json()
    lines = [{**wrap(InventoryID=template), "OrderQty": {"value": 1}}]
    if inactive:
        lines.append({**wrap(InventoryID=value(inactive[0], "InventoryID")), "OrderQty": {"value": 1}})

    refused = acumatica.put("SalesOrder", order_body(Details=lines), **{"$expand": "Details"})

    assert refused.status_code == 422
    errors = [line["InventoryID"].get("error") for line in refused.json()["Details"]]
    assert errors[0] == "'Inventory ID' cannot be found in the system."
    assert all(errors)


def test_a_customer_on_credit_hold_is_refused(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> None:
    assert value(acumatica.get("Customer/C000016").json(), "Status") == "Credit Hold"

    refused = acumatica.put("SalesOrder", order_body(**wrap(CustomerID="C000016")))

    assert refused.status_code == 422
    assert refused.json()["CustomerID"]["error"] == "The customer status is 'Credit Hold'."
    sandbox.put_state("Customer", "C000001", wrap(Status="On Hold"))
    assert (
        acumatica.put("SalesOrder", order_body()).json()["CustomerID"]["error"]
        == "The customer status is 'On Hold'."
    )


def test_values_of_the_wrong_type_are_field_errors_and_unwrapped_values_are_400(
    acumatica: AcumaticaApi,
) -> None:
    wrong_type = acumatica.put("StockItem", wrap(InventoryID="APP0001", DefaultPrice="cheap"))
    assert wrong_type.status_code == 422
    assert "cannot be converted" in wrong_type.json()["DefaultPrice"]["error"]

    unwrapped = acumatica.put("StockItem", {"InventoryID": "APP0001"})
    assert unwrapped.status_code == 400
    assert unwrapped.json()["modelState"]

    not_json = acumatica.http.put(
        f"{acumatica.base}/StockItem", data="{oops", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400


def test_numbers_may_be_sent_as_strings_and_drop_downs_take_display_values(acumatica: AcumaticaApi) -> None:
    item = acumatica.put(
        "StockItem", wrap(InventoryID="APP0001", DefaultPrice="1199.60", ItemStatus="no sales")
    )
    assert value(item.json(), "DefaultPrice") == 1199.6
    assert value(item.json(), "ItemStatus") == "No Sales"
    refused = acumatica.put("StockItem", wrap(InventoryID="APP0001", ItemStatus="Sleeping"))
    assert refused.status_code == 422
    assert refused.json()["ItemStatus"]["error"]


def test_missing_records_are_500_no_entity_satisfies_the_condition(acumatica: AcumaticaApi) -> None:
    for response in (
        acumatica.get("StockItem/NOSUCH"),
        acumatica.get("SalesOrder/SO/999999"),
        acumatica.get("SalesOrder/0f8fad5b-d9cb-469f-a165-70867728950e"),
        acumatica.delete("StockItem/NOSUCH"),
        acumatica.put("StockItem", {"id": "0f8fad5b-d9cb-469f-a165-70867728950e"}),
    ):
        assert response.status_code == 500
        body = response.json()
        assert body["exceptionType"] == "PX.Api.ContractBased.NoEntitySatisfiesTheConditionException"
        assert body["exceptionMessage"] == "No entity satisfies the condition."
        assert body["message"] == "An error has occurred."
        assert body["stackTrace"]


def test_unknown_routes_and_actions_are_404(acumatica: AcumaticaApi) -> None:
    for response in (
        acumatica.get("NoSuchEntity"),
        acumatica.post("SalesOrder/CreateShipment", {"entity": wrap(OrderType="SO", OrderNbr="000001")}),
        acumatica.http.get(f"{acumatica.url}/entity/Default/99.999.001/StockItem"),
        acumatica.http.get(f"{acumatica.url}/entity/eCommerce/24.200.001/StockItem"),
        acumatica.http.get(f"{acumatica.url}/nothing/here"),
    ):
        assert response.status_code == 404
        assert "No HTTP resource was found" in response.json()["message"]


def test_delete_removes_records_and_refuses_when_rules_say_so(acumatica: AcumaticaApi) -> None:
    order = acumatica.put("SalesOrder", order_body()).json()
    assert acumatica.delete(f"SalesOrder/SO/{value(order, 'OrderNbr')}").status_code == 204
    assert acumatica.get(f"SalesOrder/SO/{value(order, 'OrderNbr')}").status_code == 500

    with_orders = acumatica.delete("Customer/C000013")
    assert with_orders.status_code == 500
    assert "cannot be deleted" in with_orders.json()["exceptionMessage"]
    assert acumatica.get("Customer/C000013").status_code == 200


def test_open_orders_allocate_stock_and_lower_the_available_quantity(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    stock = {"WarehouseDetails": [{**wrap(WarehouseID="RETAIL"), "QtyOnHand": {"value": 50}}]}
    sandbox.put_state("StockItem", "APP0001", stock)

    def available() -> float:
        result = acumatica.put(
            "InventorySummaryInquiry",
            wrap(InventoryID="APP0001", WarehouseID="RETAIL"),
            **{"$expand": "Results"},
        ).json()
        return value(result["Results"][0], "QtyAvailable")

    before = available()
    assert before >= 2
    order = acumatica.put("SalesOrder", order_body()).json()
    assert available() == before - 2

    cancelled = acumatica.invoke(
        "SalesOrder", "CancelSalesOrder", wrap(OrderType="SO", OrderNbr=value(order, "OrderNbr"))
    )
    assert cancelled.status_code == 204
    assert available() == before


def test_new_orders_belong_to_the_session_branch_or_the_branch_header(sandbox: SandboxHandle) -> None:
    west = AcumaticaApi(sandbox.url)
    assert west.login(branch="WEST").status_code == 204

    in_west = west.put("SalesOrder", order_body()).json()
    in_main = west.put("SalesOrder", order_body(), headers={"PX-CbApiBranch": "MAIN"}).json()
    explicit = west.put("SalesOrder", order_body(**wrap(Branch="MAIN"))).json()

    assert value(in_west, "Branch") == "WEST"
    assert value(in_main, "Branch") == "MAIN"
    assert value(explicit, "Branch") == "MAIN"
    kept = west.put(
        "SalesOrder", wrap(OrderType="SO", OrderNbr=value(in_main, "OrderNbr"), Description="x")
    ).json()
    assert value(kept, "Branch") == "MAIN"  # an existing order keeps its branch
