"""Cached access to the contract tables for the running dashboard."""

from __future__ import annotations

import polars as pl
import streamlit as st

from loaders import load_available


@st.cache_resource(show_spinner="正在读取预算公开文件…")
def get_tables() -> tuple[dict[str, pl.DataFrame], tuple[str, ...]]:
    """All tables (parsed once per process) and the messages of sources that failed."""
    tables, errors = load_available()
    return tables, tuple(str(e) for e in errors)


@st.cache_resource(show_spinner=False)
def get_audit() -> dict[str, pl.DataFrame]:
    """Indicator-quality flags and scores for every loaded county (computed once)."""
    from audit import audit_indicators, score_counties, score_projects

    tables, _ = get_tables()
    flags = audit_indicators(tables["indicators"])
    projects = score_projects(tables["indicators"], flags)
    return {"flags": flags, "projects": projects, "counties": score_counties(projects)}


@st.cache_resource(show_spinner=False)
def get_source_lines(document: str) -> tuple[str, ...]:
    """The original lines of a shipped source file, for showing a flag's raw text."""
    from loaders.registry import RAW_DIR
    from loaders.source import read_source

    return read_source(RAW_DIR / document).lines


@st.cache_data(show_spinner=False, max_entries=32)
def excel_for(pairs: tuple[tuple[str, int], ...]) -> bytes:
    """The all-tables workbook for these (county_id, year) pairs, built once per selection."""
    from dashboard.downloads import tables_excel_bytes

    tables, _ = get_tables()
    keys = pl.DataFrame({"county_id": [c for c, _ in pairs], "year": [y for _, y in pairs]},
                        schema={"county_id": pl.String, "year": pl.Int64})
    return tables_excel_bytes({name: frame.join(keys, on=["county_id", "year"], how="semi")
                               for name, frame in tables.items()})
