"""Fault injection, deterministic from a seed.

A rule matches a request by optional method and a regular expression searched in the path, and
fires with probability `rate` (drawn from one seeded random stream, so a given seed and request
order give the same faults). Kinds:

- `status`: answer `status` (default 503) without doing the work
- `after_commit_status`: do the work, then answer `status` (default 500) instead of the result
- `hang` / `hang_after_commit`: stall past any sane client time-out (`hang_seconds`), before or
  after doing the work, then drop the connection
- `drop` / `drop_after_commit`: close the connection without an answer, before or after the work
- `html`: an HTML error page (as from a proxy) with `status` (default 502), without the work
- `truncate`: do the work, then cut the JSON body short
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field

KINDS = (
    "status",
    "after_commit_status",
    "hang",
    "hang_after_commit",
    "drop",
    "drop_after_commit",
    "html",
    "truncate",
)
AFTER_COMMIT = {"after_commit_status", "hang_after_commit", "drop_after_commit", "truncate"}
DEFAULT_STATUS = {"status": 503, "after_commit_status": 500, "html": 502}


class FaultConfigError(ValueError):
    """A fault rule that cannot be applied; the message says which field is wrong."""


@dataclass
class FaultRule:
    kind: str
    path: str = ""
    method: str | None = None
    rate: float = 1.0
    status: int | None = None
    limit: int | None = None  # fire at most this many times (None = unlimited)
    fired: int = 0
    _regex: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise FaultConfigError(f"kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        if not 0.0 <= float(self.rate) <= 1.0:
            raise FaultConfigError(f"rate must be between 0 and 1; got {self.rate!r}")
        try:
            self._regex = re.compile(self.path or "")
        except re.error as exc:
            raise FaultConfigError(f"path is not a valid regular expression: {exc}") from None
        if self.method:
            self.method = self.method.upper()
        if self.status is None:
            self.status = DEFAULT_STATUS.get(self.kind)

    @property
    def after_commit(self) -> bool:
        return self.kind in AFTER_COMMIT

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method != method.upper():
            return False
        if self.limit is not None and self.fired >= self.limit:
            return False
        return self._regex.search(path) is not None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "path": self.path,
            "method": self.method,
            "rate": self.rate,
            "status": self.status,
            "limit": self.limit,
            "fired": self.fired,
        }


class FaultInjector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._random = random.Random(0)
        self.seed = 0

    def configure(self, body: dict[str, object]) -> None:
        """Replace all rules (`{"rules": []}` clears them) and reseed."""
        raw_rules = body.get("rules", [])
        if not isinstance(raw_rules, list):
            raise FaultConfigError("rules must be a list")
        rules = []
        allowed = {"kind", "path", "method", "rate", "status", "limit"}
        for index, raw in enumerate(raw_rules):
            if not isinstance(raw, dict):
                raise FaultConfigError(f"rules[{index}] must be an object")
            unknown = set(raw) - allowed
            if unknown:
                raise FaultConfigError(f"rules[{index}] has unknown fields: {', '.join(sorted(unknown))}")
            if "kind" not in raw:
                raise FaultConfigError(f"rules[{index}].kind is required")
            try:
                rules.append(FaultRule(**raw))
            except (TypeError, FaultConfigError) as exc:
                raise FaultConfigError(f"rules[{index}]: {exc}") from None
        seed = body.get("seed", 0)
        with self._lock:
            self._rules = rules
            self.seed = int(seed) if isinstance(seed, int | str) else 0
            self._random = random.Random(self.seed)

    def clear(self) -> None:
        self.configure({"rules": []})

    def pick(self, method: str, path: str) -> FaultRule | None:
        """The first matching rule that fires for this request, if any."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path) and self._random.random() < rule.rate:
                    rule.fired += 1
                    return rule
        return None

    def as_dict(self) -> dict[str, object]:
        with self._lock:
            return {"seed": self.seed, "rules": [rule.as_dict() for rule in self._rules]}
