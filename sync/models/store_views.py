"""Store views, the base of every row kept per scope, and the Sync Configuration per scope.

A scope is Default Config or one Magento store view. Default Config has one Sync Configuration row
per entity (created by a data migration); a store view may have its own row for an entity, which
then overrides the default. Which row applies is decided in `sync.scopes`, nowhere else.
"""

from __future__ import annotations

from typing import Any, Self

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from endpoints.models import AcumaticaConnection
from sync.choices import ENTITY_SYNC_DIRECTIONS, Entity, SyncDirection

DEFAULT_SCOPE = "default"

validate_store_code = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    message="A store view code has lowercase letters (a-z), digits and underscores and starts with a letter.",
    code="invalid_store_code",
)


def validate_not_default_scope(value: str) -> None:
    """Magento's store view `default` is governed by Default Config, so it needs no row of its own."""
    if value == DEFAULT_SCOPE:
        raise ValidationError(
            "The code 'default' is Default Config; Magento's default store view uses Default Config.",
            code="reserved_store_code",
        )


class StoreView(models.Model):
    """A Magento store view with its own settings (branch, optionally its own Acumatica connection)."""

    code = models.CharField(
        "Store View Code",
        max_length=32,
        unique=True,
        validators=[validate_store_code, validate_not_default_scope],
        help_text="The Magento store view code, as in the store's URLs and REST routes (/rest/<code>/V1).",
    )
    name = models.CharField("Name", max_length=255, help_text="The store view name, as in Magento.")
    website_code = models.CharField(
        "Website Code",
        max_length=32,
        validators=[validate_store_code],
        help_text="The code of the Magento website the store view belongs to (for example base).",
    )
    acumatica_branch = models.CharField(
        "Acumatica Branch",
        max_length=30,
        blank=True,
        help_text="The Acumatica branch this store view sells for. Blank: its Acumatica connection's branch.",
    )
    acumatica_connection = models.ForeignKey(
        AcumaticaConnection,
        verbose_name="Acumatica Connection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="store_views",
        help_text="Leave blank to use Default Config.",
    )

    class Meta:
        verbose_name = "store view"
        verbose_name_plural = "store views"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


def store_view_field(
    *, related_name: str = "+", help_text: str = "Blank: Default Config."
) -> models.ForeignKey[Any, Any]:
    """The store view column of a per-scope row: NULL is Default Config, so every per-scope table
    answers "which scope" the same way."""
    return models.ForeignKey(
        StoreView,
        verbose_name="Store View",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=help_text,
    )


class ScopedModel(models.Model):
    """Base of the rows kept per scope: a blank store view is Default Config, and a store view's
    row overrides Default Config's."""

    store_view = store_view_field()

    class Meta:
        abstract = True

    @property
    def scope(self) -> str:
        return self.store_view.code if self.store_view_id is not None and self.store_view else DEFAULT_SCOPE

    @classmethod
    def in_scope(cls, scope: str) -> models.QuerySet[Self]:
        """The rows that may apply to a scope: its store view's and Default Config's."""
        condition = Q(store_view__isnull=True)
        if scope != DEFAULT_SCOPE:
            condition |= Q(store_view__code=scope)
        return cls._default_manager.filter(condition)


class SyncConfiguration(ScopedModel):
    """Whether and in which direction an entity syncs in a scope (store view NULL = Default Config)."""

    store_view = store_view_field(related_name="sync_configurations")
    entity = models.CharField("Entity", max_length=30, choices=Entity.choices)
    enabled = models.BooleanField("Enabled", default=True)
    direction = models.CharField(
        "Sync Direction", max_length=20, choices=SyncDirection.choices, default=SyncDirection.A2M
    )

    class Meta:
        verbose_name = "sync configuration"
        verbose_name_plural = "sync configuration"
        ordering = ["store_view__code", "entity"]
        constraints = [
            models.UniqueConstraint(
                fields=["store_view", "entity"],
                condition=Q(store_view__isnull=False),
                name="sync_one_configuration_per_store_view_entity",
            ),
            models.UniqueConstraint(
                fields=["entity"],
                condition=Q(store_view__isnull=True),
                name="sync_one_default_configuration_per_entity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope}: {self.get_entity_display()}"

    def clean(self) -> None:
        if not self.entity or self.entity not in Entity.values:
            return
        allowed = ENTITY_SYNC_DIRECTIONS[Entity(self.entity)]
        if self.direction and self.direction not in allowed:
            names = ", ".join(str(SyncDirection(choice).label) for choice in allowed)
            raise ValidationError(
                {"direction": f"{Entity(self.entity).label} can only sync {names}."}, code="invalid_direction"
            )
