"""Ship and invoice an order, and read shipments and invoices (reference s.13).

`POST /V1/order/{orderId}/ship|invoice` answer the new document id as a JSON string (`"5"`):
Magento returns the id as loaded from the database, not cast to the declared integer.
"""

from __future__ import annotations

from typing import Any

from .. import documents, orders
from ..errors import bad_request, entity_not_found
from ..interfaces import (
    INVOICE_ARGUMENTS,
    INVOICE_COMMENT_CREATION,
    INVOICE_ITEM_CREATION,
    PACKAGE_CREATION,
    SHIPMENT_ARGUMENTS,
    SHIPMENT_COMMENT_CREATION,
    SHIPMENT_ITEM_CREATION,
    TRACK,
    TRACK_CREATION,
)
from ..routing import Call, Route
from ..search import SEARCH_PARAM, search
from ..types import BOOL, INT, ListOf, Param

SHIP_ACL = "Magento_Sales::ship"
INVOICE_ACL = "Magento_Sales::invoice"
SHIPMENT_ACL = "Magento_Sales::shipment"
INVOICES_ACL = "Magento_Sales::sales_invoice"


def ship(call: Call) -> str:
    state, params = call.state, call.params
    order = orders.find(state, params["order_id"])
    quantities = documents.validate_shipment(order, params.get("items"))
    arguments = (params.get("arguments") or {}).get("extension_attributes") or {}
    source_code = arguments.get("source_code") or "default"
    if source_code not in state.sources:
        raise bad_request("Could not save a shipment, see error log for details")
    comment = params.get("comment") if params.get("append_comment") else None
    shipment = documents.register_shipment(
        state,
        order,
        quantities,
        call.now,
        source_code=source_code,
        tracks=params.get("tracks"),
        comment=comment,
        notify=bool(params.get("notify")),
    )
    call.write("shipments")
    call.write("orders")
    return str(shipment["entity_id"])


def invoice(call: Call) -> str:
    state, params = call.state, call.params
    order = orders.find(state, params["order_id"])
    capture = bool(params.get("capture"))
    quantities = documents.validate_invoice(order, params.get("items"), capture)
    comment = params.get("comment") if params.get("append_comment") else None
    created = documents.register_invoice(
        state,
        order,
        quantities,
        call.now,
        capture=capture,
        comment=comment,
        notify=bool(params.get("notify")),
    )
    call.write("invoices")
    call.write("orders")
    return str(created["entity_id"])


def search_shipments(call: Call) -> dict[str, Any]:
    records = [s for _, s in sorted(call.state.shipments.items())]
    return search(call.params["search_criteria"], records, render=documents.render_shipment)


def get_shipment(call: Call) -> dict[str, Any]:
    shipment = call.state.shipments.get(call.params["id"])
    if shipment is None:
        raise entity_not_found()
    return documents.render_shipment(shipment)


def add_track(call: Call) -> dict[str, Any]:
    state, data = call.state, call.params["entity"]
    shipment = state.shipments.get(data.get("parent_id") or 0)
    if shipment is None:
        raise bad_request("Could not save the shipment tracking.")
    if data.get("order_id") is not None and data["order_id"] != shipment["order_id"]:
        raise bad_request("The shipment doesn't belong to the order.")
    track = documents.new_track(state, shipment, data, call.now)
    shipment["tracks"].append(track)
    shipment["updated_at"] = call.now
    call.write("shipments")
    return dict(track)


def delete_track(call: Call) -> bool:
    for shipment in call.state.shipments.values():
        for track in shipment["tracks"]:
            if track["entity_id"] == call.params["id"]:
                shipment["tracks"].remove(track)
                shipment["updated_at"] = call.now
                call.write("shipments")
                return True
    raise bad_request("Could not delete the shipment tracking.")


def search_invoices(call: Call) -> dict[str, Any]:
    records = [i for _, i in sorted(call.state.invoices.items())]
    return search(call.params["search_criteria"], records, render=documents.render_invoice)


def get_invoice(call: Call) -> dict[str, Any]:
    found = call.state.invoices.get(call.params["id"])
    if found is None:
        raise entity_not_found()
    return documents.render_invoice(found)


_COMMON = (
    Param("notify", BOOL, required=False, default=False),
    Param("appendComment", BOOL, required=False, default=False),
)
ROUTES = [
    Route(
        "POST",
        "/V1/order/{orderId}/ship",
        ship,
        SHIP_ACL,
        (
            Param("orderId", INT),
            Param("items", ListOf(SHIPMENT_ITEM_CREATION), required=False, default=[]),
            *_COMMON,
            Param("comment", SHIPMENT_COMMENT_CREATION, required=False),
            Param("tracks", ListOf(TRACK_CREATION), required=False, default=[]),
            Param("packages", ListOf(PACKAGE_CREATION), required=False, default=[]),
            Param("arguments", SHIPMENT_ARGUMENTS, required=False),
        ),
        cost="document",
        service="Magento\\Sales\\Api\\ShipOrderInterface::execute",
    ),
    Route(
        "POST",
        "/V1/order/{orderId}/invoice",
        invoice,
        INVOICE_ACL,
        (
            Param("orderId", INT),
            Param("capture", BOOL, required=False, default=False),
            Param("items", ListOf(INVOICE_ITEM_CREATION), required=False, default=[]),
            *_COMMON,
            Param("comment", INVOICE_COMMENT_CREATION, required=False),
            Param("arguments", INVOICE_ARGUMENTS, required=False),
        ),
        cost="document",
        service="Magento\\Sales\\Api\\InvoiceOrderInterface::execute",
    ),
    Route("GET", "/V1/shipments", search_shipments, SHIPMENT_ACL, (SEARCH_PARAM,)),
    Route("GET", "/V1/shipment/{id}", get_shipment, SHIPMENT_ACL, (Param("id", INT),)),
    Route(
        "POST",
        "/V1/shipment/track",
        add_track,
        SHIP_ACL,
        (Param("entity", TRACK),),
        cost="entity",
        service="Magento\\Sales\\Api\\ShipmentTrackRepositoryInterface::save",
    ),
    Route(
        "DELETE",
        "/V1/shipment/track/{id}",
        delete_track,
        SHIP_ACL,
        (Param("id", INT),),
        cost="entity",
        service="Magento\\Sales\\Api\\ShipmentTrackRepositoryInterface::deleteById",
    ),
    Route("GET", "/V1/invoices", search_invoices, INVOICES_ACL, (SEARCH_PARAM,)),
    Route("GET", "/V1/invoices/{id}", get_invoice, INVOICES_ACL, (Param("id", INT),)),
]
