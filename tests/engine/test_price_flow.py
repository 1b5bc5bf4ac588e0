"""The price flow's decisions, with in-memory stand-ins for the two clients (the sandbox tests
prove the wire format): bulk reads, SKU from the product link, unchanged skips, per-row errors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from endpoints.clients.magento import RecordResult
from sync.choices import PriceSource
from sync.context import SyncContext
from sync.flows import OutcomeKind, get_flow
from sync.flows.price import PriceFlow, current_sales_prices
from sync.links import get_link
from sync.models import Message, MessageAction, SetupParameters
from tests.engine.factories import LinkFactory, ProcessingMessageFactory

pytestmark = pytest.mark.django_db


def wrapped(**values: Any) -> dict[str, Any]:
    return {name: {"value": value} for name, value in values.items()}


class FakeAcumatica:
    def __init__(self, prices: Mapping[str, Any], sales_rows: Sequence[Mapping[str, Any]] = ()) -> None:
        self.prices = dict(prices)
        self.sales_rows = list(sales_rows)
        self.list_calls: list[str] = []
        self.inquiries = 0

    def fetch_list(self, entity: str, *, filter: str, select: str) -> list[dict[str, Any]]:
        self.list_calls.append(filter)
        return [wrapped(InventoryID=k, DefaultPrice=v) for k, v in self.prices.items() if f"'{k}'" in filter]

    def run_inquiry(self, inquiry: str, filters: Mapping[str, Any], *, expand: str) -> dict[str, Any]:
        self.inquiries += 1
        return {"SalesPriceDetails": self.sales_rows}

    def close(self) -> None:
        pass


class FakeMagento:
    def __init__(self, refuse: Mapping[str, str] | None = None) -> None:
        self.refuse = dict(refuse or {})
        self.calls: list[list[dict[str, Any]]] = []

    def push_base_prices(self, rows: Sequence[Mapping[str, Any]]) -> list[RecordResult]:
        self.calls.append([dict(row) for row in rows])
        return [
            RecordResult(i, row["sku"], row["sku"] not in self.refuse, self.refuse.get(row["sku"], ""))
            for i, row in enumerate(rows)
        ]

    def close(self) -> None:
        pass


class Factory:
    def __init__(self, acumatica: FakeAcumatica, magento: FakeMagento) -> None:
        self._acumatica, self._magento = acumatica, magento

    def acumatica(self, ctx: SyncContext) -> FakeAcumatica:
        return self._acumatica

    def magento(self, ctx: SyncContext) -> FakeMagento:
        return self._magento


def process(messages: list[Message], acumatica: FakeAcumatica, magento: FakeMagento) -> dict[int, Any]:
    ctx = SyncContext("default", factory=Factory(acumatica, magento))
    return dict(PriceFlow().process(ctx, messages))


def test_price_flow_is_registered_as_batchable_and_after_products():
    flow = get_flow("price", "a2m")
    assert isinstance(flow, PriceFlow)
    assert flow.batchable and flow.depends_on == ("product",)


def test_prices_of_a_batch_are_read_in_one_call_and_written_in_one_call():
    messages = [ProcessingMessageFactory.create(entity="price", key=k) for k in ("A1", "A2", "A3")]
    acumatica = FakeAcumatica({"A1": 10, "A2": 20.5, "A3": 3})
    magento = FakeMagento()
    outcomes = process(messages, acumatica, magento)
    assert len(acumatica.list_calls) == 1
    assert magento.calls == [
        [
            {"sku": "A1", "price": 10.0, "store_id": 0},
            {"sku": "A2", "price": 20.5, "store_id": 0},
            {"sku": "A3", "price": 3.0, "store_id": 0},
        ]
    ]
    assert {o.kind for o in outcomes.values()} == {OutcomeKind.SUCCEEDED}
    assert outcomes[messages[1].pk].detail == "A2: price 20.5"
    link = get_link("price", "A2")
    assert link is not None and link.magento_id == "A2" and link.fingerprint


def test_snapshot_from_the_poller_saves_the_read():
    message = ProcessingMessageFactory.create(
        entity="price", key="A1", payload={"price": "12.5", "price_source": "default_price"}
    )
    acumatica, magento = FakeAcumatica({}), FakeMagento()
    outcomes = process([message], acumatica, magento)
    assert acumatica.list_calls == []
    assert magento.calls[0][0]["price"] == 12.5
    assert outcomes[message.pk].kind is OutcomeKind.SUCCEEDED


def test_unchanged_price_is_skipped_without_a_write():
    first = ProcessingMessageFactory.create(entity="price", key="A1")
    process([first], FakeAcumatica({"A1": 10}), FakeMagento())
    again = ProcessingMessageFactory.create(entity="price", key="A1")
    magento = FakeMagento()
    outcomes = process([again], FakeAcumatica({"A1": "10.00"}), magento)
    assert outcomes[again.pk].kind is OutcomeKind.SKIPPED
    assert outcomes[again.pk].detail == "unchanged"
    assert magento.calls == []


def test_sku_comes_from_the_product_link():
    LinkFactory.create(entity="product", acumatica_key="A1", magento_id="a1-magento")
    message = ProcessingMessageFactory.create(entity="price", key="A1")
    magento = FakeMagento()
    process([message], FakeAcumatica({"A1": 5}), magento)
    assert magento.calls[0][0]["sku"] == "a1-magento"


def test_product_known_but_not_in_magento_is_skipped():
    LinkFactory.create(entity="product", acumatica_key="A1", magento_id=None, enabled_for_sync=False)
    message = ProcessingMessageFactory.create(entity="price", key="A1")
    magento = FakeMagento()
    outcomes = process([message], FakeAcumatica({"A1": 5}), magento)
    assert outcomes[message.pk].detail == "product not synced to Magento"
    assert magento.calls == []


def test_refused_row_fails_with_magentos_message_and_others_succeed():
    good = ProcessingMessageFactory.create(entity="price", key="A1")
    bad = ProcessingMessageFactory.create(entity="price", key="A2")
    magento = FakeMagento(refuse={"A2": "Invalid attribute SKU = A2."})
    outcomes = process([good, bad], FakeAcumatica({"A1": 1, "A2": 2}), magento)
    assert outcomes[good.pk].kind is OutcomeKind.SUCCEEDED
    assert outcomes[bad.pk].kind is OutcomeKind.FAILED
    assert "Invalid attribute SKU = A2." in outcomes[bad.pk].detail
    link = get_link("price", "A2")
    assert link is not None and "Invalid attribute" in link.last_error and not link.fingerprint


def test_item_missing_in_acumatica_and_deletes_are_skipped():
    gone = ProcessingMessageFactory.create(entity="price", key="GONE")
    deleted = ProcessingMessageFactory.create(entity="price", key="A1", action=MessageAction.DELETE)
    magento = FakeMagento()
    outcomes = process([gone, deleted], FakeAcumatica({"A1": 1}), magento)
    assert outcomes[gone.pk].detail == "not found in Acumatica"
    assert outcomes[deleted.pk].kind is OutcomeKind.SKIPPED
    assert magento.calls == []


def test_sales_price_setting_uses_the_current_base_sales_price():
    setup = SetupParameters.load()
    setup.price_source = PriceSource.SALES_PRICE
    setup.save()
    now = datetime.now(UTC)
    rows = [
        wrapped(
            InventoryID="A1",
            PriceType="Base",
            Price=8.5,
            BreakQty=0,
            EffectiveDate=(now - timedelta(days=2)).isoformat(),
        ),
        wrapped(
            InventoryID="A1",
            PriceType="Base",
            Price=7.0,
            BreakQty=0,
            EffectiveDate=(now + timedelta(days=2)).isoformat(),
        ),
        wrapped(InventoryID="A1", PriceType="Customer", Price=1.0, BreakQty=0),
    ]
    messages = [ProcessingMessageFactory.create(entity="price", key=k) for k in ("A1", "A2")]
    acumatica, magento = FakeAcumatica({"A1": 10, "A2": 20}, rows), FakeMagento()
    process(messages, acumatica, magento)
    assert acumatica.inquiries == 1
    assert {row["sku"]: row["price"] for row in magento.calls[0]} == {"A1": 8.5, "A2": 20.0}


def test_current_sales_prices_ignores_breaks_warehouses_and_expired_rows():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    rows = [
        wrapped(InventoryID="A", PriceType="Base", Price=5, BreakQty=10),
        wrapped(InventoryID="A", PriceType="Base", Price=6, Warehouse="RETAIL"),
        wrapped(InventoryID="A", PriceType="Base", Price=7, ExpirationDate="2026-05-01T00:00:00"),
        wrapped(InventoryID="A", PriceType="Base", Price=9, EffectiveDate="2026-01-01T00:00:00"),
    ]
    assert current_sales_prices(rows, now) == {"A": Decimal(9)}


def test_promotional_sales_price_wins_over_the_regular_one_of_the_same_day():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    rows = [
        wrapped(
            InventoryID="A", PriceType="Base", Price=12, Promotion=True, EffectiveDate="2026-01-01T00:00:00"
        ),
        wrapped(
            InventoryID="A", PriceType="Base", Price=15, Promotion=False, EffectiveDate="2026-01-01T00:00:00"
        ),
    ]
    assert current_sales_prices(rows, now) == {"A": Decimal(12)}
