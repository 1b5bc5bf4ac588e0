"""The pure order mapping, table-style: which rows become lines, payment states, totals, the
sales order body, and the messages that name what to fix."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from endpoints.exceptions import FieldError, ValidationError
from sync.flows.orders.acumatica import explain_refusal
from sync.flows.orders.mapping import (
    AUTHORIZED,
    PAID,
    UNPAID,
    SalesOrderTargets,
    line_map,
    map_sales_order,
    order_lines,
    order_totals,
    payment_state,
)

D = Decimal


def item(item_id: int, sku: str, price: float, qty: float = 1, **extra: Any) -> dict[str, Any]:
    return {"item_id": item_id, "sku": sku, "price": price, "base_price": price, "qty_ordered": qty, **extra}


CONFIGURABLE = [
    item(5, "TEE-S", 25.0, name="Champ Tee", product_type="configurable", base_discount_amount=2.5),
    item(6, "TEE-S", 0.0, product_type="simple", parent_item_id=5),
    item(7, "BOLT", 14.0, 2, product_type="simple"),
]
BUNDLE = [
    item(1, "KIT-A-B", 0.0, product_type="bundle"),
    item(2, "A", 10.0, product_type="simple", parent_item_id=1),
    item(3, "B", 5.0, 2, product_type="simple", parent_item_id=1),
]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (CONFIGURABLE, [(5, "TEE-S", D("1"), D("25.0"), D("2.5")), (7, "BOLT", D("2"), D("14.0"), D("0"))]),
        (BUNDLE, [(2, "A", D("1"), D("10.0"), D("0")), (3, "B", D("2"), D("5.0"), D("0"))]),
        # A child whose parent row is missing from the list but nested in `parent_item`.
        ([item(9, "X", 0.0, parent_item_id=8, parent_item={"product_type": "configurable"})], []),
    ],
    ids=["configurable parent carries the line", "bundle children are the lines", "orphan child"],
)
def test_order_lines(items: list[dict[str, Any]], expected: list[tuple[Any, ...]]):
    assert [(li.item_id, li.sku, li.qty, li.price, li.discount) for li in order_lines(items)] == expected


@pytest.mark.parametrize(
    ("order", "state"),
    [
        ({"base_grand_total": 52.36, "base_total_paid": 52.36}, PAID),
        ({"base_grand_total": 52.36, "payment": {"base_amount_paid": 52.36}}, PAID),
        ({"base_grand_total": 52.36, "payment": {"base_amount_authorized": 52.36}}, AUTHORIZED),
        ({"base_grand_total": 52.36, "payment": {"method": "checkmo"}}, UNPAID),
        ({"base_grand_total": 52.36, "base_total_paid": 20}, UNPAID),
        ({"base_grand_total": 0}, PAID),
    ],
)
def test_payment_state(order: dict[str, Any], state: str):
    assert payment_state(order) == state


ORDER: dict[str, Any] = {
    "increment_id": "000000003",
    "created_at": "2024-05-02 12:01:44",
    "customer_email": "jane.doe@example.com",
    "base_grand_total": 59.86,
    "base_shipping_amount": 5.0,
    "base_tax_amount": 4.36,
    "base_shipping_tax_amount": 0,
    "items": CONFIGURABLE,
    "billing_address": {
        "firstname": "Jane",
        "lastname": "Doe",
        "company": "Doe GmbH",
        "street": ["Hauptstr. 1", "Hinterhaus"],
        "city": "Berlin",
        "postcode": "10115",
        "country_id": "DE",
        "region_code": "BER",
        "telephone": "+49 30 123456",
    },
    "extension_attributes": {
        "shipping_assignments": [
            {
                "shipping": {
                    "method": "flatrate_flatrate",
                    "address": {"firstname": "Jim", "lastname": "Doe", "street": ["Weg 2"], "city": "Bonn"},
                    "total": {"base_shipping_discount_amount": 1.0},
                }
            }
        ]
    },
}
TARGETS = SalesOrderTargets(
    order_type="SO",
    customer_id="C000007",
    inventory_ids={"BOLT": "ACU-BOLT"},
    ship_via="FLATRATE",
    payment_method="CHECK",
    cash_account="10200",
    tax_id="MAGENTO",
)


def test_totals_are_lines_plus_freight_less_shipping_discount_plus_tax():
    totals = order_totals(ORDER, order_lines(ORDER["items"]))
    assert (totals.lines, totals.freight, totals.tax) == (D("50.50"), D("4.00"), D("4.36"))
    assert (totals.total, totals.grand_total, totals.difference) == (D("58.86"), D("59.86"), D("1.00"))


def test_sales_order_body():
    body = map_sales_order(ORDER, TARGETS)
    assert body["Details"] == [
        {
            "InventoryID": {"value": "TEE-S"},
            "LineDescription": {"value": "Champ Tee"},
            "OrderQty": {"value": 1.0},
            "UnitPrice": {"value": 25.0},
            "ManualPrice": {"value": True},
            "ExternalRef": {"value": "5"},
            "DiscountAmount": {"value": 2.5},
            "ManualDiscount": {"value": True},
        },
        {
            "InventoryID": {"value": "ACU-BOLT"},
            "OrderQty": {"value": 2.0},
            "UnitPrice": {"value": 14.0},
            "ManualPrice": {"value": True},
            "ExternalRef": {"value": "7"},
        },
    ]
    assert {
        name: body[name]["value"] for name in ("OrderType", "CustomerID", "CustomerOrder", "ExternalRef")
    } == {
        "OrderType": "SO",
        "CustomerID": "C000007",
        "CustomerOrder": "000000003",
        "ExternalRef": "000000003",
    }
    assert {name: body[name]["value"] for name in ("ShipVia", "PaymentMethod", "CashAccount", "Date")} == {
        "ShipVia": "FLATRATE",
        "PaymentMethod": "CHECK",
        "CashAccount": "10200",
        "Date": "2024-05-02",
    }
    assert body["BillToAddress"] == {
        "AddressLine1": {"value": "Hauptstr. 1"},
        "AddressLine2": {"value": "Hinterhaus"},
        "City": {"value": "Berlin"},
        "State": {"value": "BER"},
        "PostalCode": {"value": "10115"},
        "Country": {"value": "DE"},
    }
    assert body["BillToContact"] == {
        "Attention": {"value": "Jane Doe"},
        "BusinessName": {"value": "Doe GmbH"},
        "Email": {"value": "jane.doe@example.com"},
        "Phone1": {"value": "+49 30 123456"},
    }
    assert body["ShipToAddressOverride"] == {"value": True}
    assert body["ShipToAddress"]["City"] == {"value": "Bonn"}
    assert body["ShipToContact"]["Attention"] == {"value": "Jim Doe"}
    assert body["Totals"] == {"OverrideFreightAmount": {"value": True}, "Freight": {"value": 4.0}}
    assert body["TaxDetails"] == [
        {
            "TaxID": {"value": "MAGENTO"},
            "TaxRate": {"value": 8.63},
            "TaxableAmount": {"value": 50.5},
            "TaxAmount": {"value": 4.36},
        }
    ]


def test_virtual_order_without_shipping_has_no_ship_to_and_no_ship_via():
    order = {**ORDER, "extension_attributes": {}, "base_tax_amount": 0}
    body = map_sales_order(order, SalesOrderTargets("SO", "C1", {}, None, None, None, "MAGENTO"))
    assert "ShipToAddress" not in body and "ShipVia" not in body and "TaxDetails" not in body
    assert "PaymentRef" not in body


def test_line_map_reads_line_numbers_and_item_ids_of_a_saved_order():
    details: list[dict[str, Any]] = [
        {"LineNbr": {"value": 1}, "ExternalRef": {"value": "5"}},
        {"LineNbr": {"value": 2}, "ExternalRef": {"value": "7"}},
        {"LineNbr": {"value": 3}, "ExternalRef": {}},
    ]
    assert line_map(details) == {"1": 5, "2": 7}


def refusal(*errors: FieldError) -> ValidationError:
    return ValidationError("Acumatica PUT -> HTTP 422", remote_message="", field_errors=list(errors))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            FieldError("Details[1].InventoryID", "'Inventory ID' cannot be found in the system."),
            "unknown SKU \"BOLT\" ('Inventory ID' cannot be found in the system.). "
            'Fix: create the item "BOLT" in Acumatica or link the product, then reprocess.',
        ),
        (
            FieldError("CustomerID", "The customer status is 'Credit Hold'."),
            "CustomerID \"C000007\": The customer status is 'Credit Hold'. "
            "Fix: correct the customer in Acumatica (Customers, AR303000), then reprocess.",
        ),
        (
            FieldError("ShipVia", "'Ship Via' cannot be found in the system."),
            "ShipVia \"FLATRATE\": 'Ship Via' cannot be found in the system. "
            "Fix: correct the Ship Via under Sync > Shipping method mappings, then reprocess.",
        ),
    ],
    ids=["unknown SKU", "credit hold", "bad ShipVia"],
)
def test_refusal_names_what_to_fix(error: FieldError, expected: str):
    body = map_sales_order(ORDER, TARGETS)
    text = explain_refusal(refusal(error), order_lines(ORDER["items"]), body, "000000003")
    assert text == f"Acumatica refused the sales order for Magento order 000000003: {expected}"
