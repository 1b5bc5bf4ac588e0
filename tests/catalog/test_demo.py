"""The demo's steps with real sandbox processes (instant profile, a small catalog, free ports):
they start, answer, take the connector's configuration and the suggested mappings, the catalog and
the customers reach Magento, storefront orders are placed; the queue imports them, and the closing
summary's shipment calls ship one to Magento. Stopping the demo ends the processes."""

from __future__ import annotations

import json
import re
import socket
import time
from typing import Any

import pytest
import requests
from django.test import Client, override_settings

from acmconnector.demo import (
    Demo,
    DemoError,
    apply_mappings,
    check_port,
    configure_connector,
    enable_catalog,
    generate_orders,
    load_catalog,
    overview,
    shipment_calls,
    start_sandboxes,
)
from sandbox.testing import SandboxHandle
from sync.choices import Entity
from sync.loop import run_queue
from sync.mappings import resolve_customer_class, resolve_payment, resolve_shipping, resolve_source
from sync.models import (
    CustomerSyncSettings,
    InitialSyncRun,
    InitialSyncStatus,
    Link,
    PushSettings,
    SetupParameters,
)
from sync.queue import QueueSettings

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def follow_the_shipment_calls(demo: Demo, order_nbr: str) -> str:
    """Make the closing summary's calls, as a user would with curl; the shipment number."""
    http = requests.Session()
    shipment_nbr = ""
    for call in shipment_calls():
        url = f"{demo.acumatica_url}/entity{call.path}".replace("ORDERNBR", order_nbr)
        body = call.body
        if body is not None:
            text = json.dumps(body).replace("ORDERNBR", order_nbr).replace("SHIPMENTNBR", shipment_nbr)
            body = json.loads(text)
        response = http.request(call.method, url, json=body, timeout=30)
        assert response.status_code in (200, 202, 204), (call.path, response.status_code, response.text)
        if response.status_code == 202:  # an action: wait for its operation, as a person would
            wait_for_operation(http, demo.acumatica_url + response.headers["Location"])
        if call.method == "GET":
            numbers = [row["ShipmentNbr"]["value"] for row in response.json()["Shipments"]]
            shipment_nbr = sorted(numbers)[-1]
    return shipment_nbr


def wait_for_operation(http: requests.Session, location: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer = http.get(location, timeout=30)
        if answer.status_code == 204:
            return
        assert answer.status_code == 202, answer.text
        time.sleep(0.05)
    raise AssertionError(f"The operation {location} did not finish.")


def imported_orders() -> dict[str, Link]:
    """Magento increment id -> the link of its Acumatica sales order."""
    return {
        str(link.magento_id): link
        for link in Link.objects.filter(entity=Entity.ORDER).linked()
        if link.acumatica_key.startswith("SO/")
    }


def run_the_queue() -> Any:
    """What the demo's cluster does each minute, until nothing is left to do."""
    with override_settings(SYNC_POLL_INTERVAL=0, SYNC_WAIT_DELAY=0, SYNC_BACKOFF_BASE=0):
        return run_queue(settings=QueueSettings.load(), until_idle=True, force_poll=True)


def test_the_demo_loads_magento_maps_everything_and_its_orders_and_shipments_sync(
    django_user_model: Any,
) -> None:
    demo = Demo(
        host="127.0.0.1",
        port=free_port(),
        acumatica_port=free_port(),
        magento_port=free_port(),
        sandbox_profile="instant",
        sandbox_items=20,
        orders=6,
    )
    try:
        start_sandboxes(demo)
        configure_connector(demo)
        apply_mappings(demo)
        enable_catalog(demo)
        load_catalog(demo)
        generate_orders(demo)

        magento = SandboxHandle(demo.magento_url)
        acumatica = SandboxHandle(demo.acumatica_url)
        assert magento.collections()["products"] >= 15
        assert SetupParameters.load().magento_url == demo.magento_url
        assert PushSettings.load().secret == demo.push_secret
        assert InitialSyncRun.objects.get().status == InitialSyncStatus.FINISHED
        pushes = acumatica.config()
        assert pushes["push_url"] == f"{demo.url}/hooks/acumatica/"
        # The mappings: every customer class selected and mapped, sign-ups get General's class,
        # every warehouse has a source, and every method the storefront orders use is mapped.
        classes = {c["CustomerClass"]["value"] for c in acumatica.state("Customer")}
        assert set(SetupParameters.load().customer_classes) == classes
        assert CustomerSyncSettings.for_scope("default").default_customer_class == "GENERAL"
        for klass in classes:
            resolve_customer_class("default", klass)
        for warehouse in acumatica.state("Warehouse"):
            resolve_source("default", warehouse["WarehouseID"]["value"])
        orders = magento.state("orders")
        assert len(orders) == demo.orders
        for order in orders:
            resolve_payment("default", order["payment"]["method"])
            shipping = order["extension_attributes"]["shipping_assignments"][0]["shipping"]
            resolve_shipping("default", shipping["method"])
        # The customers of the selected classes are in Magento's main website.
        in_magento = {c["email"].lower() for c in magento.state("customers") if c["website_id"] == 1}
        emails = {c["MainContact"]["Email"]["value"].lower() for c in acumatica.state("Customer")}
        assert emails <= in_magento
        # The closing summary says where to watch the orders and how to ship one.
        assert any("/admin/sync/message/?entity__exact=order" in line for line in demo.notes)
        assert any(line.strip().startswith("curl -s -c jar -X POST") for line in demo.notes)
        summary = "\n".join([*overview(demo), *demo.notes])
        pages = re.findall(rf"{re.escape(demo.url)}(/[^\s,)]*)", summary)
        assert "/admin/sync/message/?entity__exact=order" in pages
        client = Client()
        client.force_login(django_user_model.objects.create_superuser("demo-check", password="unused-9"))
        for page in pages:
            assert client.get(page).status_code == 200, page

        run_the_queue()

        imported = imported_orders()
        assert imported, "no storefront order reached Acumatica"
        increment_id, link = sorted(imported.items())[0]
        shipment_nbr = follow_the_shipment_calls(demo, link.acumatica_key.split("/")[1])
        run_the_queue()

        order_id = int(link.extra["entity_id"])
        shipments = [s for s in magento.state("shipments") if s["order_id"] == order_id]
        assert len(shipments) == 1, (increment_id, shipment_nbr)
        assert Link.objects.get(entity=Entity.SHIPMENT, acumatica_key__contains=shipment_nbr).is_linked
    finally:
        processes = [process for _, process in demo.processes]
        demo.stop_all()
    assert processes and all(process.poll() is not None for process in processes)


def test_a_taken_sandbox_port_is_refused_before_anything_starts() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        demo = Demo(host="127.0.0.1", port=free_port(), acumatica_port=port, magento_port=free_port())
        with pytest.raises(
            DemoError, match=f"127.0.0.1:{port} is in use: .* set DEMO_ACUMATICA_PORT in .env"
        ):
            check_port(demo)


@override_settings(HTTP_MAX_RETRIES=0)
def test_a_failing_step_ends_the_demo_with_one_line() -> None:
    demo = Demo(host="127.0.0.1", port=free_port(), acumatica_port=free_port(), magento_port=free_port())
    # Nothing answers on these ports: the Acumatica read of enable_for_sync fails, told in one line.
    configure_connector(demo)

    with pytest.raises(
        DemoError, match=r"^enable_for_sync: Could not read the records from Acumatica: "
    ) as raised:
        enable_catalog(demo)
    assert "\n" not in str(raised.value)
