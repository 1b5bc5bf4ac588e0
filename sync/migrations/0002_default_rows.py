"""Rows that must exist after migrate: the two singletons and Default Config's Sync Configuration."""

from django.db import migrations

# Frozen copies (a migration must not change when the app's choices change later): every entity
# with its default Sync Direction.
DEFAULT_DIRECTIONS = {
    "attribute_set": "a2m",
    "category": "a2m",
    "product": "a2m",
    "price": "a2m",
    "inventory": "a2m",
    "customer": "bidirectional",
    "customer_attribute": "a2m",
    "order": "bidirectional",
    "order_status": "a2m",
    "shipment": "a2m",
}


def create_default_rows(apps, schema_editor):
    apps.get_model("sync", "SetupParameters").objects.get_or_create(pk=1)
    apps.get_model("sync", "LoggingSettings").objects.get_or_create(
        pk=1,
        defaults={
            "logged_actions": [
                "initialization",
                "configuration",
                "schema_refresh",
                "product",
                "price",
                "inventory",
                "category",
                "customer",
                "order",
                "order_status",
                "shipment",
                "reprocess",
            ]
        },
    )
    SyncConfiguration = apps.get_model("sync", "SyncConfiguration")
    for entity, direction in DEFAULT_DIRECTIONS.items():
        SyncConfiguration.objects.get_or_create(
            store_view=None, entity=entity, defaults={"enabled": True, "direction": direction}
        )


class Migration(migrations.Migration):
    dependencies = [("sync", "0001_initial")]

    operations = [migrations.RunPython(create_default_rows, migrations.RunPython.noop)]
