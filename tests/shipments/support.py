"""Shipping imported orders in Acumatica as a warehouse clerk would, through the REST API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from endpoints.clients.acumatica import AcumaticaClient
from sandbox.testing import SandboxHandle
from sync.choices import Entity
from sync.flows.orders import OrderImportFlow
from sync.models import Link
from tests.orders.support import generate_orders, run, sales_orders, value


def import_orders(acumatica: SandboxHandle, magento: SandboxHandle, count: int) -> list[Link]:
    """Generated Magento orders imported as sales orders; their order links."""
    acumatica.put_state("Customer", "C000016", {"Status": {"value": "Active"}})
    ids = generate_orders(magento, count)
    run(OrderImportFlow)
    found = sales_orders(acumatica)
    links = []
    for increment_id in ids:
        record = found[increment_id][0]
        key = f"{value(record, 'OrderType')}/{value(record, 'OrderNbr')}"
        links.append(Link.objects.get(entity=Entity.ORDER, acumatica_key=key))  # in whichever scope
    return links


def create_shipment(clerk: AcumaticaClient, order: Link, *, lines: Sequence[int] | None = None) -> str:
    """SalesOrderCreateShipment for the order, keeping only the given order line numbers; the number."""
    order_type, order_nbr = order.acumatica_key.split("/")
    keys = {"OrderType": {"value": order_type}, "OrderNbr": {"value": order_nbr}}
    clerk.invoke_action("SalesOrder", "SalesOrderCreateShipment", keys)
    record = clerk.fetch_record("SalesOrder", order_type, order_nbr, expand="Shipments")
    numbers = sorted(value(row, "ShipmentNbr") for row in record["Shipments"])
    shipment_nbr = numbers[-1]
    if lines is not None:
        shipment = clerk.fetch_record("Shipment", shipment_nbr, expand="Details")
        removed = [
            {"id": row["id"], "delete": True}
            for row in shipment["Details"]
            if int(value(row, "OrderLineNbr")) not in set(lines)
        ]
        clerk.push_record("Shipment", {"ShipmentNbr": {"value": shipment_nbr}, "Details": removed})
    return shipment_nbr


def add_packages(clerk: AcumaticaClient, shipment_nbr: str, tracking: Sequence[str], **fields: Any) -> None:
    body: dict[str, Any] = {
        "ShipmentNbr": {"value": shipment_nbr},
        "Packages": [{"TrackingNbr": {"value": number}, "Weight": {"value": 1.5}} for number in tracking],
    }
    body.update({name: {"value": field} for name, field in fields.items()})
    clerk.push_record("Shipment", body)


def confirm(clerk: AcumaticaClient, shipment_nbr: str) -> None:
    clerk.invoke_action("Shipment", "ConfirmShipment", {"ShipmentNbr": {"value": shipment_nbr}})


def invoice_and_release(clerk: AcumaticaClient, shipment_nbr: str) -> None:
    clerk.invoke_action("Shipment", "PrepareInvoice", {"ShipmentNbr": {"value": shipment_nbr}})
    shipment = clerk.fetch_record("Shipment", shipment_nbr, expand="Orders")
    invoice_nbr = value(shipment["Orders"][0], "InvoiceNbr")
    clerk.invoke_action(
        "SalesInvoice",
        "ReleaseSalesInvoice",
        {"Type": {"value": "Invoice"}, "ReferenceNbr": {"value": invoice_nbr}},
    )


def magento_shipments(magento: SandboxHandle, order: Link) -> list[dict[str, Any]]:
    order_id = int(order.extra["entity_id"])
    return [s for s in magento.state("shipments") if s["order_id"] == order_id]
