"""The connector's side of a benchmark: configured through its own commands, run on the
benchmark clock. Import only after `bench.harness.setup_django`.

The `fast` profile divides every remote duration by 20. A connector that still polled a bulk's
status every realistic second, or counted Acumatica's per-minute license over a realistic minute,
would be measured on two clocks at once. So `BenchClock` gives the engine clients that poll bulks
and actions 20 times as often, a client governor that keeps the license (3 concurrent requests,
100 per minute, 2 API users: the connection's own figures) on a clock running 20 times fast, and
queue settings whose dependency waits, retry back-off, poll interval and poll look-back are scaled
alike. Safety time-outs (HTTP, claim leases) are left alone: they only matter when something hangs.
"""

from __future__ import annotations

import dataclasses
import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from bench.harness import (
    SANDBOX_PASSWORD,
    SANDBOX_TENANT,
    SANDBOX_TOKEN,
    SANDBOX_USER,
    SANDBOX_VERSION,
    BenchError,
    Sandboxes,
)
from bench.model import SCALE
from endpoints.clients.acumatica import AcumaticaClient
from endpoints.clients.magento import MagentoClient
from endpoints.governor import AcumaticaLimits, Governor, site_key
from sync.clients import DefaultClientFactory
from sync.context import SyncContext
from sync.queue import QueueSettings


def command(name: str, *args: str) -> str:
    """Run a management command as a script would; its error ends the benchmark in one line."""
    out = StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        raise BenchError(f"{name}: {exc}") from None
    return out.getvalue()


def configure_connector(sandboxes: Sandboxes, *settings: str) -> None:
    """`manage.py configure` for the sandboxes, plus any `section.field=value` settings. The
    license figures stay the connection's realistic defaults: the benchmark clock scales them."""
    sets = [part for setting in settings for part in ("--set", setting)]
    command(
        "configure",
        "--magento-url", sandboxes.magento.url, "--magento-token", SANDBOX_TOKEN,
        "--acumatica-url", sandboxes.acumatica.url, "--acumatica-user", SANDBOX_USER,
        "--acumatica-password", SANDBOX_PASSWORD, "--acumatica-company", SANDBOX_TENANT,
        "--acumatica-version", SANDBOX_VERSION, *sets,
    )  # fmt: skip


class BenchClock:
    """The connector's waiting on the sandboxes' clock (see the module docstring)."""

    def __init__(self, scale: float = SCALE) -> None:
        self.scale = scale
        self._governors: dict[str, Governor] = {}

    def wall(self, realistic_seconds: float) -> float:
        return realistic_seconds / self.scale

    def sleep(self, realistic_seconds: float) -> None:
        time.sleep(max(self.wall(realistic_seconds), 0.0))

    def monotonic(self) -> float:
        """Realistic seconds: this clock runs `scale` times as fast as the wall clock."""
        return time.monotonic() * self.scale

    def queue_settings(self, base: QueueSettings | None = None) -> QueueSettings:
        """The stored Queue Processing Settings, their waits on this clock."""
        base = base or QueueSettings.load()
        return dataclasses.replace(
            base,
            backoff_base=self.wall(base.backoff_base),
            backoff_max=self.wall(base.backoff_max),
            wait_delay=self.wall(base.wait_delay),
            poll_interval=self.wall(base.poll_interval),
            poll_lookback=self.wall(base.poll_lookback),
        )

    def governor(self, base_url: str, limits: AcumaticaLimits) -> Governor:
        """One governor per site for the run, counting the license on this clock."""
        key = site_key(base_url)
        if key not in self._governors:
            self._governors[key] = Governor(limits, clock=self.monotonic, sleep=self.sleep)
        governor = self._governors[key]
        if governor.limits != limits:
            governor.configure(limits)
        return governor

    def factory(self) -> BenchClientFactory:
        return BenchClientFactory(self)


class BenchClientFactory(DefaultClientFactory):
    """The engine's default clients (admin settings, endpoint tables, exchange log), on the clock."""

    def __init__(self, clock: BenchClock) -> None:
        self.clock = clock

    def magento(self, ctx: SyncContext) -> MagentoClient:
        client = super().magento(ctx)
        client.bulk_poll_interval = self.clock.wall(client.bulk_poll_interval)
        return client

    def acumatica(self, ctx: SyncContext) -> AcumaticaClient:
        client = super().acumatica(ctx)
        client.governor = self.clock.governor(client.base_url, client.governor.limits)
        client.poll_interval = self.clock.wall(client.poll_interval)
        return client
