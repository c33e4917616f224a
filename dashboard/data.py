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
