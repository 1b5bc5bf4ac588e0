"""`python -m bench [initial_sync] [prices] [orders] [options]` (`make bench`): run the benchmarks
and print their numbers.

Each benchmark (and each catalog size of `initial_sync`) runs in a process of its own
(`python -m bench.run`) against fresh `fast`-profile sandboxes and a fresh database: SQLite in a
temporary directory, or a throw-away database on the PostgreSQL server of `DATABASE_URL` when it
names one. The tables are printed at the end; `--json` also writes every figure (per-route request
counts, phases, the model's bounds) to `bench/results/`.

The exit status is 1 when a benchmark could not run or its result did not check out (records
missing or duplicated in the target system).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.harness import ROOT
from bench.model import PROFILE_SCALES
from bench.report import render
from bench.run import NAMES

RESULTS_DIR = ROOT / "bench" / "results"


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 200,1000, not {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"benchmarks to run: {', '.join(NAMES)} (all)"
    )
    parser.add_argument(
        "--items", type=_sizes, default=[200, 1000], help="catalog sizes of initial_sync (default 200,1000)"
    )
    parser.add_argument("--changes", type=int, default=200, help="prices changed (default 200)")
    parser.add_argument("--orders", type=int, default=200, help="orders per batch (default 200)")
    parser.add_argument("--threshold", type=int, default=25, help="Threshold Count, batched price run (25)")
    parser.add_argument("--batch", type=int, default=25, help="Batch Count, batched price run (25)")
    parser.add_argument("--seed", type=int, default=1, help="demo data seed (default 1)")
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILE_SCALES),
        default="fast",
        help="sandbox profile: fast (default), or realistic to check the projections (20 times slower)",
    )
    parser.add_argument(
        "--json",
        nargs="?",
        const="",
        default=None,
        metavar="FILE",
        help="also write the results as JSON (default file: bench/results/<UTC time>.json)",
    )
    return parser


def _jobs(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    names = args.names or list(NAMES)
    unknown = [name for name in names if name not in NAMES]
    if unknown:
        raise SystemExit(f"bench: unknown benchmark {', '.join(unknown)}; choose from {', '.join(NAMES)}.")
    common = ["--seed", str(args.seed), "--profile", args.profile]
    jobs: list[tuple[str, list[str]]] = []
    for name in names:
        if name == "initial_sync":
            jobs += [(f"initial_sync, {n} items", [name, "--items", str(n), *common]) for n in args.items]
        elif name == "prices":
            jobs.append(
                (
                    f"prices, {args.changes} changes",
                    [name, "--items", str(args.items[0]), "--changes", str(args.changes),
                     "--threshold", str(args.threshold), "--batch", str(args.batch), *common],
                )
            )  # fmt: skip
        else:
            jobs.append((f"orders, {args.orders} per batch", [name, "--orders", str(args.orders), *common]))
    return jobs


def _run_job(title: str, argv: list[str]) -> list[dict[str, Any]] | None:
    print(f"== {title}", flush=True)
    with tempfile.TemporaryDirectory(prefix="acmc-bench-out-") as out:
        target = Path(out) / "results.json"
        began = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "bench.run", *argv, "--out", str(target)], cwd=ROOT, check=False
        )
        if done.returncode != 0 or not target.exists():
            print(f"   failed (exit status {done.returncode})", flush=True)
            return None
        results: list[dict[str, Any]] = json.loads(target.read_text())
    print(f"   done in {time.monotonic() - began:.0f} s", flush=True)
    return results


def _header(results: list[dict[str, Any]]) -> str:
    engines = sorted({str(r.get("database", "?")) for r in results}) or ["?"]
    return (
        f"acmconnector benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {'/'.join(engines)}"
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    results: list[dict[str, Any]] = []
    failures = []
    for title, job in _jobs(args):
        found = _run_job(title, job)
        if found is None:
            failures.append(title)
        else:
            results += found
    header = _header(results)
    print()
    print(render(results, header))
    if args.json is not None:
        path = Path(args.json) if args.json else RESULTS_DIR / f"{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {"header": header, "options": vars(args), "results": results}
        path.write_text(json.dumps(document, indent=2, default=str))
        print(f"\nResults written to {path}")
    unchecked = [r["label"] for r in results if not r["verified"]]
    if failures or unchecked:
        print(f"\nNot OK: {', '.join([*failures, *unchecked])}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
