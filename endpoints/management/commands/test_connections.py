"""`manage.py test_connections [--timeout SECONDS]`: Test Connection for every configured scope.

Magento once (Setup Parameters), Acumatica for Default Config and for every store view with a
connection of its own: one line each, `ok` or `FAILED` with the cause. Exit status 0 when every
check passed, 1 otherwise (a deployment script or a health check can rely on it); never a
traceback.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from endpoints.connection_check import CheckResult
from endpoints.connection_tests import run_connection_checks
from endpoints.exceptions import one_line
from endpoints.redaction import redact_text


def _reason(result: CheckResult) -> str:
    """The check's message without its leading system name (the label already says it)."""
    prefix = f"{result.system}: "
    return result.message[len(prefix) :] if result.message.startswith(prefix) else result.message


class Command(BaseCommand):
    help = "Test the Magento connection and every Acumatica connection in use; exit 1 if any fails."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--timeout",
            type=float,
            default=None,
            help="Seconds to wait for each answer (default: CONNECTION_CHECK_TIMEOUT, 10).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        timeout = options["timeout"]
        if timeout is not None and timeout <= 0:
            raise CommandError("--timeout must be a positive number of seconds.")
        try:
            results = run_connection_checks(timeout)
        except Exception as exc:  # the configuration itself could not be read (database, key)
            raise CommandError(
                one_line(redact_text(f"The connection settings could not be read: {exc}"))
            ) from None
        for label, result in results:
            if result.ok:
                self.stdout.write(f"ok      {label}: {_reason(result)}")
            else:
                self.stdout.write(self.style.ERROR(f"FAILED  {label}: {_reason(result)}"))
        failed = sum(1 for _, result in results if not result.ok)
        if failed:
            raise CommandError(f"{failed} of {len(results)} connection checks failed.")
        self.stdout.write(self.style.SUCCESS(f"All {len(results)} connection checks passed."))
