"""How the Acumatica push-notification receiver authenticates its caller.

Acumatica's webhook destination can send one custom header; we use it for a shared secret
(Acumatica signs nothing). The header name is configurable because some proxies strip unknown
`X-` headers; the secret is encrypted at rest like every other credential.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from endpoints.fields import EncryptedTextField
from sync.models.singleton import SingletonModel

DEFAULT_PUSH_HEADER = "X-Push-Secret"

validate_header_name = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9-]{0,99}$",
    message="A header name has letters, digits and hyphens only.",
    code="invalid_header_name",
)


class PushSettings(SingletonModel):
    header_name = models.CharField(
        "Header Name",
        max_length=100,
        default=DEFAULT_PUSH_HEADER,
        validators=[validate_header_name],
        help_text="The custom header Acumatica's push-notification destination sends with the secret.",
    )
    secret = EncryptedTextField(
        "Shared Secret",
        help_text="The value Acumatica sends in the header. Without one, push notifications are refused. "
        "Stored encrypted.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Push Notification Settings"
        verbose_name_plural = "Push Notification Settings"

    def __str__(self) -> str:
        return "Push Notification Settings"

    @property
    def has_secret(self) -> bool:
        return bool(self.secret)
