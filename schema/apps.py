from __future__ import annotations

from django.apps import AppConfig


class SchemaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schema"
    verbose_name = "Schema Management"

    def ready(self) -> None:
        # The configuration registry lives with `configure` in sync; the schema adds its section.
        from schema.config import export_schema, import_schema
        from sync.config_io import ConfigSection, register_section

        register_section(ConfigSection("schema", export_schema, import_schema, order=50))
