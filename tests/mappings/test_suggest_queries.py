"""Suggest Mappings asks each mapping table once which values the scope already maps, not once per
proposal."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sandbox.testing import SandboxHandle
from sync.models import PaymentMethodMapping
from sync.suggest import apply_suggestions, suggest_mappings
from tests.mappings.test_suggest import with_orders  # noqa: F401  (fixture)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TABLES = (
    "paymentmethodmapping",
    "shippingmethodmapping",
    "customergroupmapping",
    "warehousesourcemapping",
    "orderstatusmapping",
)


def mapping_reads(captured: CaptureQueriesContext) -> int:
    return sum(
        q["sql"].startswith("SELECT") and any(f'FROM "sync_{table}"' in q["sql"] for table in TABLES)
        for q in captured.captured_queries
    )


def test_existing_mappings_are_read_once_per_table_for_every_proposal(
    acumatica: SandboxHandle,
    with_orders: SandboxHandle,  # noqa: F811
) -> None:
    PaymentMethodMapping.objects.create(magento_method="checkmo", acumatica_payment_method="MYCHECK")

    with CaptureQueriesContext(connection) as captured:
        report = suggest_mappings()

    assert len(report.proposals) > 10
    payments = {p.source: p.exists for p in report.proposals if p.model is PaymentMethodMapping}
    assert payments.pop("checkmo") is True and not any(payments.values())
    # Before: a store view read and an EXISTS query per proposal.
    assert mapping_reads(captured) <= len(TABLES) + 1  # + the General group's class
    with CaptureQueriesContext(connection) as captured:
        created = apply_suggestions(report)
    assert len(created) == len(report.new)
    assert PaymentMethodMapping.objects.get(magento_method="checkmo").acumatica_payment_method == "MYCHECK"
    # The scope's rows once per table, then each new row's own validation (its clean and its
    # unique constraint); before, also an EXISTS query per proposal.
    assert mapping_reads(captured) <= len(TABLES) + 2 * len(created)
