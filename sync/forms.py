"""Admin forms of the sync app. Validation lives on the models (shared with `configure`); the
forms add only what a page needs: secret inputs and their confirmations."""

from __future__ import annotations

from django import forms

from endpoints.forms import SecretFieldsMixin, confirmation_field
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
        }
