"""Cached access to the contract tables for the running dashboard."""

from __future__ import annotations

import os
import sys

import polars as pl
import streamlit as st

from content.selection import cut_tables
from loaders import load_available
from loaders.datadir import Tables, data_dir_from, scan_tables


def get_tables() -> tuple[Tables, tuple[str, ...]]:
    """All tables and the messages of sources that failed.

    The four shipped documents by default; with ``-- --data DIR`` or $BUDGET_DATA_DIR,
    the Parquet tables in DIR (``counties`` in memory, the rest lazy: see loaders.datadir).
    """
    data_dir = data_dir_from(sys.argv[1:], os.environ)
    return _tables_from(str(data_dir) if data_dir else "")


@st.cache_resource(show_spinner="正在读取预算公开文件…")
def _tables_from(data_dir: str) -> tuple[Tables, tuple[str, ...]]:
    """Parsed once per process and directory ('' = data/raw)."""
    if data_dir:
        from pathlib import Path

        return scan_tables(Path(data_dir)), ()
    tables, errors = load_available()
    return tables, tuple(str(e) for e in errors)


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
    from loaders.registry import COUNTIES, RAW_DIR
    from loaders.source import read_source

    if document not in {c.file for c in COUNTIES.values()}:
        return ()
    return read_source(RAW_DIR / document).lines


@st.cache_data(show_spinner=False, max_entries=32)
def excel_for(pairs: tuple[tuple[str, int], ...]) -> bytes:
    """The all-tables workbook for these (county_id, year) pairs, built once per selection."""
    from export.workbook import tables_excel_bytes

    tables, _ = get_tables()
    return tables_excel_bytes(cut_tables(tables, pairs))
