"""Printing benchmark results: two tables (measured on the fast clock; projected to the realistic
clock with the model's capacity limit), then per run the model's bounds and anything that did not
check out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.model import SCALE

Result = dict[str, Any]


def _number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain text table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [str(cells[0]).ljust(widths[0])]
        parts += [str(cell).rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def _key_figure(result: Result) -> str:
    """The one count that tells a benchmark's story."""
    if "price_requests" in result:
        return f"{result['price_requests']} base-prices POSTs"
    if "sales_order_puts" in result:
        return f"{result['sales_order_puts']} SalesOrder PUTs"
    bulk = result["magento"].get("bulk_operations", 0)
    return f"{bulk} bulk product ops" if bulk else ""


def measured_table(results: Sequence[Result]) -> str:
    headers = [
        "benchmark", "records", "wall s", "CPU s", "rec/min", "A calls/rec", "M calls/rec",
        "A peak", "A throttled", "429s", "key figure", "checked",
    ]  # fmt: skip
    rows = [
        [
            r["label"],
            _number(r["records"]),
            _number(r["wall_seconds"], 1),
            _number(r["connector_cpu_seconds"], 1),
            _number(r["records_per_minute"]),
            _number(r["acumatica_calls_per_record"], 3),
            _number(r["magento_calls_per_record"], 3),
            str(r["acumatica"]["peak_concurrency"]),
            str(r["acumatica"]["throttled"]),
            str(r["acumatica"]["rejected_429"] + r["magento"]["rejected_429"]),
            _key_figure(r),
            "ok" if r["verified"] else "NO",
        ]
        for r in results
    ]
    return table(headers, rows)


def projected_table(results: Sequence[Result]) -> str:
    headers = [
        "benchmark", "realistic min", "rec/hour", "model min", "model rec/hour",
        "binding limit (many workers)", "capacity rec/hour",
    ]  # fmt: skip
    rows = []
    for r in results:
        model = r["model"]
        rows.append(
            [
                r["label"],
                _number(model["measured_realistic_seconds"] / 60, 1),
                _number(model["measured_per_hour"]),
                _number(model["one_runner_model_seconds"] / 60, 1),
                _number(model["one_runner_model_per_hour"]),
                model["binding"],
                _number(model["capacity_per_hour"]),
            ]
        )
    return table(headers, rows)


def bounds_lines(result: Result) -> list[str]:
    lines = [f"{result['label']}:"]
    for bound in result["model"]["bounds"]:
        marker = "*" if bound["limit"] == result["model"]["binding"] else " "
        lines.append(
            f"  {marker} {bound['limit']:<24} {bound['seconds'] / 60:8.2f} min  "
            f"{_number(bound['records_per_hour']):>10} rec/hour  ({bound['basis']})"
        )
    for phase in result.get("phases") or []:
        lines.append(
            f"    phase {phase['phase']:<22} {phase['records']:>6} records {phase['seconds']:7.2f} s  "
            f"{phase['acumatica_calls']:>4} Acumatica / {phase['magento_calls']:>4} Magento calls"
        )
    lines += [f"  ! {note}" for note in result.get("notes") or []]
    return lines


def render(results: Sequence[Result], header: str) -> str:
    if not results:
        return f"{header}\n\n(no results)"
    parts = [
        header,
        "",
        "Measured on the sandboxes' clock (fast profile: realistic durations / 20, per-minute limits x 20):",
        measured_table(results),
        "",
        f"Projected to the realistic clock (fast runs: waiting x {SCALE}, connector CPU as measured)"
        " and the model:",
        projected_table(results),
        "",
        "Model bounds per run (realistic minutes for the run's workload; * = the binding limit):",
    ]
    for result in results:
        parts += bounds_lines(result)
    return "\n".join(parts)
