"""Exactly once when the worker dies between creating the sales order and linking it.

A real `manage.py process_queue` in another process (with its own SQLite database) sends the
create; the Acumatica sandbox commits it and then holds the answer back, and the test kills the
worker with SIGKILL while it waits. Its claim's lease then runs out, and a second worker finds the
sales order by its CustomerOrder, links it and creates nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from sandbox.common.server import SandboxServer
from sandbox.testing import SandboxHandle
from tests.orders.support import generate_orders, sales_orders, value

pytestmark = [pytest.mark.integration]

EXPIRE_CLAIMS = """
from datetime import timedelta
from django.utils import timezone
from sync.models import Message, QueueControl
past = timezone.now() - timedelta(seconds=1)
Message.objects.filter(status="processing").update(lease_expires_at=past)
QueueControl.objects.update(runner_until=past)
"""
REPORT = """
import json
from sync.models import Link, Message
print(json.dumps({
    "messages": list(Message.objects.values("status", "reason", "attempts")),
    "links": list(Link.objects.filter(entity="order").values("acumatica_key", "magento_id")),
}))
"""


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_worker_killed_after_the_create_landed_leaves_one_sales_order(
    acumatica_server: SandboxServer,
    magento_server: SandboxServer,
    acumatica_sandbox: SandboxHandle,
    magento_sandbox: SandboxHandle,
    tmp_path: Path,
):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "REDIS_URL": "",
        "PYTHONWARNINGS": "ignore",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def django(*args: str, **options) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*manage, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, **options
        )

    increment_id = generate_orders(magento_sandbox, 1)[0]
    acumatica_sandbox.put_state("Customer", "C000016", {"Status": {"value": "Active"}})
    django("migrate", "-v0", check=True)
    setup = (
        "from tests.orders.support import configure_worker_database; "
        f"configure_worker_database({magento_server.url!r}, {acumatica_server.url!r}, [{increment_id!r}])"
    )
    django("shell", "-c", setup, check=True)
    acumatica_sandbox.config(hang_seconds=120)
    acumatica_sandbox.faults(
        [{"method": "PUT", "path": "/SalesOrder$", "kind": "hang_after_commit", "rate": 1}]
    )

    with open(tmp_path / "worker.log", "w") as log:
        worker = subprocess.Popen(
            [*manage, "process_queue", "--until-idle", "--no-poll"],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            landed = wait_for(lambda: increment_id in sales_orders(acumatica_sandbox))
        finally:
            worker.kill()
            worker.wait()
    acumatica_sandbox.clear_faults()
    assert landed, (tmp_path / "worker.log").read_text()
    before = json.loads(django("shell", "--no-imports", "-c", REPORT, check=True).stdout)
    assert [m["status"] for m in before["messages"]] == ["processing"] and before["links"] == []

    django("shell", "-c", EXPIRE_CLAIMS, check=True)  # the dead worker's lease runs out
    django("process_queue", "--until-idle", "--no-poll", check=True)

    found = sales_orders(acumatica_sandbox)[increment_id]
    assert len(found) == 1
    after = json.loads(django("shell", "--no-imports", "-c", REPORT, check=True).stdout)
    [message] = after["messages"]
    order_key = f"SO/{value(found[0], 'OrderNbr')}"
    assert message["status"] == "succeeded"
    assert message["reason"] == f"already in Acumatica as {order_key.replace('/', ' ')}; linked"
    assert after["links"] == [{"acumatica_key": order_key, "magento_id": increment_id}]
