"""The Acumatica side of the contract: the Default endpoint subset the mapped entities reach.

`ACUMATICA` lists, per type, `Field:kind` where kind is a value type (s string, d decimal, i int,
h short, l long, b boolean, t date-time, g guid), a linked entity (`Contact`) or a detail
collection (`AttributeValue[]`). It is derived from `shared/reference/acumatica-default-entity-index.json`
(23.200.001 and 24.200.001); `tests/schema/test_contract.py` checks it against that file. Custom
fields (`custom.<View>.<Field>`) are in no contract and are checked for shape only.
"""

from __future__ import annotations

from schema.contract.common import top, unknown
from schema.paths import CUSTOM, PathError, Segment, parse_path

VALUE_TYPES = {
    "s": "StringValue",
    "d": "DecimalValue",
    "i": "IntValue",
    "h": "ShortValue",
    "l": "LongValue",
    "b": "BooleanValue",
    "t": "DateTimeValue",
    "g": "GuidValue",
    "y": "ByteValue",
    "f": "DoubleValue",
}

# Schema entity -> the Acumatica top-level entity its records come from.
ACUMATICA_ENTITIES = {
    "product": "StockItem",
    "category": "ItemSalesCategory",
    "customer": "Customer",
    "order": "SalesOrder",
}

_ACUMATICA_TEXT = {
    "StockItem": (
        "ABCCode:s Attributes:AttributeValue[] AutoIncrementalValue:s Availability:s AverageCost:d "
        "BaseUOM:s Boxes:BoxStockItem[] Categories:CategoryStockItem[] COGSAccount:s COGSSubaccount:s "
        "Content:s CountryOfOrigin:s CrossReferences:InventoryItemCrossReference[] CurrentStdCost:d "
        "CurySpecificMSRP:d CurySpecificPrice:d CustomURL:s DefaultIssueLocationID:s DefaultPrice:d "
        "DefaultReceiptLocationID:s DefaultSubitem:s DefaultWarehouseID:s DeferralAccount:s "
        "DeferralSubaccount:s Description:s DimensionVolume:d DimensionWeight:d DiscountAccount:s "
        "DiscountSubaccount:s ExportToExternal:b FileURLs:InventoryFileUrls[] ImageUrl:s "
        "InventoryAccount:s InventoryID:s InventorySubaccount:s IsAKit:b ItemClass:s ItemStatus:s "
        "ItemType:s LandedCostVarianceAccount:s LandedCostVarianceSubaccount:s LastCost:d LastModified:t "
        "LastModifiedDateTime:t LastStdCost:d LotSerialClass:s Markup:d MaxCost:d MetaDescription:s "
        "MetaKeywords:s MinCost:d MinMarkup:d MSRP:d NotAvailable:s NoteID:g PackagingOption:s "
        "PackSeparately:b PageTitle:s PendingStdCost:d POAccrualAccount:s POAccrualSubaccount:s "
        "PostingClass:s PriceClass:s PriceManager:s PriceWorkgroup:s ProductManager:s ProductWorkgroup:s "
        "PurchasePriceVarianceAccount:s PurchasePriceVarianceSubaccount:s PurchaseUOM:s "
        "ReasonCodeSubaccount:s ReplenishmentParameters:ReplenishmentParameterStockItem[] SalesAccount:s "
        "SalesSubaccount:s SalesUOM:s SearchKeywords:s StandardCostRevaluationAccount:s "
        "StandardCostRevaluationSubaccount:s StandardCostVarianceAccount:s "
        "StandardCostVarianceSubaccount:s SubjectToCommission:b TariffCode:s TaxCategory:s "
        "TemplateItemID:s UOMConversions:InventoryItemUOMConversion[] UseOnEntry:b ValuationMethod:s "
        "VendorDetails:StockItemVendorDetail[] Visibility:s VolumeUOM:s "
        "WarehouseDetails:StockItemWarehouseDetail[] WeightUOM:s"
    ),
    "ItemSalesCategory": (
        "CategoryID:i Description:s LastModifiedDateTime:t Members:ItemSalesCategoryMember[] NoteID:g "
        "ParentCategoryID:i Path:s SortOrder:i"
    ),
    "Customer": (
        "AccountRef:s ApplyOverdueCharges:b Attributes:AttributeValue[] AutoApplyPayments:b BAccountID:i "
        "BillingAddressOverride:b BillingContact:Contact BillingContactOverride:b "
        "Contacts:CustomerContact[] CreatedDateTime:t CreditLimit:d "
        "CreditVerificationRules:CreditVerificationRules CurrencyID:s CurrencyRateType:s "
        "CustomerCategory:s CustomerClass:s CustomerID:s CustomerName:s Email:s EnableCurrencyOverride:b "
        "EnableRateOverride:b EnableWriteOffs:b EntityUsageType:s FOBPoint:s IsGuestCustomer:b "
        "LastModifiedDateTime:t LeadTimedays:h LocationName:s MainContact:Contact "
        "MultiCurrencyStatements:b NoteID:g OrderPriority:h ParentRecord:s "
        "PaymentInstructions:BusinessAccountPaymentInstructionDetail[] PriceClassID:s "
        "PrimaryContact:Contact PrimaryContactID:i PrintDunningLetters:b PrintInvoices:b "
        "PrintStatements:b ResidentialDelivery:b RestrictVisibilityTo:s "
        "Salespersons:CustomerSalesPerson[] SaturdayDelivery:b SendDunningLettersbyEmail:b "
        "SendInvoicesbyEmail:b SendStatementsbyEmail:b ShippingAddressOverride:b ShippingBranch:s "
        "ShippingContact:Contact ShippingContactOverride:b ShippingRule:s ShippingTerms:s "
        "ShippingZoneID:s ShipVia:s StatementCycleID:s StatementType:s Status:s TaxExemptionNumber:s "
        "TaxRegistrationID:s TaxZone:s Terms:s WarehouseID:s WriteOffLimit:d"
    ),
    "SalesOrder": (
        "Approved:b BaseCurrencyID:s BillToAddress:Address BillToAddressOverride:b "
        "BillToAddressValidated:b BillToContact:DocContact BillToContactOverride:b Branch:s CashAccount:s "
        "ContactID:s ControlTotal:d CreatedDate:t CreditHold:b CurrencyID:s CurrencyRate:d "
        "CurrencyRateTypeID:s CustomerID:s CustomerOrder:s Date:t Description:s DestinationWarehouseID:s "
        "DisableAutomaticDiscountUpdate:b DisableAutomaticTaxCalculation:b EffectiveDate:t "
        "ExternalOrderOrigin:s ExternalOrderOriginal:b ExternalOrderSource:s ExternalRef:s "
        "ExternalRefundRef:s Hold:b IsTaxValid:b LastModified:t LocationID:s MaxRiskScore:d NoteID:g "
        "OrderedQty:d OrderNbr:s OrderTotal:d OrderType:s PaymentMethod:s PaymentRef:s "
        "PreferredWarehouseID:s Project:s ReciprocalRate:d RequestedOn:t ShipToAddress:Address "
        "ShipToAddressOverride:b ShipToAddressValidated:b ShipToContact:DocContact "
        "ShipToContactOverride:b ShipVia:s Status:s TaxCalcMode:s TaxTotal:d UsrExternalOrderOriginal:b "
        "VATExemptTotal:d VATTaxableTotal:d WillCall:b"
    ),
    "Address": ("AddressLine1:s AddressLine2:s City:s Country:s PostalCode:s State:s Validated:b"),
    "Contact": (
        "Active:b Address:Address AddressValidated:b Attention:s Attributes:AttributeValue[] "
        "BusinessAccount:s CompanyName:s ContactClass:s ContactID:i ContactMethod:s ConvertedBy:s "
        "DateOfBirth:t DisplayName:s DoNotCall:b DoNotEmail:b DoNotFax:b DoNotMail:b Duplicate:s "
        "DuplicateFound:b Email:s ExtRefNbr:s Fax:s FaxType:s FirstName:s FullName:s Gender:s Image:s "
        "JobTitle:s LanguageOrLocale:s LastIncomingActivity:t LastModifiedDateTime:t LastName:s "
        "LastOutgoingActivity:t MaritalStatus:s MiddleName:s NoMarketing:b NoMassMail:b NoteID:g "
        "OverrideAccountAddress:b Owner:s OwnerEmployeeName:s ParentAccount:s Phone1:s Phone1Type:s "
        "Phone2:s Phone2Type:s Phone3:s Phone3Type:s QualificationDate:t Reason:s Source:s "
        "SourceCampaign:s SpouseOrPartnerName:s Status:s Synchronize:b Title:s Type:s WebSite:s "
        "Workgroup:s WorkgroupDescription:s"
    ),
    "DocContact": ("Attention:s BusinessName:s Email:s Phone1:s"),
    "AttributeValue": (
        "AttributeDescription:s AttributeID:s IsActive:b RefNoteID:g Required:b Value:s ValueDescription:s"
    ),
    "CategoryStockItem": ("CategoryID:i"),
    "InventoryItemCrossReference": (
        "AlternateID:s AlternateType:s Description:s Subitem:s UOM:s VendorOrCustomer:s"
    ),
    "BoxStockItem": ("BoxID:s Description:s MaxQty:d MaxVolume:d MaxWeight:d Qty:d UOM:s"),
    "StockItemWarehouseDetail": (
        "DailyDemandForecast:d DailyDemandForecastErrorSTDEV:d DefaultIssueLocationID:s "
        "DefaultReceiptLocationID:s InventoryAccount:s InventorySubaccount:s IsDefault:b "
        "LastForecastDate:t Override:b OverridePreferredVendor:b OverrideReplenishmentSettings:b "
        "OverrideStdCost:b PreferredVendor:s PriceOverride:b ProductManager:s ProductWorkgroup:s "
        "QtyOnHand:d ReplenishmentSource:s ReplenishmentWarehouse:s Seasonality:s ServiceLevel:d Status:s "
        "WarehouseID:s"
    ),
    "InventoryItemUOMConversion": ("ConversionFactor:d FromUOM:s MultiplyOrDivide:s ToUOM:s"),
    "InventoryFileUrls": ("FileType:s FileURL:s NoteID:g"),
    "StockItemVendorDetail": (
        "Active:b AddLeadTimeDays:h CurrencyID:s Default:b EOQ:d LastVendorPrice:d LeadTimeDays:h "
        "Location:s LotSize:d MaxOrderQty:d MinOrderFrequencyInDays:i MinOrderQty:d Override:b "
        "PurchaseUnit:s RecordID:i Subitem:s VendorID:s VendorName:s Warehouse:s"
    ),
    "ReplenishmentParameterStockItem": (
        "DemandForecastModel:s ForecastPeriodType:s LaunchDate:t MaxQty:d MaxShelfLifeInDays:i Method:s "
        "PeriodsToAnalyze:i ReorderPoint:d ReplenishmentClass:s ReplenishmentWarehouse:s SafetyStock:d "
        "Seasonality:s ServiceLevel:d Source:s TerminationDate:t TransferERQ:d"
    ),
    "CustomerSalesPerson": ("Commission:d Default:b LocationID:s LocationName:s Name:s SalespersonID:s"),
    "BusinessAccountPaymentInstructionDetail": (
        "Description:s LocationID:i PaymentInstructionsID:s PaymentMethod:s Value:s"
    ),
    "CreditVerificationRules": (
        "CreditDaysPastDue:h CreditLimit:d CreditVerification:s FirstDueDate:t OpenOrdersBalance:d "
        "RemainingCreditLimit:d UnreleasedBalance:d"
    ),
    "CustomerContact": ("Contact:Contact ContactID:i LastModifiedDateTime:t"),
    "ItemSalesCategoryMember": ("Description:s InventoryID:s ItemClass:s ItemStatus:s"),
}

