"""The record of each log cleaning and flush: when it ran, why, and what it removed.

The scheduled cleaning task looks at the last scheduled run to decide whether a cleaning is due
at the Log Cleaning Frequency; the admin shows the history.
"""

from __future__ import annotations

from django.db import models


class LogCleaningKind(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled cleaning"
    MANUAL = "manual", "Cleaning started by hand"
    FLUSH = "flush", "Flush Messages"


class LogCleaning(models.Model):
    kind = models.CharField(max_length=12, choices=LogCleaningKind.choices)
    started_at = models.DateTimeField(db_index=True)
    expired_removed = models.PositiveIntegerField(
        default=0, help_text="Finished log entries older than Log Entry Lifetime."
    )
    unlogged_removed = models.PositiveIntegerField(
        default=0, help_text="Finished entries of actions the Logging settings do not log."
    )
    flushed = models.PositiveIntegerField(default=0, help_text="Finished entries removed by Flush Messages.")
    requested_by = models.CharField(max_length=150, blank=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = "log cleaning"
        verbose_name_plural = "log cleanings"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def removed(self) -> int:
        return self.expired_removed + self.unlogged_removed + self.flushed
