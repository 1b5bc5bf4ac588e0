"""Customers and the reference data around them: classes, ship vias, carriers, payment methods."""

from __future__ import annotations

from .model import detail, entity

CUSTOMER_STATUSES = ("Active", "On Hold", "Credit Hold", "Inactive", "One-Time")

LINKED_AND_DETAIL = [
    detail(
        "Address",
        "AddressLine1:String AddressLine2:String City:String Country:String PostalCode:String State:String "
        "Validated:Boolean",
    ),
    detail(
        "Contact",
        "Active:Boolean Address:Address Attention:String CompanyName:String ContactID:Int DisplayName:String "
        "Email:String ExtRefNbr:String@24 Fax:String FirstName:String JobTitle:String LastName:String "
        "MiddleName:String Phone1:String Phone1Type:String Phone2:String Phone2Type:String Title:String "
        "WebSite:String",
    ),
    detail(
        "ShipViaFreightRate",
        "LineNbr:Int Rate:Decimal Volume:Decimal Weight:Decimal ZoneID:String",
        keys=("LineNbr",),
    ),
    detail(
        "PaymentMethodAllowedCashAccountDetail",
        "ARDefault:Boolean Branch:String CashAccount:String Description:String PaymentMethod:String "
        "UseInAP:Boolean UseInAR:Boolean UseInPR:Boolean",
        keys=("CashAccount",),
    ),
]

CUSTOMER = entity(
    "Customer",
    "Attributes:AttributeValue[] BAccountID:Int BillingAddressOverride:Boolean BillingContact:Contact "
    "BillingContactOverride:Boolean CreatedDateTime:DateTime=created CreditLimit:Decimal CurrencyID:String "
    "CustomerCategory:String CustomerClass:String CustomerID:String CustomerName:String Email:String "
    "IsGuestCustomer:Boolean LastModifiedDateTime:DateTime=modified LocationName:String MainContact:Contact "
    "NoteID:Guid=noteid ParentRecord:String PriceClassID:String PrimaryContact:Contact PrimaryContactID:Int "
    "ShipVia:String ShippingAddressOverride:Boolean ShippingContact:Contact ShippingContactOverride:Boolean "
    "ShippingRule:String ShippingTerms:String ShippingZoneID:String Status:String TaxRegistrationID:String "
    "TaxZone:String Terms:String WarehouseID:String",
    keys=("CustomerID",),
    screen="AR303000",
    title="Customers",
    graph="PX.Objects.AR.CustomerMaint",
    view="BAccount",
    views=("BAccount", "CurrentCustomer", "DefLocation"),
    sub_views={
        "Attributes": "Answers",
        "MainContact": "DefContact",
        "MainContact/Address": "DefAddress",
        "BillingContact": "BillContact",
        "BillingContact/Address": "BillAddress",
        "ShippingContact": "DefLocationContact",
        "ShippingContact/Address": "DefLocationAddress",
        "PrimaryContact": "PrimaryContactCurrent",
    },
    choices={
        "Status": CUSTOMER_STATUSES,
        "CustomerCategory": ("Individual", "Organization"),
        "ShippingRule": ("Back Order Allowed", "Cancel Remainder", "Ship Complete"),
    },
)

CUSTOMER_CLASS = entity(
    "CustomerClass",
    "ClassID:String Country:String CreatedDateTime:DateTime=created CreditLimit:Decimal "
    "CreditVerification:String CurrencyID:String Description:String LastModifiedDateTime:DateTime=modified "
    "PaymentMethod:String ShipVia:String TaxZoneID:String Terms:String",
    keys=("ClassID",),
    screen="AR201000",
    title="Customer Classes",
    graph="PX.Objects.AR.CustomerClassMaint",
    view="CustomerClassRecord",
    views=("CustomerClassRecord", "CurCustomerClassRecord"),
)

SHIP_VIA = entity(
    "ShipVia",
    "CalculationMethod:String Calendar:String CarrierID:String CommonCarrier:Boolean Description:String "
    "FreightRates:ShipViaFreightRate[] TaxCategory:String",
    keys=("CarrierID",),
    screen="CS207500",
    title="Ship Via Codes",
    graph="PX.Objects.CS.CarrierMaint",
    view="Carrier",
    views=("Carrier", "CarrierCurrent"),
    sub_views={"FreightRates": "FreightRates"},
    choices={"CalculationMethod": ("Per Unit", "Net", "Manual")},
)

CARRIER = entity(
    "Carrier",
    "CarrierID:String CarrierUnits:String CreatedDateTime:DateTime=created Description:String "
    "LastModifiedDateTime:DateTime=modified PlugInType:String WarehouseID:String",
    keys=("CarrierID",),
    screen="CS207700",
    title="Carriers",
    graph="PX.Objects.CS.CarrierPluginMaint",
    view="Plugin",
)

PAYMENT_METHOD = entity(
    "PaymentMethod",
    "Active:Boolean AllowedCashAccounts:PaymentMethodAllowedCashAccountDetail[] "
    "CreatedDateTime:DateTime=created Description:String IntegratedProcessing:Boolean "
    "LastModifiedDateTime:DateTime=modified MeansOfPayment:String PaymentMethodID:String UseInAP:Boolean "
    "UseInAR:Boolean UseInPR:Boolean",
    keys=("PaymentMethodID",),
    screen="CA204000",
    title="Payment Methods",
    graph="PX.Objects.CA.PaymentMethodMaint",
    view="PaymentMethod",
    sub_views={"AllowedCashAccounts": "CashAccounts"},
    choices={"MeansOfPayment": ("Cash/Check", "Credit Card", "Direct Deposit", "EFT")},
)

TOP_LEVEL = [CUSTOMER, CUSTOMER_CLASS, SHIP_VIA, CARRIER, PAYMENT_METHOD]
