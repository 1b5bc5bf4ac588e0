"""Pickers read their codes from the sandboxes, cache them, refresh on demand, and fall back to
free text with a one-line cause when a system cannot be reached."""

from __future__ import annotations

import pytest
from django.test import Client

from endpoints.pickers import PickerInput, load_choices, refresh_pickers
from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from tests.endpoints.configured import closed_port_url, configure_acumatica, configure_magento
from tests.factories import AcumaticaConnectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration, pytest.mark.usefixtures("fresh_caches")]

SETUP_PAGE = "/admin/sync/setupparameters/1/change/"


@pytest.fixture
def acumatica(acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle) -> SandboxHandle:
    configure_acumatica(acumatica_server.url)
    return acumatica_sandbox


@pytest.fixture
def magento(magento_server: SandboxServer, magento_sandbox: SandboxHandle) -> SandboxHandle:
    configure_magento(magento_server.url)
    return magento_sandbox


def _value(record: dict, field: str) -> str:
    return str(record[field]["value"])


def test_acumatica_pickers_list_the_tenants_codes_in_one_session(acumatica: SandboxHandle) -> None:
    warehouses = load_choices("acumatica.warehouses")

    assert warehouses.ok, warehouses.error
    assert warehouses.values == sorted(_value(w, "WarehouseID") for w in acumatica.state("Warehouse"))
    retail = next(choice for choice in warehouses.choices if choice.value == "RETAIL")
    assert retail.label == "Retail Warehouse"
    assert load_choices("acumatica.customer_classes").values == sorted(
        _value(c, "ClassID") for c in acumatica.state("CustomerClass")
    )
    assert load_choices("acumatica.ship_vias").values == sorted(
        _value(s, "CarrierID") for s in acumatica.state("ShipVia")
    )
    assert load_choices("acumatica.payment_methods").values == sorted(
        _value(m, "PaymentMethodID") for m in acumatica.state("PaymentMethod")
    )
    cash_accounts = {
        _value(row, "CashAccount")
        for method in acumatica.state("PaymentMethod")
        for row in method["AllowedCashAccounts"]
    }
    assert set(load_choices("acumatica.cash_accounts").values) == cash_accounts
    assert set(load_choices("acumatica.branches").values) == {"MAIN", "WEST"}
    assert load_choices("acumatica.order_types").values == sorted(
        {_value(order, "OrderType") for order in acumatica.state("SalesOrder")}
    )
    # One login read every list, and the session was closed.
    stats = acumatica.stats()
    assert stats["api_sessions"]["logins"] == 1
    assert stats["api_sessions"]["open"] == 0


def test_a_list_the_endpoint_does_not_offer_fails_alone(acumatica: SandboxHandle) -> None:
    # The sandbox's Default endpoint has no CustomerPriceClass entity (404).
    price_classes = load_choices("acumatica.customer_price_classes")

    assert not price_classes.ok
    assert price_classes.error == (
        "Acumatica customer price classes could not be read: not offered by this Acumatica API (HTTP 404)."
    )
    assert load_choices("acumatica.warehouses").ok


def test_a_server_error_on_one_list_does_not_stop_the_others(acumatica: SandboxHandle) -> None:
    acumatica.faults([{"path": "/Warehouse", "kind": "status", "status": 500}])

    warehouses = load_choices("acumatica.warehouses")

    assert warehouses.cause == "retryable"
    assert warehouses.error.startswith("Acumatica warehouses could not be read: ")
    assert "HTTP 500" in warehouses.error
    assert load_choices("acumatica.ship_vias").ok
    assert acumatica.stats()["api_sessions"]["open"] == 0


def test_magento_pickers_list_store_structure_and_methods_seen_on_orders(magento: SandboxHandle) -> None:
    magento.post("orders/generate", {"count": 12})
    orders = magento.state("orders")

    assert load_choices("magento.store_views").values == ["default", "west"]  # not the admin view
    assert load_choices("magento.websites").values == ["base", "west"]
    sources = load_choices("magento.sources")
    assert sources.values == sorted(source["source_code"] for source in magento.state("sources"))
    groups = load_choices("magento.customer_groups")
    assert ("1", "General") in [(choice.value, choice.label) for choice in groups.choices]

    payment = {choice.value: choice.label for choice in load_choices("magento.payment_methods").choices}
    used = {order["payment"]["method"]: order["payment"]["additional_information"][0] for order in orders}
    for code, title in used.items():
        assert payment[code] == title  # seen on orders: the title the order carries
    unused_built_ins = {"checkmo", "banktransfer", "cashondelivery", "purchaseorder", "free"} - set(used)
    assert unused_built_ins
    for code in unused_built_ins:
        assert payment[code].endswith("(built-in, may be disabled)")

    shipping = load_choices("magento.shipping_methods").values
    for order in orders:
        method = order["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"]
        assert method in shipping
    assert "flatrate_flatrate" in shipping
    assert {"custom", "ups", "usps", "fedex", "dhl"} <= set(load_choices("magento.carriers").values)


