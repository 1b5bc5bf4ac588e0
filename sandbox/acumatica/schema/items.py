"""Inventory entities: stock items, matrix templates, item classes, sales categories, warehouses."""

from __future__ import annotations

from .model import ActionDef, detail, entity

ITEM_STATUSES = ("Active", "No Sales", "No Purchases", "No Request", "Inactive", "Marked for Deletion")
STOCK_ITEM_TYPES = ("Finished Good", "Component Part", "Subassembly")
VISIBILITIES = ("Catalog and Search", "Catalog", "Search", "Not Visible Individually", "Invisible")

LINKED_AND_DETAIL = [
    detail(
        "AttributeValue",
        "AttributeDescription:String AttributeID:String IsActive:Boolean@24 RefNoteID:Guid "
        "Required:Boolean Value:String ValueDescription:String",
        keys=("AttributeID",),
    ),
    detail("CategoryStockItem", "CategoryID:Int", keys=("CategoryID",)),
    detail(
        "InventoryItemCrossReference",
        "AlternateID:String AlternateType:String Description:String Subitem:String UOM:String "
        "VendorOrCustomer:String",
        keys=("AlternateType", "AlternateID"),
    ),
    detail(
        "InventoryItemUOMConversion",
        "ConversionFactor:Decimal FromUOM:String MultiplyOrDivide:String ToUOM:String",
        keys=("FromUOM",),
    ),
    detail("InventoryFileUrls", "FileType:String FileURL:String NoteID:Guid"),
    detail(
        "StockItemWarehouseDetail",
        "DefaultIssueLocationID:String DefaultReceiptLocationID:String IsDefault:Boolean "
        "PreferredVendor:String QtyOnHand:Decimal Status:String WarehouseID:String",
        keys=("WarehouseID",),
    ),
    detail(
        "MatrixItems",
        "DefaultPrice:Decimal Description:String ExportToExternal:Boolean InventoryID:String "
        "ItemStatus:String MSRP:Decimal",
        keys=("InventoryID",),
    ),
    detail(
        "ItemClassAtrribute", "AttributeID:String Required:Boolean SortOrder:Short", keys=("AttributeID",)
    ),
    detail(
        "ItemSalesCategoryMember",
        "Description:String InventoryID:String ItemClass:String ItemStatus:String",
        keys=("InventoryID",),
    ),
    detail(
        "WarehouseLocation",
        "Active:Boolean Description:String LocationID:String PickPriority:Short ReceiptsAllowed:Boolean "
        "SalesAllowed:Boolean TransfersAllowed:Boolean",
        keys=("LocationID",),
    ),
]

_COMMERCE = (
    "Availability:String Content:String CustomURL:String ExportToExternal:Boolean MetaDescription:String "
    "MetaKeywords:String NotAvailable:String PageTitle:String SearchKeywords:String Visibility:String "
)

STOCK_ITEM = entity(
    "StockItem",
    _COMMERCE
    + "Attributes:AttributeValue[] AverageCost:Decimal BaseUOM:String Categories:CategoryStockItem[] "
    "CrossReferences:InventoryItemCrossReference[] CurrentStdCost:Decimal CurySpecificMSRP:Decimal "
    "CurySpecificPrice:Decimal DefaultIssueLocationID:String DefaultPrice:Decimal "
    "DefaultReceiptLocationID:String DefaultWarehouseID:String Description:String DimensionVolume:Decimal "
    "DimensionWeight:Decimal FileURLs:InventoryFileUrls[] ImageUrl:String InventoryID:String IsAKit:Boolean "
    "ItemClass:String ItemStatus:String ItemType:String LastModified:DateTime=modified "
    "LastModifiedDateTime:DateTime@24=modified LotSerialClass:String MSRP:Decimal NoteID:Guid=noteid "
    "PostingClass:String PriceClass:String PurchaseUOM:String SalesUOM:String TaxCategory:String "
    "TemplateItemID:String UOMConversions:InventoryItemUOMConversion[] ValuationMethod:String "
    "VolumeUOM:String WarehouseDetails:StockItemWarehouseDetail[] WeightUOM:String",
    keys=("InventoryID",),
    screen="IN202500",
    title="Stock Items",
    graph="PX.Objects.IN.InventoryItemMaint",
    view="Item",
    views=("Item", "ItemSettings"),
    sub_views={
        "Attributes": "Answers",
        "Categories": "Category",
        "CrossReferences": "itemxrefrecords",
        "FileURLs": "InventoryFileUrls",
        "UOMConversions": "itemunits",
        "WarehouseDetails": "itemsiterecords",
    },
    actions=(ActionDef("UpdateStandardCostStockItem"),),
    choices={"ItemStatus": ITEM_STATUSES, "ItemType": STOCK_ITEM_TYPES, "Visibility": VISIBILITIES},
)

