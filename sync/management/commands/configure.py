"""`manage.py configure`: set the configuration non-interactively, export it, import it.

Thin: flags become `--set` assignments and everything goes through `sync.config_io`, which applies
it in one transaction with the same validation as the admin.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sync.config_io import ConfigError, apply_configuration, export_configuration
from sync.models import DEFAULT_SCOPE

# flag -> (--set path, what it sets)
FLAG_ASSIGNMENTS: dict[str, tuple[str, str]] = {
    "magento_url": ("setup.magento_url", "Magento URL (Setup Parameters)"),
    "magento_token": ("setup.bearer_token", "Magento bearer token (Setup Parameters)"),
    "acumatica_url": ("connections.base_url", "Acumatica Base URL"),
    "acumatica_user": ("connections.username", "Acumatica Login Username"),
    "acumatica_password": ("connections.password", "Acumatica Password"),
    "acumatica_company": ("connections.tenant", "Acumatica Login Company (tenant)"),
    "acumatica_branch": ("connections.branch", "Acumatica Branch"),
    "acumatica_version": (
        "connections.endpoint_version",
        "Acumatica endpoint version (24.200.001 or 23.200.001)",
    ),
    "push_secret": (
        "push.secret",
        "Shared secret that Acumatica push notifications send (see setup_push_notifications)",
    ),
}


class Command(BaseCommand):
    help = (
        "Set Setup Parameters, Acumatica connections, store views, sync configuration and logging settings "
        "non-interactively; --export prints the configuration as JSON (secrets only as set/unset), "
        "--import FILE applies such a file. All or nothing: invalid input changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        for option, (_, description) in FLAG_ASSIGNMENTS.items():
            parser.add_argument(
                f"--{option.replace('_', '-')}", dest=option, metavar="VALUE", help=description
            )
        parser.add_argument(
            "--scope",
            metavar="STORE_VIEW_CODE",
            default=DEFAULT_SCOPE,
            help="Apply --acumatica-* flags and scoped --set paths to this store view, not Default Config.",
        )
        parser.add_argument(
            "--set",
            dest="assignments",
            action="append",
            default=[],
            metavar="SECTION.FIELD=VALUE",
            help="Set any setting, e.g. setup.threshold_count=25, sync.customer.direction=m2a, "
            "logging.log_lifetime_days=14 (repeatable).",
        )
        parser.add_argument("--export", action="store_true", help="Print the whole configuration as JSON.")
        parser.add_argument(
            "--import",
            dest="import_file",
            metavar="FILE",
            help="Apply a configuration exported with --export.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        assignments = [
            f"{path}={options[option]}"
            for option, (path, _) in FLAG_ASSIGNMENTS.items()
            if options[option] is not None
        ]
        assignments += options["assignments"]
        document = self._read_document(options["import_file"]) if options["import_file"] else None
        if not assignments and document is None and not options["export"]:
            raise CommandError("Nothing to do: give settings to change, --import FILE or --export.")
        if assignments or document is not None:
            try:
                ctx = apply_configuration(document=document, assignments=assignments, scope=options["scope"])
            except ConfigError as exc:
                raise CommandError(str(exc)) from None
            for warning in ctx.warnings:
                self.stderr.write(f"warning: {warning}")
            changed = ", ".join(ctx.changed) or "nothing"
            # With --export the JSON owns stdout, so the summary goes to stderr.
            stream = self.stderr if options["export"] else self.stdout
            stream.write(f"Configuration saved ({changed}).")
        if options["export"]:
            self.stdout.write(json.dumps(export_configuration(), indent=2))

    @staticmethod
    def _read_document(name: str) -> Any:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {name}: {exc.strerror}.") from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{name} is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
