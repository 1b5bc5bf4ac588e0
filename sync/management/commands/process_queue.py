"""`manage.py process_queue [--once | --until-idle]`: the processing loop in the foreground.

Without a flag it runs like the cluster would, one run after another until Ctrl-C; `--once` does
one run (poll, process, sleep and repeat until Check Process Time is used up); `--until-idle`
returns when nothing is pending or processing (retries and dependency waits included).
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from sync.loop import RunReport, run_queue
from sync.queue import is_idle

BUSY_RETRY_SECONDS = 1.0


class Command(BaseCommand):
    help = "Process the sync queue in the foreground (polling included)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="One run, as the scheduled task does.")
        mode.add_argument(
            "--until-idle", action="store_true", help="Run until nothing is pending or processing."
        )
        parser.add_argument("--no-poll", action="store_true", help="Process what is queued; do not poll.")

    def handle(self, *args: Any, **options: Any) -> None:
        poll = not options["no_poll"]
        try:
            if options["once"]:
                self._report(run_queue(poll=poll))
            elif options["until_idle"]:
                self._until_idle(poll)
            else:
                was_busy = False
                while True:
                    report = run_queue(poll=poll)
                    if not (report.busy and was_busy):
                        self._report(report)  # "another runner" once, not every second
                    was_busy = report.busy
                    if report.busy:
                        time.sleep(BUSY_RETRY_SECONDS)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def _until_idle(self, poll: bool) -> None:
        while True:
            report = run_queue(poll=poll, until_idle=True)
            self._report(report)
            if report.paused:
                self.stdout.write("The queue is paused: resume it to process the pending messages.")
                return
            if not report.busy or is_idle():
                return
            time.sleep(BUSY_RETRY_SECONDS)  # another runner holds SQLite's run lease: wait our turn

    def _report(self, report: RunReport) -> None:
        style = self.style.WARNING if report.stats.connection_errors or report.busy else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
