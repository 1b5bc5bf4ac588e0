"""`manage.py initial_sync [--entity ...] [--scope ...] [--dry-run]`: load the whole catalog, then
the customers of the selected classes into every scope that syncs customers A to M.

Runs in the foreground until what it queued is processed (no cluster needed), with a progress bar
per phase on stderr; `--dry-run` prints what would be created or changed in Magento and writes
nothing. Resumable: run it again after an interruption. Thin: everything is in `sync.initial_sync`.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from endpoints.exceptions import EndpointError
from sync.initial_sync import (
    INITIAL_SYNC_ENTITIES,
    InitialSyncError,
    no_progress,
    run_initial_sync,
    tqdm_progress,
)
from sync.processing import describe_error
from sync.scopes import UnknownScopeError


class Command(BaseCommand):
    help = (
        "Sync every record of the enabled entities to Magento, dependencies first: the catalog (attribute "
        "sets, categories, products, prices, inventory) in Default Config, then the customers of the "
        "selected classes in every scope that syncs customers A to M; --dry-run lists the changes "
        "without writing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--entity",
            action="append",
            default=[],
            metavar="ENTITY",
            help=f"Only these entities (repeatable or comma-separated): {', '.join(INITIAL_SYNC_ENTITIES)}.",
        )
        parser.add_argument(
            "--scope",
            default=None,
            metavar="CODE",
            help="Load customers only in this scope ('default' or a store view code); the catalog always "
            "loads in Default Config. Default: every scope that syncs customers A to M.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Read only; print what would change.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        entities = [part.strip() for value in options["entity"] for part in value.split(",") if part.strip()]
        show = options["verbosity"] > 0 and not options["no_progress"]
        try:
            report = run_initial_sync(
                entities or None,
                scope=options["scope"],
                dry_run=options["dry_run"],
                progress=tqdm_progress if show else no_progress,
            )
        except (InitialSyncError, UnknownScopeError) as exc:
            raise CommandError(str(exc)) from None
        except EndpointError as exc:
            raise CommandError(f"initial_sync stopped: {describe_error(exc)}") from None
        except KeyboardInterrupt:
            raise CommandError("initial_sync interrupted; run it again to resume.") from None
        if report.dry_run:
            self.stdout.write("Dry run: nothing was written to Magento.")
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            self.stdout.write(
                self.style.WARNING(
                    f"{report.failed} records failed: see Messages in the admin, fix the cause and "
                    "reprocess them."
                )
            )
        elif not report.dry_run:
            self.stdout.write(self.style.SUCCESS("Initial sync finished."))
