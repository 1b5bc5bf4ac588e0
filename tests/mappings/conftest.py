"""Fixtures of the mapping tests: both sandboxes configured (the connection without license limits,
as the instant sandbox has none)."""

from __future__ import annotations

from tests.engine.conftest import acumatica, magento  # noqa: F401  (fixtures)
