"""`python -m bench.run NAME --out FILE [--items N] [--changes N] [--orders N] [--threshold N]
[--batch N] [--seed N] [--profile fast|realistic]`: one benchmark in this process, its results
written as JSON to FILE.

`python -m bench` runs each benchmark this way, so every one starts from a fresh database, fresh
sandboxes and a fresh Django. The temporary directory (database, sandbox logs) is removed after a
successful run and kept, with its path printed, after a failed one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

from bench.harness import BenchDatabase, BenchError, setup_django
from bench.model import PROFILE_SCALES

NAMES = ("initial_sync", "prices", "orders")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("name", choices=NAMES)
    parser.add_argument("--out", required=True, type=Path, help="where the JSON results go")
    parser.add_argument("--items", type=int, default=200, help="demo catalog size (stock items)")
    parser.add_argument("--changes", type=int, default=200, help="prices changed (prices)")
    parser.add_argument("--orders", type=int, default=200, help="orders per batch (orders)")
    parser.add_argument("--threshold", type=int, default=25, help="Threshold Count of the batched run")
    parser.add_argument("--batch", type=int, default=25, help="Batch Count of the batched run")
    parser.add_argument("--seed", type=int, default=1, help="demo data seed")
    parser.add_argument(
        "--profile", choices=sorted(PROFILE_SCALES), default="fast", help="sandbox profile (fast)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="acmc-bench-"))
    database: BenchDatabase | None = None
    failed = True
    try:
        database = BenchDatabase.create(workdir, os.environ.get("DATABASE_URL", ""))
        setup_django(workdir, database)
        from bench.scenarios import Options, scenarios

        options = Options(
            items=args.items,
            changes=args.changes,
            orders=args.orders,
            threshold=args.threshold,
            batch=args.batch,
            seed=args.seed,
            profile=args.profile,
        )
        results = scenarios()[args.name](workdir, options)
        for item in results:
            item["database"] = database.engine
        args.out.write_text(json.dumps(results, indent=2))
        failed = False
        return 0
    except BenchError as exc:
        print(f"bench {args.name}: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        (workdir / "error.log").write_text(traceback.format_exc())
        print(
            f"bench {args.name}: {type(exc).__name__}: {exc} (traceback in {workdir}/error.log)",
            file=sys.stderr,
        )
        return 1
    finally:
        if database is not None:
            database.drop()
        if failed:
            print(f"bench {args.name}: database and sandbox logs kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
