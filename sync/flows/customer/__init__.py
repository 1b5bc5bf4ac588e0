"""Customers both ways (issue 7 item 1): `to_magento` (A to M) and `to_acumatica` (M to A), with
what they share, the echo guard included, in `common`. Importing the package registers both."""

from __future__ import annotations

from sync.flows.customer.to_acumatica import (
    MagentoCustomerFlow,
    find_acumatica_customer,
    push_acumatica_customer,
)
from sync.flows.customer.to_magento import CustomerFlow, find_magento_customer

__all__ = [
    "CustomerFlow",
    "MagentoCustomerFlow",
    "find_acumatica_customer",
    "find_magento_customer",
    "push_acumatica_customer",
]
