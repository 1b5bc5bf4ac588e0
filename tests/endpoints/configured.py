"""Helpers for tests of the admin-configured side of `endpoints`: point Default Config and Setup
Parameters at the sandboxes (or at a port where nothing listens) and start from an empty cache."""

from __future__ import annotations

import socket
from typing import Any

from django.core.cache import cache
from django.forms import CheckboxInput

from endpoints.governor import forget_governors
from endpoints.models import AcumaticaConnection
from sync.models import SetupParameters
from tests.conftest import (
    ACUMATICA_PASSWORD,
    ACUMATICA_TENANT,
    ACUMATICA_USER,
    MAGENTO_TOKEN,
    UNLIMITED_LICENSE,
)


def configure_acumatica(url: str, **changes: Any) -> AcumaticaConnection:
    """Default Config pointed at `url` with the sandbox's credentials (`changes` override them)."""
    connection = AcumaticaConnection.objects.ensure_default()
    values = {
        "base_url": url,
        "username": ACUMATICA_USER,
        "password": ACUMATICA_PASSWORD,
        "tenant": ACUMATICA_TENANT,
        "branch": "",
        **UNLIMITED_LICENSE,
        **changes,
    }
    for name, value in values.items():
        setattr(connection, name, value)
    connection.save()
    return connection


def configure_magento(url: str, token: str = MAGENTO_TOKEN) -> SetupParameters:
    setup = SetupParameters.load()
    setup.magento_url = url
    setup.bearer_token = token
    setup.save()
    return setup


def closed_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens (a stopped system)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def fresh_state() -> None:
    """No cached picker lists or endpoint tables, no license state from another test."""
    cache.clear()
    forget_governors()


def form_data(page: Any) -> dict[str, Any]:
    """What the browser would post back for an admin change form response, unchanged."""
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value in (None, False):
            if not isinstance(field.widget, CheckboxInput):
                data[name] = ""
        else:
            data[name] = value
    return data
