"""Magento 2 REST API simulator (see README.md in this folder)."""

from __future__ import annotations

from .app import MagentoApp, create_app

__all__ = ["MagentoApp", "create_app"]
