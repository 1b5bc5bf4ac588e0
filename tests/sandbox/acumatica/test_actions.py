"""Actions as long-running operations and the order-to-invoice flow (checklist item 8)."""

from __future__ import annotations

from typing import Any

from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi, value, wrap


def create_order(api: AcumaticaApi, payment_method: str = "CHECK", **overrides: Any) -> dict[str, Any]:
    body = {
        **wrap(OrderType="SO", CustomerID="C000002", CustomerOrder="M2-42", ShipVia="UPSGROUND"),
        **wrap(PaymentMethod=payment_method),
        "Details": [
            {**wrap(InventoryID="APP0001", WarehouseID="WHOLESALE"), "OrderQty": {"value": 2}},
            {**wrap(InventoryID="ELE0003", WarehouseID="WHOLESALE"), "OrderQty": {"value": 1}},
        ],
        **overrides,
    }
    response = api.put("SalesOrder", body, **{"$expand": "Details"})
    assert response.status_code == 200, response.text
    return response.json()


def order_key(order: dict[str, Any]) -> dict[str, Any]:
    return wrap(OrderType=value(order, "OrderType"), OrderNbr=value(order, "OrderNbr"))


def on_hand(api: AcumaticaApi, inventory_id: str, warehouse: str) -> float:
    item = api.get(f"StockItem/{inventory_id}", **{"$expand": "WarehouseDetails"}).json()
    return next(
        value(r, "QtyOnHand") for r in item["WarehouseDetails"] if value(r, "WarehouseID") == warehouse
    )


def test_an_action_answers_202_with_a_status_location_polled_to_204(acumatica: AcumaticaApi) -> None:
    order = create_order(acumatica)

    started = acumatica.post(
        "SalesOrder/SalesOrderCreateShipment",
        {
            "entity": {"id": order["id"]},
            "parameters": wrap(WarehouseID="WHOLESALE", ShipmentDate="2025-08-20T00:00:00+03:00"),
        },
    )

    assert started.status_code == 202
    assert started.content == b""
    location = started.headers["Location"]
    assert location.startswith("/entity/Default/24.200.001/SalesOrder/SalesOrderCreateShipment/status/")
    done = acumatica.poll(location)
    assert done.status_code == 204
    assert done.headers["Location"].endswith(f"/SalesOrder/{order['id']}")
    assert acumatica.poll(location).status_code == 204  # polling again keeps answering 204


