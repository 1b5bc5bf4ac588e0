"""The vocabulary of design.md section 3 as TextChoices (lowercase values), shared by every app.

`Entity` and `Direction` name what a message carries; `SyncDirection` is what a scope's Sync
Configuration chooses (a direction, or both where the entity flows both ways).
"""

from __future__ import annotations

from django.db import models


class Entity(models.TextChoices):
    ATTRIBUTE_SET = "attribute_set", "Attribute Set"
    CATEGORY = "category", "Category"
    PRODUCT = "product", "Product"
    PRICE = "price", "Price"
    INVENTORY = "inventory", "Inventory"
    CUSTOMER = "customer", "Customer"
    CUSTOMER_ATTRIBUTE = "customer_attribute", "Customer Attribute"
    ORDER = "order", "Order"
    ORDER_STATUS = "order_status", "Order Status"
    SHIPMENT = "shipment", "Shipment"


class Direction(models.TextChoices):
    """The direction of one unit of work."""

    A2M = "a2m", "A to M"
    M2A = "m2a", "M to A"


class SyncDirection(models.TextChoices):
    """The direction a scope syncs an entity in."""

    A2M = "a2m", "A to M"
    M2A = "m2a", "M to A"
    BIDIRECTIONAL = "bidirectional", "Bidirectional"

    def includes(self, direction: Direction | str) -> bool:
        """Whether work in `direction` is allowed under this setting."""
        return self == SyncDirection.BIDIRECTIONAL or self.value == str(direction)


# Which Sync Direction each entity allows; the first one is its default. Only customers and orders
# flow from Magento to Acumatica (design.md section 1); the rest are owned by Acumatica.
ENTITY_SYNC_DIRECTIONS: dict[Entity, tuple[SyncDirection, ...]] = {
    Entity.ATTRIBUTE_SET: (SyncDirection.A2M,),
    Entity.CATEGORY: (SyncDirection.A2M,),
    Entity.PRODUCT: (SyncDirection.A2M,),
    Entity.PRICE: (SyncDirection.A2M,),
    Entity.INVENTORY: (SyncDirection.A2M,),
    Entity.CUSTOMER: (SyncDirection.BIDIRECTIONAL, SyncDirection.A2M, SyncDirection.M2A),
    Entity.CUSTOMER_ATTRIBUTE: (SyncDirection.A2M,),
    Entity.ORDER: (SyncDirection.BIDIRECTIONAL, SyncDirection.A2M, SyncDirection.M2A),
    Entity.ORDER_STATUS: (SyncDirection.A2M,),
    Entity.SHIPMENT: (SyncDirection.A2M,),
}


def default_sync_direction(entity: Entity | str) -> SyncDirection:
    return ENTITY_SYNC_DIRECTIONS[Entity(entity)][0]


class LogAction(models.TextChoices):
    """The action types the Logging settings can switch on or off."""

    INITIALIZATION = "initialization", "Initialization"
    CONFIGURATION = "configuration", "Configuration"
    SCHEMA_REFRESH = "schema_refresh", "Schema Refresh"
    PRODUCT = "product", "Product"
    PRICE = "price", "Price"
    INVENTORY = "inventory", "Inventory"
    CATEGORY = "category", "Category"
    CUSTOMER = "customer", "Customer"
    ORDER = "order", "Order"
    ORDER_STATUS = "order_status", "Order Status"
    SHIPMENT = "shipment", "Shipment"
    REPROCESS = "reprocess", "Reprocess"


class LogCleaningFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class PriceSource(models.TextChoices):
    DEFAULT_PRICE = "default_price", "Default Price"
    SALES_PRICE = "sales_price", "Sales Price"


class InventoryMode(models.TextChoices):
    BRANCH_WISE = "branch_wise", "Branch-wise"
    CONFIGURATION = "configuration", "Configuration"


class QuantityType(models.TextChoices):
    AVAILABLE = "available", "Quantity Available"
    AVAILABLE_FOR_SHIPPING = "available_for_shipping", "Quantity Available for Shipping"
    ON_HAND = "on_hand", "Quantity Available on Hand"


class ConfigurableProductSupport(models.TextChoices):
    MATRIX_ITEMS = "matrix_items", "Acumatica Matrix Items"


class VendorInventoryMode(models.TextChoices):
    EXCLUDE = "exclude", "Do not include vendor inventory"
    ADD_TO_QUANTITY = "add_to_quantity", "Add to the overall quantity"
    SEPARATE_ATTRIBUTE = "separate_attribute", "Publish as a separate Magento attribute"


class ShipmentTrigger(models.TextChoices):
    SHIPMENT_CONFIRMATION = "shipment_confirmation", "Shipment Confirmation"
    INVOICE_RELEASE = "invoice_release", "Invoice Release"
