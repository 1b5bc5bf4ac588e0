"""Wiring of the sync engine into the project, called from `SyncConfig.ready()`.

* the `push` section of `manage.py configure` (`--push-secret`, `--set push.header_name=...`);
* the django-q2 schedule, ensured after `migrate` and when a cluster worker starts.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate

from sync.config_io import (
    Assignments,
    ConfigContext,
    ConfigError,
    ConfigSection,
    apply_json_values,
    apply_raw_values,
    export_fields,
    register_section,
    save_validated,
)
from sync.models import DEFAULT_SCOPE, PushSettings

PUSH_FIELDS = ("header_name", "secret")
PUSH_SECRETS = ("secret",)


def export_push() -> dict[str, Any]:
    return export_fields(PushSettings.load(), PUSH_FIELDS, PUSH_SECRETS)


def import_push(value: Any, ctx: ConfigContext) -> None:
    settings = PushSettings.load()
    apply_json_values(settings, value, prefix="push", allowed=PUSH_FIELDS, secrets=PUSH_SECRETS, ctx=ctx)
    save_validated(settings, "push", ctx)


def assign_push(pairs: Assignments, ctx: ConfigContext) -> None:
    if ctx.scope != DEFAULT_SCOPE:
        raise ConfigError(
            "push: the push-notification receiver serves every store view; run without --scope."
        )
    settings = PushSettings.load()
    apply_raw_values(settings, pairs, prefix="push", allowed=PUSH_FIELDS)
    save_validated(settings, "push", ctx)


def register_engine(app_config: Any) -> None:
    from django_q.signals import post_spawn

    from sync.schedules import ensure_schedules_after_migrate, ensure_schedules_on_worker_start

    register_section(ConfigSection("push", export_push, import_push, assign_push, order=60))
    post_migrate.connect(
        ensure_schedules_after_migrate, sender=app_config, dispatch_uid="sync.ensure_schedules"
    )
    post_spawn.connect(ensure_schedules_on_worker_start, dispatch_uid="sync.ensure_schedules_on_spawn")
