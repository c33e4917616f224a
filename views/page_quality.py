"""指标质量: rule-based review of the performance targets, with scores and source lines."""

import polars as pl
import streamlit as st

from audit import SEVERITY_LABELS
from content.audit_labels import RULE_LABELS, flag_list
from content.catalog import quality_items
from content.labels import display_frame
from content.scale import cut_to_top
from content.sourcelines import quote_line
from dashboard.components import number_columns, page_context, render_items
from dashboard.data import get_audit, get_source_lines
from dashboard.figcache import cached_arrow, cached_content, cached_figure

filters, selection, ctx = page_context("绩效目标质量审查")
st.caption("依据《项目支出绩效评价管理办法》（2020）和项目支出绩效目标设置指引（2021）：应设置产出、效益、满意度指标，"
           "权重合计100（预算执行率单列10分时为90），尽量量化。得分 = 100 − 各规则扣分（严重15、一般8、提示3，每条规则最多扣30）。")
charted = cut_to_top(selection.table("summary"), ctx)[0]  # render_items says so when cut
audit = get_audit(tuple((c, charted.years[c]) for c in charted.county_ids))
keys = pl.DataFrame({"county_id": [c for c, _ in selection.pairs], "year": [y for _, y in selection.pairs]})
flags = audit["flags"].join(keys, on=["county_id", "year"], how="semi")
projects = audit["projects"].join(keys, on=["county_id", "year"], how="semi")
counties = audit["counties"].join(keys, on=["county_id", "year"], how="semi")



def project_scores() -> None:
    project_table = projects.drop("key", strict=False)
    shown_projects = cached_arrow(display_frame, project_table, selection.names)  # built once, not every run
    st.dataframe(shown_projects, hide_index=True, width="stretch",
                 column_config=number_columns(project_table, shown_projects))


def flag_table() -> None:
    """The flags, filtered by rule, severity and project name (kept while another section is shown)."""
    col1, col2, col3 = st.columns(3)
    rules = col1.multiselect("问题类型", list(RULE_LABELS), format_func=RULE_LABELS.get, placeholder="请选择（不选即全部）",
                             key="quality_rules", persist_state="session")
    severities = col2.multiselect("严重程度", list(SEVERITY_LABELS), format_func=SEVERITY_LABELS.get,
                                  placeholder="请选择（不选即全部）", key="quality_severities", persist_state="session")
    project = col3.text_input("项目名称包含", "", key="quality_project", persist_state="session")
    shown = flags
    if rules:
        shown = shown.filter(pl.col("rule").is_in(rules))
    if severities:
        shown = shown.filter(pl.col("severity").is_in(severities))
    if project:
        shown = shown.filter(pl.col("project_name").str.contains(project, literal=True))
    if shown.is_empty():
        st.info("没有符合筛选条件的问题。")
        return
    # each document's lines asked for once, not once per flag (a cached call hashes its argument)
    lines = {c: get_source_lines(ctx.documents[c]) for c in shown["county_id"].unique()}
    raw = [quote_line(lines[county_id], line) for county_id, line in shown.select("county_id", "line").iter_rows()]
    st.dataframe(cached_arrow(flag_list, shown.with_columns(pl.Series("原文", raw)), selection.names),
                 hide_index=True, width="stretch")
    st.caption(f"共 {shown.height} 条。“原文行号”指向公开文件原文的行，“原文”为该行内容（单元格以 | 分隔）。")


# the charts' sections, then the two tables, each a section of its own: a page switch draws the first only
render_items(cached_content(quality_items, selection, ctx, make=cached_figure,
                            audit={"flags": flags, "counties": counties}),
             more=[] if counties.is_empty() else [("项目得分", project_scores), ("问题清单", flag_table)])
