"""Customers (one on Credit Hold) and one sales order of each order type."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.common.catalog import Catalog

from ..values import new_guid
from .base import CREDIT_HOLD_CUSTOMER, DEMO_EPOCH, SEEDED_ORDERS, DemoClock, put, row

if TYPE_CHECKING:
    from ..system import AcumaticaSystem


def seed_customers(system: AcumaticaSystem, catalog: Catalog, clock: DemoClock) -> None:
    system.store.bump_number("BAccount", 100)
    system.store.bump_number("Contact", 1000)
    behaviour = system.behaviour("Customer")
    for person in catalog.customers:
        if not person.in_acumatica:
            continue
        address = row(
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
                "MainContact": row(
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
        put(system, "Customer", record, clock)
        system.store.bump_number("Customer", int(person.customer_id[1:]))


def seed_orders(system: AcumaticaSystem, catalog: Catalog, clock: DemoClock) -> None:
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
