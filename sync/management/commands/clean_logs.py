"""`manage.py clean_logs`: run the log cleaning now (the scheduled task runs it at the Log
Cleaning Frequency): finished messages older than Log Entry Lifetime and those of actions the
Logging settings do not log are deleted; pending, processing and failed messages stay."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sync.models.log_cleaning import LogCleaningKind
from sync.retention import clean_logs


class Command(BaseCommand):
    help = "Remove expired and unlogged log entries now; pending and failed work stays."

    def handle(self, *args: Any, **options: Any) -> None:
        record = clean_logs(kind=LogCleaningKind.MANUAL, by="clean_logs command")
        removed = f"{record.expired_removed} expired and {record.unlogged_removed} unlogged"
        self.stdout.write(self.style.SUCCESS(f"Removed {removed} log entries."))
