"""The demo tenant, rendered from the shared catalog (`sandbox.common.catalog`).

Same seed and size as the Magento sandbox = same SKUs (InventoryID = Magento sku), warehouses
(= MSI sources), ship vias, payment methods, customer classes and customers (same e-mails).
Records carry fixed demo timestamps (January 2024) so that the first incremental poll of a
connector finds everything and later changes are always newer. One sales order of each order type
exists (for Acumatica-only customers) so that order types can be discovered from sales orders, and
the Acumatica-only customer C000016 is on Credit Hold.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sandbox.common.catalog import Catalog, build_catalog

from .catalog_refs import ATTRIBUTE_DEFS, DEFAULT_LOCATION
from .store import Record
from .values import new_guid

if TYPE_CHECKING:
    from .system import AcumaticaSystem

DEMO_EPOCH = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
CREDIT_HOLD_CUSTOMER = "C000016"
SEEDED_ORDERS = (
    ("SO", "C000013", "Phone order"),
    ("IN", "C000014", "Counter sale"),
    ("QT", "C000015", "Quote for a bulk purchase"),
    ("RC", "C000013", "Return of a damaged item"),
)


class _Quiet:
    """The change listener during seeding: demo data sends no push notifications."""

    def changed(self, entity: str, before: Record | None, after: Record | None) -> None:
        return None


def seed_tenant(system: AcumaticaSystem) -> Catalog:
    catalog = build_catalog(system.seed, system.items)
    listener, system.listener = system.listener, _Quiet()
    clock = _DemoClock()
    try:
        _reference_data(system, catalog, clock)
        _items(system, catalog, clock)
        _customers(system, catalog, clock)
        _orders(system, catalog, clock)
    finally:
        system.listener = listener
    return catalog


class _DemoClock:
    def __init__(self) -> None:
        self.moment = DEMO_EPOCH

    def tick(self) -> datetime:
        self.moment += timedelta(seconds=7)
        return self.moment


def _put(system: AcumaticaSystem, entity: str, record: Record, clock: _DemoClock) -> Record:
    moment = clock.tick()
    record.setdefault("_id", new_guid())
    record["_created"] = record["_modified"] = moment
    system.store.put(system.definition(entity), record)
    return record


def _row(**fields: Any) -> Record:
    return {"_id": new_guid(), **fields}


def _reference_data(system: AcumaticaSystem, catalog: Catalog, clock: _DemoClock) -> None:
    for entity in (
        "StockItem",
        "TemplateItems",
        "ItemClass",
        "ItemSalesCategory",
        "Warehouse",
        "Customer",
        "CustomerClass",
        "SalesOrder",
        "Shipment",
        "SalesInvoice",
        "ShipVia",
        "Carrier",
        "PaymentMethod",
    ):
        system.store.ensure(entity)
    for warehouse in catalog.warehouses:
        _put(
            system,
            "Warehouse",
            {
                "WarehouseID": warehouse.warehouse_id,
                "Description": warehouse.description,
                "Active": True,
                "ReceivingLocationID": DEFAULT_LOCATION,
                "ShippingLocationID": DEFAULT_LOCATION,
                "Locations": [
                    _row(
                        LocationID=DEFAULT_LOCATION,
                        Description="Main location",
                        Active=True,
                        SalesAllowed=True,
                        ReceiptsAllowed=True,
                        TransfersAllowed=True,
                        PickPriority=1,
                    ),
                    _row(
                        LocationID="RETURNS",
                        Description="Returns",
                        Active=True,
                        SalesAllowed=False,
                        ReceiptsAllowed=True,
                        TransfersAllowed=True,
                        PickPriority=9,
                    ),
                ],
            },
            clock,
        )
    for ship_via in catalog.ship_vias:
        _put(
            system,
            "ShipVia",
            {
                "CarrierID": ship_via.ship_via_id,
                "Description": ship_via.description,
                "CalculationMethod": "Net",
                "CommonCarrier": ship_via.carrier_code == "ups",
                "TaxCategory": "TAXABLE",
                "FreightRates": [
                    _row(LineNbr=1, Rate=ship_via.price, Weight=Decimal(0), Volume=Decimal(0), ZoneID="ALL")
                ],
            },
            clock,
        )
    _put(
        system,
        "Carrier",
        {
            "CarrierID": "UPS",
            "Description": "United Parcel Service",
            "PlugInType": "PX.UpsCarrier.UpsCarrier",
            "CarrierUnits": "Imperial",
            "WarehouseID": catalog.warehouses[0].warehouse_id,
        },
        clock,
    )
    for method in catalog.payment_methods:
        _put(
            system,
            "PaymentMethod",
            {
                "PaymentMethodID": method.payment_method_id,
                "Description": method.description,
                "Active": True,
                "MeansOfPayment": "Credit Card" if method.paid_on_order else "Cash/Check",
                "IntegratedProcessing": False,
                "UseInAR": True,
                "UseInAP": False,
                "UseInPR": False,
                "AllowedCashAccounts": [
                    _row(
                        CashAccount=method.cash_account,
                        Branch=catalog.branches[0].branch_id,
                        Description=f"{method.description} account",
                        ARDefault=True,
                        UseInAR=True,
                        UseInAP=False,
                        UseInPR=False,
                        PaymentMethod=method.payment_method_id,
                    )
                ],
            },
            clock,
        )
    for klass in catalog.customer_classes:
        _put(
            system,
            "CustomerClass",
            {
                "ClassID": klass.class_id,
                "Description": klass.description,
                "Country": "US",
                "CurrencyID": "USD",
                "Terms": "30D",
                "ShipVia": catalog.ship_vias[0].ship_via_id,
                "PaymentMethod": catalog.payment_methods[0].payment_method_id,
                "CreditVerification": "Disabled",
                "CreditLimit": Decimal(5000) if klass.class_id == "WHOLESALE" else Decimal(0),
            },
            clock,
        )
    for item_class in catalog.item_classes:
        _put(
            system,
            "ItemClass",
            {
                "ClassID": item_class.class_id,
                "Description": item_class.description,
                "ItemType": "Finished Good",
                "StockItem": True,
                "BaseUOM": "EA",
                "SalesUOM": "EA",
                "PurchaseUOM": "EA",
                "ValuationMethod": "Average",
                "PostingClass": "DEFAULT",
                "LotSerialClass": "NOTTRACKED",
                "TaxCategoryID": "TAXABLE",
                "AvailabilityCalculationRule": "DEFAULT",
                "DefaultWarehouseID": catalog.warehouses[0].warehouse_id,
                "Attributes": [
                    _row(AttributeID=a, Required=a in item_class.matrix_attributes, SortOrder=i)
                    for i, a in enumerate(item_class.attributes, start=1)
                ],
            },
            clock,
        )
    behaviour = system.behaviour("ItemSalesCategory")
    for category in catalog.categories:
        _put(
            system,
            "ItemSalesCategory",
            {
                "CategoryID": category.category_id,
                "Description": category.description,
                "ParentCategoryID": category.parent_id,
                "SortOrder": category.sort_order,
            },
            clock,
        )
    for record in system.records("ItemSalesCategory"):
        record["Path"] = behaviour.path_of(record)  # type: ignore[attr-defined]


def _attributes(values: dict[str, str]) -> list[Record]:
    rows = []
    for attribute_id, value in values.items():
        definition = ATTRIBUTE_DEFS[attribute_id]
        rows.append(
            _row(
                AttributeID=attribute_id,
                AttributeDescription=definition.description,
                Value=value,
                ValueDescription=dict(definition.values).get(value),
                Required=False,
                IsActive=True,
            )
        )
    return rows


def _items(system: AcumaticaSystem, catalog: Catalog, clock: _DemoClock) -> None:
    default_warehouse = catalog.warehouses[0].warehouse_id
    for template in catalog.templates:
        _put(
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
                    _row(
                        AttributeID=a,
                        AttributeDescription=ATTRIBUTE_DEFS[a].description,
                        Required=True,
                        IsActive=True,
                    )
                    for a in template.matrix_attributes
                ],
                "Categories": [_row(CategoryID=c) for c in template.categories],
                "FileURLs": [],
            },
            clock,
        )
    for item in catalog.items:
        record = _put(
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
                "Attributes": _attributes(item.attributes),
                "Categories": [_row(CategoryID=c) for c in item.categories],
                "CrossReferences": [
                    _row(
                        AlternateType="Barcode",
                        AlternateID=item.barcode,
                        UOM=item.base_uom,
                        Description=item.description,
                    )
                ],
                "UOMConversions": [],
                "FileURLs": [],
                "WarehouseDetails": [
                    _row(
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


def _customers(system: AcumaticaSystem, catalog: Catalog, clock: _DemoClock) -> None:
    system.store.bump_number("BAccount", 100)
    system.store.bump_number("Contact", 1000)
    behaviour = system.behaviour("Customer")
    for person in catalog.customers:
        if not person.in_acumatica:
            continue
        address = _row(
            AddressLine1=person.address.line1,
            City=person.address.city,
            State=person.address.state,
            PostalCode=person.address.postal_code,
            Country=person.address.country,
            Validated=True,
        )
        record = behaviour.defaults()
        record.update(
            {
                "CustomerID": person.customer_id,
                "CustomerName": person.name,
                "CustomerClass": person.customer_class,
                "Status": "Credit Hold" if person.customer_id == CREDIT_HOLD_CUSTOMER else "Active",
                "ShipVia": catalog.ship_vias[0].ship_via_id,
                "MainContact": _row(
                    FirstName=person.first_name,
                    LastName=person.last_name,
                    Email=person.email,
                    Phone1=person.phone,
                    Phone1Type="Business 1",
                    Active=True,
                    Address=address,
                ),
                "BAccountID": int(system.store.next_number("BAccount", "{}")),
            }
        )
        behaviour.prepare(record, None)
        _put(system, "Customer", record, clock)
        system.store.bump_number("Customer", int(person.customer_id[1:]))


def _orders(system: AcumaticaSystem, catalog: Catalog, clock: _DemoClock) -> None:
    items = list(catalog.simple_items)[:8]
    if not items:
        return
    for index, (order_type, customer_id, description) in enumerate(SEEDED_ORDERS):
        if system.get("Customer", customer_id) is None:
            continue
        lines = [
            {
                "_id": new_guid(),
                "_new": True,
                "InventoryID": item.inventory_id,
                "OrderQty": Decimal(1 + n),
                "WarehouseID": catalog.warehouses[0].warehouse_id,
            }
            for n, item in enumerate(items[index * 2 : index * 2 + 2] or items[:1])
        ]
        order = system.insert(
            "SalesOrder",
            {
                "OrderType": order_type,
                "CustomerID": customer_id,
                "Description": description,
                "PaymentMethod": catalog.payment_methods[0].payment_method_id,
                "Date": DEMO_EPOCH.replace(hour=0),
                "RequestedOn": DEMO_EPOCH.replace(hour=0),
                "Details": lines,
            },
        )
        order["_created"] = order["_modified"] = clock.tick()
        for line in order["Details"]:
            line["LastModifiedDate"] = order["_modified"].strftime("%m/%d/%Y %H:%M:%S")
    for item in system.records("StockItem"):
        item["_qty_modified"] = item["_modified"]
