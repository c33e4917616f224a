"""Layout pieces every page uses: the page context, a chart with its table, notices."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from charts.context import ChartContext
from dashboard.data import get_tables
from dashboard.filters import Filters
from dashboard.labels import display_frame
from dashboard.selection import Selection, select

FILTERS_KEY = "filters"


def current_filters() -> Filters:
    return st.session_state[FILTERS_KEY]


def page_context() -> tuple[Filters, Selection, ChartContext]:
    """The filtered data for this run; stops the page with a message when nothing is selected."""
    filters = current_filters()
    tables, _ = get_tables()
    selection = select(tables, filters)
    if not filters.counties:
        st.info("请在左侧选择至少一个县（区）。")
        st.stop()
    if selection.missing:
        names = "、".join(selection.name(c) for c in selection.missing)
        st.info(f"{names}没有 {filters.year} 年的数据（公开文件仅覆盖其他年度）。")
    if selection.empty:
        st.warning(f"所选县（区）在 {filters.year} 年均没有数据，请选择其他年度。")
        st.stop()
    counties = selection.table("counties")
    ctx = ChartContext.from_tables(counties, filters.unit_label, filters.unit_factor, filters.share)
    return filters, selection, ctx


def file_stem(ctx: ChartContext, what: str) -> str:
    """'青龙满族自治县_2023_三公经费' or '4县_2023-2024_三公经费'."""
    ids = ctx.county_ids
    years = sorted({ctx.years[c] for c in ids})
    who = ctx.names[ids[0]] if len(ids) == 1 else f"{len(ids)}县"
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", f"{who}_{span}_{what}")


def show_figure(fig: go.Figure, table: pl.DataFrame, ctx: ChartContext, what: str) -> None:
    """The chart (screen theme off so exports match), then its numbers in a table."""
    stem = file_stem(ctx, what)
    st.plotly_chart(
        fig, theme=None, width="stretch", key=f"chart_{stem}",
        config={"toImageButtonOptions": {"format": "png", "filename": stem, "scale": 3},
                "displaylogo": False},
    )
    shown = display_frame(table, ctx.names)
    st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * shown.height, 300))


def not_disclosed(name: str, what: str) -> None:
    st.info(f"{name}公开文件未包含{what}。")


def counties_with(frame: pl.DataFrame, ctx: ChartContext, what: str) -> ChartContext | None:
    """Say 'not disclosed' for each chosen county absent from ``frame``; the rest as a context."""
    have = set(frame["county_id"].to_list())
    for county_id in ctx.county_ids:
        if county_id not in have:
            not_disclosed(ctx.names[county_id], what)
    present = tuple(c for c in ctx.county_ids if c in have)
    return ctx.subset(present) if present else None
