"""Fixtures for rulebook tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from madoguchi.rules import DEFAULT_PATH


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the default rulebook to break."""
    return Path(shutil.copytree(DEFAULT_PATH, tmp_path / "rulebook"))
