"""总览: headline figures per county, with the change against the prior year."""

import polars as pl
import streamlit as st

from content.catalog import confirm_notice, trend_items
from content.labels import display_frame
from content.naming import full_names
from content.overview import WHO, card_help, card_label, headline_rows
from dashboard.components import page_context, render_items
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
render_items(cached_content(trend_items, selection, ctx, make=cached_figure))
st.subheader("数字明细")
detail = display_frame(pl.DataFrame(rows).select(WHO, "label", "value", "confirmed", "delta"), {}).rename(
    {"label": "项目", "value": "数值", "delta": "较上年"})
st.dataframe(detail, hide_index=True, width="stretch")
