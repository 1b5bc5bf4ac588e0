"""The shipped product catalog (Acumatica StockItem -> Magento product)."""

from __future__ import annotations

from schema.defaults.rows import YES_NO, Row, field
from schema.mapping import FieldDirection

DIRECTION: FieldDirection = "a2m"

FIELDS: dict[str, list[Row]] = {
    "General Settings": [
        field("Inventory ID", "InventoryID", "sku", active=True, required=True),
        field("Description", "Description", "name", active=True, required=True, max_length=255),
        field("Item Status", "ItemStatus", "status", "status", active=True),
        field(
            "Item Class",
            "ItemClass",
            "attribute_set_id",
            "lookup",
            active=True,
            required=True,
            table="attribute_set",
        ),
        field(
            "Sales Categories",
            "Categories[].CategoryID",
            "extension_attributes.category_links[].category_id",
            "lookup",
            active=True,
            table="category",
        ),
        field("Item Type", "ItemType", "custom_attributes.acumatica_item_type"),
        field(
            "Tax Category",
            "TaxCategory",
            "custom_attributes.tax_class_id",
            "lookup",
            table="tax_class",
        ),
        field("Base Unit", "BaseUOM", "custom_attributes.acumatica_base_uom"),
        field("Sales Unit", "SalesUOM", "custom_attributes.acumatica_sales_uom"),
        field("Default Warehouse", "DefaultWarehouseID", "custom_attributes.acumatica_default_warehouse"),
    ],
    "Price/Cost Information": [
        field("Default Price", "DefaultPrice", "price", "decimal", active=True),
        field("MSRP", "MSRP", "custom_attributes.msrp", "decimal"),
        field("Average Cost", "AverageCost", "custom_attributes.cost", "decimal"),
        field("Current Cost", "CurrentStdCost", "custom_attributes.acumatica_standard_cost", "decimal"),
        field("Last Cost", "LastCost", "custom_attributes.acumatica_last_cost", "decimal"),
        field("Price Class", "PriceClass", "custom_attributes.acumatica_price_class"),
    ],
    "Attributes": [
        field(
            "Color",
            "Attributes[AttributeID=COLOR].Value",
            "custom_attributes.color",
            "lookup",
            table="option:color",
        ),
    ],
    "eCommerce": [
        field("Content", "Content", "custom_attributes.description", active=True, empty="clear"),
        field("Page Title", "PageTitle", "custom_attributes.meta_title", active=True, empty="clear"),
        field("Meta Description", "MetaDescription", "custom_attributes.meta_description", active=True),
        field("Meta Keywords", "MetaKeywords", "custom_attributes.meta_keyword", active=True),
        field("Custom URL", "CustomURL", "custom_attributes.url_key", "url_key", active=True),
        field("Short Description", "Description", "custom_attributes.short_description"),
        field("Search Keywords", "SearchKeywords", "custom_attributes.acumatica_search_keywords"),
        field("Visibility", "Visibility", "visibility", "visibility"),
        field("Image URL", "ImageUrl", "custom_attributes.acumatica_image_url"),
    ],
    "Additional Features": [
        field("Is a Kit", "IsAKit", "custom_attributes.acumatica_is_kit", "boolean", opts=YES_NO),
        field(
            "Country of Origin",
            "CountryOfOrigin",
            "custom_attributes.country_of_manufacture",
            "country_code",
        ),
        field("Tariff Code", "TariffCode", "custom_attributes.acumatica_tariff_code"),
        field("Lot/Serial Class", "LotSerialClass", "custom_attributes.acumatica_lot_serial_class"),
    ],
    "Packaging": [
        field("Weight", "DimensionWeight", "weight", "decimal", active=True),
        field("Weight UOM", "WeightUOM", "custom_attributes.acumatica_weight_uom"),
        field("Volume", "DimensionVolume", "custom_attributes.acumatica_volume", "decimal"),
        field("Volume UOM", "VolumeUOM", "custom_attributes.acumatica_volume_uom"),
        field("Packaging Option", "PackagingOption", "custom_attributes.acumatica_packaging_option"),
        field(
            "Pack Separately",
            "PackSeparately",
            "custom_attributes.acumatica_pack_separately",
            "boolean",
            opts=YES_NO,
        ),
        field("Default Box", "Boxes[0].BoxID", "custom_attributes.acumatica_box_id"),
    ],
    "Cross Reference Details": [
        field(
            "Barcode",
            "CrossReferences[AlternateType=Barcode].AlternateID",
            "custom_attributes.acumatica_barcode",
        ),
        field(
            "Global ID (GTIN)",
            "CrossReferences[AlternateType=Global].AlternateID",
            "custom_attributes.acumatica_gtin",
        ),
        field(
            "Vendor Part Number",
            "CrossReferences[AlternateType=Vendor Part Number].AlternateID",
            "custom_attributes.acumatica_vendor_part_number",
        ),
    ],
}
