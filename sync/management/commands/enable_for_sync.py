"""`manage.py enable_for_sync`: Data Preparation from the command line.

    enable_for_sync --all                      every item class, sales category and stock item
    enable_for_sync --item-class APPAREL       an item class and its stock items
    enable_for_sync --items APP0001,APP0002    these stock items (or matrix templates)
    enable_for_sync --categories 2,5           these sales categories (and their parents)
    [--visibility "Catalog and Search"] [--category-status Active|Inactive] [--disable] [--no-queue]

The records are first looked up in Acumatica (the lists may still be empty before the first
sync); the enabled ones are queued for sync unless `--no-queue` is given. Same service as the
admin's bulk actions (`sync.preparation`).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from endpoints.exceptions import EndpointError
from sync.catalog import discovery
from sync.choices import Entity
from sync.context import SyncContext
from sync.models import DEFAULT_SCOPE
from sync.preparation import (
    EnableResult,
    enable_categories,
    enable_everything,
    enable_item_class,
    parse_category_status,
    parse_visibility,
    set_enabled,
)
from sync.processing import describe_error


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class Command(BaseCommand):
    help = "Enable item classes, stock items and sales categories for Magento sync (Data Preparation)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument(
            "--all", action="store_true", help="Every item class, sales category and stock item."
        )
        what.add_argument("--item-class", metavar="CLASS", help="An item class and every stock item of it.")
        what.add_argument(
            "--items", metavar="ID,ID", help="Stock items (or matrix templates) by Inventory ID."
        )
        what.add_argument("--categories", metavar="ID,ID", help="Sales categories by ID (their parents too).")
        parser.add_argument(
            "--visibility",
            help="Visibility of the stock items: Not Visible Individually, Catalog, Search, "
            "Catalog and Search.",
        )
        parser.add_argument("--category-status", help="Category Status on Magento: Active or Inactive.")
        parser.add_argument("--disable", action="store_true", help="Disable instead of enable.")
        parser.add_argument(
            "--no-queue", action="store_true", help="Do not queue the enabled records for sync."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["visibility"]:
                parse_visibility(options["visibility"])
            if options["category_status"]:
                parse_category_status(options["category_status"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            with SyncContext(DEFAULT_SCOPE) as ctx:
                self._discover(ctx, options)
        except EndpointError as exc:
            raise CommandError(f"Could not read the records from Acumatica: {describe_error(exc)}") from None
        result = self._apply(options)
        self.stdout.write(result.summary())
        if result.missing:
            raise CommandError(f"Not found in Acumatica: {', '.join(result.missing)}.")

    @staticmethod
    def _discover(ctx: SyncContext, options: dict[str, Any]) -> None:
        if options["all"]:
            discovery.discover_item_classes_from(ctx)
            discovery.discover_categories_from(ctx)
            discovery.discover_items_from(ctx)
        elif options["item_class"]:
            discovery.discover_item_classes_from(ctx)
            discovery.discover_items_from(ctx, item_class=options["item_class"])
        elif options["items"]:
            discovery.discover_items_from(ctx, keys=_codes(options["items"]))
        else:
            discovery.discover_categories_from(ctx)

    @staticmethod
    def _apply(options: dict[str, Any]) -> EnableResult:
        queue = not options["no_queue"]
        visibility = options["visibility"]
        status = options["category_status"]
        if options["disable"]:
            entity, keys = (
                (Entity.PRODUCT, _codes(options["items"]))
                if options["items"]
                else (Entity.CATEGORY, _codes(options["categories"]))
                if options["categories"]
                else (Entity.ATTRIBUTE_SET, [options["item_class"]])
                if options["item_class"]
                else (None, None)
            )
            if entity is None:
                raise CommandError("--disable works with --item-class, --items or --categories, not --all.")
            return set_enabled(entity, keys, enabled=False)
        if options["all"]:
            result = enable_everything(visibility=visibility, queue=queue)
            if status:
                set_enabled(Entity.CATEGORY, None, category_status=status, queue=queue, result=result)
            return result
        if options["item_class"]:
            return enable_item_class(options["item_class"], visibility=visibility, queue=queue)
        if options["items"]:
            return set_enabled(Entity.PRODUCT, _codes(options["items"]), visibility=visibility, queue=queue)
        return enable_categories(_codes(options["categories"]), category_status=status, queue=queue)
