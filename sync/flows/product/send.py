"""Sending planned product writes to Magento, and recording what landed.

One write goes as one `PUT products/{sku}` (an upsert by SKU, safe to repeat). Several go through
async bulk (`POST async/bulk/V1/products`), one request for the lot, and the bulk's operation
statuses give each product its own outcome; the new products' ids are then read in one search. A
new product is sent through a store view of its websites (Magento adds that store's website to a
new product), an update through `all` (global values).

A failure is charged to its own message only: a refused product (400) fails with Magento's
message, a retryable one (time-out, 5xx, a bulk operation still open) goes back to retry, and the
other products of the batch keep their outcomes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from endpoints.clients.magento import GLOBAL_STORE, RecordResult
from endpoints.exceptions import PermanentError, RetryableError
from sync.catalog.dependencies import ensure_queued
from sync.choices import Entity
from sync.flows import Outcome
from sync.flows.product.build import ProductBuilder, ProductWrite
from sync.flows.product.configurable import option_ids
from sync.links import record_link_error, record_synced
from sync.processing import describe_error

if TYPE_CHECKING:
    from sync.models import Message

Planned = list[tuple["Message", ProductWrite]]


class ProductSender:
    def __init__(self, builder: ProductBuilder) -> None:
        self.builder = builder
        self.ctx = builder.ctx
        self.catalog = builder.catalog

    def send(self, planned: Planned) -> dict[int, Outcome]:
        if not planned:
            return {}
        if self.ctx.dry_run:
            return {
                message.pk: Outcome.skipped(f"dry run: would {_future(write.summary())}")
                for message, write in planned
            }
        if len(planned) == 1:
            message, write = planned[0]
            return {message.pk: self._send_one(message, write)}
        outcomes: dict[int, Outcome] = {}
        creates = [(m, w) for m, w in planned if w.creating]
        updates = [(m, w) for m, w in planned if not w.creating]
        for group, store in ((creates, self.builder.creation_store()), (updates, GLOBAL_STORE)):
            if group:
                outcomes.update(self._send_bulk(group, store))
        return outcomes

    # ----------------------------------------------------------------- one product
    def _send_one(self, message: Message, write: ProductWrite) -> Outcome:
        store = self.builder.creation_store() if write.creating else GLOBAL_STORE
        try:
            saved = self.ctx.magento.push_product(write.body, store=store)
        except PermanentError as exc:
            return self._refused(message, write, describe_error(exc))
        except RetryableError as exc:
            return Outcome.retry(describe_error(exc))
        product_id = int(saved.get("id") or 0)
        if product_id:
            self.catalog.remember_product_id(write.sku, product_id)
        return self._landed(
            message, write, product_id, option_ids(saved, self.catalog.codes_by_attribute_id())
        )

    # ----------------------------------------------------------------- many products
    def _send_bulk(self, group: Planned, store: str | None) -> dict[int, Outcome]:
        try:
            results = self.ctx.magento.push_products_bulk([write.body for _, write in group], store=store)
        except PermanentError as exc:
            return {m.pk: self._refused(m, w, describe_error(exc)) for m, w in group}
        except RetryableError as exc:
            return {m.pk: Outcome.retry(describe_error(exc)) for m, _ in group}
        landed = [w.sku for (_, w), result in zip(group, results, strict=True) if result.ok]
        ids = self.catalog.product_ids(landed) if landed else {}
        outcomes: dict[int, Outcome] = {}
        for (message, write), result in zip(group, results, strict=True):
            outcomes[message.pk] = self._bulk_outcome(message, write, result, ids.get(write.sku, 0))
        return outcomes

    def _bulk_outcome(
        self, message: Message, write: ProductWrite, result: RecordResult, product_id: int
    ) -> Outcome:
        if result.ok:
            return self._landed(message, write, product_id, {})
        if result.retryable:
            return Outcome.retry(f"Magento has not saved {write.sku} yet: {result.message}")
        return self._refused(message, write, f"Magento refused {write.sku}: {result.message}")

    # ----------------------------------------------------------------- outcomes
    def _refused(self, message: Message, write: ProductWrite, error: str) -> Outcome:
        record_link_error(Entity.PRODUCT, message.key, error)
        return Outcome.failed(error)

    def _landed(
        self, message: Message, write: ProductWrite, product_id: int, options: dict[str, object]
    ) -> Outcome:
        extra: dict[str, object] = {"axis": dict(write.axis)}
        if product_id:
            extra["product_id"] = product_id
        if options:
            extra["option_ids"] = options
        record_synced(
            Entity.PRODUCT, message.key, magento_id=write.sku, fingerprint=write.fingerprint, extra=extra
        )
        if write.creating and write.template:
            # A new matrix item joins its configurable product on the template's next save.
            ensure_queued(Entity.PRODUCT, [write.template])
        return Outcome.succeeded(write.summary())


def _future(summary: str) -> str:
    for past, present in (("created", "create"), ("updated", "update")):
        if summary.startswith(past):
            return present + summary[len(past) :]
    return summary
