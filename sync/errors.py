"""Errors of the sync app's own rules (the remote systems' errors live in `endpoints.exceptions`).

`RecordError` is what a flow raises when a record cannot sync until a person fixes something on
our side (a mapping to add, a setting to choose): retrying would fail the same way, so the message
fails at once with this text, and reprocessing after the fix succeeds.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of the sync app's errors; the message is one line meant for an admin."""


class RecordError(SyncError):
    """This record cannot sync until the named thing is fixed; not retried automatically."""
