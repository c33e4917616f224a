"""Cached access to the contract tables for the running dashboard.

What is shown: the four shipped documents, always; the tables of a data directory when it
holds a whole dataset (``-- --data DIR`` or $BUDGET_DATA_DIR, e.g. from `python -m synthetic`);
and the library of imported documents in ``DATA/library`` (``data/library`` by default), which
the 导入 page and `python -m loaders import … --data DATA` add to.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import polars as pl
import streamlit as st

from content.filters import FilterOptions, Filters
from content.selection import Selection, cut_tables, select
from contract.errors import SchemaError
from library import Library
from loaders import combine, load_available
from loaders.datadir import DATA_DIR_ENV, Tables, data_dir_from, has_tables, merge_tables, scan_tables

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_root() -> Path:
    """The data directory: ``-- --data DIR``, else $BUDGET_DATA_DIR, else the project's data/."""
    return _data_root(tuple(sys.argv[1:]), os.environ.get(DATA_DIR_ENV))


@functools.lru_cache(maxsize=8)
def _data_root(argv: tuple[str, ...], env_value: str | None) -> Path:
    """Parsed once per (arguments, variable): argparse costs ~1.5 ms and every page asks several times."""
    environ = {DATA_DIR_ENV: env_value} if env_value is not None else {}
    return data_dir_from(argv, environ) or DEFAULT_DATA_DIR


def get_library() -> Library:
    """One Library object per data directory and process: it keeps the library's index in memory,
    so a write reads only what other processes appended since (library/store.py)."""
    return _library(str(data_root() / "library"))


@functools.cache
def _library(root: str) -> Library:
    return Library(Path(root))


def get_tables() -> tuple[Tables, tuple[str, ...]]:
    """All tables and the messages of sources that failed or were left out."""
    return _tables_from(*tables_key())


def tables_key() -> tuple[str, tuple]:
    """Names the merged tables: the data directory and the library's state."""
    library = get_library()
    # stamp(): two stat calls; changes whenever any session or the command line adds or removes
    return str(data_root()), library.stamp() if library.root.is_dir() else ()


@st.cache_resource(show_spinner="正在读取预算公开文件…", max_entries=4)
def _tables_from(root: str, stamp: tuple) -> tuple[Tables, tuple[str, ...]]:
    """Built once per data directory and library state (``stamp``)."""
    seeds, errors = _shipped()
    parts: list[Tables] = [seeds]
    messages = [f"有一份随附的公开文件未能读取，已跳过：{e}" for e in errors]
    if has_tables(Path(root)):
        parts.append(scan_tables(Path(root)))
    library = _library(str(Path(root) / "library"))
    if library.root.is_dir():
        documents = []
        for entry in library.entries():
            try:
                documents.append(_document_tables(str(library.root), entry.key, entry.sha256))
            except (SchemaError, OSError, pl.exceptions.PolarsError) as exc:
                # a document stored by another version or damaged on disk: left out, named, the rest kept
                messages.append(f"文档库中的“{entry.key}”未能读取，已跳过（{exc}）。可在导入页删除后重新导入。")
        parts.append(combine(documents))
    tables, clashes = merge_tables(parts)
    return tables, tuple(messages + clashes)


@st.cache_resource(show_spinner=False, max_entries=10_000)
def _document_tables(root: str, key: str, sha256: str) -> dict[str, pl.DataFrame]:
    """One imported document's tables, read once (``sha256`` tells a replaced document apart)."""
    return _library(root).document_tables(key)


@st.cache_resource(show_spinner="正在读取随附的预算公开文件…")
def _shipped() -> tuple[dict[str, pl.DataFrame], tuple]:
    """The four shipped documents, read once per process."""
    tables, errors = load_available()
    return tables, tuple(errors)


def get_selection(filters: Filters) -> Selection:
    """The tables cut to the chosen documents and year, once per (tables, choice): page reruns and
    the other pages reuse it (its history, cut on first use, with it)."""
    return _selection(_built_from(), filters.counties, filters.year)


