"""The lock against a second copy of `initial_sync`, and taking over (resuming) a dead one.

One `InitialSyncRun` row may be `running` (a partial unique constraint); a copy that finds a live
one stops with a one-line error. A row whose process is gone (no heartbeat for `STALE_AFTER`, or
its pid is not alive on this host) is marked interrupted, and the messages its process had claimed
are given back at once. The next run with the same entities and scope resumes the last interrupted
one: same start time, phases already done skipped.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from sync.initial_sync.report import InitialSyncError
from sync.models import InitialSyncRun, InitialSyncStatus, Message, MessageStatus

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=90)  # a running row without a heartbeat this long is a dead process


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_dead(run: InitialSyncRun, now: datetime) -> bool:
    if now - run.heartbeat_at > STALE_AFTER:
        return True
    host, _, pid = run.owner.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


@contextmanager
def guard(entities: Sequence[str], scope: str) -> Iterator[InitialSyncRun]:
    """Hold the one `running` row for the duration; resume the last interrupted run."""
    now = timezone.now()
    running = InitialSyncRun.objects.filter(status=InitialSyncStatus.RUNNING).first()
    if running is not None:
        if not _is_dead(running, now):
            raise InitialSyncError(
                f"initial_sync is already running (run #{running.pk} by {running.owner}, started "
                f"{running.created_at:%Y-%m-%d %H:%M:%S}); wait for it to finish."
            )
        _abandon(running)
    previous = (
        InitialSyncRun.objects.filter(status=InitialSyncStatus.INTERRUPTED, scope=scope)
        .order_by("-id")
        .first()
    )
    resume = previous is not None and sorted(previous.entities) == sorted(entities)
    try:
        with transaction.atomic():
            run = InitialSyncRun.objects.create(
                owner=_owner(),
                entities=list(entities),
                scope=scope,
                began_at=previous.began_at if resume and previous else now,
                phases_done=list(previous.phases_done) if resume and previous else [],
                counts=dict(previous.counts) if resume and previous else {},
                resumed_from=previous if resume else None,
            )
    except IntegrityError:
        raise InitialSyncError(
            "initial_sync is already running (another copy just started); wait for it."
        ) from None
    if resume and previous is not None:
        InitialSyncRun.objects.filter(pk=previous.pk).update(status=InitialSyncStatus.RESUMED)
    try:
        yield run
    finally:
        if run.status == InitialSyncStatus.RUNNING:
            InitialSyncRun.objects.filter(pk=run.pk, status=InitialSyncStatus.RUNNING).update(
                status=InitialSyncStatus.INTERRUPTED, heartbeat_at=timezone.now()
            )


def _abandon(run: InitialSyncRun) -> None:
    """A dead copy's row becomes interrupted (to be resumed), and the messages its process had
    claimed are given back at once instead of after their lease."""
    InitialSyncRun.objects.filter(pk=run.pk).update(status=InitialSyncStatus.INTERRUPTED)
    Message.objects.filter(status=MessageStatus.PROCESSING, claimed_by__startswith=f"{run.owner}:").update(
        lease_expires_at=timezone.now()
    )
    logger.warning("Initial sync #%s was interrupted; resuming it", run.pk, extra={"run": run.pk})
