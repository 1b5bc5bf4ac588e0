"""`manage.py setup_push_notifications`: what to enter in Acumatica's Push Notifications screen.

Prints the destination address and the header (name and shared secret) of the webhook. A secret
is generated and stored when none is set (or with `--rotate`), because Acumatica needs the value.
"""

from __future__ import annotations

import secrets
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from sync.flows import all_flows
from sync.models import PushSettings

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Print the webhook address and header to enter in Acumatica's Push Notifications (SM302000)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SYNC_PUBLIC_URL", "") or DEFAULT_BASE_URL,
            help="The connector's address as Acumatica reaches it (default: SYNC_PUBLIC_URL or "
            f"{DEFAULT_BASE_URL}).",
        )
        parser.add_argument("--rotate", action="store_true", help="Generate a new shared secret.")

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"].rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(f"--base-url must be an http(s) address, not {base_url!r}.")
        push = PushSettings.load()
        if options["rotate"] or not push.secret:
            push.secret = secrets.token_urlsafe(32)
            push.save()
            self.stdout.write("A new shared secret was generated and stored.")
        queries = sorted({query for flow in all_flows() for query in flow.push_queries})
        self.stdout.write("Acumatica > System > Integration > Push Notifications: add a destination")
        self.stdout.write("  Destination Type: Webhook")
        self.stdout.write(f"  Address:          {base_url}{reverse('acumatica-push')}")
        self.stdout.write(f"  Header Name:      {push.header_name}")
        self.stdout.write(f"  Header Value:     {push.secret}")
        if queries:
            self.stdout.write(
                "  Queries (generic inquiries whose changes are pushed; names as the connector knows them):"
            )
            for query in queries:
                self.stdout.write(f"    - {query}")
