"""`manage.py reprocess_failed [--entity ...] [--scope ...] [--error TEXT]`: failed messages back to
the queue (a message whose record has newer work is skipped as superseded)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sync.choices import Entity
from sync.queue import failed_messages, reprocess_messages


class Command(BaseCommand):
    help = "Reprocess failed messages, optionally only those of some entities, a scope or an error text."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--entity",
            action="append",
            default=[],
            metavar="ENTITY",
            help=f"Only this entity (repeatable): {', '.join(Entity.values)}.",
        )
        parser.add_argument("--scope", help="Only this scope ('default' or a store-view code).")
        parser.add_argument("--error", help="Only messages whose error contains this text.")
        parser.add_argument("--dry-run", action="store_true", help="Count the matching messages only.")

    def handle(self, *args: Any, **options: Any) -> None:
        entities = [name.strip() for value in options["entity"] for name in value.split(",") if name.strip()]
        unknown = [name for name in entities if name not in Entity.values]
        if unknown:
            raise CommandError(f"Unknown entity {unknown[0]!r}; use one of: {', '.join(Entity.values)}.")
        matching = failed_messages(scope=options["scope"], error_contains=options["error"])
        if entities:
            matching = matching.filter(entity__in=entities)
        total = matching.count()
        if options["dry_run"] or not total:
            self.stdout.write(f"{total} failed message{'s' if total != 1 else ''} match.")
            return
        result = reprocess_messages(matching)
        self.stdout.write(self.style.SUCCESS(f"{total} failed messages: {result.summary()}"))
