"""Fixtures of the mapping tests: both sandboxes configured, without the client's license limits."""

from __future__ import annotations

from tests.customers.conftest import unlimited_license  # noqa: F401  (autouse fixture)
from tests.engine.conftest import acumatica, magento  # noqa: F401  (fixtures)
