"""Shared test fixtures: the sandboxes over real HTTP, and an admin client."""

from __future__ import annotations
