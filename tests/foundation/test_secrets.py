"""Secrets are encrypted at rest, never rendered back, kept when the input is left blank."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client, override_settings

from endpoints.fields import SecretDecryptionError
from endpoints.models import AcumaticaConnection
from sync.models import SetupParameters
from tests.foundation.admin_forms import post_change

pytestmark = pytest.mark.django_db

TOKEN = "mg-token-7f3a9c2e"
PASSWORD = "acu-pass-41d8e0"


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_bearer_token_column_holds_ciphertext_not_the_token() -> None:
    setup = SetupParameters.load()
    setup.bearer_token = TOKEN
    setup.save()
    raw = _raw("sync_setupparameters", "bearer_token", setup.pk)
    assert TOKEN not in raw
    assert raw.startswith("gAAAA")  # a Fernet token
    assert SetupParameters.load().bearer_token == TOKEN


def test_password_column_holds_ciphertext_not_the_password() -> None:
    default = AcumaticaConnection.objects.ensure_default()
    default.password = PASSWORD
    default.save()
    assert PASSWORD not in _raw("endpoints_acumaticaconnection", "password", default.pk)
    assert AcumaticaConnection.objects.get(pk=default.pk).password == PASSWORD


def test_admin_pages_never_render_a_stored_secret(staff_client: Client) -> None:
    setup = SetupParameters.load()
    setup.bearer_token = TOKEN
    setup.save()
    default = AcumaticaConnection.objects.ensure_default()
    default.password = PASSWORD
    default.save()

    setup_page = staff_client.get("/admin/sync/setupparameters/1/change/").content.decode()
    connection_page = staff_client.get(
        f"/admin/endpoints/acumaticaconnection/{default.pk}/change/"
    ).content.decode()
    assert TOKEN not in setup_page
    assert PASSWORD not in connection_page
    assert "A value is set. Leave blank to keep it" in setup_page
    assert "A value is set. Leave blank to keep it" in connection_page


def test_unset_secret_says_so(staff_client: Client) -> None:
    page = staff_client.get("/admin/sync/setupparameters/1/change/").content.decode()
    assert "Not set yet." in page


def test_blank_secret_input_keeps_the_stored_value(staff_client: Client) -> None:
    setup = SetupParameters.load()
    setup.bearer_token = TOKEN
    setup.save()
    response = post_change(staff_client, "/admin/sync/setupparameters/1/change/", {"retry_count": "7"})
    assert response.status_code == 302
    setup.refresh_from_db()
    assert (setup.retry_count, setup.bearer_token) == (7, TOKEN)


def test_new_secret_with_matching_confirmation_replaces_the_old_one(staff_client: Client) -> None:
    default = AcumaticaConnection.objects.ensure_default()
    url = f"/admin/endpoints/acumaticaconnection/{default.pk}/change/"
    response = post_change(staff_client, url, {"password": PASSWORD, "confirm_password": PASSWORD})
    assert response.status_code == 302
    assert AcumaticaConnection.objects.get(pk=default.pk).password == PASSWORD
    assert PASSWORD not in staff_client.get(url).content.decode()


def test_rotated_key_still_decrypts_and_new_values_use_the_new_key(settings: object) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old_key]):
        setup = SetupParameters.load()
        setup.bearer_token = TOKEN
        setup.save()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, old_key]):
        assert SetupParameters.load().bearer_token == TOKEN
        SetupParameters.load().save()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):
        assert SetupParameters.load().bearer_token == TOKEN


def test_lost_key_is_a_clear_error_without_the_secret(settings: object) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        setup = SetupParameters.load()
        setup.bearer_token = TOKEN
        setup.save()
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]),
        pytest.raises(SecretDecryptionError) as raised,
    ):
        SetupParameters.load()
    assert "FIELD_ENCRYPTION_KEY" in str(raised.value)
    assert TOKEN not in str(raised.value)
