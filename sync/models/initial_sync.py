"""Runs of `initial_sync`: the lock against a second copy and what a resumed run continues from.

A run row is `running` while its process works; the partial unique constraint allows one such row,
so two copies cannot both start (on any database). A process that dies leaves its row `running`;
its heartbeat then ages, and the next start takes the row over as interrupted instead of refusing
forever. An interrupted run is resumed by the next run with the same entities and scope: it keeps
the original start time (the pollers' cursors are set to it) and skips the phases already done.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from sync.models.store_views import DEFAULT_SCOPE


class InitialSyncStatus(models.TextChoices):
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    INTERRUPTED = "interrupted", "Interrupted"
    RESUMED = "resumed", "Resumed by a later run"


class InitialSyncRun(models.Model):
    status = models.CharField(
        max_length=12, choices=InitialSyncStatus.choices, default=InitialSyncStatus.RUNNING
    )
    owner = models.CharField(max_length=120, help_text="host:pid of the process running it.")
    entities = models.JSONField(default=list)
    scope = models.CharField(max_length=64, default=DEFAULT_SCOPE)
    began_at = models.DateTimeField(
        default=timezone.now,
        help_text="When this sync (or the interrupted run it resumed) began; the pollers start here.",
    )
    heartbeat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    phases_done = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    resumed_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "initial sync run"
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="running"), name="sync_one_running_initial_sync"
            )
        ]

    def __str__(self) -> str:
        return f"initial sync #{self.pk} ({self.status}) {', '.join(self.entities)}"
