"""`make demo`: a working connector on this machine in one command.

The demo is a list of steps run in order (`STEPS`), then the admin is served in the foreground
until Ctrl-C. A step receives the `Demo` context: it can start background processes with
`demo.start()` (stopped again, in reverse order, when the demo ends for any reason) and add lines
to the closing summary with `demo.note()`.

The steps: check the ports, migrate, create the admin user, start the Acumatica and Magento
sandboxes (realistic profile; Acumatica pushes its changes to this connector's
`/hooks/acumatica/` with the shared-secret header), configure the connector for them with
`manage.py configure`, apply the suggested mappings (`suggest_mappings --apply`) and select the
mapped customer classes for sync, enable the demo catalog for sync (`enable_for_sync --all`), load
the catalog and the customers into Magento (`initial_sync`, with progress bars), place a handful of
storefront orders in the Magento sandbox for the cluster to import, start the queue cluster
(`manage.py qcluster`), and serve the admin until Ctrl-C, which stops everything it started.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import django

from acmconnector.demo.base import (
    ROOT,
    SANDBOX_PASSWORD,
    SANDBOX_START_TIMEOUT,
    SANDBOX_TENANT,
    SANDBOX_TOKEN,
    SANDBOX_USER,
    SANDBOX_VERSION,
    Demo,
    DemoError,
    last_line,
    run_command,
    say,
)
from acmconnector.demo.orders import SandboxCall, generate_orders, shipment_calls

__all__ = [
    "STEPS",
    "Demo",
    "DemoError",
    "SandboxCall",
    "apply_mappings",
    "check_port",
    "configure_connector",
    "enable_catalog",
    "ensure_admin_user",
    "generate_orders",
    "load_catalog",
    "main",
    "migrate",
    "overview",
    "say",
    "shipment_calls",
    "start_cluster",
    "start_sandboxes",
]


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


def configure_connector(demo: Demo) -> None:
    """The connector pointed at the sandboxes, through `manage.py configure` as a script would."""
    run_command(
        "configure",
        "--magento-url", demo.magento_url, "--magento-token", SANDBOX_TOKEN,
        "--acumatica-url", demo.acumatica_url, "--acumatica-user", SANDBOX_USER,
        "--acumatica-password", SANDBOX_PASSWORD, "--acumatica-company", SANDBOX_TENANT,
        "--acumatica-version", SANDBOX_VERSION, "--push-secret", demo.push_secret,
    )  # fmt: skip


def apply_mappings(demo: Demo) -> None:
    """Mapping tables filled by `suggest_mappings --apply` (payment and shipping methods, customer
    groups, warehouses to MSI sources, order statuses, and the General group's class as the Default
    Customer Class of sign-ups and guest orders), then every mapped customer class selected for
    customers A to M."""
    from sync.models import DEFAULT_SCOPE, CustomerSyncSettings

    say(f"  {last_line(run_command('suggest_mappings', '--apply'))}")
    exported = json.loads(run_command("configure", "--export"))
    groups = [row for row in exported["mappings"]["customer_groups"] if row["scope"] == "default"]
    classes = list(dict.fromkeys(str(row["acumatica_customer_class"]) for row in groups))
    if not classes:
        raise DemoError("suggest_mappings found no customer group mapping: the sandboxes do not match.")
    run_command("configure", "--set", f"setup.customer_classes={','.join(classes)}")
    general = CustomerSyncSettings.for_scope(DEFAULT_SCOPE).default_customer_class
    say(f"  Customers A to M: classes {', '.join(classes)}; sign-ups and guests: {general}")


def enable_catalog(demo: Demo) -> None:
    """Data Preparation in one go: every item class, category and stock item may sync."""
    say(run_command("enable_for_sync", "--all", "--no-queue").strip())


def load_catalog(demo: Demo) -> None:
    """The whole demo catalog, then the customers of the selected classes, into Magento, with a
    progress bar per phase."""
    for line in run_command("initial_sync").splitlines():
        say(f"  {line}")


def start_cluster(demo: Demo) -> None:
    """The django-q2 cluster: processes the queue every minute (polls and pushes included)."""
    demo.start("queue cluster", [sys.executable, str(ROOT / "manage.py"), "qcluster"])


def overview(demo: Demo) -> list[str]:
    """Where to look once everything runs (the closing summary, before the steps' own notes)."""
    return [
        f"Data Preparation: {demo.url}/admin/sync/stockitem/ (item classes, sales categories beside it)",
        f"Mappings: {demo.url}/admin/sync/ (payment, shipping, customer group, warehouse, order status)",
        f"Messages (queue and log): {demo.url}/admin/sync/message/",
        f"Status API: {demo.url}/api/status/",
        f"Magento sandbox: {demo.magento_url}/__sandbox__/state/products (and /customers, /orders, /stats)",
        f"Acumatica sandbox: {demo.acumatica_url}/__sandbox__/state/StockItem; change a record there "
        "(PUT /__sandbox__/state/StockItem/<id>) and watch it reach Magento",
    ]


Step = Callable[[Demo], None]
STEPS: list[tuple[str, Step]] = [
    ("Checking the ports", check_port),
    ("Migrating the database", migrate),
    ("Creating the admin user", ensure_admin_user),
    ("Starting the Acumatica and Magento sandboxes", start_sandboxes),
    ("Configuring the connector for the sandboxes", configure_connector),
    ("Applying the suggested mappings", apply_mappings),
    ("Enabling the demo catalog for sync", enable_catalog),
    ("Loading the catalog and the customers into Magento (initial_sync)", load_catalog),
    ("Placing storefront orders in the Magento sandbox", generate_orders),
    ("Starting the queue cluster", start_cluster),
]


def serve(demo: Demo) -> None:
    """The admin in the foreground (Django's development server, no auto-reload) until Ctrl-C."""
    from django.core.management import call_command

    call_command("runserver", f"{demo.host}:{demo.port}", use_reloader=False, verbosity=0)


def _terminate(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acmconnector.settings")
    django.setup()
    from django.conf import settings

    # A supervisor's SIGTERM ends the demo like Ctrl-C: everything it started is stopped.
    signal.signal(signal.SIGTERM, _terminate)
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
        for line in [*overview(demo), *demo.notes]:
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
