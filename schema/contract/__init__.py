"""What the connector knows of both APIs' shapes, to refuse a mistyped path when it is saved.

`acumatica`: the Default endpoint contract subset of StockItem, ItemSalesCategory, Customer and
SalesOrder with the linked and detail entities a schema field may walk into. `magento`: the
product, category and customer payloads and the order record. Pure data and checks: no Django, no
HTTP.
"""

from __future__ import annotations

from schema.contract.acumatica import (
    ACUMATICA,
    ACUMATICA_ENTITIES,
    VALUE_TYPES,
    VERSION_ONLY,
    acumatica_field_type,
    check_reference_path,
)
from schema.contract.common import check_identifier
from schema.contract.magento import ATTRIBUTES, LIST, MAGENTO, SCALAR, check_input_name

__all__ = [
    "ACUMATICA",
    "ACUMATICA_ENTITIES",
    "ATTRIBUTES",
    "LIST",
    "MAGENTO",
    "SCALAR",
    "VALUE_TYPES",
    "VERSION_ONLY",
    "acumatica_field_type",
    "check_identifier",
    "check_input_name",
    "check_reference_path",
]
