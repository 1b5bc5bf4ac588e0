"""Every configuration page renders for staff, sends anonymous users to the login page, and the
one-row settings behave as single pages."""

from __future__ import annotations

import pytest
from django.test import Client

from sync.models import StoreView
from tests.factories import AcumaticaConnectionFactory, StoreViewFactory, SyncConfigurationFactory

pytestmark = pytest.mark.django_db


def _pages() -> list[str]:
    view = StoreViewFactory.create(
        code="fr", acumatica_connection=AcumaticaConnectionFactory.create(name="EU")
    )
    SyncConfigurationFactory.create(store_view=view)
    connection = view.acumatica_connection
    assert connection is not None
    return [
        "/admin/",
        "/admin/sync/setupparameters/1/change/",
        "/admin/sync/loggingsettings/1/change/",
        "/admin/sync/storeview/",
        "/admin/sync/storeview/add/",
        f"/admin/sync/storeview/{view.pk}/change/",
        "/admin/sync/syncconfiguration/",
        "/admin/sync/syncconfiguration/?scope=default",
        "/admin/sync/syncconfiguration/?scope=fr",
        "/admin/endpoints/acumaticaconnection/",
        "/admin/endpoints/acumaticaconnection/add/",
        "/admin/endpoints/acumaticaconnection/1/change/",
        f"/admin/endpoints/acumaticaconnection/{connection.pk}/change/",
    ]


def test_every_configuration_page_renders_for_staff(staff_client: Client) -> None:
    for url in _pages():
        response = staff_client.get(url)
        assert response.status_code == 200, url


def test_anonymous_users_are_sent_to_the_login_page() -> None:
    client = Client()
    for url in [*_pages(), "/admin/sync/setupparameters/"]:
        response = client.get(url)
        if url == "/admin/":
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/"), url
            continue
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url


def test_setup_parameters_is_one_page_in_the_guides_order(staff_client: Client) -> None:
    response = staff_client.get("/admin/sync/setupparameters/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/sync/setupparameters/1/change/"

    page = staff_client.get("/admin/sync/setupparameters/1/change/")
    titles = [fieldset.name for fieldset in page.context["adminform"]]
    assert titles == [
        "Connection Settings",
        "Queue Processing Settings",
        "Price Sync Preferences",
        "Inventory Sync Preferences",
        "Configurable Products Sync Support",
        "Vendor Inventory Preferences",
        "Shipment Sync Trigger",
        "A to M Customer Sync Preferences",
        "A to M Order Sync Preferences",
        "A to M Dropship ShipVia Sync Preferences",
        "Additional Settings",
        "Individual Sync Status",
    ]
    html = page.content.decode()
    for label in [
        "Magento URL",
        "Bearer Token",
        "Confirm Bearer Token",
        "Threshold Count",
        "Check Process Time",
    ]:
        assert label in html
    assert "Product Configurator" in html and "not support" in html
    assert "Delete" not in html and "Save and add another" not in html


def test_singleton_settings_cannot_be_added_or_deleted(staff_client: Client) -> None:
    for model in ["setupparameters", "loggingsettings"]:
        assert staff_client.get(f"/admin/sync/{model}/add/").status_code == 403
        assert staff_client.post(f"/admin/sync/{model}/1/delete/", {"post": "yes"}).status_code == 403


def test_default_config_connection_cannot_be_deleted(staff_client: Client) -> None:
    assert (
        staff_client.post("/admin/endpoints/acumaticaconnection/1/delete/", {"post": "yes"}).status_code
        == 403
    )


def test_store_view_page_shows_what_is_in_effect(staff_client: Client) -> None:
    view = StoreViewFactory.create(code="fr")
    SyncConfigurationFactory.create(store_view=view, entity="order", enabled=False, direction="m2a")
    html = staff_client.get(f"/admin/sync/storeview/{view.pk}/change/").content.decode()
    assert "<td>Order</td><td>Disabled</td><td>M to A</td><td>this store view</td>" in html
    assert "<td>Product</td><td>Enabled</td><td>A to M</td><td>Default Config</td>" in html
    assert StoreView.objects.count() == 1
