"""Latency profiles: one latency model on three clocks.

Each system states its costs in *realistic* seconds (design.md 6.1). A profile scales them:
`realistic` runs them as stated (demo), `fast` divides every duration by 20 and multiplies
per-minute limits by 20 so ratios and bottlenecks stay the same (benchmarks), `instant` has no
latency and no limits (tests).
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    time_scale: float  # multiplies every realistic duration
    rate_scale: float  # multiplies every realistic per-minute limit
    limits: bool  # whether concurrency caps and license limits apply

    def sleep(self, realistic_seconds: float) -> None:
        """Spend `realistic_seconds` of simulated work on this profile's clock."""
        seconds = realistic_seconds * self.time_scale
        if seconds > 0:
            time.sleep(seconds)

    def duration(self, realistic_seconds: float) -> float:
        return realistic_seconds * self.time_scale

    def per_minute(self, realistic_limit: int) -> int:
        return max(1, round(realistic_limit * self.rate_scale))


PROFILES: dict[str, Profile] = {
    "instant": Profile("instant", time_scale=0.0, rate_scale=1.0, limits=False),
    "fast": Profile("fast", time_scale=1 / 20, rate_scale=20.0, limits=True),
    "realistic": Profile("realistic", time_scale=1.0, rate_scale=1.0, limits=True),
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r}; choose one of {', '.join(PROFILES)}") from None
