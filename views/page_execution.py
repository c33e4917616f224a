"""预算执行: a department's final accounts (决算) against its budget — rates by function class,
基本/项目 and 人员/公用, 三公, the largest over- and under-spends, and a region's departments ranked."""

import polars as pl
import streamlit as st

from content.execution import (
    BASES,
    LEVELS,
    execution_data,
    function_execution,
    measure_execution,
    sangong_execution,
)
from content.execution_page import execution_items
from dashboard.components import page_context, render_items
from dashboard.figcache import cached_figure
from dashboard.sources import show_source_page

filters, selection, ctx = page_context("预算执行")
with st.container(horizontal=True):
    basis = st.radio("预算数口径", tuple(BASES), format_func=BASES.get, key="execution_basis")
    level = st.radio("功能分类层级", (0, 1, 2, 3), key="execution_level", horizontal=True,
                     format_func=lambda n: LEVELS.get(n, "自动（有执行率的最高一级）"))
data = execution_data(selection)
render_items(execution_items(selection, ctx, make=cached_figure, basis=basis, level=level or None, data=data))
if not data.pairs:
    st.stop()
st.subheader("查看原文")
st.caption("选一个数字，左为预算数所在页，右为决算数所在页（导入的 PDF 才有页面图像）。")
rows = pl.concat([frame for pair in data.pairs for frame in (
    measure_execution(data, pair, basis), sangong_execution(data, pair, basis),
    function_execution(data, pair, basis))])
if rows.is_empty():
    st.stop()
pick = st.selectbox("选择科目或项目", range(rows.height), key="execution_source_row",
                    format_func=lambda i: f"{selection.names.get(rows['county_id'][i], rows['county_id'][i])} · "
                                          f"{rows['key'][i]} {rows['name'][i] if rows['name'][i] != rows['key'][i] else ''}")
row = rows.row(pick, named=True)
left, right = st.columns(2)
with left:
    st.markdown(f"**预算数** {row['plan_source'] or '未公开'}")
    if row["plan_doc"] is None or not show_source_page(row["plan_doc"], row["year"], row["plan_page"],
                                                         row["plan_text"], f"{row['name']} · 预算数"):
        st.caption("没有可显示的页面（未公开，或由下级科目加总，或原文不是 PDF）。")
with right:
    st.markdown(f"**决算数** {row['actual_source'] or '未列'}")
    if not show_source_page(row["county_id"], row["year"], row["actual_page"], row["actual_text"],
                            f"{row['name']} · 决算数"):
        st.caption("没有可显示的页面（原文不是 PDF 或未列页码）。")
