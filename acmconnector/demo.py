"""`make demo`: a working connector on this machine in one command.

The demo is a list of steps run in order (`STEPS`), then the admin is served in the foreground
until Ctrl-C. A step receives the `Demo` context: it can start background processes with
`demo.start()` (stopped again, in reverse order, when the demo ends for any reason) and add lines
to the closing summary with `demo.note()`.

The steps: check the ports, migrate, create the admin user, start the Acumatica and Magento
sandboxes (realistic profile; Acumatica pushes its changes to this connector's
`/hooks/acumatica/` with the shared-secret header), configure the connector for them with
`manage.py configure`, enable the demo catalog for sync (`enable_for_sync --all`), load it into
Magento (`initial_sync`, with progress bars), start the queue cluster (`manage.py qcluster`), and
serve the admin until Ctrl-C, which stops everything it started.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import django

SANDBOX_TOKEN = "sandbox-token"
SANDBOX_USER = "admin"
SANDBOX_PASSWORD = "sandbox"
SANDBOX_TENANT = "Company"
SANDBOX_VERSION = "24.200.001"
SANDBOX_START_TIMEOUT = 60.0
ROOT = Path(__file__).resolve().parent.parent


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


def _refuse_taken(host: str, port: int, setting: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise DemoError(
                f"{host}:{port} is in use: stop what runs there or set {setting} in .env."
            ) from None


def check_port(demo: Demo) -> None:
    """Fail early, before anything is started, if the web port or a sandbox port is taken."""
    _refuse_taken(demo.host, demo.port, "DEMO_PORT")
    _refuse_taken("127.0.0.1", demo.acumatica_port, "DEMO_ACUMATICA_PORT")
    _refuse_taken("127.0.0.1", demo.magento_port, "DEMO_MAGENTO_PORT")


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


def _wait_until_serving(name: str, url: str, process: subprocess.Popen[bytes]) -> None:
    """Until the sandbox answers its inspection API (it seeds its demo data first)."""
    import requests

    deadline = time.monotonic() + SANDBOX_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoError(f"The {name} stopped while starting (exit code {process.returncode}).")
        try:
            if requests.get(f"{url}/__sandbox__/state", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise DemoError(f"The {name} did not answer on {url} within {SANDBOX_START_TIMEOUT:g} s.")


def start_sandboxes(demo: Demo) -> None:
    """Acumatica and Magento simulators in the background; Acumatica pushes changes to us."""
    from sync.models import PushSettings

    header = PushSettings.load().header_name
    common = ["--profile", demo.sandbox_profile, "--items", str(demo.sandbox_items)]
    acumatica = demo.start(
        "Acumatica sandbox",
        [
            sys.executable, "-m", "sandbox", "acumatica", "--port", str(demo.acumatica_port), *common,
            "--tenant", SANDBOX_TENANT, "--user", SANDBOX_USER, "--password", SANDBOX_PASSWORD,
            "--version", SANDBOX_VERSION,
            "--push-url", f"{demo.url}/hooks/acumatica/", "--push-header", f"{header}: {demo.push_secret}",
        ],
    )  # fmt: skip
    magento = demo.start(
        "Magento sandbox",
        [
            sys.executable, "-m", "sandbox", "magento", "--port", str(demo.magento_port), *common,
            "--token", SANDBOX_TOKEN,
        ],
    )  # fmt: skip
    _wait_until_serving("Acumatica sandbox", demo.acumatica_url, acumatica)
    _wait_until_serving("Magento sandbox", demo.magento_url, magento)


def _command(name: str, *args: str) -> str:
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


def configure_connector(demo: Demo) -> None:
    """The connector pointed at the sandboxes, through `manage.py configure` as a script would."""
    _command(
        "configure",
        "--magento-url", demo.magento_url, "--magento-token", SANDBOX_TOKEN,
        "--acumatica-url", demo.acumatica_url, "--acumatica-user", SANDBOX_USER,
        "--acumatica-password", SANDBOX_PASSWORD, "--acumatica-company", SANDBOX_TENANT,
        "--acumatica-version", SANDBOX_VERSION, "--push-secret", demo.push_secret,
    )  # fmt: skip


def enable_catalog(demo: Demo) -> None:
    """Data Preparation in one go: every item class, category and stock item may sync."""
    say(_command("enable_for_sync", "--all", "--no-queue").strip())


def load_catalog(demo: Demo) -> None:
    """The whole demo catalog into Magento, with a progress bar per phase."""
    for line in _command("initial_sync").splitlines():
        say(f"  {line}")


def start_cluster(demo: Demo) -> None:
    """The django-q2 cluster: processes the queue every minute (polls and pushes included)."""
    demo.start("queue cluster", [sys.executable, str(ROOT / "manage.py"), "qcluster"])
    demo.note(
        f"Data Preparation: {demo.url}/admin/sync/stockitem/ (item classes, sales categories beside it)"
    )
    demo.note(f"Messages (queue and log): {demo.url}/admin/sync/message/")
    demo.note(f"Status API: {demo.url}/api/status/")
    demo.note(f"Magento sandbox: {demo.magento_url}/__sandbox__/state/products (and /stats)")
    demo.note(
        f"Acumatica sandbox: {demo.acumatica_url}/__sandbox__/state/StockItem; change a record there "
        "(PUT /__sandbox__/state/StockItem/<id>) and watch it reach Magento"
    )


Step = Callable[[Demo], None]
STEPS: list[tuple[str, Step]] = [
    ("Checking the ports", check_port),
    ("Migrating the database", migrate),
    ("Creating the admin user", ensure_admin_user),
    ("Starting the Acumatica and Magento sandboxes", start_sandboxes),
    ("Configuring the connector for the sandboxes", configure_connector),
    ("Enabling the demo catalog for sync", enable_catalog),
    ("Loading the catalog into Magento (initial_sync)", load_catalog),
    ("Starting the queue cluster", start_cluster),
]


def serve(demo: Demo) -> None:
    """The admin in the foreground (Django's development server, no auto-reload) until Ctrl-C."""
    from django.core.management import call_command

    call_command("runserver", f"{demo.host}:{demo.port}", use_reloader=False, verbosity=0)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acmconnector.settings")
    django.setup()
    from django.conf import settings

    demo = Demo(
        host=settings.DEMO_HOST,
        port=settings.DEMO_PORT,
        acumatica_port=settings.DEMO_ACUMATICA_PORT,
        magento_port=settings.DEMO_MAGENTO_PORT,
        sandbox_profile=settings.DEMO_SANDBOX_PROFILE,
        sandbox_items=settings.DEMO_SANDBOX_ITEMS,
    )
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
