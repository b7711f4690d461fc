"""Fixtures for the learned-coder tests (the data is in ``model_fixtures.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest
from model_fixtures import build_study


@pytest.fixture
def pet_study(tmp_path: Path) -> Path:
    return build_study(tmp_path / "pets")
