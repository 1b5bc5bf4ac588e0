"""License limits over HTTP: profile defaults, explicit limits on `instant`, queueing and 429s
(checklist item 3)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from sandbox.testing import SandboxHandle

from .conftest import AcumaticaApi


def test_limits_follow_the_profile_and_explicit_settings(sandbox: SandboxHandle) -> None:
    instant = sandbox.config()["license"]["effective"]
    assert instant["max_concurrent_requests"] is None
    assert instant["max_api_users"] is None

    fast = sandbox.config(profile="fast")["license"]["effective"]
    assert fast["max_concurrent_requests"] == 3
    assert fast["max_api_users"] == 2
    assert fast["max_requests_per_minute"] == 2000  # 100 per minute on a clock 20 times faster
    assert fast["session_idle_timeout"] == 30

    realistic = sandbox.config(profile="realistic", max_concurrent_requests=16)["license"]
    assert realistic["effective"]["max_concurrent_requests"] == 16
    assert realistic["effective"]["max_requests_per_minute"] == 100
    assert realistic["configured"]["max_concurrent_requests"] == 16

    back = sandbox.config(profile="instant", max_concurrent_requests=None)["license"]["effective"]
    assert back["max_concurrent_requests"] is None


def test_invalid_limits_are_refused(sandbox: SandboxHandle) -> None:
    for body in (
        {"max_api_users": 0},
        {"max_requests_per_minute": "many"},
        {"push_url": "ftp://x"},
        {"colour": 1},
    ):
        response = requests.put(f"{sandbox.url}/__sandbox__/config", json=body, timeout=5)
        assert response.status_code == 400, body


def test_explicit_limits_apply_on_instant_without_rejections(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    sandbox.config(max_concurrent_requests=2, max_requests_per_minute=300)
    sandbox.reset_stats()

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: acumatica.get("StockItem/APP0001").status_code, range(40)))

    assert statuses == [200] * 40
    license = sandbox.stats()["license"]
    assert license["max_concurrent_requests"] == 2
    assert license["peak_concurrent"] <= 2
    assert license["rejected"] == 0
    assert license["throttled"] == 0
    window = license["per_minute_window"]
    assert window == {"limit": 300, "throttle_from": 150.0, "in_window": 40, "window_seconds": 60.0}


def test_concurrency_is_capped_and_the_rest_queue(acumatica: AcumaticaApi, sandbox: SandboxHandle) -> None:
    sandbox.config(profile="fast", max_concurrent_requests=2)  # every GET now takes 12.5 ms
    sandbox.reset_stats()

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda _: acumatica.get("StockItem/APP0001").status_code, range(20)))

    assert set(statuses) == {200}
    license = sandbox.stats()["license"]
    assert license["peak_concurrent"] == 2
    assert license["queued_total"] > 0
    assert license["rejected"] == 0


def test_past_20_queued_requests_are_rejected_with_429_and_logout_skips_the_queue(
    acumatica: AcumaticaApi, sandbox: SandboxHandle
) -> None:
    sandbox.config(profile="realistic", max_concurrent_requests=1, max_requests_per_minute=1000)
    sandbox.reset_stats()
    other = AcumaticaApi(sandbox.url)
    assert other.login().status_code == 204
    with ThreadPoolExecutor(max_workers=32) as pool:
        slow = pool.submit(lambda: acumatica.get("StockItem", **{"$expand": "WarehouseDetails,Attributes"}))
        deadline = time.monotonic() + 5
        while sandbox.stats()["license"]["active"] < 1:
            assert time.monotonic() < deadline
        burst = [pool.submit(lambda: acumatica.get("StockItem/APP0001")) for _ in range(29)]
        while sandbox.stats()["license"]["queued"] < 20 or sandbox.stats()["license"]["rejected"] < 9:
            assert time.monotonic() < deadline
        started = time.monotonic()
        assert other.logout().status_code == 204
        assert time.monotonic() - started < 0.2  # not behind the 20 queued requests
        assert sandbox.stats()["license"]["active"] == 1  # the slow request still holds the only slot
        sandbox.config(profile="instant")  # let the queue drain at once
        responses = [f.result() for f in burst]
        assert slow.result().status_code == 200

    rejected = [r for r in responses if r.status_code == 429]
    assert all(r.headers["Content-Type"].startswith("text/plain") for r in rejected)
    assert rejected[0].text == "The custom error module does not recognize this error."
    assert [r.status_code for r in responses].count(429) == 9
    assert [r.status_code for r in responses].count(200) == 20
    license = sandbox.stats()["license"]
    assert license["rejected"] == 9
    assert license["peak_queued"] == 20
    assert license["peak_concurrent"] == 1
