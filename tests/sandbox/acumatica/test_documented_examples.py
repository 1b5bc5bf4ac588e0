"""The README's curl walk-through (the reference's documented examples on the demo tenant), run
over HTTP with the answers the README promises."""

from __future__ import annotations

import requests

from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi, value, wrap


def test_the_documented_walk_through_gives_the_documented_answers(sandbox: SandboxHandle) -> None:
    endpoints = requests.get(f"{sandbox.url}/entity", timeout=5).json()
    assert {"name": "Default", "version": "24.200.001", "href": "/entity/Default/24.200.001/"} in endpoints[
        "endpoints"
    ]
    api = AcumaticaApi(sandbox.url)
    assert api.login(branch="MAIN").status_code == 204

    customer = api.put(
        "Customer",
        {
            **wrap(CustomerID="JOHNGOOD", CustomerName="John Good", CustomerClass="GENERAL"),
            "MainContact": {
                **wrap(Email="demo@gmail.com"),
                "Address": wrap(
                    AddressLine1="4030 Lake Washington Blvd NE",
                    City="Kirkland",
                    State="WA",
                    PostalCode="98033",
                ),
            },
        },
        **{"$expand": "MainContact,MainContact/Address"},
    )
    assert customer.status_code == 200
    assert value(customer.json(), "MainContact", "Address", "City") == "Kirkland"
    found = api.get(
        "Customer", **{"$filter": "MainContact/Email eq 'demo@gmail.com'", "$expand": "MainContact"}
    )
    assert [value(c, "CustomerID") for c in found.json()] == ["JOHNGOOD"]

    order = api.put(
        "SalesOrder",
        {
            **wrap(OrderType="SO", CustomerID="JOHNGOOD", CustomerOrder="M2-000123", ExternalRef="000000123"),
            "Hold": {"value": False},
            "ShipToAddressOverride": {"value": True},
            "ShipToAddress": wrap(
                AddressLine1="1 Main St", City="Austin", State="TX", PostalCode="78701", Country="US"
            ),
            "Details": [
                {
                    **wrap(InventoryID="APP0001", WarehouseID="WHOLESALE"),
                    "OrderQty": {"value": 2},
                    "UnitPrice": {"value": 49.5},
                }
            ],
        },
        **{"$expand": "Details,ShipToAddress"},
    ).json()
    assert value(order, "OrderNbr") == "000002"
    assert value(order, "ShipToAddress", "City") == "Austin"
    looked_up = api.get(
        "SalesOrder",
        **{"$filter": "OrderType eq 'SO' and CustomerOrder eq 'M2-000123'", "$select": "OrderNbr,Status"},
    ).json()
    assert [(value(o, "OrderNbr"), value(o, "Status")) for o in looked_up] == [("000002", "Open")]

    started = api.post(
        "SalesOrder/SalesOrderCreateShipment",
        {"entity": wrap(OrderType="SO", OrderNbr="000002"), "parameters": wrap(WarehouseID="WHOLESALE")},
    )
    assert started.status_code == 202
    assert "/status/" in started.headers["Location"]
    assert api.poll(started.headers["Location"]).status_code == 204
    shipments = api.get(
        "SalesOrder/SO/000002", **{"$expand": "Shipments", "$select": "OrderNbr,Shipments/ShipmentNbr"}
    )
    assert value(shipments.json()["Shipments"][0], "ShipmentNbr") == "000001"

    assert api.invoke("Shipment", "ConfirmShipment", wrap(ShipmentNbr="000001")).status_code == 204
    assert value(api.get("Shipment/000001").json(), "Status") == "Confirmed"
    assert api.invoke("Shipment", "PrepareInvoice", wrap(ShipmentNbr="000001")).status_code == 204
    orders = api.get(
        "Shipment",
        **{
            "$expand": "Orders",
            "$filter": "ShipmentNbr eq '000001'",
            "$select": "ShipmentNbr,Orders/InvoiceNbr",
        },
    ).json()
    assert value(orders[0]["Orders"][0], "InvoiceNbr") == "INV000001"
    assert (
        api.invoke(
            "SalesInvoice", "ReleaseSalesInvoice", wrap(Type="Invoice", ReferenceNbr="INV000001")
        ).status_code
        == 204
    )
    invoice = api.get("SalesInvoice/Invoice/INV000001", **{"$select": "ReferenceNbr,Type,Status"}).json()
    assert value(invoice, "Status") == "Open"

    changed = api.get(
        "StockItem",
        **{
            "$expand": "WarehouseDetails",
            "$filter": "ItemStatus eq 'Active' and "
            "LastModified gt datetimeoffset'2019-08-18T23:59:59.999+04:00'",
        },
    ).json()
    assert changed and all("WarehouseDetails" in i for i in changed)
    summary = api.put(
        "InventorySummaryInquiry",
        wrap(InventoryID="APP0001", WarehouseID="WHOLESALE"),
        **{"$expand": "Results"},
    )
    assert value(summary.json()["Results"][0], "WarehouseID") == "WHOLESALE"
    quantity = api.put(
        "InventoryQuantityAvailable",
        wrap(InventoryID="APP0001", LastModifiedDateTime="6/7/2024"),
        **{"$expand": "Results"},
    )
    assert value(quantity.json()["Results"][0], "InventoryID") == "APP0001"
    branches = api.put("CompaniesStructure", {}, **{"$expand": "Results"}).json()["Results"]
    assert [value(b, "BranchID") for b in branches] == ["MAIN", "WEST"]
    assert "custom" in api.get("StockItem/$adHocSchema").json()
    missing = api.get("StockItem/NOSUCH")
    assert missing.status_code == 500
    assert "NoEntitySatisfiesTheCondition" in missing.json()["exceptionType"]
    assert api.logout().status_code == 204
