"""The Magento REST routes the sandbox serves, one module per domain."""

from __future__ import annotations

from ..routing import Route
from . import (
    bulk,
    categories,
    configurable,
    customers,
    documents,
    eav,
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
        eav,
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
