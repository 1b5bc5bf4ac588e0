"""The shipped order address catalog (Magento order addresses -> Acumatica sales order)."""

from __future__ import annotations

from schema.defaults.rows import Row, field
from schema.mapping import FieldDirection

DIRECTION: FieldDirection = "m2a"


def _order_address(side: str, address: str, contact: str, source: str) -> list[Row]:
    """A Magento order address -> the sales order's Bill-To or Ship-To address and contact."""
    return [
        field(f"{side} Address Line 1", f"{address}.AddressLine1", f"{source}.street[0]", active=True),
        field(f"{side} Address Line 2", f"{address}.AddressLine2", f"{source}.street[1]", active=True),
        field(f"{side} City", f"{address}.City", f"{source}.city", active=True),
        field(f"{side} State", f"{address}.State", f"{source}.region_code", active=True),
        field(f"{side} Postal Code", f"{address}.PostalCode", f"{source}.postcode", active=True),
        field(f"{side} Country", f"{address}.Country", f"{source}.country_id", "country_code", active=True),
        field(f"{side} Business Name", f"{contact}.BusinessName", f"{source}.company", active=True),
        field(
            f"{side} Attention",
            f"{contact}.Attention",
            f"{source}.firstname",
            "join",
            active=True,
            opts={"with": [f"{source}.lastname"]},
        ),
        field(f"{side} Email", f"{contact}.Email", f"{source}.email", active=True),
        field(f"{side} Phone", f"{contact}.Phone1", f"{source}.telephone", active=True),
    ]


FIELDS: dict[str, list[Row]] = {
    "Bill-To Address": _order_address("Bill-To", "BillToAddress", "BillToContact", "billing_address"),
    "Ship-To Address": _order_address(
        "Ship-To",
        "ShipToAddress",
        "ShipToContact",
        "extension_attributes.shipping_assignments[0].shipping.address",
    ),
}
