"""The endpoint tables and URL templates: every shipped row is well-formed, and templates render
to the URLs the real APIs expect."""

from __future__ import annotations

import pytest

from endpoints.clients.routing import TableResolver, render_url, snake_case, template_placeholders
from endpoints.defaults import (
    ACUMATICA_ENDPOINTS,
    ACUMATICA_ROUTES,
    ALL_ENDPOINTS,
    ENDPOINT_SPECS,
    MAGENTO_ENDPOINTS,
    MAGENTO_ROUTES,
    is_idempotent,
)
from endpoints.exceptions import ConfigurationError

ALLOWED_PLACEHOLDERS = {
    "base",
    "store",
    "endpoint",
    "version",
    "entity",
    "action",
    "keys",
    "location",
    "sku",
    "child_sku",
    "attribute_set_id",
    "attribute_code",
    "category_id",
    "item_id",
    "customer_id",
    "order_id",
    "shipment_id",
    "bulk_uuid",
}


def test_every_row_is_well_formed_and_keys_are_unique() -> None:
    assert len(ENDPOINT_SPECS) == len(ALL_ENDPOINTS)
    for table in (MAGENTO_ENDPOINTS, ACUMATICA_ENDPOINTS):  # each admin list shows one system
        descriptions = [spec.description for spec in table]
        assert len(set(descriptions)) == len(descriptions)
    for spec in ALL_ENDPOINTS:
        assert spec.key.startswith(f"{spec.system}."), spec.key
        assert spec.method in {"GET", "POST", "PUT", "DELETE"}, spec.key
        assert spec.template.startswith("{base}/") or spec.template == "{location}", spec.key
        assert template_placeholders(spec.template) <= ALLOWED_PLACEHOLDERS, spec.key
    assert {spec.system for spec in MAGENTO_ENDPOINTS} == {"magento"}
    assert {spec.system for spec in ACUMATICA_ENDPOINTS} == {"acumatica"}


def test_shipped_rows_match_the_real_apis() -> None:
    assert MAGENTO_ROUTES["magento.product.upsert"] == ("PUT", "{base}/rest/{store}/V1/products/{sku}")
    assert ENDPOINT_SPECS["magento.product.upsert"].description == "Create/Update Product"
    assert MAGENTO_ROUTES["magento.order.ship"] == ("POST", "{base}/rest/V1/order/{order_id}/ship")
    assert MAGENTO_ROUTES["magento.bulk.product_upsert"] == (
        "POST",
        "{base}/rest/{store}/async/bulk/V1/products",
    )
    assert ACUMATICA_ROUTES["acumatica.auth.login"] == ("POST", "{base}/entity/auth/login")
    assert ACUMATICA_ROUTES["acumatica.sales_order.sales_order_create_shipment"] == (
        "POST",
        "{base}/entity/{endpoint}/{version}/SalesOrder/SalesOrderCreateShipment",
    )
    assert ACUMATICA_ROUTES["acumatica.inventory_quantity_available.inquire"][0] == "PUT"


def test_idempotency_marks_writes_that_must_not_be_repeated_blindly() -> None:
    assert is_idempotent("magento.product.upsert") and is_idempotent("magento.price.base")
    assert is_idempotent("acumatica.stock_item.put") and is_idempotent(
        "acumatica.inventory_summary_inquiry.inquire"
    )
    for key in (
        "magento.order.ship",
        "magento.order.comment",
        "magento.customer.create",
        "acumatica.auth.login",
        "acumatica.sales_order.put",
        "acumatica.shipment.confirm_shipment",
        "not.a.key",
    ):
        assert not is_idempotent(key), key


@pytest.mark.parametrize(
    ("store", "expected"),
    [
        (None, "https://m.test/rest/V1/products/A%2FB%20C"),
        ("all", "https://m.test/rest/all/V1/products/A%2FB%20C"),
    ],
)
def test_store_segment_is_dropped_for_the_default_store_view(store: str | None, expected: str) -> None:
    assert (
        render_url("{base}/rest/{store}/V1/products/{sku}", base="https://m.test/", store=store, sku="A/B C")
        == expected
    )


def test_keys_become_one_segment_each_and_missing_values_are_named() -> None:
    template = "{base}/entity/{endpoint}/{version}/{entity}/{keys}"
    url = render_url(
        template,
        base="https://a.test/ERP",
        endpoint="Default",
        version="23.200.001",
        entity="SalesInvoice",
        keys=("Credit Memo", "CM0001"),
    )
    assert url == "https://a.test/ERP/entity/Default/23.200.001/SalesInvoice/Credit%20Memo/CM0001"

    with pytest.raises(ConfigurationError, match=r"needs \{sku\}"):
        render_url("{base}/rest/V1/products/{sku}", base="https://m.test")


def test_edited_rows_override_and_the_rest_fall_back_to_the_defaults() -> None:
    resolver = TableResolver(
        {"magento.product.get": ("GET", "{base}/index.php/rest/{store}/V1/products/{sku}")},
        fallback=MAGENTO_ROUTES,
    )
    assert resolver["magento.product.get"][1].startswith("{base}/index.php/")
    assert resolver["magento.order.get"] == MAGENTO_ROUTES["magento.order.get"]
    assert "magento.order.get" in resolver and "magento.nope" not in resolver
    with pytest.raises(KeyError):
        resolver["magento.nope"]


def test_snake_case_of_entities_and_actions() -> None:
    assert snake_case("StockItem") == "stock_item"
    assert snake_case("SalesOrderCreateShipment") == "sales_order_create_shipment"
    assert snake_case("TemplateItems") == "template_items"
