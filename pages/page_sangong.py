"""三公经费: four items per county, prior year beside, shares of 基本支出 and 支出合计."""

import polars as pl
import streamlit as st

from charts.sangong import (
    make_sangong_items_figure,
    make_sangong_prior_figure,
    make_sangong_share_figure,
    sangong_shares,
)
from dashboard.components import counties_with, page_context, show_figure
from dashboard.figcache import cached_figure
from dashboard.scale import top_counties

filters, selection, ctx = page_context()
ctx = top_counties(selection, ctx)
st.title("三公经费")
sangong = selection.table("sangong")
summary = selection.table("summary")
prior = selection.table("prior_year")

if sub := counties_with(sangong, ctx, "“三公”经费表"):
    show_figure(cached_figure(make_sangong_items_figure, sangong, sub), sangong.drop("corrected"), sub, "三公经费分项")
    prior_rows = prior.filter(pl.col("metric") == "三公经费合计")
    table = summary.filter(pl.col("metric") == "三公经费合计").select("county_id", "year", "amount_wan").join(
        prior_rows.select("county_id", pl.col("amount_wan").alias("prior_amount_wan"), "basis"),
        on="county_id", how="left")
    show_figure(cached_figure(make_sangong_prior_figure, summary, prior, sub), table, sub, "三公经费本年与上年")
    shares = pl.DataFrame([{"county_id": c, "占基本支出_%": s["基本支出"], "占支出合计_%": s["支出合计"]}
                           for c in sub.county_ids for s in [sangong_shares(summary, c)]])
    show_figure(cached_figure(make_sangong_share_figure, summary, sub), shares, sub, "三公经费占比")
