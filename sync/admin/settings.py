"""Setup Parameters and Logging settings: one page each, sections in the guide's order."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from endpoints.admin_buttons import PickerAdminMixin, TestConnectionAdminMixin
from sync.admin.singleton import SingletonModelAdmin
from sync.forms import SetupParametersForm
from sync.models import LoggingSettings, SetupParameters
from sync.models.setup import SETUP_SECTIONS

SECTION_DESCRIPTIONS = {
    "Queue Processing Settings": "How the queue is worked off. The processing task runs every minute.",
    "Inventory Sync Preferences": "Where Magento quantities come from.",
    "Configurable Products Sync Support": "The Kensium Product Configurator (a proprietary add-on) is not "
    "supported; matrix items are.",
    "Individual Sync Status": "Switch an entity off here to stop it in every store view; each scope's Sync "
    "Configuration decides the rest.",
}


def _setup_fieldsets() -> list[tuple[str | None, Any]]:
    fieldsets: list[tuple[str | None, Any]] = []
    for title, names in SETUP_SECTIONS:
        fields = list(names)
        if "bearer_token" in fields:
            fields.insert(fields.index("bearer_token") + 1, "confirm_bearer_token")
        options: dict[str, Any] = {"fields": fields}
        if title in SECTION_DESCRIPTIONS:
            options["description"] = SECTION_DESCRIPTIONS[title]
        fieldsets.append((title, options))
    return fieldsets


@admin.register(SetupParameters)
class SetupParametersAdmin(PickerAdminMixin, TestConnectionAdminMixin, SingletonModelAdmin):
    form = SetupParametersForm
    connection_system = "magento"  # Test Connection checks the Magento URL and token on the form
    fieldsets = tuple(_setup_fieldsets())
    save_on_top = True


@admin.register(LoggingSettings)
class LoggingSettingsAdmin(SingletonModelAdmin):
    fieldsets = [
        (
            "Logging",
            {
                "description": "Which actions are logged and how long log entries are kept. Pending and "
                "failed work is never removed by log cleaning.",
                "fields": [
                    "logged_actions",
                    "log_lifetime_days",
                    "cleaning_frequency",
                    "show_in_system_messages",
                ],
            },
        )
    ]
