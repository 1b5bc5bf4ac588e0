"""The calls of the schema test: every route of the sandbox, with realistic bodies, in an order
where each call finds the data it needs (catalog, prices and inventory, customers, sales, bulk)."""

from __future__ import annotations

from typing import Any

from .conftest import criteria
from .schema_check import SchemaCheck


def run_catalog(check: SchemaCheck) -> dict[str, Any]:
    call = check.call
    call("GET", "/V1/store/storeViews")
    call("GET", "/V1/store/websites")
    call("GET", "/V1/store/storeGroups")
    call("GET", "/V1/store/storeConfigs", query={"storeCodes[]": "default"})
    call("POST", "/V1/integration/admin/token", body={"username": "admin", "password": "Sandbox-Admin-1"})
    new_set = call(
        "POST",
        "/V1/products/attribute-sets",
        body={"attributeSet": {"attribute_set_name": "Schema", "sort_order": 1}, "skeletonId": 4},
    )
    set_id = new_set["attribute_set_id"]
    call("GET", "/V1/products/attribute-sets/{attributeSetId}", {"attributeSetId": set_id})
    call(
        "PUT",
        "/V1/products/attribute-sets/{attributeSetId}",
        {"attributeSetId": set_id},
        {"attributeSet": {"attribute_set_name": "Schema 2", "sort_order": 2}},
    )
    call("GET", "/V1/products/attribute-sets/sets/list", query=criteria())
    call("GET", "/V1/eav/attribute-sets/list", query=criteria())
    group = call(
        "POST",
        "/V1/products/attribute-sets/groups",
        body={"group": {"attribute_group_name": "ERP", "attribute_set_id": set_id}},
    )
    call("GET", "/V1/products/attribute-sets/groups/list", query=criteria())
    call(
        "POST",
        "/V1/products/attributes",
        body={
            "attribute": {
                "attribute_code": "brand",
                "frontend_input": "select",
                "default_frontend_label": "Brand",
                "is_required": False,
                "entity_type_id": "4",
                "frontend_labels": [],
                "scope": "global",
                "options": [{"label": "Acme", "value": ""}],
            }
        },
    )
    call(
        "PUT",
        "/V1/products/attributes/{attributeCode}",
        {"attributeCode": "brand"},
        {
            "attribute": {
                "attribute_code": "brand",
                "frontend_input": "select",
                "entity_type_id": "4",
                "is_required": False,
                "frontend_labels": [],
                "default_frontend_label": "Make",
            }
        },
    )
    call(
        "POST",
        "/V1/products/attribute-sets/attributes",
        body={
            "attributeSetId": set_id,
            "attributeGroupId": int(group["attribute_group_id"]),
            "attributeCode": "brand",
            "sortOrder": 5,
        },
    )
    call("GET", "/V1/products/attribute-sets/{attributeSetId}/attributes", {"attributeSetId": set_id})
    call(
        "DELETE",
        "/V1/products/attribute-sets/{attributeSetId}/attributes/{attributeCode}",
        {"attributeSetId": set_id, "attributeCode": "brand"},
    )
    call("GET", "/V1/products/attributes", query=criteria([[("attribute_code", "size", "eq")]]))
    call("GET", "/V1/products/attributes/{attributeCode}", {"attributeCode": "size"})
    call("GET", "/V1/products/attributes/{attributeCode}/options", {"attributeCode": "size"})
    option_id = call(
        "POST",
        "/V1/products/attributes/{attributeCode}/options",
        {"attributeCode": "size"},
        {"option": {"label": "XXL", "value": "", "sort_order": 9}},
    )
    call(
        "DELETE",
        "/V1/products/attributes/{attributeCode}/options/{optionId}",
        {"attributeCode": "size", "optionId": option_id},
    )
    call("DELETE", "/V1/products/attributes/{attributeCode}", {"attributeCode": "brand"})
    call("DELETE", "/V1/products/attribute-sets/{attributeSetId}", {"attributeSetId": set_id})
    category = call(
        "POST", "/V1/categories", body={"category": {"parent_id": 2, "name": "Apparel", "is_active": True}}
    )
    other = call("POST", "/V1/categories", body={"category": {"parent_id": 2, "name": "Other"}})
    call("PUT", "/V1/categories/{id}", {"id": category["id"]}, {"category": {"name": "Clothes"}})
    call("PUT", "/V1/categories/{categoryId}/move", {"categoryId": other["id"]}, {"parentId": category["id"]})
    call("GET", "/V1/categories")
    call("GET", "/V1/categories/list", query=criteria())
    call("GET", "/V1/categories/{categoryId}", {"categoryId": category["id"]})
    small = next(
        o["value"]
        for o in check.magento.ok(check.magento.get("/rest/V1/products/attributes/size/options"))
        if o["label"] == "Small"
    )
    child = {
        "sku": "TEE-S",
        "name": "Tee S",
        "attribute_set_id": 4,
        "price": 12.5,
        "status": 1,
        "visibility": 1,
        "type_id": "simple",
        "weight": 0.3,
        "extension_attributes": {
            "website_ids": [1],
            "stock_item": {"qty": 5, "is_in_stock": True},
            "category_links": [{"position": 0, "category_id": str(category["id"])}],
        },
        "custom_attributes": [{"attribute_code": "size", "value": small}],
    }
    call("POST", "/V1/products", body={"product": child, "saveOptions": True}, store="all")
    call(
        "PUT",
        "/V1/products/{sku}",
        {"sku": "TEE"},
        {"product": {"sku": "TEE", "name": "Tee", "attribute_set_id": 4, "type_id": "configurable"}},
        store="all",
    )
    call("GET", "/V1/products/{sku}", {"sku": "TEE-S"}, query={"storeId": 1})
    call("GET", "/V1/products", query=criteria([[("sku", "TEE%", "like")]], page_size=10))
    call("GET", "/V1/products/types")
    call(
        "POST",
        "/V1/products/{sku}/websites",
        {"sku": "TEE-S"},
        {"productWebsiteLink": {"sku": "TEE-S", "website_id": 2}},
    )
    call("DELETE", "/V1/products/{sku}/websites/{websiteId}", {"sku": "TEE-S", "websiteId": 2})
    link = {"productLink": {"sku": "TEE-S", "position": 1, "category_id": str(other["id"])}}
    call("POST", "/V1/categories/{categoryId}/products", {"categoryId": other["id"]}, link)
    call("PUT", "/V1/categories/{categoryId}/products", {"categoryId": other["id"]}, link)
    call("GET", "/V1/categories/{categoryId}/products", {"categoryId": other["id"]})
    call("DELETE", "/V1/categories/{categoryId}/products/{sku}", {"categoryId": other["id"], "sku": "TEE-S"})
    size_id = check.magento.ok(check.magento.get("/rest/V1/products/attributes/size"))["attribute_id"]
    option = {
        "option": {
            "attribute_id": str(size_id),
            "label": "Size",
            "position": 0,
            "is_use_default": True,
            "values": [{"value_index": int(small)}],
        }
    }
    option_id = call("POST", "/V1/configurable-products/{sku}/options", {"sku": "TEE"}, option)
    call(
        "PUT",
        "/V1/configurable-products/{sku}/options/{id}",
        {"sku": "TEE", "id": option_id},
        {"option": {**option["option"], "label": "Tee Size"}},
    )
    call("GET", "/V1/configurable-products/{sku}/options/all", {"sku": "TEE"})
    call("GET", "/V1/configurable-products/{sku}/options/{id}", {"sku": "TEE", "id": option_id})
    call("POST", "/V1/configurable-products/{sku}/child", {"sku": "TEE"}, {"childSku": "TEE-S"})
    call("GET", "/V1/configurable-products/{sku}/children", {"sku": "TEE"})
    call("DELETE", "/V1/configurable-products/{sku}/children/{childSku}", {"sku": "TEE", "childSku": "TEE-S"})
    call("DELETE", "/V1/configurable-products/{sku}/options/{id}", {"sku": "TEE", "id": option_id})
    call("DELETE", "/V1/categories/{categoryId}", {"categoryId": other["id"]})
    return category


