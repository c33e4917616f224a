"""项目支出: projects ranked by amount, by category, and coverage of 项目支出."""

import polars as pl
import streamlit as st

from charts.projects import (
    coverage_counties,
    make_project_category_figure,
    make_project_coverage_figure,
    make_project_ranking_figure,
    project_coverage,
)
from dashboard.components import counties_with, not_disclosed, page_context, show_figure
from dashboard.figcache import cached_figure
from dashboard.scale import panel_counties, top_counties

filters, selection, ctx = page_context()
ctx = top_counties(selection, ctx)
st.title("项目支出")
projects = selection.table("projects")
summary = selection.table("summary")
current = projects.filter(pl.col("current"))
repeated = projects.filter(~pl.col("current"))
if repeated.height:
    st.caption(f"另有 {repeated.height} 张以上年工作计划为依据的重复项目表，未计入下列统计（见“数据”页）。")

if sub := counties_with(current, ctx, "项目支出绩效目标表"):
    covered = coverage_counties(projects, summary, sub.county_ids)
    for county_id in sub.county_ids:
        if county_id not in covered:
            not_disclosed(ctx.names[county_id], "各项目金额或项目支出合计，无法核对项目覆盖程度")
    if covered:
        cov = sub.subset(covered)
        coverage = pl.DataFrame([{"county_id": c, **project_coverage(projects, summary, c)} for c in covered])
        show_figure(cached_figure(make_project_coverage_figure, projects, summary, cov), coverage, cov,
                    "项目覆盖项目支出")
    for county_id in panel_counties(sub, "项目金额排名"):
        one = ctx.only(county_id)
        rows = current.filter(pl.col("county_id") == county_id)
        if rows["amount_wan"].null_count() == rows.height:
            not_disclosed(ctx.names[county_id], "各项目的金额（项目表只列绩效目标）")
            continue
        show_figure(cached_figure(make_project_ranking_figure, projects, one),
                    rows.select("project_code", "project_name", "category", "amount_wan", "line")
                    .sort("amount_wan", descending=True, nulls_last=True), one, "项目金额排名")
    show_figure(cached_figure(make_project_category_figure, projects, sub),
                current.group_by("county_id", "category").agg(pl.len().alias("项目个数"),
                                                              pl.col("amount_wan").sum()),
                sub, "项目分类")
