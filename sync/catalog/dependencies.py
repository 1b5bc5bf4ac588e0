"""Dependencies first: a record whose prerequisite is not in Magento yet waits for it.

A product needs its attribute set and categories, a category its parent, a configurable product
its children. When such a prerequisite is enabled but not in Magento and has no work queued (it
was skipped before it was enabled, say), it is queued here, and the dependent record waits
(`Outcome.wait`) instead of failing; the engine retries it after the wait delay.
"""

from __future__ import annotations

from collections.abc import Iterable

from sync.choices import Direction
from sync.models import DEFAULT_SCOPE, Message, MessageSource
from sync.queue import Change, enqueue_changes


def ensure_queued(entity: str, keys: Iterable[str], *, dry_run: bool = False) -> int:
    """Queue the records of `keys` that have no work queued yet; returns how many were queued."""
    wanted = list(dict.fromkeys(str(key) for key in keys))
    if not wanted or dry_run:
        return 0
    busy = set(
        Message.objects.active()
        .filter(entity=entity, direction=Direction.A2M, scope=DEFAULT_SCOPE, key__in=wanted)
        .values_list("key", flat=True)
    )
    changes = [Change(key) for key in wanted if key not in busy]
    if not changes:
        return 0
    return enqueue_changes(entity, changes, scope=DEFAULT_SCOPE, source=MessageSource.MANUAL).created
