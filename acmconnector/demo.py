"""`make demo`: a working connector on this machine in one command.

The demo is a list of steps run in order (`STEPS`), then the admin is served in the foreground
until Ctrl-C. A step receives the `Demo` context: it can start background processes with
`demo.start()` (stopped again, in reverse order, when the demo ends for any reason) and add lines
to the closing summary with `demo.note()`. Later features (sandboxes, the queue cluster, an initial
sync) add their steps to `STEPS`.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import django


@dataclass
class Demo:
    host: str
    port: int
    admin_user: str = ""
    admin_password: str = ""
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

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


def check_port(demo: Demo) -> None:
    """Fail early, before anything is started, if the web port is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((demo.host, demo.port))
        except OSError:
            raise DemoError(
                f"{demo.host}:{demo.port} is in use: stop what runs there or set DEMO_PORT in .env."
            ) from None


def migrate(demo: Demo) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def ensure_admin_user(demo: Demo) -> None:
    """An admin login for the demo: the configured password, or a fresh random one each run."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    demo.admin_user = settings.DEMO_ADMIN_USER
    demo.admin_password = settings.DEMO_ADMIN_PASSWORD or secrets.token_urlsafe(12)
    user, _ = user_model.objects.get_or_create(username=demo.admin_user)
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    user.set_password(demo.admin_password)
    user.save()


Step = Callable[[Demo], None]
STEPS: list[tuple[str, Step]] = [
    ("Checking the web port", check_port),
    ("Migrating the database", migrate),
    ("Creating the admin user", ensure_admin_user),
]


def serve(demo: Demo) -> None:
    """The admin in the foreground (Django's development server, no auto-reload) until Ctrl-C."""
    from django.core.management import call_command

    call_command("runserver", f"{demo.host}:{demo.port}", use_reloader=False, verbosity=0)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acmconnector.settings")
    django.setup()
    from django.conf import settings

    demo = Demo(host=settings.DEMO_HOST, port=settings.DEMO_PORT)
    try:
        for title, step in STEPS:
            say(f"== {title}")
            step(demo)
        say("")
        say(f"acmconnector is running: {demo.url}/admin/")
        say(f"  user:     {demo.admin_user}")
        say(f"  password: {demo.admin_password}")
        for line in demo.notes:
            say(f"  {line}")
        say("Press Ctrl-C to stop.")
        serve(demo)
    except DemoError as exc:
        say(f"error: {exc}")
        return 1
    except (KeyboardInterrupt, SystemExit):
        # runserver turns Ctrl-C into SystemExit(0); either way the demo ends here.
        pass
    finally:
        demo.stop_all()
    say("Demo stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
