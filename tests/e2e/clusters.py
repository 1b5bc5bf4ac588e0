"""Real django-q2 clusters (`manage.py qcluster`) in subprocesses, for the scale-out tests.

Every cluster of a test shares the test database (pytest-django's, read from the connection) and
one Redis queue named by a SYNC_CLUSTER_NAME unique to the test, so the clusters compete for the
same tasks exactly as clusters on several machines would, and nothing else's queue is touched. The
test process signs and reads django-q2 packages under that name too (`Conf` is patched for the
test), which lets it enqueue `sync.tasks.process_queue` and read the clusters' status: the status
names each cluster's worker pids, and a run's report names its worker, so every run is attributed
to the cluster that did it.

Each cluster runs in its own process group: `kill()` is a SIGKILL of the whole group (sentinel,
workers, monitor, pusher), like a machine that dies; `stop_all()` asks for a graceful stop first.
The clusters' output goes to a file per cluster, quoted in every assertion message.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from sync.queue import is_idle

PROCESS_QUEUE = "sync.tasks.process_queue"
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
POLL = 0.1
LOG_TAIL = 3000


def database_url() -> str:
    """The URL of the database this test runs on (the test database, not the configured one)."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "localhost", safe="")  # a socket directory travels percent-encoded
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{quote(db['NAME'], safe='')}"


