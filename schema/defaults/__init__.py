"""The shipped field catalogs: per entity, the guide's tabs and the fields a merchant expects.

Essentials are preselected Active; everything else ships inactive, ready to be switched on.
Acumatica paths are Default endpoint contract paths (23.200.001 and 24.200.001); Magento names are
fields of the product / category / customer payloads or attribute codes: Magento's own (see
`MAGENTO_ATTRIBUTE_CODES`) or the connector's (`CONNECTOR_ATTRIBUTE_CODES`, `acumatica_*`, which
exist in Magento once the attribute is created there). Mapping tables named by `lookup` fields
(`attribute_set`, `category`, `customer_group`, `tax_class`, `option:<code>`) are filled by the flows
from links and the admin's mapping tables.

Pure data: `tests/schema/test_defaults.py` checks every path against the reference schemas.
"""

from __future__ import annotations

from schema.defaults import category, customer, order, product
from schema.defaults.rows import Row
from schema.mapping import FieldDirection, FieldSpec

__all__ = [
    "ATTRIBUTE_TAB",
    "CONNECTOR_ATTRIBUTE_CODES",
    "CUSTOM_FIELD_TAB",
    "DEFAULT_FIELDS",
    "ENTITY_LABELS",
    "MAGENTO_ATTRIBUTE_CODES",
    "TABS",
    "default_fields",
]

ENTITY_LABELS = {
    "product": "Product",
    "category": "Category",
    "customer": "Customer",
    "order": "Order Addresses",
}

TABS: dict[str, tuple[str, ...]] = {
    "product": (
        "General Settings",
        "Price/Cost Information",
        "Attributes",
        "eCommerce",
        "Additional Features",
        "Packaging",
        "Cross Reference Details",
    ),
    "category": ("Category Info", "eCommerce"),
    "customer": (
        "General Info",
        "Billing Settings",
        "Delivery Settings",
        "Payment Methods",
        "Salespersons",
        "Attributes",
        "Activities",
        "Mail Settings",
    ),
    "order": ("Bill-To Address", "Ship-To Address"),
}

# Where Refresh Schema files what it discovers: user-defined attributes, other custom fields.
ATTRIBUTE_TAB = {"product": "Attributes", "category": "Category Info", "customer": "Attributes"}
CUSTOM_FIELD_TAB = {"product": "Additional Features", "category": "Category Info", "customer": "General Info"}

# Attribute codes of a clean Magento 2.4 install that a schema field may target.
MAGENTO_ATTRIBUTE_CODES: dict[str, frozenset[str]] = {
    "product": frozenset(
        {
            "description",
            "short_description",
            "meta_title",
            "meta_keyword",
            "meta_description",
            "url_key",
            "tax_class_id",
            "color",
            "manufacturer",
            "country_of_manufacture",
            "cost",
            "msrp",
            "special_price",
            "special_from_date",
            "special_to_date",
            "news_from_date",
            "news_to_date",
            "gift_message_available",
        }
    ),
    "category": frozenset(
        {
            "description",
            "url_key",
            "meta_title",
            "meta_keywords",
            "meta_description",
            "display_mode",
            "is_anchor",
        }
    ),
    "customer": frozenset(),
}

_CATALOGS: dict[str, tuple[FieldDirection, dict[str, list[Row]]]] = {
    "product": (product.DIRECTION, product.FIELDS),
    "category": (category.DIRECTION, category.FIELDS),
    "customer": (customer.DIRECTION, customer.FIELDS),
    "order": (order.DIRECTION, order.FIELDS),
}


def _build(entity: str) -> tuple[FieldSpec, ...]:
    direction, tabs = _CATALOGS[entity]
    specs = []
    for tab, rows in tabs.items():
        for name, reference, input_name, transform, options, active, required, override in rows:
            specs.append(
                FieldSpec(
                    api_reference_path=reference,
                    api_input_name=input_name,
                    transform=transform,
                    options=options,
                    active=active,
                    required=required,
                    direction=override or direction,
                    name=name,
                    entity=entity,
                    tab=tab,
                )
            )
    return tuple(specs)


DEFAULT_FIELDS: dict[str, tuple[FieldSpec, ...]] = {entity: _build(entity) for entity in _CATALOGS}

# Connector-owned attribute codes the shipped catalogs target (created in Magento before use).
CONNECTOR_ATTRIBUTE_CODES: dict[str, frozenset[str]] = {
    entity: frozenset(
        spec.api_input_name.split(".", 1)[1]
        for spec in specs
        if spec.api_input_name.startswith("custom_attributes.")
        and spec.api_input_name.split(".", 1)[1] not in MAGENTO_ATTRIBUTE_CODES.get(entity, frozenset())
    )
    for entity, specs in DEFAULT_FIELDS.items()
}


def default_fields(entity: str | None = None) -> list[FieldSpec]:
    """The shipped fields of one entity (or of all), in display order."""
    if entity is not None:
        return list(DEFAULT_FIELDS[entity])
    return [spec for specs in DEFAULT_FIELDS.values() for spec in specs]
