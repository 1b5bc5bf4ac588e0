"""Fixtures of the shipment tests: those of the order tests, and the warehouse clerk."""

from __future__ import annotations

from tests.engine.conftest import acumatica, magento
from tests.orders.support import demo_mappings, order_import_polling, unlimited_acumatica
from tests.shipments.support import clerk

__all__ = ["acumatica", "clerk", "demo_mappings", "magento", "order_import_polling", "unlimited_acumatica"]