def run_prices_and_inventory(check: SchemaCheck) -> None:
    call = check.call
    base = {
        "prices": [
            {"sku": "TEE-S", "price": 13.0, "store_id": 0},
            {"sku": "nope", "price": -1, "store_id": 9},
        ]
    }
    call("POST", "/V1/products/base-prices", body=base)
    call("POST", "/V1/products/base-prices-information", body={"skus": ["TEE-S"]})
    special = {
        "prices": [
            {
                "sku": "TEE-S",
                "price": 9.5,
                "store_id": 0,
                "price_from": "2024-06-01 00:00:00",
                "price_to": "2024-06-30 23:59:59",
            }
        ]
    }
    call("POST", "/V1/products/special-price", body=special)
    call("POST", "/V1/products/special-price-information", body={"skus": ["TEE-S"]})
    call("POST", "/V1/products/special-price-delete", body=special)
    tier = {
        "prices": [
            {
                "sku": "TEE-S",
                "price": 11,
                "price_type": "fixed",
                "website_id": 0,
                "customer_group": "Wholesale",
                "quantity": 10,
            }
        ]
    }
    call("POST", "/V1/products/tier-prices", body=tier)
    call("PUT", "/V1/products/tier-prices", body=tier)
    call("POST", "/V1/products/tier-prices-information", body={"skus": ["TEE-S"]})
    call("POST", "/V1/products/tier-prices-delete", body=tier)
    call("POST", "/V1/products/cost", body={"prices": [{"sku": "TEE-S", "cost": 4.2, "store_id": 0}]})
    call("POST", "/V1/products/cost-information", body={"skus": ["TEE-S"]})
    call("POST", "/V1/products/cost-delete", body={"skus": ["TEE-S"]})
    call("GET", "/V1/inventory/sources", query=criteria())
    call("GET", "/V1/inventory/sources/{sourceCode}", {"sourceCode": "retail"})
    source = {"source_code": "east", "name": "East", "enabled": True, "country_id": "US", "postcode": "10001"}
    call("POST", "/V1/inventory/sources", body={"source": source})
    call(
        "PUT",
        "/V1/inventory/sources/{sourceCode}",
        {"sourceCode": "east"},
        {"source": {**source, "name": "East 2"}},
    )
    call("GET", "/V1/inventory/stocks", query=criteria())
    call("GET", "/V1/inventory/stocks/{stockId}", {"stockId": 1})
    call("GET", "/V1/inventory/stock-source-links", query=criteria())
    items = {"sourceItems": [{"sku": "TEE-S", "source_code": "east", "quantity": 8, "status": 1}]}
    assert call("POST", "/V1/inventory/source-items", body=items) == []
    call("GET", "/V1/inventory/source-items", query=criteria([[("sku", "TEE-S", "eq")]]))
    assert call("POST", "/V1/inventory/source-items-delete", body=items) == []
    call(
        "PUT",
        "/V1/products/{productSku}/stockItems/{itemId}",
        {"productSku": "TEE-S", "itemId": 1},
        {"stockItem": {"qty": 30, "is_in_stock": True}},
    )
    call("GET", "/V1/stockItems/{productSku}", {"productSku": "TEE-S"})
    call("GET", "/V1/stockStatuses/{productSku}", {"productSku": "TEE-S"})


