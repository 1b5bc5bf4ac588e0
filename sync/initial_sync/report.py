"""What `initial_sync` reports: per phase, the records it queued and how they ended; in a dry run,
what would change. Also the one-line error it stops with, and its progress bars."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sync.models import MessageStatus


class InitialSyncError(Exception):
    """Why initial_sync cannot run, in one line."""


class Progress(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def close(self) -> Any: ...


ProgressFactory = Callable[[str, int], Progress]


def tqdm_progress(label: str, total: int) -> Progress:
    """A progress bar on stderr (the command's default)."""
    import sys

    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="rec", file=sys.stderr, leave=True, dynamic_ncols=True)


class _NoProgress:
    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


def no_progress(label: str, total: int) -> Progress:
    return _NoProgress()


@dataclass
class PhaseResult:
    phase: str
    queued: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)  # dry run: what would be written

    def line(self) -> str:
        done = ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items()) if n) or "nothing to do"
        return f"{self.phase}: {self.queued} records, {done}"


@dataclass
class InitialSyncReport:
    run_id: int | None
    dry_run: bool
    resumed: bool = False
    phases: list[PhaseResult] = field(default_factory=list)
    skipped_phases: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(result.counts.get(MessageStatus.FAILED, 0) for result in self.phases)

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.resumed:
            out.append(
                f"Resumed an interrupted initial sync; already done: {', '.join(self.skipped_phases) or '-'}."
            )
        for result in self.phases:
            out.append(result.line())
            out.extend(f"  {change}" for change in result.changes)
        return out
