"""Magento and Acumatica Endpoints: shipped rows, admin edits with a warning, validation that keeps
the placeholders an action fills, Restore defaults, and clients that call the edited URL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from endpoints.defaults import ACUMATICA_ENDPOINTS, ALL_ENDPOINTS, MAGENTO_ENDPOINTS
from endpoints.models import AcumaticaEndpoint, EndpointURL, MagentoEndpoint
from endpoints.pickers import load_choices
from endpoints.resolvers import endpoint_resolver
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from sync.context import SyncContext
from tests.endpoints.configured import configure_acumatica, configure_magento

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

MAGENTO_LIST = "/admin/endpoints/magentoendpoint/"
ACUMATICA_LIST = "/admin/endpoints/acumaticaendpoint/"
UPSERT = "magento.product.upsert"


def _change_url(key: str) -> str:
    row = EndpointURL.objects.get(key=key)
    page = "magentoendpoint" if row.system == "magento" else "acumaticaendpoint"
    return f"/admin/endpoints/{page}/{row.pk}/change/"


def _edit(client: Client, key: str, method: str, url: str) -> Any:
    return client.post(_change_url(key), {"method": method, "url_template": url})


def test_migration_ships_a_row_for_every_call_the_connector_makes() -> None:
    rows = {row.key: row for row in EndpointURL.objects.all()}

    assert set(rows) == {spec.key for spec in ALL_ENDPOINTS}
    for spec in ALL_ENDPOINTS:
        row = rows[spec.key]
        assert (row.system, row.description, row.method, row.url_template) == (
            spec.system,
            spec.description,
            spec.method,
            spec.template,
        )
        assert not row.is_modified
    assert MagentoEndpoint.objects.count() == len(MAGENTO_ENDPOINTS)
    assert AcumaticaEndpoint.objects.count() == len(ACUMATICA_ENDPOINTS)


def test_each_system_has_its_own_page_with_the_warning(staff_client: Client) -> None:
    magento_page = staff_client.get(MAGENTO_LIST).content.decode()
    acumatica_page = staff_client.get(ACUMATICA_LIST).content.decode()

    assert "Create/Update Product" in magento_page
    assert "{base}/rest/{store}/V1/products/{sku}" in magento_page
    assert "Sign In" not in magento_page
    assert "Sign In" in acumatica_page
    assert "Create/Update Product" not in acumatica_page
    for page in (magento_page, acumatica_page):
        assert "A wrong method or URL makes that action fail for every store view" in page
        assert "Restore all defaults" in page


def test_the_change_form_warns_and_shows_the_shipped_default(staff_client: Client) -> None:
    page = staff_client.get(_change_url(UPSERT)).content.decode()

    assert 'class="errornote endpoint-warning"' in page
    assert "Changing an endpoint URL changes what the connector calls." in page
    assert "PUT {base}/rest/{store}/V1/products/{sku}" in page  # the shipped default, read-only


def test_an_edit_is_saved_with_a_warning_message(staff_client: Client) -> None:
    response = _edit(
        staff_client, UPSERT, "POST", "https://proxy.example.test/rest/{store}/V1/products/{sku}"
    )

    assert response.status_code == 302
    row = EndpointURL.objects.get(key=UPSERT)
    assert (row.method, row.url_template) == (
        "POST",
        "https://proxy.example.test/rest/{store}/V1/products/{sku}",
    )
    assert row.is_modified
    messages = [str(m) for m in staff_client.get(MAGENTO_LIST).context["messages"]]
    assert any(
        "Create/Update Product now calls POST https://proxy.example.test" in m
        and "instead of the shipped PUT {base}/rest/{store}/V1/products/{sku}" in m
        for m in messages
    )


@pytest.mark.parametrize(
    ("key", "method", "url", "field", "error"),
    [
        (
            UPSERT,
            "PUT",
            "{base}/rest/{store}/V1/products",
            "url_template",
            "The URL must keep {sku}: Create/Update Product fills it in for every call.",
        ),
        (
            UPSERT,
            "PUT",
            "{base}/rest/{store}/V1/products/{sku}/{foo}",
            "url_template",
            "This action does not supply {foo}; its URL can use {base}, {sku}, {store}.",
        ),
        (
            "acumatica.entity.get",
            "GET",
            "{base}/entity/{endpoint}/{version}/{entity}",
            "url_template",
            "The URL must keep {keys}: Get Record by Key (any entity) fills it in for every call.",
        ),
        (UPSERT, "PUT", "{base}/rest/{store}/V1/products/{sku", "url_template", "The URL has an unmatched {"),
        (
            UPSERT,
            "PUT",
            "/rest/{store}/V1/products/{sku}",
            "url_template",
            "Start the URL with {base} (the site URL) or with http:// or https://.",
        ),
        (
            UPSERT,
            "PUT",
            "{base}/rest/{store}/V1/products/{sku!r}",
            "url_template",
            "Placeholders are plain {name}",
        ),
        (UPSERT, "FETCH", "{base}/rest/{store}/V1/products/{sku}", "method", "Select a valid choice."),
    ],
)
def test_edits_the_action_cannot_fill_are_refused(
    staff_client: Client, key: str, method: str, url: str, field: str, error: str
) -> None:
    before = EndpointURL.objects.get(key=key)

    response = _edit(staff_client, key, method, url)

    assert response.status_code == 200  # the form again, with the error
    errors = " ".join(response.context["adminform"].form.errors.get(field, []))
    assert error in errors
    after = EndpointURL.objects.get(key=key)
    assert (after.method, after.url_template, after.updated_at) == (
        before.method,
        before.url_template,
        before.updated_at,
    )


def test_restore_defaults_action_resets_the_selected_rows(staff_client: Client) -> None:
    _edit(staff_client, UPSERT, "POST", "{base}/rest/{store}/V1/custom/products/{sku}")
    _edit(staff_client, "magento.product.get", "GET", "{base}/rest/{store}/V1/custom/products/{sku}")
    upsert = EndpointURL.objects.get(key=UPSERT)

    response = staff_client.post(
        MAGENTO_LIST, {"action": "restore_defaults", "_selected_action": [upsert.pk]}, follow=True
    )

    assert "Restored the shipped method and URL of 1 endpoint." in response.content.decode()
    assert not EndpointURL.objects.get(key=UPSERT).is_modified
    assert EndpointURL.objects.get(key="magento.product.get").is_modified  # not selected


def test_restore_all_defaults_lists_the_changes_then_resets_every_row(staff_client: Client) -> None:
    _edit(staff_client, UPSERT, "POST", "{base}/rest/{store}/V1/custom/products/{sku}")
    _edit(staff_client, "magento.order.get", "GET", "{base}/rest/V1/custom/orders/{order_id}")
    _edit(staff_client, "acumatica.auth.login", "POST", "{base}/custom/auth/login")
    url = f"{MAGENTO_LIST}restore-defaults/"

    confirm = staff_client.get(url)
    assert sorted(row.key for row in confirm.context["modified"]) == ["magento.order.get", UPSERT]
    page = confirm.content.decode()
    assert "{base}/rest/V1/custom/orders/{order_id} &rarr; GET {base}/rest/V1/orders/{order_id}" in page
    done = staff_client.post(url, follow=True)

    assert "Restored the shipped method and URL of 2 endpoints." in done.content.decode()
    assert not any(row.is_modified for row in MagentoEndpoint.objects.all())
    assert EndpointURL.objects.get(key="acumatica.auth.login").is_modified


def test_restore_all_needs_a_post(staff_client: Client) -> None:
    _edit(staff_client, UPSERT, "POST", "{base}/rest/{store}/V1/custom/products/{sku}")

    staff_client.get(f"{MAGENTO_LIST}restore-defaults/")

    assert EndpointURL.objects.get(key=UPSERT).is_modified


def test_rows_a_newer_release_ships_are_added_when_the_page_opens(staff_client: Client) -> None:
    EndpointURL.objects.filter(key=UPSERT).delete()

    assert UPSERT in endpoint_resolver("magento")  # the shipped default answers meanwhile
    staff_client.get(MAGENTO_LIST)

    assert EndpointURL.objects.get(key=UPSERT).url_template == "{base}/rest/{store}/V1/products/{sku}"


def test_the_resolver_sees_an_edit_at_once_and_a_reverted_edit_too() -> None:
    assert endpoint_resolver("magento")[UPSERT] == ("PUT", "{base}/rest/{store}/V1/products/{sku}")
    row = EndpointURL.objects.get(key=UPSERT)
    row.url_template = "{base}/rest/{store}/V1/v2/products/{sku}"
    row.save()
    assert endpoint_resolver("magento")[UPSERT] == ("PUT", "{base}/rest/{store}/V1/v2/products/{sku}")

    # Another process (or a rolled-back transaction) changes the row behind this process's back.
    EndpointURL.objects.filter(key=UPSERT).update(
        url_template="{base}/rest/{store}/V1/products/{sku}", updated_at=row.updated_at - timedelta(days=1)
    )

    assert endpoint_resolver("magento")[UPSERT] == ("PUT", "{base}/rest/{store}/V1/products/{sku}")


@pytest.mark.integration
def test_the_engines_clients_call_an_edited_magento_url(
    magento_server: SandboxServer, magento_sandbox: SandboxHandle
) -> None:
    configure_magento(magento_server.url)
    row = EndpointURL.objects.get(key="magento.store.views")
    row.url_template = "{base}/rest/west/V1/store/storeViews"
    row.save()
    magento_sandbox.reset_stats()

    ctx = SyncContext("default")
    try:
        views = ctx.magento.fetch_store_views()
    finally:
        ctx.close()

    assert {view["code"] for view in views} >= {"default", "west"}
    paths = [entry["path"] for entry in magento_sandbox.requests(method="GET")]
    assert paths == ["/rest/west/V1/store/storeViews"]


@pytest.mark.integration
def test_pickers_call_an_edited_acumatica_url(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    configure_acumatica(acumatica_server.url)
    row = EndpointURL.objects.get(key="acumatica.warehouse.list")
    row.url_template = "{base}/entity/{endpoint}/23.200.001/Warehouse"
    row.save()

    assert load_choices("acumatica.warehouses").ok

    warehouse_calls = [entry["path"] for entry in acumatica_sandbox.requests(path="Warehouse")]
    assert warehouse_calls == ["/entity/Default/23.200.001/Warehouse"]