@dataclass
class Cluster:
    label: str
    process: subprocess.Popen[bytes]
    log_path: Path
    workers: set[int] = field(default_factory=set)  # worker pids seen in the cluster's status

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return text[-LOG_TAIL:]

    def kill(self) -> None:
        """SIGKILL every process of the cluster at once: nothing gets to clean up."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)


@dataclass(frozen=True)
class Run:
    """One finished `process_queue` task: its report, and the cluster whose worker ran it."""

    cluster: str
    success: bool
    report: Any  # the run's RunReport.as_dict(), or django-q2's error text when it failed

    @property
    def claimed(self) -> int:
        return int(self.report.get("claimed", 0)) if self.success else 0


class Clusters:
    """The clusters of one test; `stop_all()` ends them and removes their Redis keys."""

    def __init__(self, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from django_q.brokers import get_broker
        from django_q.conf import Conf

        self.name = f"acmc-e2e-{uuid.uuid4().hex[:12]}"
        self.workdir = workdir
        self.started: list[Cluster] = []
        # The test process speaks to the clusters' queue: same name, same signing salt.
        monkeypatch.setattr(Conf, "PREFIX", self.name)
        monkeypatch.setattr(Conf, "CLUSTER_NAME", self.name)
        monkeypatch.setattr(Conf, "Q_STAT", f"django_q:{self.name}:cluster")
        self.broker = get_broker(self.name)

    # ----------------------------------------------------------------- starting
    def environment(self, engine: Mapping[str, object]) -> dict[str, str]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "SYNC_CLUSTER_NAME": self.name,
            "SYNC_WORKERS": "2",
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore",
        }
        env.pop("DATABASE_TEST_NAME", None)
        env.update({f"SYNC_{name.upper()}": str(value) for name, value in engine.items()})
        return env

    def start(self, *labels: str, **engine: object) -> list[Cluster]:
        """Start one cluster per label (engine limits as SYNC_* variables) and wait until every
        one of them runs with its workers."""
        env = self.environment(engine)
        new = []
        for label in labels:
            log_path = self.workdir / f"qcluster-{label}.log"
            with open(log_path, "wb") as log:
                process = subprocess.Popen(
                    [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "qcluster"],
                    env=env,
                    cwd=settings.BASE_DIR,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group, for kill()
                )
            cluster = Cluster(label, process, log_path)
            self.started.append(cluster)
            new.append(cluster)
        self.wait_for(lambda: self._running(new), READY_TIMEOUT, "the clusters to start")
        return new

    def _running(self, clusters: list[Cluster]) -> bool:
        from django_q.conf import Conf

        statuses = {stat.pid: stat for stat in self._stats()}
        ready = True
        for cluster in clusters:
            stat = statuses.get(cluster.pid)
            if stat is None or stat.status not in (Conf.IDLE, Conf.WORKING) or not stat.workers:
                ready = False
            else:
                cluster.workers.update(stat.workers)
        return ready

    def _stats(self) -> list[Any]:
        from django_q.status import Stat

        return Stat.get_all(broker=self.broker)

    # ----------------------------------------------------------------- work
    def enqueue_runs(self, count: int) -> list[str]:
        """Queue `count` runs of the processing loop, as the schedule would (but now)."""
        from django_q.tasks import async_task

        return [async_task(PROCESS_QUEUE, broker=self.broker) for _ in range(count)]

    def finished(self, task_ids: list[str]) -> list[Run]:
        """The runs among `task_ids` that have finished, attributed to their clusters."""
        from django_q.models import Task

        for cluster in self.started:
            if cluster.alive():
                self._running([cluster])  # record workers reincarnated since the start
        owner = {pid: c.label for c in self.started for pid in c.workers}
        runs = []
        for task in Task.objects.filter(id__in=task_ids):
            report = task.result
            pid = int(str(report["worker"]).rsplit(":", 2)[1]) if task.success else 0  # host:pid:thread
            runs.append(Run(owner.get(pid, f"unknown worker pid {pid}"), bool(task.success), report))
        return runs

    def run(self, count: int, timeout: float = 60.0) -> list[Run]:
        """Queue `count` runs and wait until all of them have finished."""
        task_ids = self.enqueue_runs(count)
        self.wait_for(lambda: len(self.finished(task_ids)) == count, timeout, f"{count} runs to finish")
        return self.finished(task_ids)

    def drain(self, runs_per_round: int, timeout: float = 120.0) -> list[Run]:
        """Keep the clusters running the loop, a round of runs at a time, until the queue is idle;
        then wait for the last round to finish. Returns every run."""
        task_ids: list[str] = []

        def idle_and_done() -> bool:
            runs = self.finished(task_ids)
            failed = [run.report for run in runs if not run.success]
            if failed:  # a failing run fails the same way next time: stop here with its error
                raise AssertionError(f"a run failed while draining: {failed[0]}\n{self.logs()}")
            done = len(runs) == len(task_ids)
            if is_idle():
                return done
            if done:  # the previous round ended (Check Process Time) with work left: another
                task_ids.extend(self.enqueue_runs(runs_per_round))
            return False

        self.wait_for(idle_and_done, timeout, "the queue to drain")
        return self.finished(task_ids)

    # ----------------------------------------------------------------- waiting and reporting
    def wait_for(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Poll `condition`; fail with the clusters' output on a time-out or a cluster's death."""
        deadline = time.monotonic() + timeout
        while not condition():
            expected_dead = [c for c in self.started if c.process.returncode == -signal.SIGKILL]
            dead = [c.label for c in self.started if not c.alive() and c not in expected_dead]
            if dead:
                raise AssertionError(
                    f"cluster {', '.join(dead)} exited while waiting for {what}\n{self.logs()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{self.logs()}")
            time.sleep(POLL)

    def logs(self) -> str:
        return "\n".join(f"--- qcluster {c.label} (pid {c.pid}) ---\n{c.log()}" for c in self.started)

    # ----------------------------------------------------------------- ending
    def stop_all(self) -> None:
        """Graceful stop (SIGTERM), SIGKILL of the group for what outlives it; Redis keys removed."""
        for cluster in self.started:
            if cluster.alive():
                cluster.process.send_signal(signal.SIGTERM)
        for cluster in self.started:
            with contextlib.suppress(subprocess.TimeoutExpired):
                cluster.process.wait(timeout=STOP_TIMEOUT)
            cluster.kill()  # also any worker orphaned by its cluster's end
        keys = list(self.broker.connection.scan_iter(match=f"django_q:{self.name}:*"))
        if keys:
            self.broker.connection.delete(*keys)