@st.cache_resource(show_spinner=False, max_entries=32)
def _selection(key: tuple, counties: tuple[str, ...], year: str) -> Selection:
    """``key`` (_built_from) names the merged tables this selection is cut from."""
    tables, _ = get_tables()
    return select(tables, Filters(counties=counties, year=year))


def get_options() -> FilterOptions:
    """What the sidebar offers, built once per merged tables (document labels and the region
    index cost ~0.15 s with 3,000 documents loaded; every run of every page needs them)."""
    return _options(_built_from())


def _built_from() -> tuple:
    """What a cache built from the merged tables is keyed on: their name (tables_key) and the object
    itself (a rebuild under the same name, e.g. after a cache is cleared, is another object; the id
    alone could be reused once an old build is freed)."""
    key = tables_key()
    return key, id(_tables_from(*key)[0])


@st.cache_resource(show_spinner=False, max_entries=4)
def _options(key: tuple) -> FilterOptions:
    tables, _ = get_tables()
    return FilterOptions.from_counties(tables["counties"])


def clear_tables() -> None:
    """Forget the merged tables (after an import or a removal in this session)."""
    _tables_from.clear()
    _selection.clear()
    _options.clear()


def get_cross_checks(pairs: tuple[tuple[str, int], ...]) -> tuple[pl.DataFrame, tuple[tuple[str, str], ...]]:
    """The cross-document checks (content/crosscheck.py) touching these (document, year) pairs: a
    shown 决算 against its budget, a shown budget against last year's, either side shown; and why a
    pair's function classes were not compared (scope_notes)."""
    return _cross_checks(_built_from(), pairs)


@st.cache_resource(show_spinner=False, max_entries=32)
def _cross_checks(key: tuple, pairs: tuple[tuple[str, int], ...]) -> tuple[pl.DataFrame, tuple[tuple[str, str], ...]]:
    from content.crosscheck import cross_checks, scope_notes

    tables, _ = get_tables()
    docs = {doc for doc, _ in pairs}
    frame = cross_checks(tables, docs)
    shown = pl.DataFrame(list(pairs), schema={"id": pl.String, "y": pl.Int64}, orient="row")
    mine = frame.join(shown, left_on=["county_id", "year"], right_on=["id", "y"], how="semi")
    theirs = frame.join(shown, left_on=["other_id", "other_year"], right_on=["id", "y"], how="semi")
    return pl.concat([mine, theirs]).unique(maintain_order=True), tuple(scope_notes(tables, docs))


@st.cache_resource(show_spinner="正在审查绩效目标…", max_entries=64)
def get_audit(pairs: tuple[tuple[str, int], ...]) -> dict[str, pl.DataFrame]:
    """Indicator-quality flags and scores for these county-years (computed once per selection).

    The audit works county-year by county-year, so auditing only the shown pairs gives
    the same rows as auditing everything, and stays fast with thousands of counties loaded.
    """
    from audit import audit_indicators, score_counties, score_projects

    tables, _ = get_tables()
    indicators = cut_tables({"indicators": tables["indicators"]}, pairs)["indicators"]
    flags = audit_indicators(indicators)
    projects = score_projects(indicators, flags)
    return {"flags": flags, "projects": projects, "counties": score_counties(projects)}


@st.cache_resource(show_spinner=False)
def get_source_lines(document: str) -> tuple[str, ...]:
    """The original lines of a shipped source file, for showing a flag's raw text.

    Empty for documents that are not shipped (synthetic data has no source text).
    """
    from contract.source import read_source
    from loaders.registry import COUNTIES, RAW_DIR

    if document not in {c.file for c in COUNTIES.values()}:
        return ()
    return read_source(RAW_DIR / document).lines


@st.cache_data(show_spinner=False, max_entries=32)
def excel_for(pairs: tuple[tuple[str, int], ...]) -> bytes:
    """The all-tables workbook for these (county_id, year) pairs, built once per selection."""
    from export.workbook import tables_excel_bytes

    tables, _ = get_tables()
    return tables_excel_bytes(cut_tables(tables, pairs))
