"""Catalog benchmarks: `initial_sync` of the demo catalog, and changed prices through the loop.

Initial sync reads every record in bulk and writes products through async bulk, prices and stock
through the multi-row routes; the figure to watch is calls per item. The price benchmark changes
N stock items' Default Price in Acumatica and measures the next loop run twice: once with a
Threshold Count above N (one `POST base-prices` per record, as the guide's settings do for a few
records) and once batched (Batch Count rows per request).
"""

from __future__ import annotations

from pathlib import Path

from bench.clock import BenchClock, configure_connector
from bench.harness import Sandboxes, measure
from bench.scenarios import Options, Result, result
from bench.scenarios.common import (
    PhaseClock,
    load_catalog,
    make_polls_due,
    outcomes,
    prepare_catalog,
    run_loop,
)
from sync.choices import Entity
from sync.models import Link

ONE_PER_RECORD_THRESHOLD = 1_000_000  # more than any benchmark queues: batching never starts


def bench_initial_sync(workdir: Path, options: Options) -> list[Result]:
    clock = BenchClock(options.scale)
    with Sandboxes(workdir, profile=options.profile, items=options.items, seed=options.seed) as sandboxes:
        configure_connector(sandboxes)
        prepare_catalog()
        phases = PhaseClock(sandboxes)
        with measure(sandboxes) as measured:
            phases.start()
            report = load_catalog(clock, progress=phases)
        counts: dict[str, int] = {}
        for phase in report.phases:
            for status, n in phase.counts.items():
                counts[status] = counts.get(status, 0) + n
        items = sum(p.queued for p in report.phases if p.phase in ("product", "configurable"))
        products = sum(
            p.counts.get("succeeded", 0) for p in report.phases if p.phase in ("product", "configurable")
        )
        in_magento = int(sandboxes.magento.handle.collections().get("products", 0))
    return [
        result(
            "initial_sync",
            f"initial sync, {options.items} stock items",
            options=options,
            unit="items",
            records=items,
            measured=measured,
            outcomes=counts,
            verified=in_magento == products and not report.failed,
            notes=[]
            if in_magento == products
            else [f"{in_magento} products in Magento, {products} expected"],
            phases=phases.phases,
        )
    ]


def _priced_items(count: int) -> list[str]:
    """Simple products in Magento (linked, not configurable), the first `count` by key."""
    links = Link.objects.filter(entity=Entity.PRODUCT).order_by("acumatica_key")
    keys = [
        link.acumatica_key
        for link in links
        if link.is_linked and (link.extra or {}).get("kind") != "template"
    ]
    return keys[:count]


def _change_prices(sandboxes: Sandboxes, keys: list[str], round_: int) -> dict[str, float]:
    """A new Default Price on each item, as a user would enter it in Acumatica."""
    acumatica = sandboxes.acumatica.handle
    prices = {key: round(20 + round_ * 7 + index * 0.25, 2) for index, key in enumerate(keys)}
    for key, price in prices.items():
        acumatica.put_state("StockItem", key, {"DefaultPrice": {"value": price}})
    return prices


def _prices_in_magento(sandboxes: Sandboxes, expected: dict[str, float]) -> list[str]:
    """The SKUs whose Magento price is not the expected one."""
    found = {p["sku"]: p.get("price") for p in sandboxes.magento.handle.state("products")}
    return [sku for sku, price in expected.items() if abs(float(found.get(sku) or 0) - price) > 0.0001]


def bench_prices(workdir: Path, options: Options) -> list[Result]:
    clock = BenchClock(options.scale)
    runs = [
        ("one request per record", ONE_PER_RECORD_THRESHOLD, options.batch),
        (f"batched, threshold {options.threshold}, batch {options.batch}", options.threshold, options.batch),
    ]
    results: list[Result] = []
    with Sandboxes(
        workdir, profile=options.profile, items=max(options.items, options.changes), seed=options.seed
    ) as sandboxes:
        configure_connector(sandboxes)
        prepare_catalog()
        load_catalog(clock)
        keys = _priced_items(options.changes)
        for round_, (label, threshold, batch) in enumerate(runs, start=1):
            configure_connector(sandboxes, f"setup.threshold_count={threshold}", f"setup.batch_count={batch}")
            expected = _change_prices(sandboxes, keys, round_)
            make_polls_due()
            with measure(sandboxes) as measured:
                report = run_loop(clock)
            wrong = _prices_in_magento(sandboxes, expected)
            results.append(
                result(
                    "prices",
                    f"{len(keys)} prices, {label}",
                    options=options,
                    unit="prices",
                    records=len(keys),
                    measured=measured,
                    outcomes=outcomes(report),
                    verified=not wrong,
                    notes=[f"{len(wrong)} prices not in Magento, e.g. {wrong[:3]}"] if wrong else [],
                    threshold_count=threshold,
                    batch_count=batch,
                    price_requests=measured.magento["routes"].get("POST /V1/products/base-prices", 0),
                )
            )
    return results