# Fields present in one endpoint version only: (type, field) -> the version that has it.
VERSION_ONLY = {
    ("StockItem", "LastModifiedDateTime"): "24.200.001",
    ("Contact", "ExtRefNbr"): "24.200.001",
    ("AttributeValue", "IsActive"): "24.200.001",
}


def _parse_types(text: dict[str, str]) -> dict[str, dict[str, str]]:
    types: dict[str, dict[str, str]] = {}
    for name, fields in text.items():
        types[name] = {}
        for token in fields.split():
            field, kind = token.split(":")
            types[name][field] = VALUE_TYPES.get(kind, kind)
    return types


ACUMATICA: dict[str, dict[str, str]] = _parse_types(_ACUMATICA_TEXT)


def check_reference_path(entity: str, path: str, version: str | None = None) -> tuple[Segment, ...]:
    """Refuse an API Reference Field Path that is not in the entity's Acumatica contract (or, with
    `version`, not in that endpoint version). Returns the parsed path."""
    segments = parse_path(path)
    type_name = top(entity, ACUMATICA_ENTITIES)
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if segment.name == CUSTOM:
            rest = segments[position + 1 :]
            if len(rest) != 2 or any(s.selector is not None for s in (segment, *rest)):
                raise PathError(f"{path!r}: a custom field is custom.<View>.<Field>")
            return segments
        fields = ACUMATICA[type_name]
        if segment.name not in fields:
            raise unknown(type_name, segment.name, fields)
        only = VERSION_ONLY.get((type_name, segment.name))
        if version and only and only != version:
            raise PathError(
                f"{type_name}.{segment.name} exists only in endpoint version {only}, not {version}"
            )
        kind = fields[segment.name]
        if kind.endswith("Value"):
            if segment.selector is not None or not last:
                raise PathError(f"{path!r}: {type_name}.{segment.name} is a value, not an entity")
            return segments
        detail = kind.endswith("[]")
        child = kind.removesuffix("[]")
        what = "a detail collection" if detail else "a linked entity"
        if last:
            raise PathError(f"{path!r}: {type_name}.{segment.name} is {what}; name one of its fields")
        if detail and segment.selector is None:
            raise PathError(f"{path!r}: {segment.name} is a detail collection: add [], [N] or [Field=Value]")
        if not detail and segment.selector is not None:
            raise PathError(f"{path!r}: {segment.name} is a linked entity, not a collection")
        if child not in ACUMATICA:
            raise PathError(f"{path!r}: fields of {child} are not mapped by the connector")
        selector = segment.selector
        if selector is not None and selector.kind in ("match", "flag"):
            key_kind = ACUMATICA[child].get(selector.key, "")
            if not key_kind.endswith("Value"):
                raise unknown(child, selector.key, ACUMATICA[child])
        type_name = child
    return segments


def acumatica_field_type(entity: str, path: str) -> str | None:
    """The contract value type at a valid path ("DecimalValue"...); None for a custom field."""
    segments = check_reference_path(entity, path)
    type_name = ACUMATICA_ENTITIES[entity]
    for segment in segments:
        if segment.name == CUSTOM:
            return None
        kind = ACUMATICA[type_name][segment.name]
        if kind.endswith("Value"):
            return kind
        type_name = kind.removesuffix("[]")
    return None
