"""横向对比 (was 县际对比): the chosen documents side by side on the same measures, aligned axes."""

import streamlit as st

from charts.compare import COMPARE_METRICS
from content.catalog import compare_items
from dashboard.components import controls, page_context, render_items
from dashboard.figcache import cached_content, cached_figure

filters, selection, ctx = page_context("横向对比")
if len(ctx.county_ids) < 2:
    st.info("请在左侧至少选择两份公开文件（地区或部门）进行对比。")
st.caption("各小图的数值轴刻度一致；“占比”方式下为占各自支出合计的百分比。未公开的数显示为“未公开”。")
with controls("对比指标", "compare_metrics", COMPARE_METRICS):
    metrics = st.multiselect("对比指标", COMPARE_METRICS, default=list(COMPARE_METRICS), placeholder="请选择",
                             key="compare_metrics")
if not metrics:
    st.warning("请至少选择一个对比指标。")
    st.stop()
render_items(cached_content(compare_items, selection, ctx, make=cached_figure, metrics=tuple(metrics)))
