"""Operational state of the queue: pause/resume, the single-runner guard, worker heartbeats,
push-notification receipts and the health of each remote connection."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from sync.models.store_views import DEFAULT_SCOPE


class QueueControl(models.Model):
    """A singleton (pk 1). Paused: producers still queue, nothing is sent.

    `runner_id`/`runner_until` hold the run lease that keeps SQLite to one runner at a time
    (PostgreSQL needs none: claims use SKIP LOCKED)."""

    SINGLETON_PK = 1

    paused = models.BooleanField(default=False)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_by = models.CharField(max_length=150, blank=True)
    runner_id = models.CharField(max_length=120, blank=True)
    runner_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "queue control"

    def __str__(self) -> str:
        return "Queue paused" if self.paused else "Queue running"

    @classmethod
    def load(cls) -> QueueControl:
        control, _ = cls.objects.get_or_create(pk=cls.SINGLETON_PK)
        return control


class Heartbeat(models.Model):
    """The last sign of life of one queue runner (a cluster worker or a foreground command)."""

    worker = models.CharField(max_length=120, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)
    run_started_at = models.DateTimeField(null=True, blank=True)
    run_finished_at = models.DateTimeField(null=True, blank=True)
    last_run = models.JSONField(default=dict, blank=True, help_text="Counts of the last finished run.")

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.worker} seen {self.last_seen:%Y-%m-%d %H:%M:%S}"


class PushReceipt(models.Model):
    """One received Acumatica push notification, by its `Id`: a resend is recognised and ignored."""

    notification_id = models.CharField(max_length=100, unique=True)
    query = models.CharField(max_length=255, blank=True)
    company = models.CharField(max_length=100, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    enqueued = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.notification_id} ({self.query})"


class ConnectionState(models.Model):
    """Whether a remote connection of a scope worked the last time the queue used it.

    An authentication or configuration error stops that connection for the run; it is kept here so
    the admin and the status API show it until a later run succeeds."""

    system = models.CharField(max_length=16)  # "acumatica" or "magento"
    scope = models.CharField(max_length=64, default=DEFAULT_SCOPE)
    ok = models.BooleanField(default=True)
    error = models.TextField(blank=True)
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["system", "scope"]
        constraints = [models.UniqueConstraint(fields=["system", "scope"], name="sync_connstate_unique")]

    def __str__(self) -> str:
        return f"{self.system} @{self.scope}: {'ok' if self.ok else self.error}"
