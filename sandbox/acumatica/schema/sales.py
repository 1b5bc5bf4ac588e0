"""Sales documents: sales orders, shipments and sales invoices."""

from __future__ import annotations

from .model import ActionDef, detail, entity

ORDER_STATUSES = (
    "On Hold",
    "Pending Approval",
    "Open",
    "Pending Processing",
    "Awaiting Payment",
    "Credit Hold",
    "Back Order",
    "Shipping",
    "Completed",
    "Canceled",
    "Invoiced",
)
SHIPMENT_STATUSES = ("On Hold", "Open", "Confirmed", "Partially Invoiced", "Invoiced", "Completed")
INVOICE_TYPES = ("Invoice", "Debit Memo", "Credit Memo", "Cash Sale", "Cash Return")
INVOICE_STATUSES = ("On Hold", "Balanced", "Credit Hold", "Open", "Closed", "Voided", "Canceled")
WORKFLOW_ACTIONS = ("putOnHold", "releaseFromHold")

LINKED_AND_DETAIL = [
    detail("DocContact", "Attention:String BusinessName:String Email:String Phone1:String"),
    detail(
        "SalesOrderDetail",
        "Amount:Decimal Branch:String Completed:Boolean DiscountAmount:Decimal DiscountPercent:Decimal "
        "ExtendedPrice:Decimal ExternalRef:String FreeItem:Boolean InventoryID:String "
        "LastModifiedDate:String "
        "LineDescription:String LineNbr:Int LineType:String ManualDiscount:Boolean ManualPrice:Boolean "
        "OpenQty:Decimal Operation:String OrderQty:Decimal QtyOnShipments:Decimal RequestedOn:DateTime "
        "ShipOn:DateTime TaxCategory:String UOM:String UnbilledAmount:Decimal UnitPrice:Decimal "
        "WarehouseID:String",
        choices={"Operation": ("Issue", "Receipt")},
        keys=("LineNbr",),
    ),
    detail(
        "SalesOrderShipment",
        "InventoryDocType:String InventoryRefNbr:String InvoiceNbr:String InvoiceType:String "
        "LastModifiedDateTime:DateTime ShipmentDate:DateTime ShipmentNbr:String ShipmentType:String "
        "ShippedQty:Decimal ShippedVolume:Decimal ShippedWeight:Decimal Status:String",
        keys=("ShipmentNbr",),
    ),
    detail(
        "Totals",
        "DiscountTotal:Decimal Freight:Decimal FreightCost:Decimal LineTotalAmount:Decimal "
        "MiscTotalAmount:Decimal OrderVolume:Decimal OrderWeight:Decimal OverrideFreightAmount:Boolean "
        "PremiumFreight:Decimal TaxTotal:Decimal UnbilledAmount:Decimal UnbilledQty:Decimal "
        "UnpaidBalance:Decimal",
    ),
    detail(
        "TaxDetail", "TaxAmount:Decimal TaxID:String TaxRate:Decimal TaxableAmount:Decimal", keys=("TaxID",)
    ),
    detail(
        "ShipmentDetail",
        "Description:String FreeItem:Boolean InventoryID:String LineNbr:Int LocationID:String "
        "LotSerialNbr:String OpenQty:Decimal OrderLineNbr:Int OrderNbr:String OrderType:String "
        "OrderedQty:Decimal ShippedQty:Decimal UOM:String WarehouseID:String",
        keys=("LineNbr",),
    ),
    detail(
        "ShipmentPackage",
        "BoxID:String CODAmount:Decimal Confirmed:Boolean DeclaredValue:Decimal Description:String "
        "Height:Decimal Length:Decimal LineNbr:Int TrackingNbr:String Type:String UOM:String Weight:Decimal "
        "Width:Decimal",
        keys=("LineNbr",),
    ),
    detail(
        "ShipmentOrderDetail",
        "InventoryDocType:String InventoryRefNbr:String InvoiceNbr:String InvoiceType:String OrderNbr:String "
        "OrderType:String ShipmentNbr:String ShipmentType:String ShippedQty:Decimal ShippedVolume:Decimal "
        "ShippedWeight:Decimal",
        keys=("OrderType", "OrderNbr"),
    ),
    detail(
        "ShipToSettings",
        "ShipToAddress:Address ShipToAddressOverride:Boolean ShipToContact:DocContact "
        "ShipToContactOverride:Boolean",
    ),
    detail(
        "SalesInvoiceDetail",
        "Amount:Decimal BranchID:String Description:String DiscountAmount:Decimal DiscountPercent:Decimal "
        "ExternalRef:String@24 InventoryDocType:String InventoryID:String InventoryRefNbr:String LineNbr:Int "
        "ManualPrice:Boolean@24 OrderLineNbr:Int OrderNbr:String OrderType:String OrigInvLineNbr:Int "
        "OrigInvNbr:String OrigInvType:String Qty:Decimal ShipmentNbr:String TransactionDescr:String "
        "UOM:String UnitPrice:Decimal WarehouseID:String",
        keys=("LineNbr",),
    ),
    detail(
        "SalesInvoiceAddress",
        "AddressLine1:String AddressLine2:String City:String Country:String PostalCode:String State:String",
    ),
    detail("SalesInvoiceDocContact", "Attention:String BusinessName:String Email:String Phone1:String"),
]

