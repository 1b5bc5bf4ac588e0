"""The processing loop (design.md section 4), shared by the scheduled task and the command.

One run: recover stale claims; then passes of poll the producers -> claim -> process; after a pass,
while less than Check Process Time has elapsed since the run began, sleep Process Sleep Time and
pass again. `until_idle` instead repeats until nothing is pending or processing (sleeping until
the next retry or dependency wait is due), for `process_queue --until-idle` and `initial_sync`.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from sync.context import ClientFactory, ContextPool
from sync.models import Heartbeat
from sync.processing import Processor, RunStats, record_connection_state
from sync.producers import run_producers
from sync.queue import (
    QueueSettings,
    acquire_run_lease,
    backlog_counts,
    claim_messages,
    is_idle,
    is_paused,
    next_due_in,
    recover_stale_claims,
    release_run_lease,
    run_lease_needed,
)
from sync.retention import discard_unlogged_messages

logger = logging.getLogger(__name__)

HEARTBEAT_RETENTION = timedelta(days=2)
IDLE_POLL_SECONDS = 1.0  # how often --until-idle looks again while a retry or wait is not yet due
IDLE_MIN_SLEEP = 0.02


def worker_name() -> str:
    """host:pid:thread, stable for a process thread (the heartbeat row it updates)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


@dataclass
class RunReport:
    worker: str
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    passes: int = 0
    busy: bool = False  # another runner holds the SQLite run lease; nothing was done
    paused: bool = False
    stats: RunStats = field(default_factory=RunStats)

    def as_dict(self) -> dict[str, Any]:
        return {
            "worker": self.worker,
            "run_id": self.run_id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "passes": self.passes,
            "busy": self.busy,
            "paused": self.paused,
            **self.stats.as_dict(),
        }

    def summary(self) -> str:
        if self.busy:
            return "Another runner is processing the queue (SQLite runs one at a time)."
        s = self.stats
        text = (
            f"{self.passes} passes: {s.polled} changes captured, {s.claimed} claimed, "
            f"{s.succeeded} succeeded, {s.skipped} skipped, {s.failed} failed, "
            f"{s.retried} to retry, {s.waited} waiting"
        )
        if self.paused:
            text += " (queue paused: nothing sent)"
        for where, error in s.connection_errors.items():
            text += f"\nConnection stopped ({where}): {error}"
        return text + "."


def beat(worker: str, **fields: Any) -> None:
    """Record that `worker` is alive (and, optionally, the edges of its run)."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(
        worker=worker[:120],
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "last_seen": now, **fields},
    )


def run_queue(
    *,
    settings: QueueSettings | None = None,
    until_idle: bool = False,
    single_pass: bool = False,
    poll: bool = True,
    force_poll: bool = False,
    worker: str | None = None,
    factory: ClientFactory | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    should_stop: Callable[[], bool] = lambda: False,
) -> RunReport:
    """One run of the processing loop; see the module docstring. Never raises for remote errors."""
    settings = settings or QueueSettings.load()
    worker = worker or worker_name()
    run_id = uuid.uuid4().hex[:12]
    claimant = f"{worker}/{run_id}"
    report = RunReport(worker=worker, run_id=run_id, started_at=timezone.now())
    guarded = run_lease_needed()
    lease = settings.lease_seconds
    if guarded and not acquire_run_lease(claimant, lease):
        report.busy = True
        report.finished_at = timezone.now()
        return report
    beat(worker, run_started_at=report.started_at)
    contexts = ContextPool(run_id=run_id, settings=settings, factory=factory)
    processor = Processor(claimant, settings, contexts, report.stats, clock=clock)
    started = clock()
    try:
        recover_stale_claims(settings.retry_count)
        while True:
            report.passes += 1
            if poll:
                report.stats.polled += run_producers(contexts, settings, force=force_poll)
            full = False
            report.paused = is_paused()
            if not report.paused:
                backlog = backlog_counts()
                claimed = claim_messages(claimant, limit=settings.claim_limit, lease_seconds=lease)
                report.stats.claimed += len(claimed)
                if claimed:
                    processor.process(claimed, backlog)
                full = len(claimed) >= settings.claim_limit
            if guarded:
                acquire_run_lease(claimant, lease)
            beat(worker)
            if single_pass or should_stop():
                break
            if until_idle:
                if report.paused or is_idle():
                    break
                if not full:
                    due = next_due_in()
                    wait = IDLE_POLL_SECONDS if due is None else min(IDLE_POLL_SECONDS, due)
                    # Something due but not claimable (another worker holds it): do not spin.
                    sleep(max(wait, IDLE_MIN_SLEEP))
                continue
            elapsed = clock() - started
            if elapsed >= settings.check_process_time:
                break
            if full:
                continue
            if elapsed + settings.process_sleep_time >= settings.check_process_time:
                break  # a sleep would outlast the run; the next scheduled run carries on
            sleep(settings.process_sleep_time)
    finally:
        for ctx in contexts:
            if not ctx.stopped:
                for system in ctx.opened:
                    record_connection_state(ctx.scope, system)
        contexts.close()
        discard_unlogged_messages()  # finished work of actions the Logging settings do not log
        report.finished_at = timezone.now()
        beat(worker, run_finished_at=report.finished_at, last_run=report.as_dict())
        Heartbeat.objects.filter(last_seen__lt=timezone.now() - HEARTBEAT_RETENTION).delete()
        if guarded:
            release_run_lease(claimant)
    log = logger.warning if report.stats.connection_errors else logger.info
    log("Queue run %s: %s", run_id, report.summary(), extra={"run_id": run_id, **report.stats.as_dict()})
    return report
