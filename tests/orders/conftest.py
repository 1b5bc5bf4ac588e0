"""Fixtures of the order tests (shared with the shipment tests through `tests.orders.support`)."""

from __future__ import annotations

from tests.engine.conftest import acumatica, magento
from tests.orders.support import clerk, demo_mappings, order_import_polling

__all__ = ["acumatica", "clerk", "demo_mappings", "magento", "order_import_polling"]
