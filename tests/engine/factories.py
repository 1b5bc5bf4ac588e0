"""factory_boy factories of the sync engine's models."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from sync.choices import Direction, Entity
from sync.models import DEFAULT_SCOPE, Cursor, Link, Message, MessageSource, MessageStatus


class MessageFactory(factory.django.DjangoModelFactory[Message]):
    """A pending message; pass `status=` to create one in another state (creation is not a transition)."""

    class Meta:
        model = Message

    entity = Entity.PRICE
    direction = Direction.A2M
    key = factory.Sequence(lambda n: f"ITEM{n:04d}")
    scope = DEFAULT_SCOPE
    status = MessageStatus.PENDING
    source = MessageSource.POLL
    payload = None


class ProcessingMessageFactory(MessageFactory):
    status = MessageStatus.PROCESSING
    claimed_by = "worker-a/run1"
    started_at = factory.LazyFunction(timezone.now)
    lease_expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=5))


class FailedMessageFactory(MessageFactory):
    status = MessageStatus.FAILED
    attempts = 3
    error = "Invalid attribute SKU = X."
    processed_at = factory.LazyFunction(timezone.now)


class LinkFactory(factory.django.DjangoModelFactory[Link]):
    class Meta:
        model = Link

    entity = Entity.PRODUCT
    scope = DEFAULT_SCOPE
    acumatica_key = factory.Sequence(lambda n: f"ITEM{n:04d}")
    magento_id = factory.LazyAttribute(lambda link: link.acumatica_key)
    enabled_for_sync = True


class CursorFactory(factory.django.DjangoModelFactory[Cursor]):
    class Meta:
        model = Cursor

    entity = Entity.PRICE
    direction = Direction.A2M
    scope = DEFAULT_SCOPE
    value = factory.LazyFunction(timezone.now)
