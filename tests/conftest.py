"""Shared fixtures: the shipped sources and a loaded dataset."""

from pathlib import Path

import pytest

from loaders import load_all
from loaders.registry import RAW_DIR

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW_DIR


@pytest.fixture(scope="session")
def tables():
    """All contract tables for the four shipped counties."""
    return load_all()
