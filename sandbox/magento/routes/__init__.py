"""The Magento REST routes the sandbox serves, one module per domain."""

from __future__ import annotations

from ..routing import Route
from . import (
    attribute_sets,
    attributes,
    bulk,
    categories,
    configurable,
    customers,
    documents,
    inventory,
    orders,
    prices,
    products,
    store,
)


def all_routes() -> list[Route]:
    routes: list[Route] = []
    for module in (
        store,
        attribute_sets,
        attributes,
        categories,
        products,
        configurable,
        prices,
        inventory,
        customers,
        orders,
        documents,
        bulk,
    ):
        routes.extend(module.ROUTES)
    return routes
