"""searchCriteria fidelity (point 5): OR within a group, AND across groups, both spellings, required,
echoed criteria, unpaged total, last page repeated past the end, DESC without a direction."""

from __future__ import annotations

import pytest

from .conftest import MagentoClient, criteria


@pytest.fixture
def five_products(magento: MagentoClient) -> MagentoClient:
    for index, (sku, price) in enumerate(
        [("S-1", 5), ("S-2", 15), ("S-3", 25), ("S-4", 35), ("T-5", 45)], start=1
    ):
        magento.create_product(sku, name=f"Thing {index}", price=price)
    return magento


def _skus(envelope: dict) -> list[str]:
    return [item["sku"] for item in envelope["items"]]


def test_filters_in_one_group_are_ored(five_products: MagentoClient) -> None:
    found = five_products.ok(
        five_products.get(
            "/rest/V1/products", params=criteria([[("sku", "S-1", "eq"), ("sku", "T-5", "eq")]])
        )
    )
    assert sorted(_skus(found)) == ["S-1", "T-5"]


def test_groups_are_anded(five_products: MagentoClient) -> None:
    found = five_products.ok(
        five_products.get(
            "/rest/V1/products",
            params=criteria([[("sku", "S-%", "like")], [("price", "20", "gt")]]),
        )
    )
    assert sorted(_skus(found)) == ["S-3", "S-4"]


@pytest.mark.parametrize("camel", [True, False])
def test_both_spellings_give_the_same_answer(five_products: MagentoClient, camel: bool) -> None:
    found = five_products.ok(
        five_products.get(
            "/rest/V1/products",
            params=criteria([[("price", "15", "gteq")]], sort=[("price", "ASC")], page_size=2, camel=camel),
        )
    )
    assert _skus(found) == ["S-2", "S-3"]
    assert found["total_count"] == 4


def test_search_criteria_is_required_but_may_be_empty(five_products: MagentoClient) -> None:
    missing = five_products.get("/rest/V1/products")
    assert missing.status_code == 400
    assert missing.json()["parameters"] == {"fieldName": "searchCriteria"}
    everything = five_products.ok(five_products.get("/rest/V1/products", params={"searchCriteria": ""}))
    assert everything["total_count"] == 5
    assert everything["search_criteria"] == {"filter_groups": []}


def test_envelope_echoes_the_criteria_in_snake_case(five_products: MagentoClient) -> None:
    found = five_products.ok(
        five_products.get(
            "/rest/V1/products",
            params=criteria(
                [[("sku", "S-1", "eq")]], sort=[("sku", "ASC")], page_size=10, current_page=1, camel=True
            ),
        )
    )
    assert found["search_criteria"] == {
        "filter_groups": [{"filters": [{"field": "sku", "value": "S-1", "condition_type": "eq"}]}],
        "sort_orders": [{"field": "sku", "direction": "ASC"}],
        "page_size": 10,
        "current_page": 1,
    }


def test_total_count_is_unpaged_and_a_page_past_the_end_repeats_the_last(
    five_products: MagentoClient,
) -> None:
    page = five_products.ok(
        five_products.get(
            "/rest/V1/products", params=criteria(sort=[("price", "ASC")], page_size=2, current_page=9)
        )
    )
    assert page["total_count"] == 5
    assert _skus(page) == ["T-5"]
    assert page["search_criteria"]["current_page"] == 9


def test_sort_without_direction_is_descending(five_products: MagentoClient) -> None:
    page = five_products.ok(five_products.get("/rest/V1/products", params=criteria(sort=[("price", None)])))
    assert _skus(page) == ["T-5", "S-4", "S-3", "S-2", "S-1"]


@pytest.mark.parametrize(
    ("condition", "value", "expected"),
    [
        ("in", "S-1,S-3", ["S-1", "S-3"]),
        ("nin", "S-1,S-2,S-3", ["S-4", "T-5"]),
        ("neq", "s-1", ["S-2", "S-3", "S-4", "T-5"]),
        ("like", "t%", ["T-5"]),
        ("nlike", "S%", ["T-5"]),
    ],
)
def test_condition_types_are_case_insensitive_like_mysql(
    five_products: MagentoClient, condition: str, value: str, expected: list[str]
) -> None:
    found = five_products.ok(
        five_products.get("/rest/V1/products", params=criteria([[("sku", value, condition)]]))
    )
    assert sorted(_skus(found)) == expected


def test_from_and_to_in_separate_groups_make_a_range(five_products: MagentoClient) -> None:
    found = five_products.ok(
        five_products.get(
            "/rest/V1/products", params=criteria([[("price", "15", "from")], [("price", "35", "to")]])
        )
    )
    assert sorted(_skus(found)) == ["S-2", "S-3", "S-4"]


def test_custom_attribute_and_category_filters(five_products: MagentoClient) -> None:
    category = five_products.ok(five_products.post("/rest/V1/categories", {"category": {"name": "Bolts"}}))
    five_products.ok(
        five_products.put(
            "/rest/all/V1/products/S-2",
            {"product": {"extension_attributes": {"category_links": [{"category_id": str(category["id"])}]}}},
        )
    )
    by_category = five_products.ok(
        five_products.get("/rest/V1/products", params=criteria([[("category_id", category["id"], "eq")]]))
    )
    assert _skus(by_category) == ["S-2"]
    by_url_key = five_products.ok(
        five_products.get("/rest/V1/products", params=criteria([[("url_key", "thing-4", "eq")]]))
    )
    assert _skus(by_url_key) == ["S-4"]


def test_null_and_notnull(five_products: MagentoClient) -> None:
    five_products.create_product("W-1", weight=2.5)
    with_weight = five_products.ok(
        five_products.get("/rest/V1/products", params=criteria([[("weight", "1", "notnull")]]))
    )
    assert _skus(with_weight) == ["W-1"]
    without = five_products.ok(
        five_products.get("/rest/V1/products", params=criteria([[("weight", "1", "null")]]))
    )
    assert without["total_count"] == 5


def test_bad_page_size_type_is_400(five_products: MagentoClient) -> None:
    response = five_products.get("/rest/V1/products", params={"searchCriteria[pageSize]": "ten"})
    assert response.status_code == 400
    assert 'The "ten" value\'s type is invalid' in response.json()["message"]
