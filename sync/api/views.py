"""Views of the status API. Thin: parse and validate input, call one service, serialize.

Bad input (an unknown status, a malformed date, a message that cannot be reprocessed) answers 400
or 404 with a `detail` message, never a 500.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sync.api.serializers import (
    LinkSerializer,
    MessageDetailSerializer,
    MessageSerializer,
    QueueControlSerializer,
    ReprocessResultSerializer,
)
from sync.choices import Direction
from sync.models import Link, Message, MessageSource, MessageStatus
from sync.queue import pause_queue, reprocess_messages, resume_queue
from sync.status import health, queue_status


def _choice(request: Request, name: str, choices: list[str]) -> str | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if value not in choices:
        raise ValidationError({name: f"Unknown {name} {value!r}; use one of: {', '.join(choices)}."})
    return value


def _when(request: Request, name: str, end_of_day: bool = False) -> datetime | None:
    """An ISO date-time, or a date (start of day; end of day for `until`)."""
    raw = request.query_params.get(name)
    if not raw:
        return None
    problem = {name: f"{raw!r} is not a date (YYYY-MM-DD) or an ISO date-time."}
    try:
        moment = parse_datetime(raw)
        day = parse_date(raw) if moment is None else None
    except ValueError:  # well-formed but impossible, such as month 13
        raise ValidationError(problem) from None
    if moment is None:
        if day is None:
            raise ValidationError(problem)
        moment = datetime.combine(day, time.max if end_of_day else time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _text(request: Request, name: str) -> str | None:
    value = request.query_params.get(name, "").strip()
    return value or None


MESSAGE_FILTERS = [
    OpenApiParameter("status", str, enum=MessageStatus.values),
    OpenApiParameter("entity", str),
    OpenApiParameter("direction", str, enum=Direction.values),
    OpenApiParameter("scope", str),
    OpenApiParameter("key", str, description="Exact record key."),
    OpenApiParameter("source", str, enum=MessageSource.values),
    OpenApiParameter("error", str, description="Text contained in the error."),
    OpenApiParameter("since", OpenApiTypes.DATETIME, description="Created at or after (date or date-time)."),
    OpenApiParameter("until", OpenApiTypes.DATETIME, description="Created at or before (date or date-time)."),
]


@extend_schema(parameters=MESSAGE_FILTERS)
class MessageViewSet(viewsets.ReadOnlyModelViewSet[Message]):
    """Messages (the queue and its log), newest first."""

    queryset = Message.objects.all()

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return MessageDetailSerializer if self.action in ("retrieve", "reprocess") else MessageSerializer

    def get_queryset(self) -> QuerySet[Message]:
        qs = Message.objects.order_by("-id")
        if self.action != "list":
            return qs
        request = self.request
        filters: dict[str, Any] = {}
        for name, choices in (
            ("status", MessageStatus.values),
            ("direction", Direction.values),
            ("source", MessageSource.values),
        ):
            value = _choice(request, name, choices)
            if value:
                filters[name] = value
        for name in ("entity", "scope", "key"):
            value = _text(request, name)
            if value:
                filters[name] = value
        error = _text(request, "error")
        if error:
            filters["error__icontains"] = error
        since, until = _when(request, "since"), _when(request, "until", end_of_day=True)
        if since:
            filters["created_at__gte"] = since
        if until:
            filters["created_at__lte"] = until
        return qs.filter(**filters)

    @extend_schema(request=None, responses=ReprocessResultSerializer)
    @action(detail=True, methods=["post"])
    def reprocess(self, request: Request, pk: str | None = None) -> Response:
        """Reprocess one message: a failed one returns to pending; a finished one queues its record
        again; one whose record has newer work is skipped as superseded."""
        message = self.get_object()
        if message.status in (MessageStatus.PENDING, MessageStatus.PROCESSING):
            raise ValidationError({"detail": f"Message #{message.pk} is {message.status} already."})
        result = reprocess_messages([message])
        message.refresh_from_db()
        return Response(
            {
                "requeued": result.requeued,
                "superseded": result.superseded,
                "resent": result.resent,
                "ignored": result.ignored,
                "detail": result.summary(),
                "message": MessageSerializer(message).data,
            }
        )


@extend_schema(
    parameters=[
        OpenApiParameter("entity", str),
        OpenApiParameter("scope", str),
        OpenApiParameter("acumatica_key", str),
        OpenApiParameter("magento_id", str),
        OpenApiParameter("linked", bool, description="Only records that exist (or do not) in Magento."),
        OpenApiParameter("enabled", bool, description="Only records enabled (or not) for sync."),
    ]
)
class LinkViewSet(viewsets.ReadOnlyModelViewSet[Link]):
    """Synced record pairs: Acumatica key <-> Magento id, flags, fingerprint, last sync."""

    queryset = Link.objects.all()
    serializer_class = LinkSerializer

    def get_queryset(self) -> QuerySet[Link]:
        qs = Link.objects.order_by("entity", "scope", "acumatica_key")
        if self.action != "list":
            return qs
        request = self.request
        for name in ("entity", "scope", "acumatica_key", "magento_id"):
            value = _text(request, name)
            if value:
                qs = qs.filter(**{name: value})
        linked = _flag(request, "linked")
        if linked is not None:
            qs = qs.linked() if linked else qs.filter(magento_id__isnull=True) | qs.filter(magento_id="")
        enabled = _flag(request, "enabled")
        if enabled is not None:
            qs = qs.filter(enabled_for_sync=enabled)
        return qs


def _flag(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    lowered = raw.lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise ValidationError({name: f"{name} expects true or false, not {raw!r}."})


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def status_view(request: Request) -> Response:
    """Per entity and scope: pending, processing, failed, last success, cursor; the runners'
    heartbeat; the state of each remote connection; whether the queue is paused."""
    return Response(queue_status())


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def health_view(request: Request) -> Response:
    """`status` is ok, degraded (no live runner, or a connection failing) or down (no database)."""
    result = health()
    return Response(result, status=503 if result["status"] == "down" else 200)


@extend_schema(request=None, responses=QueueControlSerializer)
@api_view(["POST"])
def pause_view(request: Request) -> Response:
    """Pause: changes are still captured and queued; nothing is sent until resumed."""
    control = pause_queue(by=request.user.get_username())
    return Response(QueueControlSerializer(control).data)


@extend_schema(request=None, responses=QueueControlSerializer)
@api_view(["POST"])
def resume_view(request: Request) -> Response:
    control = resume_queue(by=request.user.get_username())
    return Response(QueueControlSerializer(control).data)
