"""Business rules per entity (see `base.Behaviour` for the hooks)."""

from __future__ import annotations

from .base import Behaviour
from .customers import (
    CarrierBehaviour,
    CustomerBehaviour,
    CustomerClassBehaviour,
    PaymentMethodBehaviour,
    ShipViaBehaviour,
)
from .invoices import SalesInvoiceBehaviour
from .items import (
    ItemClassBehaviour,
    ItemSalesCategoryBehaviour,
    StockItemBehaviour,
    TemplateItemsBehaviour,
    WarehouseBehaviour,
)
from .orders import SalesOrderBehaviour
from .shipments import ShipmentBehaviour

BEHAVIOURS: dict[str, type[Behaviour]] = {
    cls.entity: cls
    for cls in (
        Behaviour,
        StockItemBehaviour,
        TemplateItemsBehaviour,
        ItemClassBehaviour,
        ItemSalesCategoryBehaviour,
        WarehouseBehaviour,
        CustomerBehaviour,
        CustomerClassBehaviour,
        ShipViaBehaviour,
        CarrierBehaviour,
        PaymentMethodBehaviour,
        SalesOrderBehaviour,
        ShipmentBehaviour,
        SalesInvoiceBehaviour,
    )
}

__all__ = ["BEHAVIOURS", "Behaviour"]
