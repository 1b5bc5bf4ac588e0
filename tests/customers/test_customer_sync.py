"""Customers both ways over real HTTP against both sandboxes: matched by e-mail, never duplicated
(re-runs, a retry after a write that landed but was answered with an error), mapped classes and
groups, no echo of what the connector wrote, and disabled scopes that produce nothing."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from sandbox.testing import SandboxHandle
from sync.choices import Direction, Entity
from sync.flows.customer import MagentoCustomerFlow
from sync.loop import run_queue
from sync.models import (
    CustomerGroupMapping,
    CustomerSyncSettings,
    Link,
    Message,
    MessageStatus,
    SetupParameters,
    StoreView,
    SyncConfiguration,
)
from sync.queue import enqueue, reprocess_messages
from tests.customers.conftest import DEMO_CLASSES, SETTINGS, watch_from_the_start

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def plain(record: dict[str, Any], *path: str) -> Any:
    """The plain value at a path of a value-wrapped Acumatica record (None when absent)."""
    node: Any = record
    for name in path:
        node = node.get(name) if isinstance(node, dict) else None
    return node.get("value") if isinstance(node, dict) else None


def acumatica_customers(acumatica: SandboxHandle) -> list[dict[str, Any]]:
    return [
        {
            "id": c["CustomerID"]["value"],
            "email": (c.get("MainContact") or {}).get("Email", {}).get("value"),
            "class": c["CustomerClass"]["value"],
            "name": c["CustomerName"]["value"],
            "city": plain(c, "MainContact", "Address", "City"),
            "postcode": plain(c, "MainContact", "Address", "PostalCode"),
        }
        for c in acumatica.state("Customer")
    ]


def magento_customers(magento: SandboxHandle, website_id: int | None = None) -> list[dict[str, Any]]:
    customers = magento.state("customers")
    return [c for c in customers if website_id is None or c["website_id"] == website_id]


def duplicates(emails: list[str | None]) -> list[str]:
    counts = Counter((email or "").lower() for email in emails)
    return sorted(email for email, n in counts.items() if n > 1)


def sync(direction: str) -> Any:
    watch_from_the_start(direction)
    return run_queue(settings=SETTINGS, until_idle=True, force_poll=True)


def test_acumatica_customers_reach_magento_once_each_matched_by_email(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None
) -> None:
    SyncConfiguration.objects.filter(store_view=None, entity=Entity.CUSTOMER).update(direction="a2m")
    before = {c["email"]: c for c in magento_customers(magento, website_id=1)}
    people = acumatica_customers(acumatica)

    report = sync(Direction.A2M)

    after = magento_customers(magento, website_id=1)
    assert duplicates([c["email"] for c in after]) == []
    by_email = {c["email"]: c for c in after}
    for person in people:
        customer = by_email[person["email"]]
        assert customer["group_id"] == DEMO_CLASSES[person["class"]]
        assert f"{customer['firstname']} {customer['lastname']}" == person["name"]
        if person["email"] in before:
            assert customer["id"] == before[person["email"]]["id"]  # matched, not created again
        # One address, the default billing and shipping one, updated in place (not added again).
        assert len(customer["addresses"]) == 1
        address = customer["addresses"][0]
        assert address["default_billing"] and address["default_shipping"]
        assert (address["city"], address["postcode"]) == (person["city"], person["postcode"])
    assert report.stats.failed == 0
    assert Link.objects.filter(entity=Entity.CUSTOMER).linked().count() == len(people)


def poll_now(flow: Any, scope: str = "default") -> int:
    """Poll one customer flow with a window that includes this very second (Magento's `updated_at`
    has whole seconds), as the next poll's look-back would."""
    from datetime import timedelta

    from django.utils import timezone

    from sync.context import SyncContext
    from sync.producers import poll_flow

    with SyncContext(scope, settings=SETTINGS) as ctx:
        return poll_flow(flow, ctx, SETTINGS, until=timezone.now() + timedelta(seconds=2))


def sync_both_ways(scopes: tuple[str, ...] = ("default",)) -> None:
    """A to M, then M to A, in every scope, each reading every record there is."""
    from sync.flows.customer import CustomerFlow

    for flow in (CustomerFlow(), MagentoCustomerFlow()):
        for scope in scopes:
            watch_from_the_start(flow.direction, scope)
            poll_now(flow, scope)
        run_queue(settings=SETTINGS, until_idle=True, poll=False)


