"""Magento Endpoints and Acumatica Endpoints: the URL every action of the connector calls.

One row per action type (`magento.product.upsert`, "Create/Update Product" -> `PUT
{base}/rest/{store}/V1/products/{sku}`), shipped from `endpoints/defaults.py` by a migration and
editable by an implementation specialist in the admin (a proxy model per system gives each its
own page). The clients resolve every URL through these rows (`endpoints.resolvers`).

An edit may change the HTTP method and the URL template, never the placeholders the action
fills: a template that drops `{sku}` from the product upsert would write every product to one
URL, and one that adds `{foo}` cannot be filled. `{base}` may give way to an absolute URL (a
proxy or a different host). Saving an edit takes effect for clients created afterwards.
"""

from __future__ import annotations

import string
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from endpoints.clients.routing import BASE, HTTP_METHODS
from endpoints.defaults import ACUMATICA, ENDPOINT_SPECS, MAGENTO, EndpointSpec

SYSTEM_CHOICES = [(MAGENTO, "Magento"), (ACUMATICA, "Acumatica")]
METHOD_CHOICES = [(method, method) for method in ("GET", "POST", "PUT", "PATCH", "DELETE")]
assert {method for method, _ in METHOD_CHOICES} == HTTP_METHODS


def _placeholders(template: str) -> list[tuple[str, str, str | None]]:
    """(name, format spec, conversion) of each `{...}`; `ValueError` for unbalanced braces."""
    return [
        (name, spec or "", conversion)
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    ]


def _braced(names: Any) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names))


def route_errors(key: str, method: str, template: str) -> dict[str, str]:
    """What is wrong with an edited route for action `key`, per field (empty when it is fine)."""
    errors: dict[str, str] = {}
    if method not in HTTP_METHODS:
        errors["method"] = f"Unknown HTTP method {method!r}: use {', '.join(sorted(HTTP_METHODS))}."
    spec = ENDPOINT_SPECS.get(key)
    template = template.strip()
    try:
        found = _placeholders(template)
    except ValueError:
        errors["url_template"] = "The URL has an unmatched { or }: placeholders are written {name}."
        return errors
    if spec is None:
        return errors
    names = {name for name, _, _ in found}
    expected = {name for name, _, _ in _placeholders(spec.template)}
    if any(not name for name in names):
        errors["url_template"] = "Every placeholder needs a name, for example {sku}."
    elif any(spec_ or conversion for _, spec_, conversion in found):
        errors["url_template"] = (
            "Placeholders are plain {name}, without formatting such as {sku:>10} or {sku!r}."
        )
    elif unknown := names - expected:
        allowed = _braced(expected) or "no placeholders"
        errors["url_template"] = f"This action does not supply {_braced(unknown)}; its URL can use {allowed}."
    elif missing := expected - names - {BASE}:
        errors["url_template"] = (
            f"The URL must keep {_braced(missing)}: {spec.description} fills "
            f"{'it' if len(missing) == 1 else 'them'} in for every call."
        )
    elif BASE in expected and BASE not in names and not template.startswith(("http://", "https://")):
        errors["url_template"] = "Start the URL with {base} (the site URL) or with http:// or https://."
    elif BASE in names and not template.startswith("{base}"):
        errors["url_template"] = "{base} is the site URL: it can only begin the URL."
    return errors


class EndpointURLQuerySet(models.QuerySet["EndpointURL"]):
    def ensure_defaults(self) -> int:
        """Add the shipped rows that are missing (a newer release ships more); returns how many."""
        existing = set(EndpointURL.objects.values_list("key", flat=True))
        missing = [EndpointURL.from_spec(spec) for key, spec in ENDPOINT_SPECS.items() if key not in existing]
        if missing:
            EndpointURL.objects.bulk_create(missing, ignore_conflicts=True)
            invalidate_endpoint_tables()
        return len(missing)

    def restore_defaults(self) -> int:
        """Put the shipped method and URL back on these rows; returns how many changed."""
        changed = 0
        with transaction.atomic():
            for row in self.select_for_update():
                if row.restore_default():
                    changed += 1
        return changed


