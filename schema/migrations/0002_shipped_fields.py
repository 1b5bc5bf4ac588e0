"""Load the shipped field catalog (`schema.defaults`); idempotent, never touches existing rows."""

from __future__ import annotations

from django.db import migrations


def load_shipped_fields(apps, schema_editor):
    from schema.services import ensure_default_schema

    ensure_default_schema(apps.get_model("schema", "SchemaField"))


class Migration(migrations.Migration):
    dependencies = [("schema", "0001_initial")]

    operations = [migrations.RunPython(load_shipped_fields, migrations.RunPython.noop)]
