"""`manage.py flush_messages [--entity E] [--scope S] [--older-than DAYS] [--yes]`: Flush Messages
from the command line. Deletes finished log entries (succeeded and skipped messages); pending,
processing and failed messages are never deleted. Asks for confirmation unless `--yes`."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sync.choices import Entity
from sync.retention import flush_messages, preview_flush


class Command(BaseCommand):
    help = "Delete finished log entries (succeeded and skipped messages); pending and failed work stays."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--entity", action="append", default=[], metavar="ENTITY", help="Only this entity (repeatable)."
        )
        parser.add_argument("--scope", action="append", default=[], help="Only this scope (repeatable).")
        parser.add_argument(
            "--older-than", type=int, metavar="DAYS", help="Only entries older than DAYS days."
        )
        parser.add_argument(
            "--yes", "--noinput", "--no-input", action="store_true", dest="yes", help="Do not ask."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        entities = [name.strip() for value in options["entity"] for name in value.split(",") if name.strip()]
        unknown = [name for name in entities if name not in Entity.values]
        if unknown:
            raise CommandError(f"Unknown entity {unknown[0]!r}; use one of: {', '.join(Entity.values)}.")
        if options["older_than"] is not None and options["older_than"] < 0:
            raise CommandError("--older-than expects a number of days, 0 or more.")
        before = (
            timezone.now() - timedelta(days=options["older_than"])
            if options["older_than"] is not None
            else None
        )
        scopes = options["scope"]
        preview = preview_flush(entities=entities, scopes=scopes, before=before)
        kept = ", ".join(f"{n} {status}" for status, n in preview.kept.items()) or "no pending or failed work"
        self.stdout.write(f"{preview.total} log entries will be deleted; kept: {kept}.")
        if not preview.total:
            return
        if not options["yes"]:
            answer = input("Type 'yes' to delete them: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was deleted.")
        record = flush_messages(entities=entities, scopes=scopes, before=before, by="flush_messages command")
        self.stdout.write(self.style.SUCCESS(f"Deleted {record.flushed} log entries."))
