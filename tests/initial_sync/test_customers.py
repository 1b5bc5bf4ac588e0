"""`initial_sync` loads customers A to M against both sandboxes over HTTP: the customers of the
selected classes land in each syncing scope's Magento website with their group, after the catalog;
no other class is touched; a second run writes nothing; `--scope`, `--dry-run` and resuming."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sandbox.common.catalog import CUSTOMER_CLASSES
from sandbox.testing import SandboxHandle
from sync.choices import Direction, Entity
from sync.initial_sync import Progress, run_initial_sync
from sync.models import (
    Cursor,
    InitialSyncRun,
    InitialSyncStatus,
    Link,
    Message,
    MessageStatus,
    SetupParameters,
    StoreView,
    SyncConfiguration,
)
from tests.initial_sync.conftest import SELECTED_CLASSES, Sandboxes

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

GROUPS = {klass.class_id: klass.magento_group_id for klass in CUSTOMER_CLASSES}
WEBSITES = {"default": 1, "west": 2}  # Magento website of each scope's store view


def initial_sync(*args: str) -> str:
    out = StringIO()
    call_command("initial_sync", "--no-progress", *args, stdout=out)
    return out.getvalue()


def acumatica_people(acumatica: SandboxHandle) -> dict[str, dict[str, Any]]:
    """Acumatica customers by e-mail: their ID and class."""
    people = {}
    for record in acumatica.state("Customer"):
        email = ((record.get("MainContact") or {}).get("Email") or {}).get("value")
        if email:
            people[email.lower()] = {
                "id": record["CustomerID"]["value"],
                "class": record["CustomerClass"]["value"],
            }
    return people


def magento_website(magento: SandboxHandle, website_id: int) -> dict[str, dict[str, Any]]:
    """Magento customers of one website by e-mail (a duplicate e-mail fails the test)."""
    customers = [c for c in magento.state("customers") if c["website_id"] == website_id]
    counts = Counter(c["email"].lower() for c in customers)
    assert [email for email, n in counts.items() if n > 1] == []
    return {c["email"].lower(): c for c in customers}


def customer_writes(magento: SandboxHandle) -> list[dict[str, Any]]:
    return [r for r in magento.requests(path=r"/V1/customers") if r["method"] != "GET"]


def test_selected_classes_customers_land_in_each_scopes_website_with_their_group_after_the_catalog(
    customers_selected: Sandboxes,
) -> None:
    acumatica, magento = customers_selected
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    people = acumatica_people(acumatica)
    selected = {email for email, person in people.items() if person["class"] in SELECTED_CLASSES}
    others = {email for email, person in people.items() if person["class"] not in SELECTED_CLASSES}
    assert selected and others
    before = {scope: magento_website(magento, website) for scope, website in WEBSITES.items()}

    output = initial_sync()

    lines = [line.split(":")[0] for line in output.splitlines() if ": " in line]
    assert lines[-3:] == ["inventory", "customer@default", "customer@west"]  # customers come last
    for scope, website in WEBSITES.items():
        after = magento_website(magento, website)
        assert set(after) == set(before[scope]) | selected
        for email in selected:
            assert after[email]["group_id"] == GROUPS[people[email]["class"]]
        for email in others & set(before[scope]):
            assert after[email] == before[scope][email]  # another class: not touched
        links = Link.objects.filter(entity=Entity.CUSTOMER, scope=scope).linked()
        assert {link.acumatica_key for link in links} == {people[email]["id"] for email in selected}
    run = InitialSyncRun.objects.get()
    cursors = Cursor.objects.filter(entity=Entity.CUSTOMER, direction=Direction.A2M)
    assert {c.scope: c.value for c in cursors} == {"default": run.began_at, "west": run.began_at}

    magento.reset_stats()
    second = initial_sync()

    assert magento.stats()["writes_total"] == 0
    assert customer_writes(magento) == []
    assert f"customer@west: {len(selected)} records, {len(selected)} skipped" in second
    for scope, website in WEBSITES.items():
        assert set(magento_website(magento, website)) == set(before[scope]) | selected


def test_scope_limits_the_customers_to_that_scopes_website(customers_selected: Sandboxes) -> None:
    acumatica, magento = customers_selected
    people = acumatica_people(acumatica)
    selected = {email for email, person in people.items() if person["class"] in SELECTED_CLASSES}
    main_before = magento_website(magento, WEBSITES["default"])
    west_before = magento_website(magento, WEBSITES["west"])

    output = initial_sync("--entity", "customer", "--scope", "west")

    assert "customer@default" not in output
    assert magento_website(magento, WEBSITES["default"]) == main_before
    assert set(magento_website(magento, WEBSITES["west"])) == set(west_before) | selected
    assert set(Message.objects.values_list("scope", flat=True)) == {"west"}
    assert InitialSyncRun.objects.get().scope == "west"


def test_a_scope_that_does_not_sync_customers_a_to_m_gets_none(customers_selected: Sandboxes) -> None:
    _, magento = customers_selected
    west = StoreView.objects.get(code="west")
    SyncConfiguration.objects.create(store_view=west, entity=Entity.CUSTOMER, enabled=True, direction="m2a")
    west_before = magento_website(magento, WEBSITES["west"])

    output = initial_sync("--entity", "customer")

    assert "customer@default" in output and "customer@west" not in output
    assert magento_website(magento, WEBSITES["west"]) == west_before
    assert set(Message.objects.values_list("scope", flat=True)) == {"default"}
    with pytest.raises(CommandError, match=r"^None of the chosen entities is enabled in scope west"):
        initial_sync("--entity", "customer", "--scope", "west")


def test_dry_run_lists_the_customers_it_would_write_and_writes_nothing(
    customers_selected: Sandboxes,
) -> None:
    acumatica, magento = customers_selected
    people = acumatica_people(acumatica)
    email = next(email for email, person in people.items() if person["class"] in SELECTED_CLASSES)
    magento.reset_stats()

    output = initial_sync("--entity", "customer", "--dry-run")

    assert "Dry run: nothing was written to Magento." in output
    assert f"{people[email]['id']}: would create or update Magento customer {email}" in output
    assert "customer@default:" in output and "customer@west:" in output
    assert magento.stats()["writes_total"] == 0
    assert not Message.objects.exists() and not Link.objects.exists()


class StopAt:
    """A progress factory that interrupts the run (as Ctrl-C would) when a phase advances."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, label: str, total: int) -> Progress:
        stop = label == self.label

        class Bar:
            def update(self, n: int = 1) -> None:
                if stop:
                    raise KeyboardInterrupt

            def close(self) -> None:
                return None

        return Bar()


