"""Link services (house rule 6): identity between the two systems goes through links.

Flows read links in bulk for a batch (`links_for`), create them race-safely (`ensure_link`: the
unique constraint plus get_or_create) and record each outcome (`record_synced`,
`record_link_error`), so the next change of the record is compared against what was last written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sync.models import DEFAULT_SCOPE, Link

_CHUNK = 500


def get_link(entity: str, key: str, scope: str = DEFAULT_SCOPE) -> Link | None:
    return Link.objects.filter(entity=entity, scope=scope, acumatica_key=key).first()


def links_for(entity: str, keys: Iterable[str], scope: str = DEFAULT_SCOPE) -> dict[str, Link]:
    """The links of many records, by Acumatica key, in one query per 500 keys."""
    wanted = list(dict.fromkeys(str(key) for key in keys))
    found: dict[str, Link] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        for link in Link.objects.filter(entity=entity, scope=scope, acumatica_key__in=chunk):
            found[link.acumatica_key] = link
    return found


def ensure_link(
    entity: str, key: str, scope: str = DEFAULT_SCOPE, defaults: Mapping[str, Any] | None = None
) -> tuple[Link, bool]:
    """The record's link, created with `defaults` if it does not exist yet (safe under races)."""
    try:
        with transaction.atomic():
            return Link.objects.get_or_create(
                entity=entity, scope=scope, acumatica_key=key, defaults=dict(defaults or {})
            )
    except IntegrityError:
        return Link.objects.get(entity=entity, scope=scope, acumatica_key=key), False


def record_synced(
    entity: str,
    key: str,
    *,
    scope: str = DEFAULT_SCOPE,
    magento_id: str | None = None,
    fingerprint: str = "",
    extra: Mapping[str, Any] | None = None,
) -> Link:
    """A write to the other system succeeded: remember its id and what was written."""
    link, _ = ensure_link(entity, key, scope)
    changes: dict[str, Any] = {"fingerprint": fingerprint, "last_synced_at": timezone.now(), "last_error": ""}
    if magento_id is not None:
        changes["magento_id"] = magento_id
    if extra:
        changes["extra"] = {**link.extra, **extra}
    Link.objects.filter(pk=link.pk).update(updated_at=timezone.now(), **changes)
    for name, value in changes.items():
        setattr(link, name, value)
    return link


def record_synced_many(
    entity: str, written: Mapping[str, tuple[str, str]], *, scope: str = DEFAULT_SCOPE
) -> None:
    """`record_synced` for a batch whose writes landed together (prices, stock): `written` maps
    each key to (Magento id, fingerprint). The links are read in one query per 500 keys, the
    missing ones created in one insert, and all of them updated in one statement per 500, instead
    of a get-or-create and an update per record."""
    if not written:
        return
    links = links_for(entity, written, scope)
    missing = [key for key in written if key not in links]
    if missing:
        # Two workers may create the same link at once: the unique constraint keeps one row.
        new = [Link(entity=entity, scope=scope, acumatica_key=key) for key in missing]
        Link.objects.bulk_create(new, ignore_conflicts=True)
        links.update(links_for(entity, missing, scope))
    now = timezone.now()
    changed = []
    for key, (magento_id, fingerprint) in written.items():
        link = links[key]
        link.magento_id, link.fingerprint, link.last_error = magento_id, fingerprint, ""
        link.last_synced_at = link.updated_at = now
        changed.append(link)
    Link.objects.bulk_update(
        changed,
        ["magento_id", "fingerprint", "last_error", "last_synced_at", "updated_at"],
        batch_size=_CHUNK,
    )


def record_link_error(entity: str, key: str, error: str, *, scope: str = DEFAULT_SCOPE) -> None:
    """A write failed: keep the error on the link (the per-record sync view shows it)."""
    link, _ = ensure_link(entity, key, scope)
    Link.objects.filter(pk=link.pk).update(last_error=error, updated_at=timezone.now())
