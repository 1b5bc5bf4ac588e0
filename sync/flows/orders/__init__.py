"""Orders between Magento and Acumatica.

The package holds the order import (`importer`: Magento orders become Acumatica sales orders,
exactly once) and what the other order flows share: reading Magento orders (`magento`), the pure
mapping (`mapping`), the Acumatica lookup (`acumatica`), customers (`customers`), order links
(`links`), per-record locks (`locks`), the scope's order settings (`settings`) and Acumatica
shipments as the shipment flow reads them (`shipping`). The flows of
order status, order export and shipments live beside it in `sync/flows/`.
"""

from __future__ import annotations

from sync.flows.orders.importer import OrderImportFlow

__all__ = ["OrderImportFlow"]
