"""Orders, the generator, ship and invoice (points 8 and 9)."""

from __future__ import annotations

from typing import Any

from sandbox.common.catalog import build_catalog

from .conftest import MagentoClient, criteria

ENTITY_NOT_FOUND = "The entity that was requested doesn't exist. Verify the entity and try again."


def _orders(magento: MagentoClient, count: int = 30) -> list[dict[str, Any]]:
    return magento.generate_orders(count)


def test_generated_orders_cover_guests_registered_payments_shipping_and_discounts(
    magento: MagentoClient,
) -> None:
    orders = _orders(magento)
    catalog = build_catalog(1, 60)
    guests = [o for o in orders if o["customer_is_guest"] == 1]
    registered = [o for o in orders if o["customer_is_guest"] == 0]
    assert guests and registered
    assert all("customer_id" not in o and o["customer_group_id"] == 0 for o in guests)
    assert all(isinstance(o["customer_id"], int) for o in registered)
    assert len({o["payment"]["method"] for o in orders}) >= 3
    assert {o["payment"]["method"] for o in orders} <= {p.magento_code for p in catalog.payment_methods}
    methods = {o["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"] for o in orders}
    assert len(methods) >= 2 and methods <= {s.magento_method for s in catalog.ship_vias}
    assert any(o["discount_amount"] < 0 for o in orders) and any(o["discount_amount"] == 0 for o in orders)
    known = {i.inventory_id for i in catalog.items}
    assert all(item["sku"] in known for o in orders for item in o["items"])


def test_increment_ids_are_zero_padded_strings_per_store(magento: MagentoClient) -> None:
    orders = _orders(magento, 12)
    by_store: dict[int, list[str]] = {}
    for order in orders:
        assert isinstance(order["increment_id"], str) and len(order["increment_id"]) == 9
        by_store.setdefault(order["store_id"], []).append(order["increment_id"])
    assert by_store[1][0] == "000000001"
    if 2 in by_store:
        assert by_store[2][0] == "200000001"


def test_configurable_lines_are_a_parent_and_a_child_row(magento: MagentoClient) -> None:
    orders = _orders(magento)
    parents = [i for o in orders for i in o["items"] if i["product_type"] == "configurable"]
    assert parents
    for order in orders:
        for item in order["items"]:
            if "parent_item_id" not in item:
                assert "parent_item" not in item
                continue
            parent = item["parent_item"]
            assert parent["item_id"] == item["parent_item_id"] and parent["product_type"] == "configurable"
            assert parent["sku"] == item["sku"] and parent["price"] > 0
            assert item["price"] == 0 and item["row_total"] == 0 and item["product_type"] == "simple"


def test_shipping_data_lives_only_in_shipping_assignments(magento: MagentoClient) -> None:
    order = _orders(magento, 1)[0]
    assert "shipping_address" not in order and "shipping_method" not in order
    assignment = order["extension_attributes"]["shipping_assignments"][0]
    assert assignment["shipping"]["address"]["address_type"] == "shipping"
    assert assignment["shipping"]["total"]["shipping_amount"] == order["shipping_amount"]
    assert assignment["items"] == order["items"]
    assert order["billing_address"]["address_type"] == "billing"


def test_order_output_typing(magento: MagentoClient) -> None:
    order = _orders(magento, 1)[0]
    assert isinstance(order["entity_id"], int) and isinstance(order["grand_total"], float)
    assert isinstance(order["customer_is_guest"], int) and isinstance(order["is_virtual"], int)
    assert all(isinstance(i["qty_ordered"], float) for i in order["items"])
    assert order["payment"]["account_status"] is None  # required by the interface, so sent as null
    assert (
        round(
            order["subtotal"] + order["discount_amount"] + order["tax_amount"] + order["shipping_amount"], 2
        )
        == (order["grand_total"])
    )


def test_generated_orders_use_store_products_when_they_exist(magento: MagentoClient) -> None:
    catalog = build_catalog(1, 60)
    for item in catalog.simple_items:
        magento.create_product(
            item.inventory_id, name=f"Store {item.description} {item.inventory_id}", price=1.0
        )
    lines = [
        i
        for o in _orders(magento, 10)
        for i in o["items"]
        if i["product_type"] == "simple" and "parent_item_id" not in i
    ]
    assert lines and all(isinstance(i["product_id"], int) and i["price"] == 1.0 for i in lines)


