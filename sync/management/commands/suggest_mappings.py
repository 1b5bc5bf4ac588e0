"""`manage.py suggest_mappings [--scope SCOPE] [--apply]`: propose payment, shipping, customer group,
warehouse and order status mappings by matching both systems' codes and names; `--apply` adds the
proposed rows the scope does not have yet (existing rows are never changed). Without `--apply`
nothing is written."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sync.models import DEFAULT_SCOPE
from sync.scopes import UnknownScopeError, get_store_view
from sync.suggest import apply_suggestions, suggest_mappings


class Command(BaseCommand):
    help = "Propose mapping table rows by matching Acumatica and Magento codes and names; --apply adds them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scope", default=DEFAULT_SCOPE, help="'default' (Default Config) or a store view code."
        )
        parser.add_argument("--apply", action="store_true", help="Add the proposed rows that are missing.")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = options["scope"]
        try:
            get_store_view(scope)
        except UnknownScopeError as exc:
            raise CommandError(str(exc)) from None
        report = suggest_mappings(scope)
        for error in report.errors:
            self.stderr.write(self.style.WARNING(error))
        table = ""
        for proposal in report.proposals:
            if proposal.table != table:
                table = proposal.table
                self.stdout.write(f"{table[:1].upper()}{table[1:]}:")
            marker = "  = " if proposal.exists else "  + "
            self.stdout.write(
                f"{marker}{proposal.describe()}{' (already mapped)' if proposal.exists else ''}"
            )
        if report.default_customer_class:
            state = "already set" if report.default_class_set else "the class of Magento's General group"
            self.stdout.write(f"Default Customer Class: {report.default_customer_class} ({state})")
        for table, values in report.unmatched.items():
            self.stdout.write(self.style.WARNING(f"No match for {table}: {', '.join(values)}"))
        if not options["apply"]:
            self.stdout.write(
                f"{len(report.new)} new mappings proposed for scope {scope}; run with --apply to add them."
            )
            return
        try:
            created = apply_suggestions(report)
        except ValidationError as exc:
            raise CommandError(f"Nothing was added: {'; '.join(exc.messages)}") from None
        self.stdout.write(self.style.SUCCESS(f"Added {len(created)} mappings to scope {scope}."))
        if report.errors:
            raise CommandError("Some choices could not be loaded; their mappings were not proposed.")
