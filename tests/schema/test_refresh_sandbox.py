"""Refresh Schema and schema-driven reads against the Acumatica sandbox over real HTTP."""

from __future__ import annotations

from io import StringIO
from urllib.parse import parse_qs

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from endpoints.clients.acumatica import AcumaticaClient
from endpoints.models import AcumaticaConnection
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from schema.mapping import map_to_magento
from schema.models import SchemaField
from schema.refresh import run_refresh_schema
from schema.services import load_fields, load_read_plan
from tests.conftest import ACUMATICA_PASSWORD, ACUMATICA_TENANT, ACUMATICA_USER
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

VERSION = "24.200.001"
BRAND = {"view": "ItemSettings", "field": "UsrBrand", "type": "CustomStringField"}


@pytest.fixture
def connected(acumatica_sandbox: SandboxHandle, acumatica_server: SandboxServer) -> SandboxHandle:
    """Default Config points at the sandbox."""
    connection = AcumaticaConnection.objects.ensure_default()
    connection.base_url = acumatica_server.url
    connection.username = ACUMATICA_USER
    connection.password = ACUMATICA_PASSWORD
    connection.tenant = ACUMATICA_TENANT
    connection.endpoint_version = VERSION
    connection.full_clean()
    connection.save()
    return acumatica_sandbox


def _client(server: SandboxServer) -> AcumaticaClient:
    return AcumaticaClient(
        server.url,
        username=ACUMATICA_USER,
        password=ACUMATICA_PASSWORD,
        tenant=ACUMATICA_TENANT,
        version=VERSION,
    )


def test_a_custom_field_appears_inactive_after_refresh_and_a_second_refresh_adds_nothing(
    connected: SandboxHandle,
) -> None:
    connected.put("schema/StockItem/custom", BRAND)

    (first,) = run_refresh_schema(["product"])

    brand = SchemaField.objects.get(entity="product", api_reference_path="custom.ItemSettings.UsrBrand")
    assert (brand.active, brand.origin, brand.api_input_name, brand.tab) == (
        False,
        "discovered",
        "custom_attributes.usr_brand",
        "Additional Features",
    )
    # the demo's user-defined attributes come too (COLOR ships in the catalog already)
    assert {row.api_reference_path for row in first.added} == {
        "custom.ItemSettings.UsrBrand",
        "Attributes[AttributeID=MATERIAL].Value",
        "Attributes[AttributeID=SIZE].Value",
        "Attributes[AttributeID=WARRANTY].Value",
    }
    count = SchemaField.objects.count()

    (second,) = run_refresh_schema(["product"])

    assert second.added == []
    assert SchemaField.objects.count() == count
    assert len(connected.requests(method="GET", path=r"StockItem/\$adHocSchema")) == 2


def test_activating_the_discovered_field_puts_its_value_into_the_magento_payload(
    connected: SandboxHandle, acumatica_server: SandboxServer
) -> None:
    connected.put("schema/StockItem/custom", BRAND)
    run_refresh_schema(["product"])
    item = connected.state("StockItem")[0]
    key = item["InventoryID"]["value"]
    connected.put_state("StockItem", key, {"custom": {"ItemSettings": {"UsrBrand": {"value": "Acme"}}}})

    def fetch_and_map() -> dict[str, object]:
        plan = load_read_plan("product", always=["InventoryID"])
        with _client(acumatica_server) as acumatica:
            record = acumatica.fetch_record(
                "StockItem", key, select=plan.select, expand=plan.expand, custom=plan.custom
            )
        result = map_to_magento(record, load_fields("product"), record_key=key, lookups={"attribute_set": {}})
        return {
            attribute["attribute_code"]: attribute["value"]
            for attribute in result.payload["custom_attributes"]
        }

    assert "usr_brand" not in fetch_and_map()

    brand = SchemaField.objects.get(entity="product", api_reference_path="custom.ItemSettings.UsrBrand")
    brand.active = True
    brand.full_clean()
    brand.save()

    assert fetch_and_map()["usr_brand"] == "Acme"


def test_reads_built_from_active_fields_request_only_those_fields(
    connected: SandboxHandle, acumatica_server: SandboxServer
) -> None:
    SchemaField.objects.filter(entity="product").update(active=False)
    SchemaField.objects.filter(
        entity="product",
        api_reference_path__in=["Description", "Attributes[AttributeID=COLOR].Value", "DimensionWeight"],
    ).update(active=True)
    connected.put("schema/StockItem/custom", BRAND)
    run_refresh_schema(["product"])
    SchemaField.objects.filter(api_reference_path="custom.ItemSettings.UsrBrand").update(active=True)
    connected.reset_stats()

    plan = load_read_plan("product", always=["InventoryID"])
    with _client(acumatica_server) as acumatica:
        records = acumatica.fetch_list(
            "StockItem", top=5, select=plan.select, expand=plan.expand, custom=plan.custom
        )

    (sent,) = connected.requests(method="GET", path=r"/StockItem$")
    query = {name: values[0] for name, values in parse_qs(sent["query"]).items()}
    assert query == {
        "$select": "InventoryID,Description,Attributes/AttributeID,Attributes/Value,DimensionWeight",
        "$expand": "Attributes",
        "$custom": "ItemSettings.UsrBrand",
        "$top": "5",
    }
    assert len(records) == 5
    for record in records:
        fields = {name for name in record if name[0].isupper()}
        assert fields == {"InventoryID", "Description", "Attributes", "DimensionWeight"}
        assert set(record["custom"]) == {"ItemSettings"}


def test_the_admin_button_and_the_command_refresh_from_the_default_connection(
    connected: SandboxHandle,
) -> None:
    connected.put("schema/StockItem/custom", BRAND)
    client = Client()
    client.force_login(StaffUserFactory.create())

    response = client.post(reverse("admin:schema_productschemafield_refresh"), {"tab": "eCommerce"})

    assert response.status_code == 302
    assert "tab=Attributes" in response["Location"]  # where the first new field is listed
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[0].startswith("Refresh Schema: Product: added 4 inactive fields: ")
    assert SchemaField.objects.filter(origin="discovered", entity="product").count() == 4

    out = StringIO()
    call_command("refresh_schema", "--entity", "product", "--entity", "category", stdout=out)
    assert out.getvalue().splitlines() == [
        "Product: nothing new (5 reported fields already known).",
        "Category: nothing new (0 reported fields already known).",
    ]


def test_a_failing_acumatica_is_reported_on_the_page_without_adding_anything(
    connected: SandboxHandle,
) -> None:
    connected.faults([{"method": "GET", "path": r"\$adHocSchema", "kind": "status", "status": 403}])
    client = Client()
    client.force_login(StaffUserFactory.create())

    response = client.post(reverse("admin:schema_productschemafield_refresh"), follow=True)

    page = response.content.decode()
    assert "Refresh Schema failed:" in page
    assert "Traceback" not in page
    assert not SchemaField.objects.filter(origin="discovered").exists()
