"""Two processes against one Acumatica license: with the governor's Redis ledger they stay inside
it together; with per-process governors (the control) they break it.

The sandbox is limited to 2 concurrent requests and 2 API users. Each process
(`governor_redis_worker`) runs 4 threads on 2 clients with the same limits, so together they want
4 API seats and 8 request slots: twice the license.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from tests.conftest import ACUMATICA_PASSWORD, ACUMATICA_TENANT, ACUMATICA_USER

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CALLS = 100
needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="the shared license governor keeps its counts in Redis: set REDIS_URL to run this test",
)


def run_two_processes(url: str, redis_url: str) -> list[dict[str, Any]]:
    """Start two worker processes, release them at once, and return what each reports."""
    namespace = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "acmconnector.settings",
        "REDIS_URL": redis_url,
        "SYNC_CLUSTER_NAME": namespace,
    }
    command = [sys.executable, "-m", "tests.endpoints.governor_redis_worker", url, str(CALLS)]
    workers = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        start = json.dumps(
            {"user": ACUMATICA_USER, "password": ACUMATICA_PASSWORD, "tenant": ACUMATICA_TENANT}
        )
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write(start + "\n")
            worker.stdin.flush()
        reports = []
        for worker in workers:
            out, err = worker.communicate(timeout=60)
            assert worker.returncode == 0, err
            reports.append(json.loads(out.strip().splitlines()[-1]))
        return reports
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(5)
        if redis_url:
            from endpoints.governor.redis_ledger import redis_client

            client = redis_client(redis_url)
            keys = list(client.scan_iter(f"acmc:governor:{{{namespace}|*"))
            if keys:
                client.delete(*keys)


def limit_the_license(sandbox: SandboxHandle) -> None:
    sandbox.config(profile="instant", max_concurrent_requests=2, max_api_users=2)
    sandbox.reset_stats()


@needs_redis
def test_two_processes_sharing_redis_stay_inside_2_concurrent_requests_and_2_api_users(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    limit_the_license(acumatica_sandbox)

    reports = run_two_processes(acumatica_server.url, settings.REDIS_URL)

    assert [(r["calls"], r["errors"], r["shared"]) for r in reports] == [(CALLS, [], True)] * 2
    stats = acumatica_sandbox.stats()
    license, sessions = stats["license"], stats["api_sessions"]
    assert "429" not in stats["statuses"] and license["rejected"] == 0
    assert stats["peak_concurrency"] <= 2 and license["peak_concurrent"] <= 2
    assert license["queued_total"] == 0  # the processes waited on their side, not in Acumatica's queue
    # The sandbox refuses a third session, so no refusal means never more than 2 open.
    assert sessions["refused_logins"] == 0 and sessions["open"] == 0
    assert sessions["logins"] == 4
    api_calls = [entry for entry in acumatica_sandbox.requests() if "/auth/" not in entry["path"]]
    assert len(api_calls) == 2 * CALLS


def test_without_redis_the_same_two_processes_break_the_license(
    acumatica_server: SandboxServer, acumatica_sandbox: SandboxHandle
) -> None:
    """The control: each process keeps the full license to itself, so together they hit the
    sandbox's login limit and its queue, which the test above proves the shared ledger avoids."""
    limit_the_license(acumatica_sandbox)

    reports = run_two_processes(acumatica_server.url, "")

    assert [r["shared"] for r in reports] == [False, False]
    stats = acumatica_sandbox.stats()
    refused, queued = stats["api_sessions"]["refused_logins"], stats["license"]["queued_total"]
    assert refused > 0 or queued > 0
    # Each refusal reached a worker as the sandbox's own "API Login Limit", not its governor's.
    login_limit = [e for r in reports for e in r["errors"] if e.startswith("ApiLoginLimitError")]
    assert len(login_limit) == refused and all("HTTP 500: API Login Limit" in e for e in login_limit)
