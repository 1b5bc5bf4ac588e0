"""Admin forms of the sync app. Validation lives on the models (shared with `configure`); the
forms add only what a page needs: secret inputs and their confirmations."""

from __future__ import annotations

from django import forms

from endpoints.forms import SecretFieldsMixin, confirmation_field
from endpoints.pickers import PickerInput
from sync.models import SetupParameters
from sync.models.setup import SETUP_SECTIONS


class SetupParametersForm(SecretFieldsMixin, forms.ModelForm):
    secret_fields = {"bearer_token": "confirm_bearer_token"}
    confirm_bearer_token = confirmation_field("Confirm Bearer Token")

    class Meta:
        model = SetupParameters
        fields = [name for _, names in SETUP_SECTIONS for name in names]
        widgets = {
            "inventory_mode": forms.RadioSelect,
            "price_source": forms.RadioSelect,
            "vendor_inventory_mode": forms.RadioSelect,
            "shipment_trigger": forms.RadioSelect,
            # Codes offered from the live systems (free text when a system cannot be reached).
            "inventory_warehouses": PickerInput("acumatica.warehouses", multiple=True),
            "inventory_source": PickerInput("magento.sources"),
            "customer_classes": PickerInput("acumatica.customer_classes", multiple=True),
            "order_types": PickerInput("acumatica.order_types", multiple=True),
            "dropship_ship_via": PickerInput("acumatica.ship_vias"),
            "dropship_carrier_code": PickerInput("magento.carriers"),
        }
