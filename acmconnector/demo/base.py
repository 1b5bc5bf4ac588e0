"""What every demo step shares: the `Demo` context, the sandboxes' credentials, one-line errors,
and running a management command as a script would."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

SANDBOX_TOKEN = "sandbox-token"
SANDBOX_USER = "admin"
SANDBOX_PASSWORD = "sandbox"
SANDBOX_TENANT = "Company"
SANDBOX_VERSION = "24.200.001"
SANDBOX_START_TIMEOUT = 60.0
ROOT = Path(__file__).resolve().parent.parent.parent
DEMO_ORDERS = 10


@dataclass
class Demo:
    host: str
    port: int
    admin_user: str = ""
    admin_password: str = ""
    acumatica_port: int = 8101
    magento_port: int = 8102
    sandbox_profile: str = "realistic"
    sandbox_items: int = 200
    orders: int = DEMO_ORDERS
    push_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def acumatica_url(self) -> str:
        return f"http://127.0.0.1:{self.acumatica_port}"

    @property
    def magento_url(self) -> str:
        return f"http://127.0.0.1:{self.magento_port}"

    def start(
        self, name: str, argv: Sequence[str], env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start a background process that lives as long as the demo."""
        process = subprocess.Popen(list(argv), env={**os.environ, **(env or {})})  # noqa: S603 (our own argv)
        self.processes.append((name, process))
        return process

    def note(self, line: str) -> None:
        self.notes.append(line)

    def stop_all(self) -> None:
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                say(f"stopped {name}")
        self.processes.clear()


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class DemoError(Exception):
    """A reason the demo cannot start, told in one line."""


def run_command(name: str, *args: str) -> str:
    """Run a management command and return what it printed; its one-line error ends the demo as a
    `DemoError` (no traceback)."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    try:
        call_command(name, *args, stdout=out)
    except CommandError as exc:
        raise DemoError(f"{name}: {exc}") from None
    return out.getvalue()


def last_line(output: str) -> str:
    """The last line a command printed (its summary)."""
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""
