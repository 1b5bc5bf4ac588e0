"""Pickers: choices for admin form fields, read from the live systems (cached, refreshable).

    from endpoints.pickers import PickerInput, load_choices, refresh_pickers

    widgets = {"acumatica_warehouse": PickerInput("acumatica.warehouses")}
    load_choices("magento.sources").choices      # (Choice(value, label), ...), or .error
    refresh_pickers()                            # read everything again now

Picker names: acumatica.warehouses, acumatica.customer_classes, acumatica.customer_price_classes,
acumatica.order_types, acumatica.ship_vias, acumatica.branches, acumatica.payment_methods,
acumatica.cash_accounts, magento.store_views, magento.websites, magento.sources,
magento.customer_groups, magento.payment_methods, magento.shipping_methods, magento.carriers.
Where each list comes from is in `acumatica.py` and `magento.py` (and the README).
"""

from __future__ import annotations

from .base import Choice, Picker, PickerResult
from .service import PICKERS, UnknownPickerError, get_picker, load_choices, refresh_pickers
from .widgets import PickerInput, bind_pickers, picker_inputs

__all__ = [
    "PICKERS",
    "Choice",
    "Picker",
    "PickerInput",
    "PickerResult",
    "UnknownPickerError",
    "bind_pickers",
    "get_picker",
    "load_choices",
    "picker_inputs",
    "refresh_pickers",
]
