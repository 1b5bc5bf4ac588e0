"""What the scenarios share: loading the demo catalog, running the queue on the benchmark clock,
and marking every poll due."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.utils import timezone

from bench.clock import BenchClock, command
from bench.harness import Sandboxes
from sync.initial_sync import InitialSyncReport, Progress, ProgressFactory, no_progress, run_initial_sync
from sync.loop import RunReport, run_queue
from sync.models import Cursor

OUTCOMES = ("succeeded", "skipped", "failed", "retried", "waited")


def prepare_catalog() -> None:
    """Data preparation as the README tells it: mappings suggested, the whole catalog enabled."""
    command("suggest_mappings", "--apply")
    command("enable_for_sync", "--all", "--no-queue")


def load_catalog(clock: BenchClock, progress: ProgressFactory = no_progress) -> InitialSyncReport:
    """`initial_sync` of the prepared catalog on the benchmark clock."""
    return run_initial_sync(
        progress=progress, factory=clock.factory(), settings=clock.queue_settings(), sleep=clock.sleep
    )


def run_loop(clock: BenchClock) -> RunReport:
    """One run of the processing loop until the queue is idle: polls, claims, processes."""
    return run_queue(
        settings=clock.queue_settings(), until_idle=True, factory=clock.factory(), sleep=clock.sleep
    )


def make_polls_due() -> None:
    """As if the last poll of every entity were an hour ago (the next run polls them all)."""
    Cursor.objects.update(updated_at=timezone.now() - timedelta(hours=1))


def outcomes(report: RunReport) -> dict[str, int]:
    stats = report.stats.as_dict()
    return {name: int(stats[name]) for name in OUTCOMES}


class PhaseClock:
    """A progress factory for `initial_sync` that times its phases and counts each phase's calls
    (a phase ends when its bar closes; it began when the previous one ended)."""

    def __init__(self, sandboxes: Sandboxes) -> None:
        self.sandboxes = sandboxes
        self.phases: list[dict[str, Any]] = []
        self._last = (time.perf_counter(), 0, 0)

    def start(self) -> None:
        self._last = (time.perf_counter(), 0, 0)

    def __call__(self, label: str, total: int) -> Progress:
        return _PhaseBar(self, label, total)

    def close(self, label: str, total: int) -> None:
        now = time.perf_counter()
        acumatica = int(self.sandboxes.acumatica.handle.stats()["requests_total"])
        magento = int(self.sandboxes.magento.handle.stats()["requests_total"])
        began, acumatica_before, magento_before = self._last
        self.phases.append(
            {
                "phase": label,
                "records": total,
                "seconds": now - began,
                "acumatica_calls": acumatica - acumatica_before,
                "magento_calls": magento - magento_before,
            }
        )
        self._last = (now, acumatica, magento)


class _PhaseBar:
    def __init__(self, owner: PhaseClock, label: str, total: int) -> None:
        self.owner, self.label, self.total = owner, label, total

    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        self.owner.close(self.label, self.total)
