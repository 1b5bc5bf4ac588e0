"""The project itself: system checks, migrations in step with the models, settings from the
environment, and every environment variable documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

BASE_DIR = Path(settings.BASE_DIR)


def test_system_checks_are_clean() -> None:
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_models_and_migrations_are_in_step() -> None:
    # --check exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def _settings_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FIELD_ENCRYPTION"))}
    env.update({"ACMC_ENV_FILE": str(tmp_path / "none.env"), "PYTHONWARNINGS": "default", **values})
    return env


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import acmconnector.settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.Q_CLUSTER.get('orm'))"
    )
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True)


def test_development_works_out_of_the_box_with_a_warning(tmp_path: Path) -> None:
    result = _import_settings(_settings_env(tmp_path, DATABASE_URL="", REDIS_URL=""))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3", "default"]
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "DJANGO_SECRET_KEY must be a random value"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY must be a random value"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "FIELD_ENCRYPTION_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "x" * 50, "FIELD_ENCRYPTION_KEY": "not-a-key"}, "must hold Fernet keys"),
    ],
)
def test_production_refuses_to_start_without_real_secrets(
    tmp_path: Path, values: dict[str, str], message: str
) -> None:
    result = _import_settings(_settings_env(tmp_path, DJANGO_ENV="production", **values))
    assert result.returncode != 0
    assert message in result.stderr


def test_database_and_redis_urls_switch_the_backends(tmp_path: Path) -> None:
    code = (
        "import acmconnector.settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.Q_CLUSTER.get('redis'), s.CACHES['default']['BACKEND'])"
    )
    env = _settings_env(
        tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/acmc", REDIS_URL="redis://127.0.0.1:6379/3"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://127.0.0.1:6379/3",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_every_environment_variable_is_documented() -> None:
    source = (BASE_DIR / "acmconnector" / "settings.py").read_text()
    variables = set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]+)\"", source))
    assert {"DATABASE_URL", "REDIS_URL", "FIELD_ENCRYPTION_KEY", "DJANGO_SECRET_KEY"} <= variables
    example = (BASE_DIR / ".env.example").read_text()
    readme = (BASE_DIR / "README.md").read_text()
    assert sorted(v for v in variables if not re.search(rf"^#? ?{v}=", example, re.M)) == []
    assert sorted(v for v in variables if f"`{v}`" not in readme) == []
