"""django-q2 task entry points (thin: each calls one service)."""

from __future__ import annotations

from typing import Any

from sync.loop import run_queue


def process_queue() -> dict[str, Any]:
    """Scheduled every minute (`sync.schedules`): one run of the processing loop."""
    return run_queue().as_dict()
