"""收支构成: income by source, function classes (drillable), economic classes, Sankey."""

import polars as pl
import streamlit as st

from charts.composition import (
    make_economic_figure,
    make_function_split_figure,
    make_function_treemap_figure,
    make_income_figure,
    make_sankey_figure,
)
from dashboard.components import counties_with, not_disclosed, page_context, show_figure
from dashboard.figcache import cached_figure
from dashboard.scale import panel_counties, top_counties

filters, selection, ctx = page_context()
ctx = top_counties(selection, ctx)
st.title("收支构成")
income = selection.table("income")
functions = selection.table("expenditure_function")
economic = selection.table("expenditure_economic")

st.header("收入来源")
if sub := counties_with(income, ctx, "收入来源表"):
    show_figure(cached_figure(make_income_figure, income, sub), income.drop("corrected"), sub, "收入来源构成")

st.header("支出功能分类")
if sub := counties_with(functions, ctx, "支出功能分类表"):
    show_figure(cached_figure(make_function_treemap_figure, functions, sub), functions.drop("corrected"), sub, "支出功能分类")
    for county_id in panel_counties(sub, "功能分类基本与项目支出"):
        one = ctx.only(county_id)
        rows = functions.filter(pl.col("county_id") == county_id)
        show_figure(cached_figure(make_function_split_figure, rows, one), rows.filter(pl.col("level") == 1).drop("corrected"),
                    one, "功能分类基本与项目支出")

st.header("基本支出经济分类")
if sub := counties_with(economic, ctx, "基本支出经济分类表"):
    for county_id in panel_counties(sub, "基本支出经济分类"):
        one = ctx.only(county_id)
        rows = economic.filter(pl.col("county_id") == county_id)
        show_figure(cached_figure(make_economic_figure, rows, one), rows.drop("corrected"), one, "基本支出经济分类")

st.header("资金流向")
for county_id in panel_counties(ctx, "资金流向图"):
    has_both = all(county_id in set(f["county_id"].to_list()) for f in (income, functions))
    if not has_both:
        not_disclosed(ctx.names[county_id], "同时列示收入来源和支出功能分类的表格，无法绘制资金流向图")
        continue
    one = ctx.only(county_id)
    flow_table = functions.filter((pl.col("county_id") == county_id) & (pl.col("level") == 1))
    show_figure(cached_figure(make_sankey_figure, income, functions, one),
                flow_table.select("name", "total_wan", "basic_wan", "project_wan"), one, "资金流向")
