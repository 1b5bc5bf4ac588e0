"""The demo tenant, rendered from the shared catalog (`sandbox.common.catalog`).

Same seed and size as the Magento sandbox = same SKUs (InventoryID = Magento sku), warehouses
(= MSI sources), ship vias, payment methods, customer classes and customers (same e-mails).
Records carry demo timestamps 30 days before the day the process started (fixed for the life of
the process), so that they look recent, the first incremental poll of a connector finds
everything, and later changes are always newer. One sales order of each order type
exists (for Acumatica-only customers) so that order types can be discovered from sales orders, and
the Acumatica-only customer C000016 is on Credit Hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sandbox.common.catalog import Catalog, build_catalog

from .base import DemoClock, Quiet
from .items import seed_items
from .people import seed_customers, seed_orders
from .reference import seed_reference_data

if TYPE_CHECKING:
    from ..system import AcumaticaSystem


def seed_tenant(system: AcumaticaSystem) -> Catalog:
    catalog = build_catalog(system.seed, system.items)
    listener, system.listener = system.listener, Quiet()
    clock = DemoClock()
    try:
        seed_reference_data(system, catalog, clock)
        seed_items(system, catalog, clock)
        seed_customers(system, catalog, clock)
        seed_orders(system, catalog, clock)
    finally:
        system.listener = listener
    return catalog
