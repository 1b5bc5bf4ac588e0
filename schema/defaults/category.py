"""The shipped category catalog (Acumatica ItemSalesCategory -> Magento category)."""

from __future__ import annotations

from schema.defaults.rows import Row, field
from schema.mapping import FieldDirection

DIRECTION: FieldDirection = "a2m"

FIELDS: dict[str, list[Row]] = {
    "Category Info": [
        field("Description", "Description", "name", active=True, required=True),
        field(
            "Parent Category",
            "ParentCategoryID",
            "parent_id",
            "lookup",
            active=True,
            required=True,
            table="category",
        ),
        field("Sort Order", "SortOrder", "position", "integer", active=True),
        field("Category ID", "CategoryID", "custom_attributes.acumatica_category_id"),
    ],
    "eCommerce": [
        field("URL Key", "Description", "custom_attributes.url_key", "url_key"),
        field("Meta Title", "Description", "custom_attributes.meta_title"),
        field("Category Path", "Path", "custom_attributes.acumatica_category_path"),
    ],
}