def test_updated_at_cursor_finds_new_orders(magento: MagentoClient) -> None:
    first = _orders(magento, 3)
    cursor = max(o["updated_at"] for o in first)
    found = magento.ok(
        magento.get(
            "/rest/V1/orders",
            params=criteria([[("updated_at", cursor, "gteq")]], sort=[("updated_at", "ASC")], page_size=100),
        )
    )
    assert {o["entity_id"] for o in first} <= {o["entity_id"] for o in found["items"]}
    by_increment = magento.ok(
        magento.get("/rest/V1/orders", params=criteria([[("increment_id", first[0]["increment_id"], "eq")]]))
    )
    assert [o["entity_id"] for o in by_increment["items"]] == [first[0]["entity_id"]]


def test_order_not_found_text(magento: MagentoClient) -> None:
    for path in ("/rest/V1/orders/999", "/rest/V1/invoices/999", "/rest/V1/shipment/999"):
        response = magento.get(path)
        assert (response.status_code, response.json()) == (404, {"message": ENTITY_NOT_FOUND})
    ship = magento.post("/rest/V1/order/999/ship", {})
    assert ship.status_code == 404


def _offline_order(magento: MagentoClient) -> dict[str, Any]:
    return next(o for o in _orders(magento, 12) if o["state"] == "new")


def test_ship_then_invoice_moves_new_to_processing_to_complete(magento: MagentoClient) -> None:
    order = _offline_order(magento)
    assert order["status"] == "pending"
    shipment_id = magento.ok(
        magento.post(
            f"/rest/V1/order/{order['entity_id']}/ship",
            {
                "tracks": [
                    {
                        "track_number": "1Z999AA10123456784",
                        "title": "United Parcel Service",
                        "carrier_code": "ups",
                    }
                ],
                "appendComment": True,
                "comment": {"comment": "Shipped from WH1", "is_visible_on_front": 0},
                "arguments": {"extension_attributes": {"source_code": "default"}},
            },
        )
    )
    assert isinstance(shipment_id, str) and shipment_id.isdigit()
    assert magento.ok(magento.get(f"/rest/V1/orders/{order['entity_id']}"))["state"] == "processing"
    invoice_id = magento.ok(magento.post(f"/rest/V1/order/{order['entity_id']}/invoice", {"capture": True}))
    assert isinstance(invoice_id, str)
    done = magento.ok(magento.get(f"/rest/V1/orders/{order['entity_id']}"))
    assert (done["state"], done["status"]) == ("complete", "complete")
    shipment = magento.ok(magento.get(f"/rest/V1/shipment/{shipment_id}"))
    assert shipment["order_id"] == order["entity_id"] and shipment["extension_attributes"] == {
        "source_code": "default"
    }
    assert shipment["tracks"][0]["track_number"] == "1Z999AA10123456784"
    assert shipment["comments"][0]["comment"] == "Shipped from WH1"
    invoice = magento.ok(magento.get(f"/rest/V1/invoices/{invoice_id}"))
    assert invoice["state"] == 2 and invoice["grand_total"] == order["grand_total"]


def test_shipping_everything_twice_is_a_document_validation_error(magento: MagentoClient) -> None:
    order = _offline_order(magento)
    magento.ok(magento.post(f"/rest/V1/order/{order['entity_id']}/ship", {}))
    again = magento.post(f"/rest/V1/order/{order['entity_id']}/ship", {})
    assert again.status_code == 400
    assert again.json() == {
        "message": "Shipment Document Validation Error(s):\n"
        "The order does not allow a shipment to be created.\n"
        "You can't create a shipment without products."
    }


