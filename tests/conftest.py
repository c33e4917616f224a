"""Shared fixtures: the shipped sources and a loaded dataset."""

import os
import tempfile
from pathlib import Path

import pytest

import dashboard.components
from loaders import load_all
from loaders.registry import RAW_DIR

ROOT = Path(__file__).resolve().parent.parent
# Tests never see the developer's own library (data/library): the dashboard, AppTest and the
# servers the browser tests start read an empty data directory unless a test names its own.
os.environ["BUDGET_DATA_DIR"] = tempfile.mkdtemp(prefix="budget-tests-")
# A page with several sections draws only its open tab (dashboard.components.render_items); AppTests of
# what a page shows see every section in one run. tests/test_sections.py tests the tabs themselves.
dashboard.components.LAZY_TABS = False


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW_DIR


@pytest.fixture(scope="session")
def tables():
    """All contract tables for the four shipped counties."""
    return load_all()


@pytest.fixture
def pair_library(pair, tmp_path, monkeypatch):
    """The requesting module's ``pair`` (a generated budget and its 决算, read: ``paths`` and ``results``)
    added to a fresh library that the dashboard reads ($BUDGET_DATA_DIR)."""
    from library import Library, meta_of

    library = Library(tmp_path / "library")
    for path, result in zip(pair["paths"], pair["results"], strict=True):
        library.add(result.tables, meta_of(result), path.read_bytes(), path.name)
    monkeypatch.setenv("BUDGET_DATA_DIR", str(tmp_path))
    return tmp_path
