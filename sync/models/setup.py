"""Setup Parameters: the connector-wide settings, section by section as in the Kensium guide.

One row (a singleton). Validation lives here once, on the fields and in `clean()`, so the admin
form and `manage.py configure` refuse the same values with the same messages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from endpoints.fields import EncryptedTextField
from endpoints.validators import validate_http_url
from sync.choices import (
    ConfigurableProductSupport,
    Entity,
    InventoryMode,
    PriceSource,
    QuantityType,
    ShipmentTrigger,
    VendorInventoryMode,
)
from sync.fields import CodeListField
from sync.models.singleton import SingletonModel

validate_attribute_code = RegexValidator(
    r"^[a-z][a-z0-9_]{0,59}$",
    message="An attribute code has lowercase letters, digits and underscores and starts with a letter.",
    code="invalid_attribute_code",
)


def validate_reference_path(value: str) -> None:
    """An Acumatica API reference field path the mapping engine can read."""
    from schema.paths import PathError, parse_path

    try:
        parse_path(value)
    except PathError as error:
        raise ValidationError(f"Not a field path: {error}", code="invalid_path") from None


def _at_least_one(label: str) -> MinValueValidator:
    return MinValueValidator(1, message=f"{label} must be 1 or more.")


CHECK_PROCESS_TIME_MESSAGE = "Check Process Time must be between 1 and 59 seconds."


class SetupParameters(SingletonModel):
    """Connection to Magento, queue processing and what syncs how."""

    # -- Connection Settings
    magento_url = models.CharField(
        "Magento URL",
        max_length=500,
        blank=True,
        validators=[validate_http_url],
        help_text="The store URL of the Magento website, for example https://shop.example.com.",
    )
    bearer_token = EncryptedTextField(
        "Bearer Token",
        help_text="The access token of the Magento integration the connector uses (System > Extensions > "
        "Integrations > the integration's Access Token). Stored encrypted.",
    )

    # -- Queue Processing Settings
    threshold_count = models.IntegerField(
        "Threshold Count",
        default=25,
        validators=[_at_least_one("Threshold Count")],
        help_text="Up to this many pending records are sent to Magento one request per record; when more are "
        "pending they are sent in batches of Batch Count. For example 50 records with threshold 25 are "
        "batched. Applies to the price and inventory sync only.",
    )
    batch_count = models.IntegerField(
        "Batch Count",
        default=25,
        validators=[_at_least_one("Batch Count")],
        help_text="How many records one batched request carries. For example 50 records, threshold 25 and "
        "batch count 5 make 10 requests of 5 records each.",
    )
    retry_count = models.IntegerField(
        "Retry Count",
        default=3,
        validators=[_at_least_one("Retry Count")],
        help_text="How many times a record is tried before it is marked failed. Failed records are not "
        "retried automatically; reprocess them from the Messages screen.",
    )
    check_process_time = models.IntegerField(
        "Check Process Time",
        default=50,
        validators=[
            MinValueValidator(1, message=CHECK_PROCESS_TIME_MESSAGE),
            MaxValueValidator(59, message=CHECK_PROCESS_TIME_MESSAGE),
        ],
        help_text="Seconds (1 to 59). The queue is processed once a minute; while a run has used less than "
        "this time it sleeps Process Sleep Time, looks for new changes and processes them too.",
    )
    process_sleep_time = models.IntegerField(
        "Process Sleep Time",
        default=5,
        validators=[MinValueValidator(0, message="Process Sleep Time cannot be negative.")],
        help_text="Seconds to wait between two passes of a run; must be less than Check Process Time. New "
        "changes (push notifications included) are picked up within this interval.",
    )

    # -- Price Sync Preferences
    price_source = models.CharField(
        "Price",
        max_length=20,
        choices=PriceSource.choices,
        default=PriceSource.DEFAULT_PRICE,
        help_text="Which Acumatica price becomes the Magento price: the stock item's Default Price, or the "
        "Sales Price from the sales price worksheets.",
    )

    # -- Inventory Sync Preferences
    inventory_mode = models.CharField(
        "Inventory Sync",
        max_length=20,
        choices=InventoryMode.choices,
        default=InventoryMode.CONFIGURATION,
        help_text="Branch-wise: the warehouses of each store view's branch feed that branch's Magento "
        "source. Configuration: the quantity type below, summed over the monitored warehouses, goes to "
        "one source.",
    )
    quantity_type = models.CharField(
        "Quantity Type",
        max_length=30,
        choices=QuantityType.choices,
        default=QuantityType.AVAILABLE,
        help_text="Which Acumatica quantity becomes the Magento quantity.",
    )
    inventory_warehouses = CodeListField(
        "Warehouses",
        help_text="Acumatica warehouse IDs whose quantities are synced, separated by commas. Leave blank to "
        "monitor every warehouse.",
    )
    inventory_source = models.CharField(
        "Magento Source",
        max_length=60,
        default="default",
        help_text="The Magento inventory source (MSI source code) that receives the quantity.",
    )

    # -- Configurable Products Sync Support
    configurable_product_support = models.CharField(
        "Configurable Products",
        max_length=20,
        choices=ConfigurableProductSupport.choices,
        default=ConfigurableProductSupport.MATRIX_ITEMS,
        help_text="Acumatica matrix items (a template item with its variants) become Magento configurable "
        "products. The Kensium Product Configurator is a proprietary add-on that this connector does not "
        "support.",
    )

    # -- Vendor Inventory Preferences
    vendor_inventory_mode = models.CharField(
        "Vendor Inventory",
        max_length=20,
        choices=VendorInventoryMode.choices,
        default=VendorInventoryMode.EXCLUDE,
        help_text="What to do with quantities available at vendors (drop-ship stock).",
    )
    vendor_inventory_attribute = models.CharField(
        "Vendor Inventory Attribute",
        max_length=60,
        blank=True,
        validators=[validate_attribute_code],
        help_text="The Magento product attribute code that receives the vendor quantity when it is published "
        "as a separate attribute.",
    )

    vendor_quantity_field = models.CharField(
        "Vendor Quantity Field",
        max_length=255,
        default="custom.ItemSettings.UsrVendorQty",
        validators=[validate_reference_path],
        help_text="Where the stock item holds the quantity its drop-ship vendor has available: an API "
        "reference field path such as custom.ItemSettings.UsrVendorQty (a customization field) or "
        "Attributes[AttributeID=VENDORQTY].Value.",
    )

    # -- Shipment Sync Trigger
    shipment_trigger = models.CharField(
        "Shipment Sync Trigger",
        max_length=30,
        choices=ShipmentTrigger.choices,
        default=ShipmentTrigger.SHIPMENT_CONFIRMATION,
        help_text="When an Acumatica shipment is sent to Magento: once it is confirmed, or once its invoice "
        "is released.",
    )

    # -- A to M Customer Sync Preferences
    customer_classes = CodeListField(
        "Customer Classes",
        help_text="Acumatica customer classes whose customers are synced to Magento, separated by commas.",
    )

    # -- A to M Order Sync Preferences
    order_types = CodeListField(
        "Order Types",
        help_text="Acumatica order types (for example SO) whose orders are synced to Magento, separated by "
        "commas.",
    )

    # -- A to M Dropship ShipVia Sync Preferences
    dropship_ship_via = models.CharField(
        "Dropship ShipVia",
        max_length=30,
        blank=True,
        help_text="The Acumatica Ship Via code used for drop-ship shipments.",
    )
    dropship_carrier_code = models.CharField(
        "Magento Carrier Code",
        max_length=60,
        blank=True,
        help_text="The Magento shipping carrier code drop-ship shipments are sent with (for example custom).",
    )
    dropship_carrier_title = models.CharField(
        "Magento Carrier Title",
        max_length=100,
        blank=True,
        help_text="The carrier title shown to the customer for drop-ship shipments.",
    )

    # -- Additional Settings
    customer_attribute_sync = models.BooleanField(
        "Enable Customer Attribute Sync to Magento",
        default=False,
        help_text="Sync Acumatica customer attributes to Magento customer attributes. Requires Magento "
        "Enterprise (Adobe Commerce); Magento Open Source has no custom customer attributes API.",
    )

    auto_enable_new_records = models.BooleanField(
        "Enable Newly Discovered Records for Sync",
        default=False,
        help_text="Item classes, stock items and sales categories found in Acumatica from now on are "
        "enabled for Magento sync at once, instead of waiting in Data Preparation to be enabled.",
    )

    # -- Individual Sync Status
    attribute_set_sync_active = models.BooleanField("Attribute Set", default=True)
    category_sync_active = models.BooleanField("Category", default=True)
    product_sync_active = models.BooleanField("Product", default=True)
    price_sync_active = models.BooleanField("Price", default=True)
    inventory_sync_active = models.BooleanField("Inventory", default=True)
    customer_sync_active = models.BooleanField("Customer", default=True)
    customer_attribute_sync_active = models.BooleanField("Customer Attribute", default=True)
    order_sync_active = models.BooleanField("Order", default=True)
    order_status_sync_active = models.BooleanField("Order Status", default=True)
    shipment_sync_active = models.BooleanField("Shipment", default=True)

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Setup Parameters"
        verbose_name_plural = "Setup Parameters"

    def __str__(self) -> str:
        return "Setup Parameters"

    @staticmethod
    def active_field_name(entity: Entity | str) -> str:
        return f"{Entity(entity).value}_sync_active"

    def is_entity_active(self, entity: Entity | str) -> bool:
        """The Individual Sync Status toggle of an entity (off = nothing of it syncs in any scope)."""
        return bool(getattr(self, self.active_field_name(entity)))

    @property
    def has_bearer_token(self) -> bool:
        return bool(self.bearer_token)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.check_process_time is not None
            and self.process_sleep_time is not None
            and 1 <= self.check_process_time <= 59
            and self.process_sleep_time >= self.check_process_time
        ):
            errors["process_sleep_time"] = "Process Sleep Time must be less than Check Process Time."
        if (
            self.vendor_inventory_mode == VendorInventoryMode.SEPARATE_ATTRIBUTE
            and not self.vendor_inventory_attribute
        ):
            errors["vendor_inventory_attribute"] = (
                "Enter the attribute code that receives the vendor quantity."
            )
        if self.dropship_ship_via and not self.dropship_carrier_code:
            errors["dropship_carrier_code"] = (
                "Enter the Magento carrier code that drop-ship shipments map to."
            )
        if errors:
            raise ValidationError(errors)


# The guide's sections in its order: (title, fields). The admin and the export both use this.
SETUP_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Connection Settings", ("magento_url", "bearer_token")),
    (
        "Queue Processing Settings",
        ("threshold_count", "batch_count", "retry_count", "check_process_time", "process_sleep_time"),
    ),
    ("Price Sync Preferences", ("price_source",)),
    (
        "Inventory Sync Preferences",
        ("inventory_mode", "quantity_type", "inventory_warehouses", "inventory_source"),
    ),
    ("Configurable Products Sync Support", ("configurable_product_support",)),
    (
        "Vendor Inventory Preferences",
        ("vendor_inventory_mode", "vendor_inventory_attribute", "vendor_quantity_field"),
    ),
    ("Shipment Sync Trigger", ("shipment_trigger",)),
    ("A to M Customer Sync Preferences", ("customer_classes",)),
    ("A to M Order Sync Preferences", ("order_types",)),
    (
        "A to M Dropship ShipVia Sync Preferences",
        ("dropship_ship_via", "dropship_carrier_code", "dropship_carrier_title"),
    ),
    ("Additional Settings", ("customer_attribute_sync", "auto_enable_new_records")),
    ("Individual Sync Status", tuple(SetupParameters.active_field_name(entity) for entity in Entity)),
)
SETUP_SECRET_FIELDS: tuple[str, ...] = ("bearer_token",)
