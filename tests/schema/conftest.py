"""Fixtures for the schema tests: the reference schemas in `shared/reference`, when present."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def reference_dir() -> Path:
    """`ACMC_SHARED_REFERENCE`, or `<repo>/../shared/reference` (absent on a user's machine)."""
    return Path(os.environ.get("ACMC_SHARED_REFERENCE", REPO.parent / "shared" / "reference"))


@cache
def _load(name: str) -> Any:
    return json.loads((reference_dir() / name).read_text(encoding="utf-8"))


def _reference(name: str) -> Any:
    if not (reference_dir() / name).is_file():
        pytest.skip(f"{name} not found in {reference_dir()} (set ACMC_SHARED_REFERENCE to check against it)")
    return _load(name)


@pytest.fixture
def entity_index() -> dict[str, Any]:
    """The Acumatica Default endpoint index: versions -> <ver> -> topLevelEntities / ..."""
    index: dict[str, Any] = _reference("acumatica-default-entity-index.json")
    return index


@pytest.fixture
def magento_swagger() -> dict[str, Any]:
    swagger: dict[str, Any] = _reference("magento-2.4.8-admin-swagger.json")
    return swagger
