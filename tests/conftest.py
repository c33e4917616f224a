"""Shared fixtures: the shipped sources and a loaded dataset."""

import atexit
import os
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pytest

import dashboard.components
from loaders import load_all
from loaders.registry import RAW_DIR

ROOT = Path(__file__).resolve().parent.parent
# Tests never see the developer's own library (data/library): the dashboard, AppTest and the
# servers the browser tests start read an empty data directory unless a test names its own.
os.environ["BUDGET_DATA_DIR"] = tempfile.mkdtemp(prefix="budget-tests-")
atexit.register(shutil.rmtree, os.environ["BUDGET_DATA_DIR"], ignore_errors=True)  # not one left per run
# A page with several sections draws only the chosen one (dashboard.components.render_items); AppTests of
# what a page shows see every section in one run. tests/test_sections.py tests the choosing itself.
dashboard.components.LAZY_SECTIONS = False
dashboard.components.LAZY_TABLES = False  # likewise the table under each chart (drawn once opened)


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


class Card(NamedTuple):
    label: str
    value: str
    delta: str  # "" when the card shows no change
    help: str


class _Cards(HTMLParser):
    """总览's cards out of the HTML the page drew (content.overview.cards_html), read as a browser would."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict] = []
        self.field: str | None = None

    def handle_starttag(self, tag, attrs):
        cls, attrs = dict(attrs).get("class", ""), dict(attrs)
        if cls == "budget-card":
            self.cards.append({"label": "", "value": "", "delta": "", "help": ""})
        elif cls.startswith("budget-card-") and self.cards:
            self.field = cls.removeprefix("budget-card-")
            if self.field == "help":
                self.cards[-1]["help"] = attrs.get("title", "")

    def handle_endtag(self, tag):  # no text follows an inner element within its field
        self.field = None

    def handle_data(self, data):
        if self.cards and self.field in ("label", "value", "delta"):
            self.cards[-1][self.field] += data


def overview_cards(at) -> list[Card]:
    """The cards 总览 drew, in order: label, value, change against last year (its arrow left out), help."""
    out = []
    for element in at.get("html"):
        parser = _Cards()
        parser.feed(element.proto.body)
        out += [Card(c["label"].strip(), c["value"].strip(), c["delta"].strip().lstrip("↑↓ "), c["help"])
                for c in parser.cards]
    return out