def writes(acumatica: SandboxHandle, magento: SandboxHandle) -> list[str]:
    sent = [
        f"{r['method']} {r['path']}" for r in magento.requests(path=r"/V1/customers") if r["method"] != "GET"
    ]
    sent += [f"{r['method']} {r['path']}" for r in acumatica.requests(method="PUT", path=r"/Customer")]
    return sent


def test_customers_flow_both_ways_with_no_duplicate_emails_and_a_rerun_writes_nothing(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None
) -> None:
    magento_only = {c["email"] for c in magento_customers(magento)} - {
        c["email"] for c in acumatica_customers(acumatica)
    }
    CustomerSyncSettings.objects.create(default_customer_class="GENERAL")
    StoreView.objects.create(code="west", name="West Coast Store View", website_code="west")

    sync_both_ways(("default", "west"))

    in_acumatica = acumatica_customers(acumatica)
    assert duplicates([c["email"] for c in in_acumatica]) == []
    assert magento_only <= {c["email"] for c in in_acumatica}  # sign-ups arrived
    for website in (1, 2):
        assert duplicates([c["email"] for c in magento_customers(magento, website)]) == []
    assert not Message.objects.exclude(status__in=[MessageStatus.SUCCEEDED, MessageStatus.SKIPPED]).exists()

    # Both pollers now see the changes the connector itself wrote: nothing bounces back. (The
    # second round still copies the new sign-ups into the other website, as for any customer.)
    acumatica.reset_stats()
    sync_both_ways(("default", "west"))
    assert acumatica.requests(method="PUT", path=r"/Customer") == []
    acumatica.reset_stats()
    magento.reset_stats()
    sync_both_ways(("default", "west"))

    assert writes(acumatica, magento) == []
    echoes = Message.objects.filter(id__gt=0, status=MessageStatus.SKIPPED, reason="unchanged")
    assert echoes.filter(direction=Direction.M2A).exists() and echoes.filter(direction=Direction.A2M).exists()
    assert len(acumatica_customers(acumatica)) == len(in_acumatica)


def test_magento_sign_up_gets_its_groups_class_else_the_default_class(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None
) -> None:
    CustomerSyncSettings.objects.create(default_customer_class="RETAILER")
    CustomerGroupMapping.objects.filter(magento_group_id=1).delete()
    wholesale = magento.put_state(
        "customers",
        "900",
        {
            "email": "new.buyer@example.com",
            "firstname": "New",
            "lastname": "Buyer",
            "group_id": 2,
            "website_id": 1,
            "store_id": 1,
        },
    )
    general = magento.put_state(
        "customers",
        "901",
        {
            "email": "walk.in@example.com",
            "firstname": "Walk",
            "lastname": "In",
            "group_id": 1,
            "website_id": 1,
            "store_id": 1,
        },
    )
    assert wholesale and general

    watch_from_the_start(Direction.M2A)
    poll_now(MagentoCustomerFlow())
    run_queue(settings=SETTINGS, until_idle=True, poll=False)

    by_email = {c["email"]: c for c in acumatica_customers(acumatica)}
    assert by_email["new.buyer@example.com"]["class"] == "WHOLESALE"
    assert by_email["new.buyer@example.com"]["name"] == "New Buyer"
    assert by_email["walk.in@example.com"]["class"] == "RETAILER"


def test_a_retry_after_a_write_that_landed_creates_no_second_customer(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, settings: Any
) -> None:
    settings.HTTP_MAX_RETRIES = 0  # the queue's retry is under test, not the HTTP client's
    CustomerSyncSettings.objects.create(default_customer_class="GENERAL")
    magento.put_state(
        "customers",
        "902",
        {
            "email": "landed@example.com",
            "firstname": "Lan",
            "lastname": "Ded",
            "group_id": 1,
            "website_id": 1,
            "store_id": 1,
        },
    )
    acumatica.faults([{"method": "PUT", "path": "/Customer", "kind": "after_commit_status", "limit": 1}])
    magento.faults([{"method": "POST", "path": "/V1/customers$", "kind": "after_commit_status", "limit": 1}])
    SyncConfiguration.objects.filter(store_view=None, entity=Entity.CUSTOMER).update(
        direction="bidirectional"
    )

    sync_both_ways()

    assert [c["email"] for c in acumatica_customers(acumatica)].count("landed@example.com") == 1
    for website in (1, 2):
        assert duplicates([c["email"] for c in magento_customers(magento, website)]) == []
    retried = Message.objects.filter(attempts__gte=2, status=MessageStatus.SUCCEEDED)
    assert {m.direction for m in retried} == {Direction.A2M, Direction.M2A}