def test_invoicing_a_complete_order_is_refused_with_its_status(magento: MagentoClient) -> None:
    order = _offline_order(magento)
    magento.ok(magento.post(f"/rest/V1/order/{order['entity_id']}/invoice", {}))
    magento.ok(magento.post(f"/rest/V1/order/{order['entity_id']}/ship", {}))
    refused = magento.post(f"/rest/V1/order/{order['entity_id']}/invoice", {})
    assert refused.json() == {
        "message": "Invoice Document Validation Error(s):\n"
        "An invoice cannot be created when an order has a status of complete"
    }


def test_partial_shipment_of_a_line_and_too_much_quantity(magento: MagentoClient) -> None:
    order = _offline_order(magento)
    line = next(i for i in order["items"] if "parent_item_id" not in i)
    too_much = magento.post(
        f"/rest/V1/order/{order['entity_id']}/ship",
        {"items": [{"order_item_id": line["item_id"], "qty": 99}]},
    )
    assert too_much.json()["message"] == (
        "Shipment Document Validation Error(s):\n"
        f'We found an invalid quantity to ship for item "{line["name"]}".\n'
        "You can't create a shipment without products."
    )
    magento.ok(
        magento.post(
            f"/rest/V1/order/{order['entity_id']}/ship",
            {"items": [{"order_item_id": line["item_id"], "qty": 1}]},
        )
    )
    shipped = magento.ok(magento.get(f"/rest/V1/orders/{order['entity_id']}"))
    assert next(i for i in shipped["items"] if i["item_id"] == line["item_id"])["qty_shipped"] == 1


def test_held_order_cannot_be_shipped(magento: MagentoClient) -> None:
    order = _offline_order(magento)
    assert magento.ok(magento.post(f"/rest/V1/orders/{order['entity_id']}/hold")) is True
    refused = magento.post(f"/rest/V1/order/{order['entity_id']}/ship", {})
    assert refused.json()["message"] == (
        "Shipment Document Validation Error(s):\n"
        "A shipment cannot be created when an order has a status of holded"
    )
    assert magento.ok(magento.post(f"/rest/V1/orders/{order['entity_id']}/unhold")) is True
    assert magento.ok(magento.get(f"/rest/V1/orders/{order['entity_id']}/statuses")) == "pending"


def test_card_orders_are_invoiced_at_checkout(magento: MagentoClient) -> None:
    paid = [o for o in _orders(magento) if o["payment"]["method"] == "braintree"]
    assert paid
    for order in paid:
        assert order["state"] == "processing" and order["total_paid"] == order["grand_total"]
        invoices = magento.ok(
            magento.get("/rest/V1/invoices", params=criteria([[("order_id", order["entity_id"], "eq")]]))
        )
        assert invoices["total_count"] == 1


def test_comment_returns_true_and_copies_the_status(magento: MagentoClient) -> None:
    order = next(o for o in _orders(magento, 12) if o["state"] == "processing")
    body = {
        "statusHistory": {
            "comment": "Imported to Acumatica as SO004711",
            "is_customer_notified": 0,
            "is_visible_on_front": 0,
            "parent_id": order["entity_id"],
            "status": "fraud",
        }
    }
    assert magento.ok(magento.post(f"/rest/V1/orders/{order['entity_id']}/comments", body)) is True
    after = magento.ok(magento.get(f"/rest/V1/orders/{order['entity_id']}"))
    assert (
        after["status"] == "fraud"
        and after["status_histories"][0]["comment"] == "Imported to Acumatica as SO004711"
    )
    assert after["updated_at"] >= order["updated_at"]
    comments = magento.ok(magento.get(f"/rest/V1/orders/{order['entity_id']}/comments"))
    assert comments["items"][0]["status"] == "fraud"


def test_comment_with_a_status_of_another_state_is_refused(magento: MagentoClient) -> None:
    order = _offline_order(magento)
    body = {
        "statusHistory": {
            "comment": "x",
            "is_customer_notified": 0,
            "is_visible_on_front": 0,
            "parent_id": order["entity_id"],
            "status": "processing",
        }
    }
    refused = magento.post(f"/rest/V1/orders/{order['entity_id']}/comments", body)
    assert refused.json() == {
        "message": 'Unable to add comment: The status "%1" is not part of the order status history.',
        "parameters": ["processing"],
    }
    no_status = {"statusHistory": {**body["statusHistory"], "status": None}}
    assert magento.ok(magento.post(f"/rest/V1/orders/{order['entity_id']}/comments", no_status)) is True
    assert magento.ok(magento.get(f"/rest/V1/orders/{order['entity_id']}"))["status"] == "pending"


