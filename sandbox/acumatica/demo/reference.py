"""Warehouses, ship vias, carriers, payment methods, customer and item classes, categories."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.common.catalog import Catalog

from ..catalog_refs import DEFAULT_LOCATION
from ..entities.items import ITEM_CLASS_DEFAULTS
from .base import DemoClock, put, row

if TYPE_CHECKING:
    from ..system import AcumaticaSystem


def seed_reference_data(system: AcumaticaSystem, catalog: Catalog, clock: DemoClock) -> None:
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
        put(
            system,
            "Warehouse",
            {
                "WarehouseID": warehouse.warehouse_id,
                "Description": warehouse.description,
                "Active": True,
                "ReceivingLocationID": DEFAULT_LOCATION,
                "ShippingLocationID": DEFAULT_LOCATION,
                "Locations": [
                    row(
                        LocationID=DEFAULT_LOCATION,
                        Description="Main location",
                        Active=True,
                        SalesAllowed=True,
                        ReceiptsAllowed=True,
                        TransfersAllowed=True,
                        PickPriority=1,
                    ),
                    row(
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
        put(
            system,
            "ShipVia",
            {
                "CarrierID": ship_via.ship_via_id,
                "Description": ship_via.description,
                "CalculationMethod": "Net",
                "CommonCarrier": ship_via.carrier_code == "ups",
                "TaxCategory": "TAXABLE",
                "FreightRates": [
                    row(LineNbr=1, Rate=ship_via.price, Weight=Decimal(0), Volume=Decimal(0), ZoneID="ALL")
                ],
            },
            clock,
        )
    put(
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
        put(
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
                    row(
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
        put(
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
        put(
            system,
            "ItemClass",
            {
                "ClassID": item_class.class_id,
                "Description": item_class.description,
                **ITEM_CLASS_DEFAULTS,
                "DefaultWarehouseID": catalog.warehouses[0].warehouse_id,
                "Attributes": [
                    row(AttributeID=a, Required=a in item_class.matrix_attributes, SortOrder=i)
                    for i, a in enumerate(item_class.attributes, start=1)
                ],
            },
            clock,
        )
    behaviour = system.behaviour("ItemSalesCategory")
    for category in catalog.categories:
        put(
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
