"""County Budget Explorer entry point: shared filters, URL sync and navigation only."""

from __future__ import annotations

import streamlit as st

from content.filters import (
    BOTH_KINDS,
    DOCUMENT_KIND_CHOICES,
    LATEST,
    LATEST_TEXT,
    MODES,
    PENDING_DOCUMENTS_KEY,
    SEEN_REGIONS_KEY,
    UNITS,
    chosen_filters,
    default_notice,
    filters_from_query,
    keep_choices_valid,
    show_documents,
    sidebar_state,
)
from dashboard.components import FILTERS_KEY, NOTICES_KEY
from dashboard.data import get_options, get_tables

st.set_page_config(page_title="部门预算看板", page_icon=":material/bar_chart:", layout="wide")

_, load_errors = get_tables()
options = get_options()

if "f_regions" not in st.session_state:
    seeded, notices = filters_from_query(dict(st.query_params), options)
    st.session_state.update(sidebar_state(seeded, options), f_notices=notices)
    st.session_state[SEEN_REGIONS_KEY] = list(st.session_state.f_regions)
if pending := st.session_state.pop(PENDING_DOCUMENTS_KEY, None):  # e.g. a document just imported
    show_documents(st.session_state, options, pending)
keep_choices_valid(st.session_state, options)

# The sidebar's chosen regions and documents are shown whole, on as many lines as they need: a
# document's name (上海市·刑事科学技术研究院（单位预算 · 2026）) cut to its first characters could not be
# told from its other edition. The tags carry data-tag; only the sidebar's are restyled.
st.html("<style>"
        "[data-testid='stSidebar'] [data-testid='stMultiSelectTagsContainer'] [data-tag] "
        "{max-width: 100%; height: auto; min-height: 1.5rem;}"
        "[data-testid='stSidebar'] [data-testid='stMultiSelectTagsContainer'] [data-tag] > span[title] "
        "{white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.3; padding: 2px 0;}"
        "</style>")

with st.sidebar:
    # persist_state="session": a widget's value survives page switches and runs in which it is not
    # drawn (公开文件 is drawn only when needed). Without it Streamlit may drop the value of a widget
    # it did not see in a run, which emptied the county choice after a page switch (issue 12).
    st.header("筛选")
    if options.has_finals:  # 预算 / 决算: shown once a 决算 is loaded (every document is a 预算 until then)
        st.radio("文件类别", tuple(DOCUMENT_KIND_CHOICES), key="f_kind", format_func=DOCUMENT_KIND_CHOICES.get, horizontal=True,
                 persist_state="session", help="只看预算、只看决算，或两者都看（同一部门同一年度的预算与决算是两份文件）。")
    document_kind = st.session_state.get("f_kind", BOTH_KINDS)
    st.multiselect("地区", options.region_choices_of(document_kind), key="f_regions", placeholder="选择地区",
                   persist_state="session")
    if options.needs_documents(st.session_state.f_regions, document_kind):
        st.multiselect("公开文件", options.documents(st.session_state.f_regions, document_kind=document_kind), key="f_documents",
                       format_func=options.choice_name, placeholder="选择公开文件", persist_state="session",
                       help="所选地区有多份公开文件（不同部门，同一部门的部门预算与单位预算，或预算与决算）时，在此选择要看的文件。")
    if notice := default_notice(options):
        st.caption(notice)
    st.selectbox("年度", options.year_choices, key="f_year",
                 format_func=lambda y: LATEST_TEXT if y == LATEST else f"{y} 年", persist_state="session")
    st.radio("金额单位", tuple(UNITS), key="f_unit", format_func=lambda u: UNITS[u][0], horizontal=True,
             persist_state="session")
    st.radio("显示方式", tuple(MODES), key="f_mode", format_func=MODES.get, horizontal=True, persist_state="session")
    st.caption("筛选条件保存在网址中，复制链接即可重现当前视图。")
    from dashboard.components import report_pack_button

    filters = chosen_filters(st.session_state, options)
    report_pack_button(filters)

st.session_state[FILTERS_KEY] = filters
st.query_params.from_dict(filters.to_query())

# drawn under each page's title (dashboard.components.page_title)
st.session_state[NOTICES_KEY] = ([("warning", n) for n in st.session_state.get("f_notices", [])]
                                 + [("error", m) for m in load_errors])

overview = st.Page("views/page_overview.py", title="总览", icon=":material/home:", url_path="home", default=True)
pages = [
    overview,
    st.Page("views/page_composition.py", title="收支构成", icon=":material/donut_large:", url_path="composition"),
    st.Page("views/page_sangong.py", title="三公经费", icon=":material/directions_car:", url_path="sangong"),
    st.Page("views/page_projects.py", title="项目支出", icon=":material/list_alt:", url_path="projects"),
    st.Page("views/page_indicators.py", title="绩效指标", icon=":material/flag:", url_path="indicators"),
    st.Page("views/page_compare.py", title="横向对比", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("views/page_quality.py", title="指标质量", icon=":material/fact_check:", url_path="quality"),
    st.Page("views/page_checks.py", title="勾稽核对", icon=":material/rule:", url_path="checks"),
    st.Page("views/page_execution.py", title="预算执行", icon=":material/account_balance:", url_path="execution"),
    st.Page("views/page_data.py", title="数据", icon=":material/table_view:", url_path="data"),
    st.Page("views/page_import.py", title="导入", icon=":material/upload_file:", url_path="import"),
]
# The default page answers at `/` only (Streamlit 1.67 serves it there and reserves its own url_path);
# a shared link to /overview reaches it through this hidden page, which hands over to it, filters kept.
# (The default page's own url_path is not "overview": two pages with one url_path clash.)
overview_link = st.Page("views/page_overview.py", title="总览", url_path="overview", visibility="hidden")
page = st.navigation([*pages, overview_link])
if page is overview_link:
    st.switch_page(overview, query_params=st.query_params.to_dict())
page.run()
