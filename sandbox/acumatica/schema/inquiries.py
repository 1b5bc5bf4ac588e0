"""Inquiry entities: a filter record whose detail collection holds the results (always PUT)."""

from __future__ import annotations

from .model import detail, entity

LINKED_AND_DETAIL = [
    detail(
        "InventoryQuantityAvailableDetail",
        "InventoryID:String LastModifiedDateTime:DateTime QtyAvailable:Decimal",
    ),
    detail(
        "InventorySummaryRow",
        "BaseUOM:String EstimatedTotalCost:Decimal EstimatedUnitCost:Decimal ExpirationDate:DateTime "
        "LocationID:String LotSerialNbr:String QtyAvailable:Decimal QtyAvailableForShipment:Decimal "
        "QtyNotAvailable:Decimal QtyOnHand:Decimal Subitem:String WarehouseID:String",
    ),
    detail(
        "SalesPriceDetail",
        "BreakQty:Decimal CreatedDateTime:DateTime CurrencyID:String Description:String "
        "EffectiveDate:DateTime ExpirationDate:DateTime InventoryID:String LastModifiedDateTime:DateTime "
        "NoteID:Guid Price:Decimal PriceCode:String PriceType:String Promotion:Boolean RecordID:Int "
        "Tax:String TaxCalculationMode:String UOM:String Warehouse:String",
    ),
    detail(
        "CompaniesStructureDetail",
        "BaseCurrencyID:String BranchCountry:String BranchID:String BranchName:String BranchStatus:Boolean "
        "CompanyID:String CompanyName:String CompanyStatus:Boolean CompanyType:String",
    ),
]

INVENTORY_QUANTITY_AVAILABLE = entity(
    "InventoryQuantityAvailable",
    "InventoryID:String LastModifiedDateTime:DateTime Results:InventoryQuantityAvailableDetail[]",
    screen="SO640590",
    title="Inventory Quantity Available",
    view="Filter",
    sub_views={"Results": "Results"},
    inquiry=True,
)

INVENTORY_SUMMARY_INQUIRY = entity(
    "InventorySummaryInquiry",
    "ExpandByLotSerialNbr:Boolean InventoryID:String LocationID:String Results:InventorySummaryRow[] "
    "Subitem:String WarehouseID:String",
    screen="IN401000",
    title="Inventory Summary",
    view="Filter",
    sub_views={"Results": "ISERecords"},
    inquiry=True,
)

SALES_PRICES_INQUIRY = entity(
    "SalesPricesInquiry",
    "EffectiveAsOf:DateTime InventoryID:String ItemClassID:String PriceClass:String PriceCode:String "
    "PriceManager:String PriceManagerIsMe:Boolean PriceType:String PriceWorkgroup:String "
    "PriceWorkgroupIsMine:Boolean SalesPriceDetails:SalesPriceDetail[] TaxCalculationMode:String",
    screen="AR202000",
    title="Sales Prices",
    view="Filter",
    sub_views={"SalesPriceDetails": "Records"},
    inquiry=True,
    choices={"PriceType": ("All Prices", "Base", "Customer", "Customer Price Class")},
)

COMPANIES_STRUCTURE = entity(
    "CompaniesStructure",
    "Results:CompaniesStructureDetail[]",
    screen="CS401000",
    title="Company Branch",
    view="Filter",
    sub_views={"Results": "Results"},
    inquiry=True,
)

TOP_LEVEL = [
    INVENTORY_QUANTITY_AVAILABLE,
    INVENTORY_SUMMARY_INQUIRY,
    SALES_PRICES_INQUIRY,
    COMPANIES_STRUCTURE,
]
