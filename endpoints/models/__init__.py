"""Models of the `endpoints` app: connection settings per scope (and, later, endpoint URL tables)."""

from __future__ import annotations

from endpoints.models.connections import AcumaticaConnection

__all__ = ["AcumaticaConnection"]