def test_choices_are_cached_until_refreshed(acumatica: SandboxHandle) -> None:
    assert "NEWWH" not in load_choices("acumatica.warehouses").values
    acumatica.put_state(
        "Warehouse", "NEWWH", {"WarehouseID": {"value": "NEWWH"}, "Description": {"value": "New"}}
    )
    acumatica.reset_stats()

    assert "NEWWH" not in load_choices("acumatica.warehouses").values
    assert acumatica.stats()["requests_total"] == 0  # answered from the cache

    refreshed = refresh_pickers(["acumatica.warehouses"])

    assert [result.picker for result in refreshed] == ["acumatica.warehouses"]
    assert "NEWWH" in refreshed[0].values
    assert "NEWWH" in load_choices("acumatica.warehouses").values


def test_editing_the_connection_reads_fresh_choices(
    acumatica: SandboxHandle, acumatica_server: SandboxServer
) -> None:
    assert load_choices("acumatica.warehouses").ok
    configure_acumatica(acumatica_server.url, password="Wr0ng-pass!")

    result = load_choices("acumatica.warehouses")

    assert not result.ok
    assert result.cause == "login_refused"
    assert result.error.startswith("Acumatica warehouses could not be read: login refused")
    assert "Wr0ng-pass!" not in result.error


def test_a_stopped_system_gives_one_line_and_is_not_asked_again_at_once() -> None:
    url = closed_port_url()
    configure_acumatica(url)
    configure_magento(url)

    first = load_choices("acumatica.ship_vias")
    again = load_choices("acumatica.warehouses")  # the failure is cached for every list
    magento = load_choices("magento.sources")

    assert first.cause == again.cause == "host_unreachable"
    assert first.error == f"Acumatica ship vias could not be read: host unreachable ({url[7:]})."
    assert magento.error == f"Magento sources could not be read: host unreachable ({url[7:]})."
    assert again.fetched_at == first.fetched_at


def test_an_unconfigured_system_says_what_to_set() -> None:
    result = load_choices("magento.store_views")

    assert not result.ok
    assert result.cause == "not_configured"
    assert "enter the Magento URL and the access token in Setup Parameters." in result.error


def test_acumatica_pickers_read_the_connection_they_are_bound_to(
    acumatica: SandboxHandle, acumatica_server: SandboxServer
) -> None:
    configure_acumatica(closed_port_url())  # Default Config is down, the store view's own is fine
    own = AcumaticaConnectionFactory.create(base_url=acumatica_server.url)

    assert not load_choices("acumatica.warehouses").ok
    assert load_choices("acumatica.warehouses", connection=own).ok


def test_picker_input_offers_the_codes_and_keeps_current_ones(acumatica: SandboxHandle) -> None:
    html = PickerInput("acumatica.warehouses").render("warehouse", "OLDWH", {"id": "id_warehouse"})

    assert 'list="id_warehouse_choices"' in html
    assert '<option value="RETAIL">Retail Warehouse</option>' in html
    assert '<option value="OLDWH">current value</option>' in html
    assert "could not be read" not in html


def test_setup_parameters_page_offers_live_codes(
    acumatica: SandboxHandle, magento: SandboxHandle, staff_client: Client
) -> None:
    page = staff_client.get(SETUP_PAGE).content.decode()

    assert '<option value="RETAIL">Retail Warehouse</option>' in page  # Warehouses
    assert "Available: <code>GENERAL</code> (General)" in page  # Customer Classes (a code list)
    assert '<option value="DROPSHIP">Drop Ship</option>' in page  # Dropship ShipVia
    assert '<option value="default">Default Source</option>' in page  # Magento Source
    assert 'name="_refresh_choices"' in page


def test_setup_parameters_page_works_with_both_systems_stopped(staff_client: Client) -> None:
    url = closed_port_url()
    configure_acumatica(url)
    configure_magento(url)

    response = staff_client.get(SETUP_PAGE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Acumatica warehouses could not be read: host unreachable" in page
    assert "Magento sources could not be read: host unreachable" in page
    assert 'name="inventory_warehouses"' in page  # still a plain text input
    assert 'name="inventory_source"' in page


def test_refresh_choices_button_rereads_and_keeps_unsaved_values(
    acumatica: SandboxHandle, magento: SandboxHandle, staff_client: Client
) -> None:
    form = staff_client.get(SETUP_PAGE).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "inventory_warehouses": "RETAIL, UNSAVED",
            "threshold_count": "7",
            "_refresh_choices": "Refresh choices",
        }
    )
    data = {key: value for key, value in data.items() if value is not False}
    acumatica.put_state("Warehouse", "NEWWH", {"WarehouseID": {"value": "NEWWH"}})

    response = staff_client.post(SETUP_PAGE, data)

    assert response.status_code == 200  # the page again, not a redirect: nothing was saved
    page = response.content.decode()
    assert 'value="RETAIL, UNSAVED"' in page
    assert "<code>NEWWH</code>" in page
    messages = [str(message) for message in response.context["messages"]]
    assert any(
        message.startswith("Choices refreshed: ") and "warehouses (4)" in message for message in messages
    )
    from sync.models import SetupParameters

    assert SetupParameters.load().threshold_count != 7


def test_refresh_parameter_rereads_on_get(acumatica: SandboxHandle, staff_client: Client) -> None:
    staff_client.get(SETUP_PAGE)
    acumatica.put_state("Warehouse", "NEWWH", {"WarehouseID": {"value": "NEWWH"}})

    assert '<option value="NEWWH">' not in staff_client.get(SETUP_PAGE).content.decode()
    assert '<option value="NEWWH">' in staff_client.get(f"{SETUP_PAGE}?refresh=1").content.decode()