def test_missing_group_mapping_fails_naming_it_then_reprocess_succeeds(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None
) -> None:
    SyncConfiguration.objects.filter(store_view=None, entity=Entity.CUSTOMER).update(direction="a2m")
    CustomerGroupMapping.objects.filter(acumatica_customer_class="WHOLESALE").delete()
    magento.reset_stats()

    sync(Direction.A2M)

    failed = Message.objects.filter(status=MessageStatus.FAILED)
    wholesale = {c["id"] for c in acumatica_customers(acumatica) if c["class"] == "WHOLESALE"}
    assert wholesale and {m.key for m in failed} == wholesale
    assert failed.first().error == (  # type: ignore[union-attr]
        'No customer group mapping for Acumatica customer class "WHOLESALE" (scope default): '
        "add it under Sync > Customer group mappings."
    )
    assert failed.first().attempts == 1  # type: ignore[union-attr]  # not retried blindly
    customer_writes = [r for r in magento.requests(path=r"/V1/customers") if r["method"] != "GET"]
    assert len(customer_writes) == len(acumatica_customers(acumatica)) - len(wholesale)

    CustomerGroupMapping.objects.create(magento_group_id=2, acumatica_customer_class="WHOLESALE")
    reprocess_messages(failed)
    run_queue(settings=SETTINGS, until_idle=True, poll=False)

    assert not Message.objects.filter(status=MessageStatus.FAILED).exists()
    groups = {c["email"]: c["group_id"] for c in magento_customers(magento, 1)}
    assert {groups[c["email"]] for c in acumatica_customers(acumatica) if c["id"] in wholesale} == {2}


def test_customer_of_an_unselected_class_is_skipped(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None
) -> None:
    klass = next(c["class"] for c in acumatica_customers(acumatica) if c["id"] == "C000001")
    setup = SetupParameters.load()
    setup.customer_classes = [other for other in DEMO_CLASSES if other != klass]
    setup.save()
    enqueue(Entity.CUSTOMER, "C000001")  # a push for a customer of another class
    magento.reset_stats()

    run_queue(settings=SETTINGS, until_idle=True, poll=False)

    message = Message.objects.get(key="C000001")
    assert (message.status, message.reason) == (
        MessageStatus.SKIPPED,
        f"customer class {klass} is not selected for sync",
    )
    assert [r for r in magento.requests(path=r"/V1/customers") if r["method"] != "GET"] == []


@pytest.mark.parametrize(
    ("enabled", "direction", "expected"),
    [(False, "bidirectional", set()), (True, "a2m", {Direction.A2M}), (True, "m2a", {Direction.M2A})],
)
def test_a_store_views_sync_configuration_decides_which_customer_messages_it_produces(
    acumatica: SandboxHandle,
    magento: SandboxHandle,
    demo_mappings: None,
    enabled: bool,
    direction: str,
    expected: set[str],
) -> None:
    west = StoreView.objects.create(code="west", name="West Coast Store View", website_code="west")
    SyncConfiguration.objects.create(
        store_view=west, entity=Entity.CUSTOMER, enabled=enabled, direction=direction
    )
    for flow_direction in (Direction.A2M, Direction.M2A):
        watch_from_the_start(flow_direction, "west")
        watch_from_the_start(flow_direction, "default")

    run_queue(settings=SETTINGS, single_pass=True, force_poll=True)

    produced = set(Message.objects.filter(scope="west").values_list("direction", flat=True))
    assert produced == expected
    default = set(Message.objects.filter(scope="default").values_list("direction", flat=True))
    assert default == {Direction.A2M, Direction.M2A}  # Default Config is still bidirectional


@pytest.mark.parametrize("enabled", [True, False])
def test_customer_attributes_reach_magento_only_when_attribute_sync_is_on(
    acumatica: SandboxHandle, magento: SandboxHandle, demo_mappings: None, enabled: bool
) -> None:
    setup = SetupParameters.load()
    setup.customer_attribute_sync = enabled
    setup.save()
    acumatica.put_state(
        "Customer",
        "C000001",
        {"Attributes": [{"AttributeID": {"value": "LOYALTY"}, "Value": {"value": "GOLD"}}]},
    )
    enqueue(Entity.CUSTOMER, "C000001")

    run_queue(settings=SETTINGS, until_idle=True, poll=False)

    email = next(c["email"] for c in acumatica_customers(acumatica) if c["id"] == "C000001")
    customer = next(c for c in magento_customers(magento, 1) if c["email"] == email)
    attributes = {a["attribute_code"]: a["value"] for a in customer.get("custom_attributes") or []}
    assert attributes.get("acumatica_customer_id") == "C000001"
    assert attributes.get("loyalty") == ("GOLD" if enabled else None)
