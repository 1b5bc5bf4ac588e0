"""Polling cursors: per (entity, direction, scope), the point up to which changes were captured."""

from __future__ import annotations

from django.db import models

from sync.choices import Direction
from sync.models.store_views import DEFAULT_SCOPE


class Cursor(models.Model):
    entity = models.CharField(max_length=32)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    scope = models.CharField(max_length=64, default=DEFAULT_SCOPE)
    value = models.DateTimeField(
        null=True, blank=True, help_text="Changes before this instant are stored as messages."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entity", "direction", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "direction", "scope"], name="sync_cursor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.direction} @{self.scope}: {self.value or 'not started'}"