TEMPLATE_ITEMS = entity(
    "TemplateItems",
    _COMMERCE + "Attributes:AttributeValue[] BaseUOM:String Categories:CategoryStockItem[] "
    "CurySpecificMSRP:Decimal CurySpecificPrice:Decimal DefaultPrice:Decimal Description:String "
    "DimensionWeight:Decimal FileURLs:InventoryFileUrls[] InventoryID:String IsStockItem:Boolean "
    "ItemClass:String ItemStatus:String LastModified:DateTime=modified "
    "LastModifiedDateTime:DateTime@24=modified MSRP:Decimal Matrix:MatrixItems[] RequireShipment:Boolean "
    "SalesUOM:String TaxCategory:String WeightUOM:String",
    keys=("InventoryID",),
    screen="IN203000",
    title="Template Items",
    graph="PX.Objects.IN.Matrix.Graphs.TemplateInventoryItemMaint",
    view="Item",
    views=("Item", "ItemSettings"),
    sub_views={
        "Attributes": "Answers",
        "Categories": "Category",
        "FileURLs": "InventoryFileUrls",
        "Matrix": "MatrixItems",
    },
    choices={"ItemStatus": ITEM_STATUSES, "Visibility": VISIBILITIES},
)

ITEM_CLASS = entity(
    "ItemClass",
    "Attributes:ItemClassAtrribute[] AvailabilityCalculationRule:String BaseUOM:String ClassID:String "
    "DefaultWarehouseID:String Description:String ItemType:String LastModifiedDateTime:DateTime=modified "
    "LotSerialClass:String PostingClass:String PriceClass:String PurchaseUOM:String SalesUOM:String "
    "StockItem:Boolean TaxCategoryID:String ValuationMethod:String",
    keys=("ClassID",),
    screen="IN201000",
    title="Item Classes",
    graph="PX.Objects.IN.INItemClassMaint",
    view="itemclass",
    views=("itemclass", "itemclasssettings"),
    sub_views={"Attributes": "Mapping"},
)

ITEM_SALES_CATEGORY = entity(
    "ItemSalesCategory",
    "CategoryID:Int Description:String LastModifiedDateTime:DateTime=modified "
    "Members:ItemSalesCategoryMember[] NoteID:Guid=noteid ParentCategoryID:Int Path:String SortOrder:Int",
    keys=("CategoryID",),
    screen="IN204060",
    title="Item Sales Categories",
    graph="PX.Objects.IN.INCategoryMaint",
    view="Folders",
    views=("Folders", "CurrentCategory"),
    sub_views={"Members": "Members"},
)

WAREHOUSE = entity(
    "Warehouse",
    "Active:Boolean Description:String LastModifiedDateTime:DateTime=modified Locations:WarehouseLocation[] "
    "ReceivingLocationID:String ShippingLocationID:String WarehouseID:String",
    keys=("WarehouseID",),
    screen="IN204000",
    title="Warehouses",
    graph="PX.Objects.IN.INSiteMaint",
    view="site",
    views=("site", "siteaccounts"),
    sub_views={"Locations": "location"},
)

TOP_LEVEL = [STOCK_ITEM, TEMPLATE_ITEMS, ITEM_CLASS, ITEM_SALES_CATEGORY, WAREHOUSE]