class EndpointURL(models.Model):
    """The HTTP method and URL template of one action type of one system."""

    system = models.CharField("System", max_length=20, choices=SYSTEM_CHOICES, editable=False)
    key = models.CharField(
        "Key",
        max_length=100,
        unique=True,
        editable=False,
        help_text="How the connector's code names this action; never changes.",
    )
    description = models.CharField("Action Type", max_length=200, editable=False)
    method = models.CharField(
        "HTTP Method",
        max_length=10,
        choices=METHOD_CHOICES,
        help_text="Change it only when the endpoint behind the URL expects another method.",
    )
    url_template = models.CharField(
        "URL",
        max_length=500,
        help_text="{base} is the site URL of the connection; {store} the Magento store view code; "
        "{endpoint}/{version} the Acumatica endpoint; other {names} are filled per call and must stay.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = EndpointURLQuerySet.as_manager()

    class Meta:
        verbose_name = "endpoint URL"
        verbose_name_plural = "endpoint URLs"
        ordering = ["system", "key"]

    def __str__(self) -> str:
        return f"{self.description} ({self.key})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        invalidate_endpoint_tables()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        result = super().delete(*args, **kwargs)
        invalidate_endpoint_tables()
        return result

    @classmethod
    def from_spec(cls, spec: EndpointSpec) -> EndpointURL:
        return cls(
            system=spec.system,
            key=spec.key,
            description=spec.description,
            method=spec.method,
            url_template=spec.template,
        )

    @property
    def default(self) -> EndpointSpec | None:
        """The shipped row of this action (None for a key no release ships any more)."""
        return ENDPOINT_SPECS.get(self.key)

    @property
    def is_modified(self) -> bool:
        spec = self.default
        return spec is not None and (self.method, self.url_template) != (spec.method, spec.template)

    def clean(self) -> None:
        self.url_template = (self.url_template or "").strip()
        self.method = (self.method or "").upper()
        errors = route_errors(self.key, self.method, self.url_template)
        if errors:
            raise ValidationError(errors)

    def restore_default(self) -> bool:
        """Put the shipped method and URL back; returns whether anything changed."""
        spec = self.default
        if spec is None or (not self.is_modified and self.description == spec.description):
            return False
        self.method, self.url_template, self.description = spec.method, spec.template, spec.description
        self.save()
        return True


class SystemManager(models.Manager["EndpointURL"]):
    """The rows of one system: the default manager of each proxy model (one admin page each)."""

    system: ClassVar[str]

    def get_queryset(self) -> EndpointURLQuerySet:
        return EndpointURLQuerySet(self.model, using=self._db).filter(system=self.system)


class MagentoEndpointManager(SystemManager):
    system = MAGENTO


class AcumaticaEndpointManager(SystemManager):
    system = ACUMATICA


class MagentoEndpoint(EndpointURL):
    """The Magento rows, on their own admin page."""

    objects = MagentoEndpointManager()  # type: ignore[misc,assignment]  # narrower than the base's manager

    class Meta:
        proxy = True
        verbose_name = "Magento endpoint"
        verbose_name_plural = "Magento endpoints"


class AcumaticaEndpoint(EndpointURL):
    """The Acumatica rows, on their own admin page."""

    objects = AcumaticaEndpointManager()  # type: ignore[misc,assignment]  # narrower than the base's manager

    class Meta:
        proxy = True
        verbose_name = "Acumatica endpoint"
        verbose_name_plural = "Acumatica endpoints"


def invalidate_endpoint_tables() -> None:
    """Forget this process's copy of the tables, now and once the transaction commits (another
    process notices the edit by itself: see `endpoints.resolvers`)."""
    from endpoints.resolvers import forget_endpoint_tables

    forget_endpoint_tables()
    transaction.on_commit(forget_endpoint_tables)
