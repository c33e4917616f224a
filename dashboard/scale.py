"""Showing content.scale's cuts on the page (the notice or caption goes where the chart is)."""

from __future__ import annotations

import streamlit as st

from charts.context import ChartContext
from content.scale import CHART_COUNTY_LIMIT, PANEL_COUNTY_LIMIT, cut_panels, cut_to_top


def top_counties(selection, ctx: ChartContext, limit: int = CHART_COUNTY_LIMIT) -> ChartContext:
    """cut_to_top, showing its notice on the page."""
    cut, notice = cut_to_top(selection.table("summary"), ctx, limit)
    if notice:
        st.info(notice)
    return cut


def panel_counties(ctx: ChartContext, what: str, limit: int = PANEL_COUNTY_LIMIT) -> tuple[str, ...]:
    """cut_panels, showing its caption on the page."""
    ids, caption = cut_panels(ctx, what, limit)
    if caption:
        st.caption(caption)
    return ids
