"""Schema fields: which Acumatica value goes to which Magento field, and whether it syncs.

One row per (entity, API Reference Field Path, API Input Field Name). The shipped catalog
(`schema.defaults`) is loaded by a data migration; Refresh Schema adds what Acumatica reports;
merchants add rows by hand. `clean()` refuses a path that is not in the APIs' contracts, an unknown
transform or bad options, and a second active field writing the same target, so the admin shows a
form error instead of a sync failing later. Flows read rows as `FieldSpec`s (`to_spec()`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from schema.contract import check_input_name, check_reference_path
from schema.defaults import ENTITY_LABELS, TABS
from schema.mapping import FieldSpec
from schema.paths import PathError
from schema.transforms import TRANSFORMS, TransformError, get_transform, validate_transform


class SchemaEntity(models.TextChoices):
    PRODUCT = "product", ENTITY_LABELS["product"]
    CATEGORY = "category", ENTITY_LABELS["category"]
    CUSTOMER = "customer", ENTITY_LABELS["customer"]
    ORDER = "order", ENTITY_LABELS["order"]


class SchemaOrigin(models.TextChoices):
    SHIPPED = "shipped", "Shipped"
    DISCOVERED = "discovered", "Discovered by Refresh Schema"
    MANUAL = "manual", "Added by hand"


class SchemaDirection(models.TextChoices):
    BOTH = "both", "Both ways"
    A2M = "a2m", "Acumatica to Magento"
    M2A = "m2a", "Magento to Acumatica"


# The directions an entity's records flow in (design.md section 1): catalog entities only A to M,
# order addresses only M to A, customers both ways.
ENTITY_DIRECTIONS: dict[str, tuple[str, ...]] = {
    "product": ("a2m",),
    "category": ("a2m",),
    "customer": ("both", "a2m", "m2a"),
    "order": ("m2a",),
}


class SchemaFieldQuerySet(models.QuerySet["SchemaField"]):
    def for_entity(self, entity: str) -> SchemaFieldQuerySet:
        return self.filter(entity=entity)

    def active(self) -> SchemaFieldQuerySet:
        return self.filter(active=True)

    def specs(self) -> list[FieldSpec]:
        """The rows as plain `FieldSpec`s, in display order, for the mapping engine."""
        return [row.to_spec() for row in self.order_by("entity", "sort_order", "pk")]


class SchemaField(models.Model):
    entity = models.CharField("Entity", max_length=20, choices=SchemaEntity.choices, db_index=True)
    tab = models.CharField(
        "Tab", max_length=60, help_text="The tab of the entity's page this field is listed on."
    )
    display_name = models.CharField("Display Name", max_length=150)
    api_reference_path = models.CharField(
        "API Reference Field Path",
        max_length=300,
        help_text="Where the value lives in the Acumatica record, for example Description, "
        "MainContact.Address.City, Attributes[AttributeID=COLOR].Value or custom.ItemSettings.UsrBrand.",
    )
    api_input_name = models.CharField(
        "API Input Field Name",
        max_length=300,
        help_text="Where it goes in the Magento record, for example name, custom_attributes.meta_title, "
        "extension_attributes.website_ids or addresses[default_billing].city.",
    )
    transform = models.CharField(
        "Transform",
        max_length=30,
        default="text",
        help_text="How the value is converted on the way (and back, for fields that flow both ways).",
    )
    transform_options = models.JSONField(
        "Transform Options",
        default=dict,
        blank=True,
        help_text='Options of the transform as a JSON object, for example {"table": "customer_group"} '
        'for a lookup or {"from_path": "WeightUOM", "to": "LB"} for a unit conversion.',
    )
    direction = models.CharField(
        "Direction", max_length=4, choices=SchemaDirection.choices, default=SchemaDirection.BOTH
    )
    active = models.BooleanField(
        "Active",
        default=False,
        help_text="Only active fields are read, mapped and compared: a change to an inactive field "
        "triggers no sync.",
    )
    required = models.BooleanField(
        "Required",
        default=False,
        help_text="A record whose value cannot be mapped fails instead of syncing without it.",
    )
    origin = models.CharField(
        "Origin", max_length=12, choices=SchemaOrigin.choices, default=SchemaOrigin.MANUAL, editable=False
    )
    sort_order = models.PositiveIntegerField("Sort Order", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchemaFieldQuerySet.as_manager()

    class Meta:
        verbose_name = "schema field"
        verbose_name_plural = "schema fields"
        ordering = ["entity", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "api_reference_path", "api_input_name"],
                name="schema_field_unique_per_entity_and_paths",
            )
        ]
        indexes = [models.Index(fields=["entity", "active"], name="schema_field_entity_active")]

    def __str__(self) -> str:
        return f"{self.get_entity_display()}: {self.display_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding and not self.sort_order:  # a new field goes to the end of its entity
            last = SchemaField.objects.for_entity(self.entity).aggregate(last=models.Max("sort_order"))[
                "last"
            ]
            self.sort_order = (last or 0) + 10
        super().save(*args, **kwargs)

    def to_spec(self) -> FieldSpec:
        return FieldSpec(
            api_reference_path=self.api_reference_path,
            api_input_name=self.api_input_name,
            transform=self.transform,
            options=dict(self.transform_options or {}),
            active=self.active,
            required=self.required,
            direction=self.direction,  # type: ignore[arg-type]
            name=self.display_name,
            entity=self.entity,
            tab=self.tab,
        )

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.entity not in TABS:
            raise ValidationError({"entity": f"Unknown entity {self.entity!r}."})
        if self.tab not in TABS[self.entity]:
            errors.setdefault("tab", []).append(
                f"Choose one of the {self.get_entity_display()} tabs: {', '.join(TABS[self.entity])}."
            )
        if self.direction not in ENTITY_DIRECTIONS[self.entity]:
            allowed = ", ".join(SchemaDirection(d).label for d in ENTITY_DIRECTIONS[self.entity])
            errors.setdefault("direction", []).append(
                f"{self.get_entity_display()} fields flow {allowed} only."
            )
        for name, check in (
            ("api_reference_path", lambda: check_reference_path(self.entity, self.api_reference_path)),
            ("api_input_name", lambda: check_input_name(self.entity, self.api_input_name)),
        ):
            try:
                check()
            except PathError as error:
                errors.setdefault(name, []).append(str(error))
        try:
            get_transform(self.transform)
            validate_transform(self.transform, self.transform_options)
        except TransformError as error:
            field = "transform" if self.transform not in TRANSFORMS else "transform_options"
            errors.setdefault(field, []).append(str(error))
        if not errors:
            self._check_unique_paths(errors)
        if not errors and self.active:
            self._check_single_writer(errors)
        if errors:
            raise ValidationError(errors)

    def full_clean(
        self,
        exclude: Iterable[str] | None = None,
        validate_unique: bool = True,
        validate_constraints: bool = True,
    ) -> None:
        """As Django's, but an error `clean()` raises on a field the caller's form does not show (the
        changelist's Active-only form) becomes a non-field error instead of a crash."""
        try:
            super().full_clean(exclude, validate_unique, validate_constraints)
        except ValidationError as error:
            hidden = set(exclude or ())
            if not hidden or not hasattr(error, "error_dict"):
                raise
            remapped: dict[str, list[ValidationError]] = {}
            for name, messages in error.error_dict.items():
                remapped.setdefault(NON_FIELD_ERRORS if name in hidden else name, []).extend(messages)
            raise ValidationError(remapped) from None

    def _check_unique_paths(self, errors: dict[str, list[str]]) -> None:
        twin = (
            SchemaField.objects.for_entity(self.entity)
            .filter(api_reference_path=self.api_reference_path, api_input_name=self.api_input_name)
            .exclude(pk=self.pk)
            .first()
        )
        if twin is not None:
            errors.setdefault("api_reference_path", []).append(
                f"{twin.display_name!r} already maps {self.api_reference_path} to {self.api_input_name}."
            )

    def _check_single_writer(self, errors: dict[str, list[str]]) -> None:
        """Two active fields must not write the same target in the same direction."""
        others = SchemaField.objects.for_entity(self.entity).active().exclude(pk=self.pk)
        for direction, target in (("a2m", "api_input_name"), ("m2a", "api_reference_path")):
            if self.direction not in ("both", direction):
                continue
            clash = (
                others.filter(**{target: getattr(self, target)}, direction__in=("both", direction))
                .order_by("sort_order")
                .first()
            )
            if clash is not None:
                errors.setdefault("active", []).append(
                    f"{clash.display_name!r} already writes {getattr(self, target)}; deactivate it first."
                )
                return


class ProductSchemaField(SchemaField):
    class Meta:
        proxy = True
        verbose_name = "product field"
        verbose_name_plural = "Product schema"


class CategorySchemaField(SchemaField):
    class Meta:
        proxy = True
        verbose_name = "category field"
        verbose_name_plural = "Category schema"


class CustomerSchemaField(SchemaField):
    class Meta:
        proxy = True
        verbose_name = "customer field"
        verbose_name_plural = "Customer schema"


class OrderSchemaField(SchemaField):
    class Meta:
        proxy = True
        verbose_name = "order address field"
        verbose_name_plural = "Order address schema"


# One admin page per entity (design.md section 8).
ENTITY_PROXIES: dict[str, type[SchemaField]] = {
    "product": ProductSchemaField,
    "category": CategorySchemaField,
    "customer": CustomerSchemaField,
    "order": OrderSchemaField,
}


def field_defaults(spec: FieldSpec, **extra: Any) -> dict[str, Any]:
    """Model values of a `FieldSpec` (for loading the shipped catalog and importing)."""
    return {
        "tab": spec.tab,
        "display_name": spec.name or spec.api_reference_path,
        "transform": spec.transform,
        "transform_options": dict(spec.options),
        "direction": spec.direction,
        "active": spec.active,
        "required": spec.required,
        **extra,
    }
