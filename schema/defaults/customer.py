"""The shipped customer catalog (Acumatica Customer <-> Magento customer, both ways)."""

from __future__ import annotations

from schema.defaults.rows import YES_NO, Row, field
from schema.mapping import FieldDirection

DIRECTION: FieldDirection = "both"


def _address(side: str, contact: str, target: str) -> list[Row]:
    """The nine fields of one customer address: Acumatica contact + address <-> a Magento address."""
    return [
        field(f"{side} First Name", f"{contact}.FirstName", f"{target}.firstname", active=True),
        field(f"{side} Last Name", f"{contact}.LastName", f"{target}.lastname", active=True),
        field(
            f"{side} Address Line 1", f"{contact}.Address.AddressLine1", f"{target}.street[0]", active=True
        ),
        field(
            f"{side} Address Line 2", f"{contact}.Address.AddressLine2", f"{target}.street[1]", active=True
        ),
        field(f"{side} City", f"{contact}.Address.City", f"{target}.city", active=True),
        field(f"{side} State", f"{contact}.Address.State", f"{target}.region.region_code", active=True),
        field(f"{side} Postal Code", f"{contact}.Address.PostalCode", f"{target}.postcode", active=True),
        field(
            f"{side} Country",
            f"{contact}.Address.Country",
            f"{target}.country_id",
            "country_code",
            active=True,
        ),
        field(f"{side} Phone", f"{contact}.Phone1", f"{target}.telephone", active=True),
        field(f"{side} Fax", f"{contact}.Fax", f"{target}.fax"),
    ]


FIELDS: dict[str, list[Row]] = {
    "General Info": [
        field("Customer ID", "CustomerID", "custom_attributes.acumatica_customer_id", active=True),
        field(
            "Customer Name",
            "CustomerName",
            "firstname",
            "join",
            active=True,
            required=True,
            direction="m2a",
            opts={"with": ["lastname"]},
        ),
        field("First Name", "MainContact.FirstName", "firstname", active=True, required=True),
        field("Last Name", "MainContact.LastName", "lastname", active=True, required=True),
        field("Middle Name", "MainContact.MiddleName", "middlename"),
        field("Title", "MainContact.Title", "prefix"),
        field("Email", "MainContact.Email", "email", active=True, required=True),
        field(
            "Customer Class",
            "CustomerClass",
            "group_id",
            "lookup",
            active=True,
            direction="a2m",
            table="customer_group",
        ),
        field("Status", "Status", "custom_attributes.acumatica_customer_status", direction="a2m"),
        field("Company Name", "MainContact.CompanyName", "addresses[default_billing].company"),
        field("Tax Registration ID", "TaxRegistrationID", "taxvat"),
        field(
            "Parent Account",
            "ParentRecord",
            "custom_attributes.acumatica_parent_account",
            direction="a2m",
        ),
    ],
    "Billing Settings": [
        *_address("Billing", "BillingContact", "addresses[default_billing]"),
        field("Terms", "Terms", "custom_attributes.acumatica_terms", direction="a2m"),
        field("Currency", "CurrencyID", "custom_attributes.acumatica_currency", direction="a2m"),
        field(
            "Credit Limit",
            "CreditLimit",
            "custom_attributes.acumatica_credit_limit",
            "decimal",
            direction="a2m",
        ),
        field(
            "Statement Cycle",
            "StatementCycleID",
            "custom_attributes.acumatica_statement_cycle",
            direction="a2m",
        ),
    ],
    "Delivery Settings": [
        *_address("Shipping", "ShippingContact", "addresses[default_shipping]"),
        field("Ship Via", "ShipVia", "custom_attributes.acumatica_ship_via", direction="a2m"),
        field(
            "Shipping Terms",
            "ShippingTerms",
            "custom_attributes.acumatica_shipping_terms",
            direction="a2m",
        ),
        field(
            "Shipping Zone",
            "ShippingZoneID",
            "custom_attributes.acumatica_shipping_zone",
            direction="a2m",
        ),
        field("Price Class", "PriceClassID", "custom_attributes.acumatica_price_class", direction="a2m"),
        field("Tax Zone", "TaxZone", "custom_attributes.acumatica_tax_zone", direction="a2m"),
        field("Warehouse", "WarehouseID", "custom_attributes.acumatica_warehouse", direction="a2m"),
    ],
    "Payment Methods": [
        field(
            "Default Payment Method",
            "PaymentInstructions[0].PaymentMethod",
            "custom_attributes.acumatica_payment_method",
            direction="a2m",
        ),
        field(
            "Auto-Apply Payments",
            "AutoApplyPayments",
            "custom_attributes.acumatica_auto_apply_payments",
            "boolean",
            direction="a2m",
            opts=YES_NO,
        ),
    ],
    "Salespersons": [
        field(
            "Default Salesperson",
            "Salespersons[Default=true].SalespersonID",
            "custom_attributes.acumatica_salesperson_id",
            direction="a2m",
        ),
        field(
            "Salesperson Name",
            "Salespersons[Default=true].Name",
            "custom_attributes.acumatica_salesperson_name",
            direction="a2m",
        ),
    ],
    "Attributes": [],
    "Activities": [],
    "Mail Settings": [
        field(
            name,
            reference,
            f"custom_attributes.acumatica_{code}",
            "boolean",
            direction="a2m",
            opts=YES_NO,
        )
        for name, reference, code in (
            ("Send Invoices by Email", "SendInvoicesbyEmail", "send_invoices_by_email"),
            ("Print Invoices", "PrintInvoices", "print_invoices"),
            ("Send Statements by Email", "SendStatementsbyEmail", "send_statements_by_email"),
            ("Print Statements", "PrintStatements", "print_statements"),
            (
                "Send Dunning Letters by Email",
                "SendDunningLettersbyEmail",
                "send_dunning_letters_by_email",
            ),
            ("Multi-Currency Statements", "MultiCurrencyStatements", "multi_currency_statements"),
        )
    ]
    + [
        field(
            "Statement Type",
            "StatementType",
            "custom_attributes.acumatica_statement_type",
            direction="a2m",
        )
    ],
}