SALES_ORDER = entity(
    "SalesOrder",
    "Approved:Boolean BillToAddress:Address BillToAddressOverride:Boolean BillToContact:DocContact "
    "BillToContactOverride:Boolean Branch:String ControlTotal:Decimal CreatedDate:DateTime=created "
    "CreditHold:Boolean CurrencyID:String CustomerID:String CustomerOrder:String Date:DateTime "
    "Description:String Details:SalesOrderDetail[] ExternalRef:String Hold:Boolean "
    "LastModified:DateTime=modified LocationID:String NoteID:Guid=noteid OrderNbr:String OrderTotal:Decimal "
    "OrderType:String OrderedQty:Decimal PaymentMethod:String PaymentRef:String PreferredWarehouseID:String "
    "RequestedOn:DateTime ShipToAddress:Address ShipToAddressOverride:Boolean ShipToContact:DocContact "
    "ShipToContactOverride:Boolean ShipVia:String Shipments:SalesOrderShipment[] Status:String "
    "TaxDetails:TaxDetail[] TaxTotal:Decimal Totals:Totals",
    keys=("OrderType", "OrderNbr"),
    screen="SO301000",
    title="Sales Orders",
    graph="PX.Objects.SO.SOOrderEntry",
    view="Document",
    views=("Document", "CurrentDocument"),
    sub_views={
        "Details": "Transactions",
        "Shipments": "ShipmentList",
        "TaxDetails": "Taxes",
        "Totals": "CurrentDocument",
        "ShipToAddress": "Shipping_Address",
        "ShipToContact": "Shipping_Contact",
        "BillToAddress": "Billing_Address",
        "BillToContact": "Billing_Contact",
    },
    actions=(
        ActionDef("AutoRecalculateDiscounts"),
        ActionDef("CancelSalesOrder"),
        ActionDef("OpenSalesOrder"),
        ActionDef("PrepareSalesInvoice"),
        ActionDef(
            "RecalculatePricesDiscounts",
            {
                "OverrideManualDiscounts": "Boolean",
                "OverrideManualDocGroupDiscounts": "Boolean",
                "OverrideManualPrices": "Boolean",
                "RecalcDiscounts": "Boolean",
                "RecalcUnitPrices": "Boolean",
            },
            since="24.200.001",
        ),
        ActionDef("ReleaseFromCreditHoldSalesOrder"),
        ActionDef("ReopenSalesOrder"),
        ActionDef("SalesOrderCreateReceipt", {"ShipmentDate": "DateTime", "WarehouseID": "String"}),
        ActionDef("SalesOrderCreateShipment", {"ShipmentDate": "DateTime", "WarehouseID": "String"}),
    ),
    custom_actions=WORKFLOW_ACTIONS,
    choices={"Status": ORDER_STATUSES},
)

