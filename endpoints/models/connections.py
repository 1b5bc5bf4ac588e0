"""Acumatica connection settings: Default Config plus optional per-store-view connections.

This is the guide's Magento-side Basic Configuration. Exactly one row is the Default Config
(`is_default`, backed by a partial unique constraint and created by the initial migration); a store
view may point at its own row (another company/tenant or another user) and otherwise uses the
default. The store view lives in `sync` and the dependency points from `sync` to `endpoints`, so
`for_store_view()` only needs something with an `acumatica_connection` attribute.
"""

from __future__ import annotations

from typing import Protocol

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from endpoints.fields import EncryptedTextField
from endpoints.governor import AcumaticaLimits
from endpoints.validators import (
    DEFAULT_ENDPOINT_NAME,
    DEFAULT_ENDPOINT_VERSION,
    SUPPORTED_ENDPOINT_VERSIONS,
    validate_endpoint_version,
    validate_http_url,
)

DEFAULT_CONNECTION_NAME = "Default Config"


class HasAcumaticaConnection(Protocol):
    """What `for_store_view` needs from a store view (kept structural: endpoints never imports sync)."""

    @property
    def acumatica_connection(self) -> AcumaticaConnection | None: ...


class AcumaticaConnectionQuerySet(models.QuerySet["AcumaticaConnection"]):
    def ensure_default(self) -> AcumaticaConnection:
        """The Default Config row, created if someone removed it behind the admin's back."""
        connection, _ = self.get_or_create(is_default=True, defaults={"name": DEFAULT_CONNECTION_NAME})
        return connection


class AcumaticaConnection(models.Model):
    """Where and as whom the connector logs in to Acumatica's contract-based REST API."""

    name = models.CharField(
        "Name",
        max_length=100,
        unique=True,
        help_text="How this connection is called in the admin, for example the company it logs in to.",
    )
    is_default = models.BooleanField(
        "Default Config",
        default=False,
        editable=False,
        help_text="Used by every store view that has no connection of its own.",
    )
    base_url = models.CharField(
        "Acumatica Base URL",
        max_length=500,
        blank=True,
        validators=[validate_http_url],
        help_text="The address of the Acumatica instance, for example https://erp.example.com/AcumaticaERP.",
    )
    username = models.CharField(
        "Login Username",
        max_length=150,
        blank=True,
        help_text="An Acumatica user for the API; it takes one API user seat of the license while logged in.",
    )
    password = EncryptedTextField(
        "Password",
        help_text="The Acumatica password of the login user. Stored encrypted.",
    )
    tenant = models.CharField(
        "Login Company",
        max_length=150,
        blank=True,
        help_text="The tenant (company) to log in to, as on Acumatica's sign-in page.",
    )
    branch = models.CharField(
        "Branch",
        max_length=30,
        blank=True,
        help_text="The branch to log in to. Leave blank for the user's default branch.",
    )
    endpoint_name = models.CharField(
        "Endpoint Name",
        max_length=100,
        default=DEFAULT_ENDPOINT_NAME,
        help_text="The contract-based web service endpoint; the connector is built for the system endpoint "
        "`Default` (or an extension of it).",
    )
    endpoint_version = models.CharField(
        "Endpoint Version",
        max_length=20,
        default=DEFAULT_ENDPOINT_VERSION,
        validators=[validate_endpoint_version],
        help_text="Version of the endpoint: " + " or ".join(SUPPORTED_ENDPOINT_VERSIONS) + ".",
    )
    # The license figures of the instance (Acumatica's License Monitoring Console, SM604000). The
    # connector's client-side governor stays inside them, so Acumatica never has to queue, delay,
    # reject (429) or refuse a login (API Login Limit) because of us. Blank = not limited.
    max_concurrent_requests = models.PositiveIntegerField(
        "Maximum Concurrent Requests",
        null=True,
        blank=True,
        default=3,
        validators=[MinValueValidator(1)],
        help_text="License Monitoring Console: Maximum Number of Concurrent Web Services API Requests. "
        "Blank: not limited.",
    )
    max_requests_per_minute = models.PositiveIntegerField(
        "Maximum Requests per Minute",
        null=True,
        blank=True,
        default=100,
        validators=[MinValueValidator(1)],
        help_text="License Monitoring Console: Maximum Number of Web Services API Requests per Minute. "
        "Blank: not limited.",
    )
    max_api_users = models.PositiveIntegerField(
        "Maximum API Users",
        null=True,
        blank=True,
        default=2,
        validators=[MinValueValidator(1)],
        help_text="License Monitoring Console: Maximum Number of Web Services API Users (concurrent API "
        "sessions). Leave room for other integrations that use the same license. Blank: not limited.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AcumaticaConnectionQuerySet.as_manager()

    class Meta:
        verbose_name = "Acumatica connection"
        verbose_name_plural = "Acumatica connections"
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="endpoints_single_default_acumatica_connection",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_password(self) -> bool:
        return bool(self.password)

    @property
    def is_complete(self) -> bool:
        """Whether every value needed to log in is present (Test Connection checks they work)."""
        return bool(self.base_url and self.username and self.password and self.tenant)

    @property
    def license_limits(self) -> AcumaticaLimits:
        """The limits the client governor keeps this instance's traffic inside."""
        return AcumaticaLimits(
            max_concurrent_requests=self.max_concurrent_requests,
            max_requests_per_minute=self.max_requests_per_minute,
            max_api_users=self.max_api_users,
        )

    @classmethod
    def for_store_view(cls, store_view: HasAcumaticaConnection | None) -> AcumaticaConnection:
        """The connection a store view uses: its own, or else Default Config (`None` = Default Config)."""
        if store_view is not None:
            own = store_view.acumatica_connection
            if own is not None:
                return own
        return cls.objects.ensure_default()
