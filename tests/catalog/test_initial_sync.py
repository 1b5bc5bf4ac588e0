"""`initial_sync` against both sandboxes over HTTP: the exact catalog in Magento, no writes on a
second run, a dry run that writes nothing, resuming after an interruption, the lock, the cursors."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from sandbox.common.catalog import Catalog
from sandbox.testing import SandboxHandle
from sync.choices import Entity
from sync.initial_sync import Progress, run_initial_sync
from sync.models import Cursor, InitialSyncRun, InitialSyncStatus, Message, MessageStatus
from sync.queue import QueueSettings
from tests.catalog import expected

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

Sandboxes = tuple[SandboxHandle, SandboxHandle]


def sync_everything() -> str:
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    out = StringIO()
    call_command("initial_sync", "--no-progress", stdout=out)
    return out.getvalue()


def test_initial_sync_leaves_magento_with_exactly_the_demo_catalog(
    connector: Sandboxes, catalog: Catalog
) -> None:
    acumatica, magento = connector

    output = sync_everything()

    assert "Initial sync finished." in output
    assert expected.magento_sets(magento) == expected.attribute_sets(catalog)
    assert expected.magento_category_paths(magento) == dict.fromkeys(expected.category_paths(catalog), True)
    assert expected.magento_products(magento) == expected.products(catalog)
    # Configuration mode (the default): available quantity over every warehouse, in `default`.
    quantities = expected.acumatica_quantities(acumatica, catalog)
    assert expected.magento_source_items(magento) == expected.source_items(quantities, {"default": None})


def test_inactive_items_are_skipped_with_the_reason(connector: Sandboxes, catalog: Catalog) -> None:
    inactive = next(i for i in catalog.items if not i.active)

    sync_everything()

    message = Message.objects.get(entity=Entity.PRODUCT, key=inactive.inventory_id)
    assert message.status == MessageStatus.SKIPPED
    assert message.reason == f"item {inactive.inventory_id} is not active in Acumatica (status Inactive)"


def test_a_second_initial_sync_writes_nothing_to_magento(connector: Sandboxes) -> None:
    _, magento = connector
    sync_everything()
    magento.reset_stats()

    output = sync_everything()

    assert magento.stats()["writes_total"] == 0
    assert not [r for r in magento.requests() if r["method"] != "GET"]
    assert "succeeded" not in output  # every record skipped as unchanged


def test_dry_run_writes_nothing_and_lists_what_would_change(connector: Sandboxes, catalog: Catalog) -> None:
    _, magento = connector
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    magento.reset_stats()
    out = StringIO()

    call_command("initial_sync", "--dry-run", "--no-progress", stdout=out)

    output = out.getvalue()
    assert magento.stats()["writes_total"] == 0
    assert not [r for r in magento.requests() if r["method"] != "GET"]
    assert not Message.objects.exists()
    assert "Dry run: nothing was written to Magento." in output
    assert "would create attribute set 'Apparel' (color, size, material)" in output
    assert "would create category 'Apparel' under 2" in output
    item = expected.simple_item(catalog)
    assert f"{item.inventory_id}: would create product {item.inventory_id} {item.description!r}" in output
    template = catalog.templates[0]
    assert f"would create configurable product {template.inventory_id}" in output


class StopAfter:
    """A progress factory that interrupts the run (as Ctrl-C would) once a phase has advanced."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, label: str, total: int) -> Progress:
        stopper = self

        class Bar:
            def update(self, n: int = 1) -> None:
                if label == stopper.label:
                    raise KeyboardInterrupt

            def close(self) -> None:
                return None

        return Bar()


def test_an_interrupted_initial_sync_resumes_without_duplicates(
    connector: Sandboxes, catalog: Catalog
) -> None:
    _, magento = connector
    call_command("enable_for_sync", "--all", "--no-queue", stdout=StringIO())
    small_claims = QueueSettings(claim_limit=10, backoff_base=0, wait_delay=0)

    with pytest.raises(KeyboardInterrupt):
        run_initial_sync(progress=StopAfter("Products"), settings=small_claims)

    first = InitialSyncRun.objects.get()
    assert first.status == InitialSyncStatus.INTERRUPTED
    assert first.phases_done == ["attribute_set", "category"]
    partly = len(magento.state("products"))
    assert 0 < partly < len(expected.products(catalog))

    report = run_initial_sync(settings=small_claims)

    assert report.resumed and report.skipped_phases == ["attribute_set", "category"]
    resumed = InitialSyncRun.objects.get(status=InitialSyncStatus.FINISHED)
    assert resumed.resumed_from_id == first.pk and resumed.began_at == first.began_at
    assert expected.magento_products(magento) == expected.products(catalog)
    names = [c["name"] for c in magento.state("categories")]
    assert len(names) == len(set(names))  # no category created twice
    sets = [s["attribute_set_name"] for s in magento.state("attribute_sets") if s["entity_type_id"] == 4]
    assert len(sets) == len(set(sets))  # nor an attribute set


def test_a_second_copy_is_refused_in_one_line(connector: Sandboxes) -> None:
    InitialSyncRun.objects.create(owner="other-host:4242", entities=["product"], heartbeat_at=timezone.now())

    with pytest.raises(CommandError, match=r"^initial_sync is already running \(run #\d+ by other-host:4242"):
        call_command("initial_sync", "--no-progress", stdout=StringIO())


def test_a_dead_copy_is_taken_over_and_resumed(connector: Sandboxes) -> None:
    stale = timezone.now() - timedelta(minutes=10)
    dead = InitialSyncRun.objects.create(
        owner="other-host:4242",
        entities=[
            str(e)
            for e in (Entity.ATTRIBUTE_SET, Entity.CATEGORY, Entity.PRODUCT, Entity.PRICE, Entity.INVENTORY)
        ],
        heartbeat_at=stale,
        began_at=stale,
        phases_done=["attribute_set"],
    )

    sync_everything()

    dead.refresh_from_db()
    assert dead.status == InitialSyncStatus.RESUMED
    finished = InitialSyncRun.objects.get(status=InitialSyncStatus.FINISHED)
    assert finished.resumed_from_id == dead.pk and finished.began_at == stale


def test_the_pollers_start_where_the_initial_sync_began(connector: Sandboxes) -> None:
    sync_everything()

    run = InitialSyncRun.objects.get()
    cursors: dict[str, Any] = dict(Cursor.objects.filter(direction="a2m").values_list("entity", "value"))
    for entity in ("attribute_set", "category", "product", "price", "inventory"):
        assert cursors[entity] == run.began_at


def test_unknown_entities_and_scopes_are_refused(connector: Sandboxes) -> None:
    with pytest.raises(CommandError, match="initial_sync does not load order"):
        call_command("initial_sync", "--entity", "order", stdout=StringIO())
    with pytest.raises(CommandError, match="Unknown store view 'nowhere'"):
        call_command("initial_sync", "--scope", "nowhere", stdout=StringIO())
