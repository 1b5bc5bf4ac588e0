"""The demo's steps: an admin login that works, and a clear refusal when the web port is taken."""

from __future__ import annotations

import socket
import sys

import pytest
from django.contrib.auth import authenticate
from django.test import override_settings

from acmconnector.demo import Demo, DemoError, check_port, ensure_admin_user

pytestmark = pytest.mark.django_db


def test_admin_user_gets_the_printed_password_on_every_run() -> None:
    demo = Demo(host="127.0.0.1", port=8000)
    ensure_admin_user(demo)
    first = demo.admin_password
    assert authenticate(username="admin", password=first) is not None
    ensure_admin_user(demo)
    assert demo.admin_password != first
    user = authenticate(username="admin", password=demo.admin_password)
    assert user is not None and user.is_staff and user.is_superuser


def test_configured_admin_password_is_used() -> None:
    demo = Demo(host="127.0.0.1", port=8000)
    with override_settings(DEMO_ADMIN_USER="ops", DEMO_ADMIN_PASSWORD="demo-pass-1"):
        ensure_admin_user(demo)
    assert (demo.admin_user, demo.admin_password) == ("ops", "demo-pass-1")
    assert authenticate(username="ops", password="demo-pass-1") is not None


def test_taken_port_is_refused_before_anything_starts() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(DemoError, match=f"127.0.0.1:{port} is in use"):
            check_port(Demo(host="127.0.0.1", port=port))


def test_background_processes_end_with_the_demo() -> None:
    demo = Demo(host="127.0.0.1", port=8000)
    process = demo.start("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"])
    demo.stop_all()
    assert process.poll() is not None
    assert demo.processes == []
