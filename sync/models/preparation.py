"""Data preparation (the guide's section 4): Item Classes, Stock Items and Sales Categories.

Kensium keeps "Enabled for Magento Sync", "Visibility" and "Category Status on Magento" on
Acumatica screens; this connector keeps them on the link of each record, so the three lists are
proxy models over `Link` filtered by entity. A row appears when the record is first seen in
Acumatica (by a poll, a push or `initial_sync`); what Acumatica says about it (description, class,
status, parent...) is kept in `Link.extra` and refreshed whenever the record is read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.db import models

from sync.choices import Entity
from sync.models.links import Link, LinkQuerySet
from sync.models.store_views import DEFAULT_SCOPE

# Acumatica item statuses under which an item still sells (the product is "active").
SELLING_STATUSES = ("Active", "No Purchases", "No Request")


class ItemKind(models.TextChoices):
    SIMPLE = "simple", "Stock item"
    VARIANT = "variant", "Matrix item"
    TEMPLATE = "template", "Matrix template"


R = TypeVar("R", bound=Link)


class _PreparationManager(models.Manager[R]):
    """The links of one entity in Default Config (catalog records sync globally)."""

    def __init__(self, entity: str) -> None:
        super().__init__()
        self.entity = entity

    def get_queryset(self) -> models.QuerySet[R]:
        queryset: models.QuerySet[R] = LinkQuerySet(self.model, using=self._db)
        return queryset.filter(entity=self.entity, scope=DEFAULT_SCOPE)


class _PreparationRecord:
    """Common behaviour of the three lists (a mixin, not a model): the entity is fixed, facts come
    from `extra`."""

    ENTITY: ClassVar[str]
    if TYPE_CHECKING:
        entity: str
        scope: str
        extra: dict[str, Any]
        acumatica_key: str

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.entity = self.ENTITY
        self.scope = self.scope or DEFAULT_SCOPE
        super().save(*args, **kwargs)  # type: ignore[misc]  # Link.save, next in the MRO

    def fact(self, name: str, default: Any = "") -> Any:
        return (self.extra or {}).get(name, default)

    @property
    def description(self) -> str:
        return str(self.fact("description"))


class ItemClass(_PreparationRecord, Link):
    """An Acumatica item class; enabled, it becomes a Magento attribute set (`magento_id`)."""

    ENTITY = Entity.ATTRIBUTE_SET
    objects: _PreparationManager[ItemClass] = _PreparationManager(Entity.ATTRIBUTE_SET)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = "item class"
        verbose_name_plural = "item classes"

    @property
    def class_id(self) -> str:
        return self.acumatica_key

    @property
    def attributes(self) -> list[str]:
        return list(self.fact("attributes", []))


class StockItem(_PreparationRecord, Link):
    """An Acumatica stock item or matrix template; enabled and ready, it becomes a product."""

    ENTITY = Entity.PRODUCT
    objects: _PreparationManager[StockItem] = _PreparationManager(Entity.PRODUCT)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = "stock item"
        verbose_name_plural = "stock items"

    @property
    def inventory_id(self) -> str:
        return self.acumatica_key

    @property
    def item_class(self) -> str:
        return str(self.fact("item_class"))

    @property
    def item_status(self) -> str:
        return str(self.fact("status"))

    @property
    def kind(self) -> str:
        return str(self.fact("kind", ItemKind.SIMPLE))

    @property
    def template_id(self) -> str:
        return str(self.fact("template") or "")

    @property
    def is_active_in_acumatica(self) -> bool:
        return self.item_status in SELLING_STATUSES


class SalesCategory(_PreparationRecord, Link):
    """An Acumatica item sales category; enabled, it becomes a Magento category (`magento_id`)."""

    ENTITY = Entity.CATEGORY
    objects: _PreparationManager[SalesCategory] = _PreparationManager(Entity.CATEGORY)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = "sales category"
        verbose_name_plural = "sales categories"

    @property
    def category_id(self) -> str:
        return self.acumatica_key

    @property
    def parent_id(self) -> str:
        return str(self.fact("parent") or "0")

    @property
    def path(self) -> str:
        return str(self.fact("path") or self.description)
