"""Settings that exist exactly once (Setup Parameters, Logging settings)."""

from __future__ import annotations

from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models

SINGLETON_PK = 1


class SingletonModel(models.Model):
    """A model with one row (pk 1), created on first use and never deleted.

    The data migration creates the row, `load()` recreates it if it is missing, and `save()` always
    writes pk 1, so there is never a second row to choose from.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = SINGLETON_PK
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(f"{self._meta.verbose_name} cannot be deleted.")

    @classmethod
    def load(cls) -> Self:
        instance, _ = cls._default_manager.get_or_create(pk=SINGLETON_PK)
        return instance
