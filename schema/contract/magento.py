"""The Magento side of the contract: the payloads the connector writes and the order it reads.

Shapes follow Magento 2.4.8's REST schema (`tests/schema/test_contract.py` walks them against
`shared/reference/magento-2.4.8-admin-swagger.json`); `custom_attributes.<code>` accepts any
attribute code.
"""

from __future__ import annotations

import re
from typing import Any

from schema.contract.common import top, unknown
from schema.paths import PathError, Segment, parse_path

SCALAR = "scalar"
LIST = "list"  # a list of plain values (Magento `street`, `website_ids`)
ATTRIBUTES = "custom_attributes"  # [{attribute_code, value}], addressed as custom_attributes.<code>

Shape = dict[str, Any]


def _scalars(*names: str) -> Shape:
    return dict.fromkeys(names, SCALAR)


_STOCK_ITEM = _scalars(
    "qty",
    "is_in_stock",
    "is_qty_decimal",
    "use_config_min_qty",
    "min_qty",
    "use_config_min_sale_qty",
    "min_sale_qty",
    "use_config_max_sale_qty",
    "max_sale_qty",
    "use_config_backorders",
    "backorders",
    "use_config_notify_stock_qty",
    "notify_stock_qty",
    "use_config_qty_increments",
    "qty_increments",
    "use_config_enable_qty_inc",
    "enable_qty_increments",
    "use_config_manage_stock",
    "manage_stock",
    "is_decimal_divided",
)
_CUSTOMER_ADDRESS: Shape = {
    **_scalars(
        "region_id",
        "country_id",
        "company",
        "telephone",
        "fax",
        "postcode",
        "city",
        "firstname",
        "lastname",
        "middlename",
        "prefix",
        "suffix",
        "vat_id",
        "default_shipping",
        "default_billing",
    ),
    "region": _scalars("region_code", "region", "region_id"),
    "street": LIST,
    "custom_attributes": ATTRIBUTES,
}
_ORDER_ADDRESS: Shape = {
    **_scalars(
        "city",
        "company",
        "country_id",
        "email",
        "fax",
        "firstname",
        "lastname",
        "middlename",
        "postcode",
        "prefix",
        "region",
        "region_code",
        "region_id",
        "suffix",
        "telephone",
        "vat_id",
    ),
    "street": LIST,
}

# Schema entity -> the Magento record it writes (product, category, customer) or reads (order).
MAGENTO: dict[str, Shape] = {
    "product": {
        **_scalars("sku", "name", "attribute_set_id", "price", "status", "visibility", "type_id", "weight"),
        "extension_attributes": {
            "website_ids": LIST,
            "category_links": [_scalars("position", "category_id")],
            "stock_item": _STOCK_ITEM,
        },
        "custom_attributes": ATTRIBUTES,
    },
    "category": {
        **_scalars("parent_id", "name", "is_active", "position", "include_in_menu"),
        "available_sort_by": LIST,
        "custom_attributes": ATTRIBUTES,
    },
    "customer": {
        **_scalars(
            "group_id",
            "dob",
            "email",
            "firstname",
            "lastname",
            "middlename",
            "prefix",
            "suffix",
            "gender",
            "store_id",
            "taxvat",
            "website_id",
            "disable_auto_group_change",
        ),
        "addresses": [_CUSTOMER_ADDRESS],
        "extension_attributes": _scalars("is_subscribed"),
        "custom_attributes": ATTRIBUTES,
    },
    "order": {
        **_scalars(
            "increment_id",
            "customer_email",
            "customer_firstname",
            "customer_lastname",
            "customer_middlename",
            "customer_prefix",
            "customer_suffix",
            "customer_taxvat",
            "customer_dob",
            "customer_gender",
            "customer_note",
        ),
        "billing_address": _ORDER_ADDRESS,
        "extension_attributes": {
            "shipping_assignments": [{"shipping": {"address": _ORDER_ADDRESS, "method": SCALAR}}]
        },
    },
}

_ATTRIBUTE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def check_input_name(entity: str, path: str) -> tuple[Segment, ...]:
    """Refuse an API Input Field Name that is not a field of the entity's Magento payload."""
    segments = parse_path(path)
    shape: Any = top(entity, MAGENTO)
    owner = entity
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if segment.name not in shape:
            raise unknown(owner, segment.name, shape)
        child = shape[segment.name]
        if child == ATTRIBUTES:
            rest = segments[position + 1 :]
            if len(rest) != 1 or segment.selector is not None or rest[0].selector is not None:
                raise PathError(f"{path!r}: custom attributes are custom_attributes.<attribute_code>")
            if not _ATTRIBUTE_CODE.match(rest[0].name):
                raise PathError(f"{path!r}: {rest[0].name!r} is not a Magento attribute code")
            return segments
        if child in (SCALAR, LIST):
            if not last:
                raise PathError(f"{path!r}: {segment.name} is a value; nothing can follow it")
            if segment.selector is not None and (
                child == SCALAR or segment.selector.kind in ("match", "flag")
            ):
                raise PathError(f"{path!r}: {segment}: a value takes no selector (a list takes [] or [N])")
            return segments
        if last:
            raise PathError(f"{path!r}: {segment.name} is an object; name one of its fields")
        if isinstance(child, list):
            if segment.selector is None:
                raise PathError(f"{path!r}: {segment.name} is a list: add [], [N], [field=value] or [flag]")
            child = child[0]
        elif segment.selector is not None:
            raise PathError(f"{path!r}: {segment.name} is an object, not a list")
        shape, owner = child, f"{owner}.{segment.name}"
    return segments
