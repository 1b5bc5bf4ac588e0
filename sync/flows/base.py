"""The flow contract: the code for one entity in one direction.

A flow is a small class registered by (entity, direction). The engine owns everything else: it
polls and receives changes, stores them as messages, claims them, groups them by flow and scope,
decides single or batched sending, applies the outcomes (retry with backoff, park as failed, wait
for a dependency) and records what was sent. A flow only answers two questions:

* `poll(ctx, since, until)`: which records changed in `[since, until)`? (A to M flows read
  Acumatica; M to A flows read Magento.) Return `Change`s, with the record snapshot when the read
  had it, so processing need not fetch it again.
* `process(ctx, messages)`: make the other system match these records, and say per message what
  happened (an `Outcome`). Batchable flows receive up to Batch Count messages in one call and are
  expected to send them in one request; other flows receive one message per call.

Exceptions raised from `process` apply to every message of the call and are classified by the
engine (see `sync.processing`), so a flow only catches what it can resolve per record.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sync.choices import Direction
from sync.queue import Change

if TYPE_CHECKING:
    from sync.context import SyncContext
    from sync.models import Message

__all__ = ["Change", "Dependency", "Flow", "Outcome", "OutcomeKind"]


class OutcomeKind(enum.StrEnum):
    SUCCEEDED = "succeeded"
    SKIPPED = "skipped"
    FAILED = "failed"  # permanent: parked at once with the remote message
    RETRY = "retry"  # transient: back to pending with backoff until Retry Count is used
    WAIT = "wait"  # a dependency is not in Magento yet: back to pending without using a try


@dataclass(frozen=True)
class Outcome:
    """What happened to one message. Build with the class methods."""

    kind: OutcomeKind
    detail: str = ""

    @classmethod
    def succeeded(cls, detail: str = "") -> Outcome:
        return cls(OutcomeKind.SUCCEEDED, detail)

    @classmethod
    def skipped(cls, reason: str) -> Outcome:
        """No write was needed (`unchanged`) or allowed (`not enabled for sync`)."""
        return cls(OutcomeKind.SKIPPED, reason)

    @classmethod
    def failed(cls, error: str) -> Outcome:
        return cls(OutcomeKind.FAILED, error)

    @classmethod
    def retry(cls, error: str) -> Outcome:
        return cls(OutcomeKind.RETRY, error)

    @classmethod
    def wait(cls, on: str) -> Outcome:
        """`on` names the dependency, e.g. "category 12" (shown while waiting and if it never comes)."""
        return cls(OutcomeKind.WAIT, on)


@dataclass(frozen=True)
class Dependency:
    """A record another record needs in Magento first (a product's category, a price's product)."""

    entity: str
    key: str

    def __str__(self) -> str:
        return f"{self.entity} {self.key}"


class Flow(ABC):
    """Base class of every flow. Subclass, set the class attributes, implement `process` (and
    `poll` for entities a poller watches), decorate with `@register`."""

    entity: ClassVar[str]
    direction: ClassVar[str] = Direction.A2M
    # Price and inventory: more pending than Threshold Count -> requests of Batch Count records.
    batchable: ClassVar[bool] = False
    # Entities whose records must reach the target system first; see `dependencies`.
    depends_on: ClassVar[tuple[str, ...]] = ()
    # Acumatica push-notification queries (the `Query` name in the payload) that carry this
    # flow's records, and the result column that holds the key.
    push_queries: ClassVar[tuple[str, ...]] = ()
    push_key_field: ClassVar[str] = ""
    # False: the records are global (catalog) and sync in Default Config only; True: every scope
    # whose Sync Configuration enables the entity is polled and processed on its own (orders).
    per_store_view: ClassVar[bool] = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.entity} {self.direction}>"

    @property
    def polls(self) -> bool:
        """Whether a poller watches this entity (the subclass implements `poll`)."""
        return type(self).poll is not Flow.poll

    def poll(self, ctx: SyncContext, since: datetime, until: datetime) -> Iterable[Change]:
        """Records changed in `[since, until)`. Default: none (the entity is not polled).

        The first poll of an entity only sets its cursor: existing records are loaded by
        `initial_sync`, which also sets the cursor to where it began.
        """
        return ()

    def key_from_push(self, row: Mapping[str, Any]) -> str | None:
        """The record key in one row of a push notification (`Inserted`/`Deleted`)."""
        if not self.push_key_field:
            return None
        value = row.get(self.push_key_field)
        return None if value in (None, "") else str(value).strip()

    def dependencies(self, ctx: SyncContext, message: Message) -> Iterable[Dependency]:
        """What must be in the target system before `message` can be sent.

        The engine makes a message wait while one of these still has work queued (pending or
        processing). Default: the record of the same key in each `depends_on` entity (a price
        waits for its product); flows whose dependencies have other keys override this.
        """
        return [Dependency(entity, message.key) for entity in self.depends_on]

    @abstractmethod
    def process(self, ctx: SyncContext, messages: Sequence[Message]) -> Mapping[int, Outcome]:
        """Sync `messages` and return an outcome per message id (`message.pk`).

        A message left without an outcome is retried as a flow error.
        """
