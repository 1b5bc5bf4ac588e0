"""Stock items and matrix templates with attributes, categories, barcodes and stock."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.common.catalog import Catalog

from ..catalog_refs import ATTRIBUTE_DEFS, DEFAULT_LOCATION
from ..store import Record
from .base import DemoClock, put, row

if TYPE_CHECKING:
    from ..system import AcumaticaSystem


def attributes(values: dict[str, str]) -> list[Record]:
    rows = []
    for attribute_id, value in values.items():
        definition = ATTRIBUTE_DEFS[attribute_id]
        rows.append(
            row(
                AttributeID=attribute_id,
                AttributeDescription=definition.description,
                Value=value,
                ValueDescription=dict(definition.values).get(value),
                Required=False,
                IsActive=True,
            )
        )
    return rows


def seed_items(system: AcumaticaSystem, catalog: Catalog, clock: DemoClock) -> None:
    default_warehouse = catalog.warehouses[0].warehouse_id
    for template in catalog.templates:
        put(
            system,
            "TemplateItems",
            {
                "InventoryID": template.inventory_id,
                "Description": template.description,
                "ItemClass": template.item_class,
                "IsStockItem": True,
                "ItemStatus": "Active",
                "DefaultPrice": template.default_price,
                "MSRP": (template.default_price * Decimal("1.2")).quantize(Decimal("0.01")),
                "BaseUOM": "EA",
                "SalesUOM": "EA",
                "WeightUOM": "LB",
                "TaxCategory": "TAXABLE",
                "Content": template.content,
                "ExportToExternal": True,
                "Visibility": "Catalog and Search",
                "RequireShipment": True,
                "Attributes": [
                    row(
                        AttributeID=a,
                        AttributeDescription=ATTRIBUTE_DEFS[a].description,
                        Required=True,
                        IsActive=True,
                    )
                    for a in template.matrix_attributes
                ],
                "Categories": [row(CategoryID=c) for c in template.categories],
                "FileURLs": [],
            },
            clock,
        )
    for item in catalog.items:
        record = put(
            system,
            "StockItem",
            {
                "InventoryID": item.inventory_id,
                "Description": item.description,
                "ItemClass": item.item_class,
                "ItemStatus": "Active" if item.active else "Inactive",
                "ItemType": "Finished Good",
                "DefaultPrice": item.default_price,
                "MSRP": item.msrp,
                "AverageCost": item.cost,
                "CurrentStdCost": item.cost,
                "BaseUOM": item.base_uom,
                "SalesUOM": item.base_uom,
                "PurchaseUOM": item.base_uom,
                "DimensionWeight": item.weight,
                "WeightUOM": item.weight_uom,
                "DimensionVolume": item.volume,
                "VolumeUOM": "FT3",
                "DefaultWarehouseID": default_warehouse,
                "DefaultIssueLocationID": DEFAULT_LOCATION,
                "DefaultReceiptLocationID": DEFAULT_LOCATION,
                "TaxCategory": "TAXABLE",
                "PostingClass": "DEFAULT",
                "ValuationMethod": "Average",
                "LotSerialClass": "NOTTRACKED",
                "IsAKit": False,
                "TemplateItemID": item.template_id,
                "Content": item.content,
                "MetaDescription": item.meta_description,
                "MetaKeywords": item.meta_keywords,
                "PageTitle": item.page_title,
                "SearchKeywords": item.search_keywords,
                "CustomURL": item.custom_url,
                "Visibility": item.visibility,
                "Availability": "Store Default",
                "NotAvailable": "Store Default",
                "ExportToExternal": True,
                "Attributes": attributes(item.attributes),
                "Categories": [row(CategoryID=c) for c in item.categories],
                "CrossReferences": [
                    row(
                        AlternateType="Barcode",
                        AlternateID=item.barcode,
                        UOM=item.base_uom,
                        Description=item.description,
                    )
                ],
                "UOMConversions": [],
                "FileURLs": [],
                "WarehouseDetails": [
                    row(
                        WarehouseID=warehouse_id,
                        QtyOnHand=Decimal(q.on_hand),
                        IsDefault=warehouse_id == default_warehouse,
                        Status="Active",
                        DefaultIssueLocationID=DEFAULT_LOCATION,
                        DefaultReceiptLocationID=DEFAULT_LOCATION,
                        _reserved=Decimal(q.on_hand - q.available),
                        _allocated=Decimal(0),
                    )
                    for warehouse_id, q in item.quantities.items()
                ],
            },
            clock,
        )
        record["_qty_modified"] = record["_modified"]
        if item.sales_price is not None:
            record["_promo_price"] = item.sales_price