def test_the_order_ships_confirms_invoices_and_releases_with_statuses_following(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    order = create_order(acumatica)
    stock_before = on_hand(acumatica, "APP0001", "WHOLESALE")

    assert (
        acumatica.invoke(
            "SalesOrder", "SalesOrderCreateShipment", order_key(order), wrap(WarehouseID="WHOLESALE")
        ).status_code
        == 204
    )
    shipping = acumatica.get(
        f"SalesOrder/SO/{value(order, 'OrderNbr')}",
        **{"$expand": "Shipments", "$select": "OrderNbr,Status,Shipments/ShipmentNbr,Shipments/Status"},
    ).json()
    assert value(shipping, "Status") == "Shipping"
    shipment_nbr = value(shipping["Shipments"][0], "ShipmentNbr")
    assert value(shipping["Shipments"][0], "Status") == "Open"

    shipment = acumatica.get(f"Shipment/{shipment_nbr}", **{"$expand": "Details"}).json()
    assert value(shipment, "CustomerID") == "C000002"
    assert value(shipment, "ShipVia") == "UPSGROUND"
    assert [value(d, "ShippedQty") for d in shipment["Details"]] == [2, 1]

    assert acumatica.invoke("Shipment", "ConfirmShipment", wrap(ShipmentNbr=shipment_nbr)).status_code == 204
    assert value(acumatica.get(f"Shipment/{shipment_nbr}").json(), "Status") == "Confirmed"
    assert value(acumatica.get(f"SalesOrder/SO/{value(order, 'OrderNbr')}").json(), "Status") == "Completed"
    assert on_hand(acumatica, "APP0001", "WHOLESALE") == stock_before - 2

    assert acumatica.invoke("Shipment", "PrepareInvoice", wrap(ShipmentNbr=shipment_nbr)).status_code == 204
    invoiced = acumatica.get(
        "Shipment",
        **{
            "$expand": "Orders",
            "$filter": f"ShipmentNbr eq '{shipment_nbr}'",
            "$select": "ShipmentNbr,Status,Orders/InvoiceNbr",
        },
    ).json()[0]
    assert value(invoiced, "Status") == "Invoiced"
    invoice_nbr = value(invoiced["Orders"][0], "InvoiceNbr")
    invoice = acumatica.get(f"SalesInvoice/Invoice/{invoice_nbr}", **{"$expand": "Details"}).json()
    assert value(invoice, "Status") == "Balanced"
    assert value(invoice, "CustomerOrder") == "M2-42"
    assert value(invoice, "Amount") == value(order, "OrderTotal")

    assert (
        acumatica.invoke(
            "SalesInvoice", "ReleaseSalesInvoice", wrap(Type="Invoice", ReferenceNbr=invoice_nbr)
        ).status_code
        == 204
    )
    released = acumatica.get(
        f"SalesInvoice/Invoice/{invoice_nbr}", **{"$select": "ReferenceNbr,Type,Status,Balance"}
    ).json()
    assert value(released, "Status") == "Open"
    assert value(released, "Balance") == value(order, "OrderTotal")
    assert value(acumatica.get(f"Shipment/{shipment_nbr}").json(), "Status") == "Completed"


def test_an_invoice_of_an_order_paid_by_card_is_closed_on_release(acumatica: AcumaticaApi) -> None:
    order = create_order(acumatica, payment_method="CREDITCARD")
    acumatica.invoke("SalesOrder", "SalesOrderCreateShipment", order_key(order), {})
    shipment_nbr = value(acumatica.get("Shipment").json()[-1], "ShipmentNbr")
    acumatica.invoke("Shipment", "ConfirmShipment", wrap(ShipmentNbr=shipment_nbr))

    assert acumatica.invoke("SalesOrder", "PrepareSalesInvoice", order_key(order)).status_code == 204
    invoice = acumatica.get("SalesInvoice", **{"$filter": "CustomerOrder eq 'M2-42'"}).json()[0]
    acumatica.invoke(
        "SalesInvoice",
        "ReleaseSalesInvoice",
        wrap(Type="Invoice", ReferenceNbr=value(invoice, "ReferenceNbr")),
    )

    closed = acumatica.get(f"SalesInvoice/Invoice/{value(invoice, 'ReferenceNbr')}").json()
    assert value(closed, "Status") == "Closed"
    assert value(closed, "Balance") == 0


def test_hold_release_from_hold_and_cancel(acumatica: AcumaticaApi) -> None:
    order = create_order(acumatica)
    key = order_key(order)
    path = f"SalesOrder/SO/{value(order, 'OrderNbr')}"

    assert acumatica.invoke("SalesOrder", "putOnHold", key).status_code == 204
    assert value(acumatica.get(path).json(), "Status") == "On Hold"
    assert acumatica.invoke("SalesOrder", "releaseFromHold", key).status_code == 204
    assert value(acumatica.get(path).json(), "Status") == "Open"
    assert acumatica.put("SalesOrder", {**key, "Hold": {"value": True}}).json()["Status"] == {
        "value": "On Hold"
    }
    assert acumatica.invoke("SalesOrder", "CancelSalesOrder", key).status_code == 204
    assert value(acumatica.get(path).json(), "Status") == "Canceled"
    assert acumatica.invoke("SalesOrder", "ReopenSalesOrder", key).status_code == 204
    assert value(acumatica.get(path).json(), "Status") == "On Hold"


def test_an_action_refused_by_the_document_status_fails_on_the_poll(acumatica: AcumaticaApi) -> None:
    order = create_order(acumatica, Hold={"value": True})

    failed = acumatica.invoke("SalesOrder", "SalesOrderCreateShipment", order_key(order), {})

    assert failed.status_code == 500
    assert failed.json()["exceptionType"] == "PX.Data.PXException"
    assert "On Hold" in failed.json()["exceptionMessage"]
    assert acumatica.get("Shipment").json() == []


def test_actions_on_missing_records_and_bad_bodies(acumatica: AcumaticaApi) -> None:
    missing = acumatica.post("Shipment/ConfirmShipment", {"entity": wrap(ShipmentNbr="999999")})
    assert missing.status_code == 500
    assert missing.json()["exceptionType"].endswith("NoEntitySatisfiesTheConditionException")
    assert acumatica.post("Shipment/ConfirmShipment", {"parameters": {}}).status_code == 400
    unknown_operation = acumatica.get("Shipment/ConfirmShipment/status/0f8fad5b-d9cb-469f-a165-70867728950e")
    assert unknown_operation.status_code == 500


def test_while_an_operation_runs_its_session_accepts_only_the_status_poll(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    order = create_order(acumatica)
    sandbox.config(profile="realistic", max_requests_per_minute=1000)  # the operation now takes 1.2 s

    started = acumatica.post("SalesOrder/SalesOrderCreateShipment", {"entity": order_key(order)})
    running = acumatica.http.get(f"{acumatica.url}{started.headers['Location']}")
    busy = acumatica.get("StockItem/APP0001")

    assert running.status_code == 202
    assert running.headers["Location"] == started.headers["Location"]
    assert busy.status_code == 500
    assert "long-running operation" in busy.json()["exceptionMessage"]
    assert acumatica.poll(started.headers["Location"]).status_code == 204
    sandbox.config(profile="instant")
    assert value(acumatica.get(f"SalesOrder/SO/{value(order, 'OrderNbr')}").json(), "Status") == "Shipping"


def test_shipments_can_be_created_by_put_from_orders_and_carry_tracking_numbers(
    acumatica: AcumaticaApi,
) -> None:
    order = create_order(acumatica)

    created = acumatica.put(
        "Shipment",
        {
            **wrap(Type="Shipment", CustomerID="C000002", WarehouseID="WHOLESALE"),
            "Details": [wrap(OrderType="SO", OrderNbr=value(order, "OrderNbr"))],
        },
        **{"$expand": "Details"},
    )
    assert created.status_code == 200, created.text
    shipment = created.json()
    assert [value(d, "InventoryID") for d in shipment["Details"]] == ["APP0001", "ELE0003"]

    tracked = acumatica.put(
        "Shipment",
        {
            "id": shipment["id"],
            "Packages": [{**wrap(BoxID="LARGE", TrackingNbr="1Z999"), "Weight": {"value": 2.5}}],
        },
        **{"$expand": "Packages", "$select": "Packages/TrackingNbr"},
    ).json()
    assert value(tracked["Packages"][0], "TrackingNbr") == "1Z999"
    read = acumatica.get(
        "Shipment",
        **{
            "$expand": "Packages",
            "$select": "Packages/TrackingNbr",
            "$filter": f"ShipmentNbr eq '{value(shipment, 'ShipmentNbr')}'",
        },
    ).json()
    assert value(read[0]["Packages"][0], "TrackingNbr") == "1Z999"
    assert value(acumatica.get(f"SalesOrder/SO/{value(order, 'OrderNbr')}").json(), "Status") == "Shipping"


def test_a_second_shipment_ships_what_is_left_and_correcting_reverses_stock(acumatica: AcumaticaApi) -> None:
    order = create_order(acumatica)
    stock = on_hand(acumatica, "APP0001", "WHOLESALE")
    acumatica.invoke("SalesOrder", "SalesOrderCreateShipment", order_key(order), {})
    first = value(acumatica.get("Shipment").json()[-1], "ShipmentNbr")
    refused = acumatica.invoke("SalesOrder", "SalesOrderCreateShipment", order_key(order), {})
    assert refused.status_code == 500  # everything is already on a shipment

    acumatica.invoke("Shipment", "ConfirmShipment", wrap(ShipmentNbr=first))
    assert on_hand(acumatica, "APP0001", "WHOLESALE") == stock - 2
    assert acumatica.invoke("Shipment", "CorrectShipment", wrap(ShipmentNbr=first)).status_code == 204
    assert on_hand(acumatica, "APP0001", "WHOLESALE") == stock
    assert value(acumatica.get(f"Shipment/{first}").json(), "Status") == "Open"
