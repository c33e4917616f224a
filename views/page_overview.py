"""总览: headline figures per county, with the change against the prior year."""

import polars as pl
import streamlit as st

from content.catalog import confirm_notice, trend_items
from content.labels import display_frame
from content.naming import full_names
from content.overview import WHO, card_help, card_label, headline_rows
from dashboard.components import page_context, register_charts, render_items, show_section, tabbed
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
    cards = [r for r in rows if r["county_id"] == county_id]
    columns = st.columns(4)
    for i, card in enumerate(cards):
        with columns[i % 4]:
            if card["value"] is None:
                st.metric(card["label"], "未公开", help=card["help"])
            else:
                st.metric(card_label(card), card["value"], delta=card["delta"], delta_color="off",
                          help=card_help(card))
detail = display_frame(pl.DataFrame(rows).select(WHO, "label", "value", "confirmed", "delta"), {}).rename(
    {"label": "项目", "value": "数值", "delta": "较上年"})
trend = cached_content(trend_items, selection, ctx, make=cached_figure)
if not trend:
    st.subheader("数字明细")
    st.dataframe(detail, hide_index=True, width="stretch")
else:
    # the years side by side (a chart and its table) in a tab beside the detail table: a page switch draws
    # one of them (docs/benchmarks.md, "Page switches in the browser"); the report pack holds the charts
    register_charts(trend)
    tabbed([("数字明细", lambda: st.dataframe(detail, hide_index=True, width="stretch")),
            ("历年变化", lambda: show_section(trend))], key="tabs_总览")
