"""Validators shared by every form and by `configure`, so both show the same messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Contract-based REST endpoint versions of the `Default` endpoint the connector is built and tested
# against (see shared reference: 24.200.001 uses LastModifiedDateTime, 23.200.001 LastModified).
SUPPORTED_ENDPOINT_VERSIONS: tuple[str, ...] = ("24.200.001", "23.200.001")
DEFAULT_ENDPOINT_VERSION = "24.200.001"
DEFAULT_ENDPOINT_NAME = "Default"

_http_url = URLValidator(schemes=["http", "https"])


def validate_http_url(value: str) -> None:
    """Accept only absolute http:// or https:// URLs (the remote systems speak nothing else)."""
    if not value:
        return
    try:
        _http_url(value)
    except ValidationError:
        raise ValidationError(
            "Enter a URL that starts with http:// or https://, for example https://shop.example.com.",
            code="invalid_url",
        ) from None


def validate_endpoint_version(value: str) -> None:
    """Refuse endpoint versions the clients do not know how to speak."""
    if value not in SUPPORTED_ENDPOINT_VERSIONS:
        supported = " or ".join(SUPPORTED_ENDPOINT_VERSIONS)
        raise ValidationError(
            f"Unknown endpoint version {value!r}: use {supported}.",
            code="unknown_endpoint_version",
        )
