from __future__ import annotations

from django.apps import AppConfig


class SyncConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sync"
    verbose_name = "Sync"

    def ready(self) -> None:
        from sync.config_sections import register_core_sections

        register_core_sections()

        from sync.engine_setup import register_engine

        register_engine(self)

        from sync.config_mappings import register_mappings_section
        from sync.retention import register_retention

        register_mappings_section()
        register_retention(self)