def run_customers(check: SchemaCheck) -> None:
    call = check.call
    address = {
        "firstname": "Jane",
        "lastname": "Doe",
        "street": ["Main 1"],
        "city": "Austin",
        "postcode": "73301",
        "country_id": "US",
        "telephone": "555",
        "region": {"region_code": "TX", "region": "Texas", "region_id": 57},
        "default_billing": True,
        "default_shipping": True,
    }
    customer = call(
        "POST",
        "/V1/customers",
        body={
            "customer": {
                "email": "jane@example.com",
                "firstname": "Jane",
                "lastname": "Doe",
                "addresses": [address],
            },
            "password": "Str0ng-Passw0rd",
        },
    )
    call(
        "PUT",
        "/V1/customers/{customerId}",
        {"customerId": customer["id"]},
        {"customer": {"email": "jane@example.com", "firstname": "Jane", "lastname": "Doe", "group_id": 2}},
    )
    call("GET", "/V1/customers/{customerId}", {"customerId": customer["id"]})
    call("GET", "/V1/customers/search", query=criteria([[("email", "jane@example.com", "eq")]]))
    call("DELETE", "/V1/customers/{customerId}", {"customerId": customer["id"]})
    call("GET", "/V1/customerGroups/search", query=criteria())
    call("GET", "/V1/customerGroups/{id}", {"id": 1})


