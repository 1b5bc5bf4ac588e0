"""The benchmark harness: sandboxes, a throw-away database, Django for one run, and what a run
measured. Nothing here imports the connector before `setup_django` (see `bench.clock` for the
connector's side).

One benchmark runs in its own process (`python -m bench.run`), so every run starts from a fresh
database, fresh sandboxes and a fresh Django:

* `Sandboxes` starts `python -m sandbox acumatica|magento --profile fast` on free ports and stops
  them again; `SandboxHandle` reads their statistics.
* `BenchDatabase` is a SQLite file in a temporary directory, or, when `DATABASE_URL` names a
  PostgreSQL server, a database created there for the run and dropped afterwards.
* `measure()` zeroes both sandboxes' statistics, times a block (wall and the connector's CPU) and
  returns what the systems saw during it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sandbox.testing import SandboxHandle

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_TOKEN = "sandbox-token"
SANDBOX_USER = "admin"
SANDBOX_PASSWORD = "sandbox"
SANDBOX_TENANT = "Company"
SANDBOX_VERSION = "24.200.001"
START_TIMEOUT = 60.0


class BenchError(Exception):
    """Why a benchmark cannot run, in one line."""


# ----------------------------------------------------------------------------- sandboxes
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SandboxProcess:
    system: str
    args: list[str]
    log: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    _handle: SandboxHandle | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def handle(self) -> SandboxHandle:
        """The inspection API client (one HTTP session for the run)."""
        if self._handle is None or self._handle.url != self.url:
            self._handle = SandboxHandle(self.url)
        return self._handle

    def start(self, attempts: int = 3) -> None:
        """Start on a free port; a port taken between the probe and the bind is tried again."""
        for _ in range(attempts):
            self.port = free_port()
            argv = [sys.executable, "-m", "sandbox", self.system, "--port", str(self.port), *self.args]
            with self.log.open("ab") as out:
                self.process = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
            if self._wait_until_serving():
                return
        raise BenchError(f"The {self.system} sandbox did not start; see {self.log}.")

    def _wait_until_serving(self) -> bool:
        import requests

        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/__sandbox__/state", timeout=2).ok:
                    return True
            time.sleep(0.1)
        self.stop()
        return False

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Sandboxes:
    """Both simulators on one profile (`fast` for benchmarks) with the same demo catalog."""

    def __init__(self, workdir: Path, *, profile: str = "fast", items: int, seed: int = 1) -> None:
        common = ["--profile", profile, "--items", str(items), "--seed", str(seed)]
        self.acumatica = SandboxProcess(
            "acumatica",
            [*common, "--tenant", SANDBOX_TENANT, "--user", SANDBOX_USER, "--password", SANDBOX_PASSWORD,
             "--version", SANDBOX_VERSION],
            workdir / "acumatica.log",
        )  # fmt: skip
        self.magento = SandboxProcess("magento", [*common, "--token", SANDBOX_TOKEN], workdir / "magento.log")

    def __enter__(self) -> Sandboxes:
        try:
            self.acumatica.start()
            self.magento.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.magento.stop()
        self.acumatica.stop()


# ----------------------------------------------------------------------------- database
@dataclass
class BenchDatabase:
    """Where the run's connector data lives; `url` is what DATABASE_URL becomes for the run."""

    url: str
    drop_url: str = ""  # PostgreSQL: the server's maintenance database, to drop ours afterwards
    name: str = ""

    @classmethod
    def create(cls, workdir: Path, server_url: str = "") -> BenchDatabase:
        if not server_url or not server_url.startswith(("postgres://", "postgresql://")):
            return cls(f"sqlite:///{workdir / 'bench.sqlite3'}")
        import psycopg

        parts = urlsplit(server_url)
        name = f"acmc_bench_{secrets.token_hex(4)}"
        maintenance = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return cls(urlunsplit(parts._replace(path=f"/{name}")), drop_url=maintenance, name=name)

    def drop(self) -> None:
        if not self.drop_url:
            return
        import psycopg
        from django.conf import settings
        from django.db import connections

        if settings.configured:
            connections.close_all()
        with psycopg.connect(self.drop_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    @property
    def engine(self) -> str:
        return "PostgreSQL" if self.drop_url else "SQLite"


def setup_django(workdir: Path, database: BenchDatabase) -> None:
    """Django for this run only: its own settings file (the project's `.env` is not read), the
    run's database migrated, the embedded mode (no Redis), debug off, warnings and errors logged
    only (`BENCH_LOG_LEVEL` changes that)."""
    env_file = workdir / "bench.env"
    env_file.write_text("")
    os.environ.update(
        ACMC_ENV_FILE=str(env_file),
        DATABASE_URL=database.url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_DEBUG="false",  # as in production: no query log kept in memory
        LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        DJANGO_SETTINGS_MODULE="acmconnector.settings",
    )
    os.environ.pop("REDIS_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


# ----------------------------------------------------------------------------- measuring
@dataclass
class Measurement:
    wall: float = 0.0
    cpu: float = 0.0
    acumatica: dict[str, Any] = field(default_factory=dict)
    magento: dict[str, Any] = field(default_factory=dict)


def system_figures(stats: dict[str, Any]) -> dict[str, Any]:
    """The statistics a benchmark reports, from a sandbox's `/__sandbox__/stats`."""
    requests = stats.get("requests") or {}
    license_ = stats.get("license") or {}
    bulk = stats.get("bulk_operations") or {}
    pool = stats.get("worker_pool") or {}
    unlicensed = sum(count for route, count in requests.items() if route.endswith("/auth/logout"))
    return {
        "requests": int(stats.get("requests_total") or 0),
        "licensed_requests": int(stats.get("requests_total") or 0) - unlicensed,
        "routes": dict(requests),
        "statuses": dict(stats.get("statuses") or {}),
        "writes": dict(stats.get("writes") or {}),
        "busy_seconds": float(pool.get("busy_seconds") or 0.0),
        "peak_concurrency": int(license_.get("peak_concurrent", pool.get("peak_active", 0)) or 0),
        "throttled": int(license_.get("throttled") or 0),
        "throttle_seconds": float(license_.get("throttle_seconds") or 0.0),
        "rejected_429": int((stats.get("statuses") or {}).get("429") or 0),
        "bulk_operations": sum(int(v or 0) for k, v in bulk.items() if k != "open"),
    }


@contextlib.contextmanager
def measure(sandboxes: Sandboxes) -> Iterator[Measurement]:
    """Zero both sandboxes' statistics, time the block, then read what they saw."""
    result = Measurement()
    acumatica, magento = sandboxes.acumatica.handle, sandboxes.magento.handle
    acumatica.reset_stats()
    magento.reset_stats()
    # Bulk operations are counted in the store, not in the statistics: take the difference.
    operations_before = system_figures(magento.stats())["bulk_operations"]
    wall, cpu = time.perf_counter(), time.process_time()
    yield result
    result.wall = time.perf_counter() - wall
    result.cpu = time.process_time() - cpu
    result.acumatica = system_figures(acumatica.stats())
    result.magento = system_figures(magento.stats())
    result.magento["bulk_operations"] -= operations_before
