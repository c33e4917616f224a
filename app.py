"""County Budget Explorer entry point: shared filters, URL sync and navigation only."""

from __future__ import annotations

import streamlit as st

from content.filters import (
    LATEST,
    MODES,
    PENDING_DOCUMENTS_KEY,
    SEEN_REGIONS_KEY,
    UNITS,
    chosen_filters,
    default_notice,
    filters_from_query,
    keep_choices_valid,
    show_documents,
)
from dashboard.components import FILTERS_KEY
from dashboard.data import get_options, get_tables

st.set_page_config(page_title="县级部门预算看板", page_icon=":material/bar_chart:", layout="wide")

_, load_errors = get_tables()
options = get_options()

if "f_regions" not in st.session_state:
    seeded, notices = filters_from_query(dict(st.query_params), options)
    st.session_state.update(f_regions=list(options.regions_of(seeded.counties)),
                            f_departments=list(options.departments_of(seeded.counties)),
                            f_year=seeded.year, f_unit=seeded.unit, f_mode=seeded.mode, f_notices=notices)
    st.session_state[SEEN_REGIONS_KEY] = list(st.session_state.f_regions)
if pending := st.session_state.pop(PENDING_DOCUMENTS_KEY, None):  # e.g. a document just imported
    show_documents(st.session_state, options, pending)
keep_choices_valid(st.session_state, options)

with st.sidebar:
    # persist_state="session": a widget's value survives page switches and runs in which it is not
    # drawn (部门 is drawn only when needed). Without it Streamlit may drop the value of a widget
    # it did not see in a run, which emptied the county choice after a page switch (issue 12).
    st.header("筛选")
    st.multiselect("地区", options.region_choices, key="f_regions", placeholder="选择县（区）",
                   persist_state="session")
    if options.needs_department(st.session_state.f_regions):
        st.multiselect("部门", options.department_choices(st.session_state.f_regions), key="f_departments",
                       placeholder="选择部门", persist_state="session")
    if notice := default_notice(options):
        st.caption(notice)
    st.selectbox("年度", options.year_choices, key="f_year",
                 format_func=lambda y: "各县最新年度" if y == LATEST else f"{y} 年", persist_state="session")
    st.radio("金额单位", tuple(UNITS), key="f_unit", format_func=lambda u: UNITS[u][0], horizontal=True,
             persist_state="session")
    st.radio("显示方式", tuple(MODES), key="f_mode", format_func=MODES.get, horizontal=True, persist_state="session")
    st.caption("筛选条件保存在网址中，复制链接即可重现当前视图。")
    from dashboard.components import report_pack_button

    filters = chosen_filters(st.session_state, options)
    report_pack_button(filters)

st.session_state[FILTERS_KEY] = filters
st.query_params.from_dict(filters.to_query())

for notice in st.session_state.get("f_notices", []):
    st.warning(notice)
for message in load_errors:
    st.error(message)

pages = [
    st.Page("views/page_overview.py", title="总览", icon=":material/home:", url_path="overview", default=True),
    st.Page("views/page_composition.py", title="收支构成", icon=":material/donut_large:", url_path="composition"),
    st.Page("views/page_sangong.py", title="三公经费", icon=":material/directions_car:", url_path="sangong"),
    st.Page("views/page_projects.py", title="项目支出", icon=":material/list_alt:", url_path="projects"),
    st.Page("views/page_indicators.py", title="绩效指标", icon=":material/flag:", url_path="indicators"),
    st.Page("views/page_compare.py", title="县际对比", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("views/page_quality.py", title="指标质量", icon=":material/fact_check:", url_path="quality"),
    st.Page("views/page_checks.py", title="勾稽核对", icon=":material/rule:", url_path="checks"),
    st.Page("views/page_execution.py", title="预算执行", icon=":material/account_balance:", url_path="execution"),
    st.Page("views/page_data.py", title="数据", icon=":material/table_view:", url_path="data"),
    st.Page("views/page_import.py", title="导入", icon=":material/upload_file:", url_path="import"),
]
st.navigation(pages).run()