def run_sales(check: SchemaCheck) -> None:
    call, magento = check.call, check.magento
    orders = magento.generate_orders(12)
    offline = [o for o in orders if o["state"] == "new"]
    order_id = offline[0]["entity_id"]
    call("GET", "/V1/orders", query=criteria(sort=[("updated_at", "ASC")], page_size=5))
    call("GET", "/V1/orders/{id}", {"id": order_id})
    item_id = call("GET", "/V1/orders/items", query=criteria([[("order_id", order_id, "eq")]]))["items"][0][
        "item_id"
    ]
    call("GET", "/V1/orders/items/{id}", {"id": item_id})
    call(
        "POST",
        "/V1/orders/{id}/comments",
        {"id": order_id},
        {
            "statusHistory": {
                "comment": "Imported",
                "is_customer_notified": 0,
                "is_visible_on_front": 0,
                "parent_id": order_id,
                "status": "pending",
            }
        },
    )
    call("GET", "/V1/orders/{id}/comments", {"id": order_id})
    call("GET", "/V1/orders/{id}/statuses", {"id": order_id})
    call("POST", "/V1/orders/{id}/hold", {"id": order_id})
    call("POST", "/V1/orders/{id}/unhold", {"id": order_id})
    call("POST", "/V1/orders/{id}/emails", {"id": order_id})
    shipment_id = call(
        "POST",
        "/V1/order/{orderId}/ship",
        {"orderId": order_id},
        {
            "items": [],
            "notify": False,
            "appendComment": True,
            "comment": {"comment": "Shipped", "is_visible_on_front": 0},
            "tracks": [{"track_number": "1Z", "title": "UPS", "carrier_code": "ups"}],
            "packages": [],
            "arguments": {"extension_attributes": {"source_code": "default"}},
        },
    )
    invoice_id = call(
        "POST",
        "/V1/order/{orderId}/invoice",
        {"orderId": order_id},
        {"capture": True, "notify": False, "items": [], "appendComment": False},
    )
    track = call(
        "POST",
        "/V1/shipment/track",
        body={
            "entity": {
                "order_id": order_id,
                "parent_id": int(shipment_id),
                "track_number": "2Z",
                "title": "UPS",
                "carrier_code": "ups",
                "weight": 1,
                "qty": 1,
                "description": "second box",
            }
        },
    )
    call("DELETE", "/V1/shipment/track/{id}", {"id": track["entity_id"]})
    call("GET", "/V1/shipment/{id}", {"id": int(shipment_id)})
    call("GET", "/V1/shipments", query=criteria([[("order_id", order_id, "eq")]]))
    call("GET", "/V1/invoices/{id}", {"id": int(invoice_id)})
    call("GET", "/V1/invoices", query=criteria())
    call("POST", "/V1/orders/{id}/cancel", {"id": offline[1]["entity_id"]})
    entity = {
        "customer_email": "erp@example.com",
        "base_grand_total": 5,
        "grand_total": 5,
        "items": [{"sku": "TEE-S", "qty_ordered": 1, "price": 5, "product_type": "simple"}],
    }
    created = call("PUT", "/V1/orders/create", body={"entity": entity})
    call(
        "POST",
        "/V1/orders",
        body={
            "entity": {
                "entity_id": created["entity_id"],
                "customer_email": "erp@example.com",
                "base_grand_total": 5,
                "grand_total": 5,
                "items": [],
                "customer_note": "x",
            }
        },
    )


def run_bulk(check: SchemaCheck) -> None:
    call = check.call
    elements = [
        {"product": {"sku": "BULK-1", "name": "Bulk", "attribute_set_id": 4, "price": 2, "type_id": "simple"}}
    ]
    bulk_uuid = check.call_async("POST", "/V1/products", elements)["bulk_uuid"]
    check.magento.wait_bulk(bulk_uuid)
    check.call_async("PUT", "/V1/products/{sku}", [{"product": {"sku": "BULK-1", "price": 3}}])
    check.call_async(
        "POST",
        "/V1/inventory/source-items",
        [{"sourceItems": [{"sku": "BULK-1", "source_code": "default", "quantity": 1, "status": 1}]}],
        bulk=False,
    )
    call("GET", "/V1/bulk/{bulkUuid}/status", {"bulkUuid": bulk_uuid})
    call("GET", "/V1/bulk/{bulkUuid}/detailed-status", {"bulkUuid": bulk_uuid})
    call("GET", "/V1/bulk/{bulkUuid}/operation-status/{status}", {"bulkUuid": bulk_uuid, "status": 1})
    call("GET", "/V1/bulk", query=criteria())
