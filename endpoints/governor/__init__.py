"""A client-side governor that keeps the connector inside an Acumatica site's license limits.

Acumatica's license caps three things per site (reference section 1.5): concurrent API requests
(excess requests queue and, past 20 queued, get 429), requests per minute (throttled by delay from
50 %), and API user seats (a login past the cap fails with "API Login Limit"). A connector that
only reacts to 429s keeps hitting them and leaks time in back-off; one that leaks sessions locks
everybody out of the API. So every `AcumaticaClient` of a site shares one `Governor`, which:

* admits at most `max_concurrent_requests` requests at once, first come first served;
* admits a request only when fewer than `max_requests_per_minute` requests are in flight or ended
  within the last 60 s. Counting a request until 60 s after its *end* (not its start) keeps the
  limit in any 60-second window the server can observe, whatever the network delay; so the
  server's own throttling (delays from 50 % of the limit) is the worst the connector meets;
* hands out at most `max_api_users` session seats; a client holds one from login to logout;
* waits a bounded time: `RequestSlotTimeoutError` after 10 minutes without a slot (Acumatica's own
  429 rule), `ApiLoginLimitError` after the client's session wait without a seat.

Where the counts live is the governor's ledger (`ledger.py`), chosen by `governor_for`:

* no `REDIS_URL` (embedded mode): this process's memory. Limits hold per process: the queue
  runner and the web process (pickers, Test Connection) each count on their own, so leave room
  for the web process in the figures (an API user, a concurrent request) or set `REDIS_URL`;
* `REDIS_URL` set (scale-out mode, design.md section 7): Redis (`redis_ledger.py`), so every
  worker, cluster, machine and web process of the deployment counts against one license. Keys are
  namespaced by `SYNC_CLUSTER_NAME` and the site; holdings carry leases renewed while in use, so a
  crashed process's seat and slots free themselves; waiters are served in arrival order across
  processes and woken by the release that makes room (no polling loop). When Redis does not
  answer, requests fail with `GovernorUnavailableError` (one line) rather than fall back to a
  per-process count that would break the license.

Waiting uses an injectable `sleep`/`clock`, so unit tests run the local rate window on a fake clock;
the Redis scripts use Redis's clock, so machines whose clocks differ still agree.
"""

from __future__ import annotations

from .core import Governor, GovernorStats
from .ledger import Grant, Ledger, LicenseUsage, LocalLedger
from .limits import (
    MAX_WAIT_SECONDS,
    WINDOW_MARGIN,
    WINDOW_SECONDS,
    AcumaticaLimits,
    GovernorUnavailableError,
    RequestSlotTimeoutError,
)
from .registry import forget_governors, governor_for, ledger_for, site_key

__all__ = [
    "MAX_WAIT_SECONDS",
    "WINDOW_MARGIN",
    "WINDOW_SECONDS",
    "AcumaticaLimits",
    "Governor",
    "GovernorStats",
    "GovernorUnavailableError",
    "Grant",
    "Ledger",
    "LicenseUsage",
    "LocalLedger",
    "RequestSlotTimeoutError",
    "forget_governors",
    "governor_for",
    "ledger_for",
    "site_key",
]
