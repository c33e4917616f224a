"""绩效指标: distributions by category, operator, unit, 定量/定性, target values, weights."""

import streamlit as st

from content.catalog import indicators_items
from contract.tables import INDICATOR_SCOPES
from dashboard.components import controls, page_context, render_items
from dashboard.figcache import cached_content, cached_figure

filters, selection, ctx = page_context("绩效指标")
only_satisfaction = st.session_state.get("indicator_satisfaction", True)
with controls("指标范围", "indicator_scopes", INDICATOR_SCOPES, " · 目标值图只看满意度指标" if only_satisfaction else ""):
    scopes = st.multiselect("指标范围", INDICATOR_SCOPES, default=list(INDICATOR_SCOPES), placeholder="请选择",
                            help="部门整体目标、一级项目（专项资金）目标和具体项目目标", key="indicator_scopes")
    satisfaction = st.toggle("目标值图只看满意度指标", value=True, key="indicator_satisfaction")
render_items(cached_content(indicators_items, selection, ctx, make=cached_figure, scopes=tuple(scopes),
                            satisfaction=satisfaction))
