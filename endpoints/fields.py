"""Secrets encrypted at rest.

`EncryptedTextField` keeps bearer tokens and passwords out of the database in plaintext: a
database dump, a backup or a support query shows a Fernet token, never the secret. The keys come
from `settings.FIELD_ENCRYPTION_KEYS` (environment variable `FIELD_ENCRYPTION_KEY`, comma
separated): the first key encrypts, every key decrypts, so a key can be rotated by putting the new
one first and re-saving (`python manage.py configure --export` shows which secrets are set).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression


class SecretDecryptionError(ImproperlyConfigured):
    """A stored secret cannot be decrypted with any configured key (the key was changed)."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is empty: secrets cannot be encrypted.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must hold Fernet keys (32 url-safe base64-encoded bytes), comma separated."
        ) from exc


def _configured_keys() -> tuple[str, ...]:
    keys: Sequence[str] = settings.FIELD_ENCRYPTION_KEYS
    return tuple(key.strip() for key in keys if key.strip())


def encrypt_secret(plaintext: str) -> str:
    """Encrypt with the first configured key; the empty string stays empty (meaning "not set")."""
    if not plaintext:
        return ""
    return _fernet(_configured_keys()).encrypt(plaintext.encode()).decode()


def decrypt_secret(token: str) -> str:
    """Decrypt with any configured key; raises `SecretDecryptionError` (no secret in the message)."""
    if not token:
        return ""
    try:
        return _fernet(_configured_keys()).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretDecryptionError(
            "A stored secret cannot be decrypted: FIELD_ENCRYPTION_KEY no longer contains the key it was "
            "encrypted with. Put the old key back (after the new one) or set the secret again."
        ) from exc


class EncryptedTextField(models.TextField):
    """A text column that holds a Fernet token; Python code sees the plaintext.

    Lookups on the column cannot work (every encryption differs), so the field is never indexed or
    filtered on; blank means "not set" and is stored as the empty string.
    """

    description = "Text encrypted at rest with FIELD_ENCRYPTION_KEY"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str:
        return decrypt_secret(value or "")

    def get_prep_value(self, value: Any) -> str:
        plaintext = super().get_prep_value(value)
        return encrypt_secret(plaintext or "")
