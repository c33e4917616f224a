"""总览: headline figures per county, with the change against the prior year."""

import polars as pl
import streamlit as st

from content.catalog import charts_of, confirm_notice, trend_items
from content.labels import display_frame
from content.naming import full_names
from content.overview import WHO, cards_html, headline_rows
from dashboard.components import folded, page_context, register_charts, render_items, show_section
from dashboard.figcache import cached_content, cached_figure
from dashboard.scale import panel_counties, top_counties

filters, selection, ctx = page_context("总览")
ctx = top_counties(selection, ctx)
if notice := cached_content(confirm_notice, selection, ctx, "overview"):
    render_items([notice])
st.caption("所选公开文件的主要数字；“较上年”仅在公开文件写明上年数时显示。")

rows = cached_content(headline_rows, selection, ctx)
headings = full_names(selection.table("counties").rows(named=True))  # 地区·部门（部门预算 · 2024）
for county_id in panel_counties(ctx, "主要数字卡片"):
    st.subheader(headings[county_id])
    st.html(cards_html([r for r in rows if r["county_id"] == county_id]))


def detail_table() -> None:
    """The cards' figures as one table (built only when opened)."""
    detail = display_frame(pl.DataFrame(rows).select(WHO, "label", "value", "confirmed", "delta"), {}).rename(
        {"label": "项目", "value": "数值", "delta": "较上年"})
    st.dataframe(detail, hide_index=True, width="stretch")


# The detail table and the years side by side (a chart and its table) are drawn once opened: a page
# switch draws the cards only (docs/benchmarks.md, "Page switches in the browser"); the pack holds the charts.
folded(f"数字明细（{len(rows)} 行：数值、核实状态、较上年）", detail_table, key="overview_detail")
if trend := cached_content(trend_items, selection, ctx, make=cached_figure):
    register_charts(trend)
    folded(f"历年变化（{len(charts_of(trend))} 张图）", lambda: show_section(trend),
           key="overview_trend", icon=":material/show_chart:")
