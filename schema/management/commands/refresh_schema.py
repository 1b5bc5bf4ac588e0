"""`python manage.py refresh_schema [--entity product|category|customer]`: Refresh Schema from a shell."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from endpoints.exceptions import EndpointError
from schema.refresh import REFRESHABLE, run_refresh_schema


class Command(BaseCommand):
    help = (
        "Ask Acumatica (Default Config connection) for each entity's custom and user-defined fields "
        "($adHocSchema) and add the ones the schema does not know yet, inactive. Existing fields are "
        "never changed; running it again adds nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--entity",
            choices=REFRESHABLE,
            action="append",
            help="Refresh only this entity (repeatable); all of them by default.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        entities = options["entity"] or list(REFRESHABLE)
        try:
            reports = run_refresh_schema(entities)
        except EndpointError as error:
            raise CommandError(f"Refresh Schema failed: {error}") from None
        for report in reports:
            style = self.style.SUCCESS if report.added else self.style.NOTICE
            self.stdout.write(style(report.summary()))
