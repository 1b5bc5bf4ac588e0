"""Serializers of the status API (read-only: the API changes state only through its actions)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from sync.models import Link, Message


class MessageSerializer(serializers.ModelSerializer[Message]):
    class Meta:
        model = Message
        fields = [
            "id",
            "entity",
            "direction",
            "action",
            "key",
            "scope",
            "status",
            "reason",
            "error",
            "attempts",
            "waits",
            "source",
            "next_attempt_at",
            "created_at",
            "updated_at",
            "started_at",
            "processed_at",
            "duration_ms",
        ]
        read_only_fields = fields


class MessageDetailSerializer(MessageSerializer):
    """A message with its snapshot and its exchange log (already redacted when stored)."""

    class Meta(MessageSerializer.Meta):
        fields = [*MessageSerializer.Meta.fields, "claimed_by", "lease_expires_at", "payload", "exchanges"]
        read_only_fields = fields


class LinkSerializer(serializers.ModelSerializer[Link]):
    class Meta:
        model = Link
        fields = [
            "id",
            "entity",
            "scope",
            "acumatica_key",
            "magento_id",
            "enabled_for_sync",
            "visibility",
            "category_status",
            "extra",
            "fingerprint",
            "last_synced_at",
            "last_error",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReprocessResultSerializer(serializers.Serializer[Any]):
    requeued = serializers.IntegerField()
    superseded = serializers.IntegerField()
    resent = serializers.IntegerField()
    ignored = serializers.IntegerField()
    detail = serializers.CharField()
    message = MessageSerializer()


class QueueControlSerializer(serializers.Serializer[Any]):
    paused = serializers.BooleanField()
    paused_at = serializers.DateTimeField(allow_null=True)
    paused_by = serializers.CharField(allow_blank=True)