SHIPMENT = entity(
    "Shipment",
    "ControlQty:Decimal CreateNewShipmentForEveryOrder:Boolean CreatedDateTime:DateTime=created "
    "CustomerID:String Description:String Details:ShipmentDetail[] FreightCost:Decimal FreightPrice:Decimal "
    "Hold:Boolean LastModifiedDateTime:DateTime=modified LocationID:String NoteID:Guid=noteid "
    "Operation:String Orders:ShipmentOrderDetail[] OverrideFreightPrice:Boolean PackageCount:Int "
    "PackageWeight:Decimal Packages:ShipmentPackage[] ShipVia:String ShipmentDate:DateTime "
    "ShipmentNbr:String ShippedQty:Decimal ShippedVolume:Decimal ShippedWeight:Decimal "
    "ShippingSettings:ShipToSettings Status:String Type:String UnlimitedPackages:Boolean@24 "
    "WarehouseID:String",
    keys=("ShipmentNbr",),
    screen="SO302000",
    title="Shipments",
    graph="PX.Objects.SO.SOShipmentEntry",
    view="Document",
    views=("Document", "CurrentDocument"),
    sub_views={
        "Details": "Transactions",
        "Orders": "OrderList",
        "Packages": "Packages",
        "ShippingSettings/ShipToAddress": "Shipping_Address",
        "ShippingSettings/ShipToContact": "Shipping_Contact",
    },
    actions=(
        ActionDef("ConfirmShipment"),
        ActionDef("CorrectShipment"),
        ActionDef("PrepareInvoice"),
        ActionDef("UpdateIN"),
    ),
    custom_actions=WORKFLOW_ACTIONS,
    choices={
        "Status": SHIPMENT_STATUSES,
        "Type": ("Shipment", "Transfer", "Drop-Shipment"),
        "Operation": ("Issue", "Receipt"),
    },
)

SALES_INVOICE = entity(
    "SalesInvoice",
    "Amount:Decimal Balance:Decimal BillToAddress:SalesInvoiceAddress@24 BillToAddressOverride:Boolean@24 "
    "BillToContact:SalesInvoiceDocContact@24 BillToContactOverride:Boolean@24 "
    "CreatedDate:DateTime@24=created CreditHold:Boolean Currency:String CustomerID:String "
    "CustomerOrder:String Date:DateTime Description:String DetailTotal:Decimal "
    "Details:SalesInvoiceDetail[] DiscountTotal:Decimal "
    "DueDate:DateTime ExternalRef:String@24 FreightPrice:Decimal Hold:Boolean "
    "LastModifiedDate:DateTime@24=modified LastModifiedDateTime:DateTime=modified PaymentTotal:Decimal "
    "ReferenceNbr:String ShipToAddress:SalesInvoiceAddress@24 ShipToAddressOverride:Boolean@24 "
    "ShipToContact:SalesInvoiceDocContact@24 ShipToContactOverride:Boolean@24 Status:String TaxTotal:Decimal "
    "Type:String",
    keys=("Type", "ReferenceNbr"),
    screen="SO303000",
    title="Invoices",
    graph="PX.Objects.SO.SOInvoiceEntry",
    view="Document",
    views=("Document", "CurrentDocument"),
    sub_views={
        "Details": "Transactions",
        "BillToAddress": "Billing_Address",
        "BillToContact": "Billing_Contact",
        "ShipToAddress": "Shipping_Address",
        "ShipToContact": "Shipping_Contact",
    },
    actions=(ActionDef("ReleaseSalesInvoice"),),
    custom_actions=WORKFLOW_ACTIONS,
    choices={"Type": INVOICE_TYPES, "Status": INVOICE_STATUSES},
)

TOP_LEVEL = [SALES_ORDER, SHIPMENT, SALES_INVOICE]
