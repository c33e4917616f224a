"""绩效指标: distributions by category, operator, unit, 定量/定性, target values, weights."""

import polars as pl
import streamlit as st

from charts.indicators import (
    make_level_figure,
    make_operator_figure,
    make_percent_target_figure,
    make_quant_figure,
    make_unit_figure,
    make_weight_figure,
    percent_targets,
    quant_kind,
)
from dashboard.components import counties_with, page_context, show_figure
from dashboard.figcache import cached_figure
from dashboard.scale import top_counties

filters, selection, ctx = page_context()
ctx = top_counties(selection, ctx)
st.title("绩效指标")
indicators = selection.table("indicators").filter(pl.col("current"))
scopes = st.multiselect("指标范围", ["部门整体", "一级项目", "项目"], default=["部门整体", "一级项目", "项目"],
                        help="部门整体目标、一级项目（专项资金）目标和具体项目目标")
indicators = indicators.filter(pl.col("scope").is_in(scopes))
if indicators.is_empty():
    st.warning("所选范围内没有绩效指标，请调整“指标范围”。")
    st.stop()

if sub := counties_with(indicators, ctx, "所选范围内的绩效目标表"):
    counts = lambda col: indicators.group_by("county_id", col).len().sort("county_id", col)  # noqa: E731
    show_figure(cached_figure(make_level_figure, indicators, sub, "level1"), counts("level1"), sub, "一级指标分布")
    show_figure(cached_figure(make_level_figure, indicators, sub, "level2"), counts("level2"), sub, "二级指标分布")
    show_figure(cached_figure(make_operator_figure, indicators, sub), counts("operator"), sub, "比较符号")
    show_figure(cached_figure(make_unit_figure, indicators, sub), counts("unit"), sub, "计量单位")
    show_figure(cached_figure(make_quant_figure, indicators, sub), quant_kind(indicators).group_by("county_id", "kind").len(),
                sub, "定量与定性")
    satisfaction = st.toggle("只看满意度指标", value=True)
    rows = percent_targets(indicators, satisfaction)
    if rows.is_empty():
        st.info("所选县（区）没有以 % 计的此类指标。")
    else:
        show_figure(cached_figure(make_percent_target_figure, indicators, sub, satisfaction),
                    rows.select("county_id", "project_name", "level3", "operator", "target_value", "line"),
                    sub, "满意度目标值" if satisfaction else "百分比目标值")
    weighted = indicators.filter(pl.col("weight").is_not_null())
    if ws := counties_with(weighted, sub, "指标权重（分值）列"):
        show_figure(cached_figure(make_weight_figure, weighted, ws),
                    weighted.group_by("county_id", "weight").len().sort("county_id", "weight"), ws, "指标权重")
