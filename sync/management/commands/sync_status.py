"""`manage.py sync_status [--json]`: the queue per entity and scope, the runners' heartbeat and the
connections, as the status API reports them."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from sync.status import queue_status


class Command(BaseCommand):
    help = "Show pending, processing and failed messages per entity and scope, cursors and heartbeat."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the status API's JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        status = queue_status()
        if options["json"]:
            self.stdout.write(json.dumps(status, indent=2))
            return
        header = (
            f"{'entity':<20}{'dir':<5}{'scope':<12}{'pending':>8}{'running':>8}{'failed':>8}"
            "  last success / cursor"
        )
        self.stdout.write(header)
        for row in status["entities"]:
            self.stdout.write(
                f"{row['entity']:<20}{row['direction']:<5}{row['scope']:<12}{row['pending']:>8}"
                f"{row['processing']:>8}{row['failed']:>8}"
                f"  {row['last_success'] or '-'} / {row['cursor'] or '-'}"
            )
        beat = status["heartbeat"]
        if beat["last_seen"]:
            alive = "alive" if beat["alive"] else "NOT SEEN RECENTLY"
            self.stdout.write(f"Queue runner: last seen {beat['last_seen']} ({alive}).")
        else:
            self.stdout.write("Queue runner: never seen (is the cluster running? python manage.py qcluster)")
        if status["paused"]:
            self.stdout.write(self.style.WARNING("The queue is PAUSED: nothing is sent."))
        for connection in status["connections"]:
            if not connection["ok"]:
                self.stdout.write(
                    self.style.ERROR(f"{connection['system']} @{connection['scope']}: {connection['error']}")
                )