def test_an_interrupted_customer_load_resumes_with_the_scopes_not_done(
    customers_selected: Sandboxes,
) -> None:
    acumatica, magento = customers_selected
    people = acumatica_people(acumatica)
    selected = {email for email, person in people.items() if person["class"] in SELECTED_CLASSES}
    west_before = magento_website(magento, WEBSITES["west"])

    with pytest.raises(KeyboardInterrupt):
        run_initial_sync([Entity.CUSTOMER], progress=StopAt("Customers (west)"))

    first = InitialSyncRun.objects.get()
    assert (first.status, first.phases_done) == (InitialSyncStatus.INTERRUPTED, ["customer@default"])

    report = run_initial_sync([Entity.CUSTOMER])

    assert report.resumed and report.skipped_phases == ["customer@default"]
    assert [result.phase for result in report.phases] == ["customer@west"]
    assert set(magento_website(magento, WEBSITES["west"])) == set(west_before) | selected
    assert not Message.objects.filter(status=MessageStatus.FAILED).exists()


def test_customers_need_selected_classes(connector: Sandboxes) -> None:
    setup = SetupParameters.load()
    setup.customer_classes = []
    setup.save()

    with pytest.raises(CommandError, match=r"^No customer classes are selected for sync"):
        initial_sync("--entity", "customer")