def test_cancel_answers_false_when_not_cancelable(magento: MagentoClient) -> None:
    order = _offline_order(magento)
    assert magento.ok(magento.post(f"/rest/V1/orders/{order['entity_id']}/cancel")) is True
    assert magento.ok(magento.post(f"/rest/V1/orders/{order['entity_id']}/cancel")) is False


def test_put_orders_create_saves_an_order_entity(magento: MagentoClient) -> None:
    entity = {
        "customer_email": "erp@example.com",
        "base_grand_total": 20,
        "grand_total": 20,
        "items": [{"sku": "ACU-1", "name": "One", "qty_ordered": 2, "price": 10, "product_type": "simple"}],
        "billing_address": {
            "firstname": "E",
            "lastname": "R",
            "street": ["1 Way"],
            "city": "X",
            "postcode": "1",
            "country_id": "US",
            "telephone": "1",
        },
        "payment": {"method": "checkmo"},
        "extension_attributes": {
            "shipping_assignments": [{"shipping": {"method": "flatrate_flatrate"}, "items": []}]
        },
    }
    saved = magento.ok(magento.put("/rest/V1/orders/create", {"entity": entity}))
    assert saved["increment_id"] == "000000001" and (saved["state"], saved["status"]) == ("new", "pending")
    assert saved["items"][0]["item_id"] and saved["items"][0]["order_id"] == saved["entity_id"]
    assert (
        saved["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"] == "flatrate_flatrate"
    )
    assert (
        magento.ok(magento.get(f"/rest/V1/orders/{saved['entity_id']}"))["customer_email"]
        == "erp@example.com"
    )


def test_order_items_search(magento: MagentoClient) -> None:
    order = _orders(magento, 1)[0]
    items = magento.ok(
        magento.get("/rest/V1/orders/items", params=criteria([[("order_id", order["entity_id"], "eq")]]))
    )
    assert items["total_count"] == len(order["items"])
    one = magento.ok(magento.get(f"/rest/V1/orders/items/{order['items'][0]['item_id']}"))
    assert one["sku"] == order["items"][0]["sku"]


def test_tracks_can_be_added_and_removed(magento: MagentoClient) -> None:
    order = _offline_order(magento)
    shipment_id = int(magento.ok(magento.post(f"/rest/V1/order/{order['entity_id']}/ship", {})))
    track = magento.ok(
        magento.post(
            "/rest/V1/shipment/track",
            {
                "entity": {
                    "order_id": order["entity_id"],
                    "parent_id": shipment_id,
                    "track_number": "T1",
                    "title": "DHL",
                    "carrier_code": "dhl",
                }
            },
        )
    )
    assert track["track_number"] == "T1" and track["weight"] is None
    assert magento.ok(magento.delete(f"/rest/V1/shipment/track/{track['entity_id']}")) is True
    listed = magento.ok(
        magento.get("/rest/V1/shipments", params=criteria([[("order_id", order["entity_id"], "eq")]]))
    )
    assert listed["total_count"] == 1 and listed["items"][0]["tracks"] == []


def test_shipping_deducts_the_named_source(magento: MagentoClient) -> None:
    order = _offline_order(magento)
    line = next(i for i in order["items"] if "parent_item_id" not in i and i["product_type"] == "simple")
    magento.ok(
        magento.post(
            "/rest/V1/inventory/source-items",
            {"sourceItems": [{"sku": line["sku"], "source_code": "retail", "quantity": 50, "status": 1}]},
        )
    )
    magento.ok(
        magento.post(
            f"/rest/V1/order/{order['entity_id']}/ship",
            {
                "items": [{"order_item_id": line["item_id"], "qty": line["qty_ordered"]}],
                "arguments": {"extension_attributes": {"source_code": "retail"}},
            },
        )
    )
    item = magento.handle.state("source_items", f"{line['sku']}/retail")
    assert item["quantity"] == 50 - line["qty_ordered"]
