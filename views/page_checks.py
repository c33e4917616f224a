"""勾稽核对: which published totals add up, with the source lines of both sides."""

import polars as pl
import streamlit as st

from content.catalog import checks_items
from content.labels import display_frame
from content.sourcelines import parse_line_list, quote_line, row_sources
from contract.formats import amount_with_unit
from dashboard.components import number_columns, page_context, render_items
from dashboard.data import get_cross_checks, get_options, get_source_lines
from dashboard.figcache import cached_figure
from dashboard.sources import show_cross_checks, show_source_page

filters, selection, ctx = page_context("勾稽核对")
st.caption("把每个公开的合计数与其组成部分重新加总（容差 0.01 万元）。不一致说明原文数字之间存在矛盾或未列明的部分，本看板如实呈现，不作修改。")
checks = selection.table("checks")


def within_documents() -> None:
    """文件内核对: the totals that do not add up (or all of them), then a chosen one's source lines.
    Not offered when there are no checks: the page says so above its sections."""
    only_failed = st.toggle("只看不一致的核对项", value=True, key="checks_only_failed", persist_state="session")
    shown = checks.filter(~pl.col("ok")) if only_failed else checks
    shown = shown.sort("ok", pl.col("difference_wan").abs(), descending=[False, True])
    if shown.is_empty():
        st.success("所选公开文件的全部核对项均一致。")
        return
    shown_table = display_frame(shown, selection.names)
    st.dataframe(shown_table, hide_index=True, width="stretch", column_config=number_columns(shown, shown_table))
    show_sources(shown)


def show_sources(shown: pl.DataFrame) -> None:
    """查看原文: the chosen check's stated figure and the lines it was added up from, with its page."""
    st.subheader("查看原文")
    pick = st.selectbox("选择核对项", list(range(shown.height)),
                        format_func=lambda i: f"{selection.name(shown['county_id'][i])} · {shown['check'][i]}")
    row = shown.row(pick, named=True)
    lines = get_source_lines(ctx.documents[row["county_id"]])
    read = row_sources(selection.tables, row["county_id"], row["year"])  # imported documents: rows as read

    def quote(number: int | None) -> str:
        return quote_line(lines, number) or read.get(number, (None, ""))[1].replace("\t", " | ")

    st.markdown(f"**公开数** {amount_with_unit(row['stated_wan'])} · **加总数** {amount_with_unit(row['computed_wan'])} · "
                f"**差额** {amount_with_unit(row['difference_wan'], sign=True)}")
    quoted = [{"侧": "公开数", "line": row["stated_line"], "原文": quote(row["stated_line"])}]
    quoted += [{"侧": "加总项", "line": n, "原文": quote(n)} for n in parse_line_list(row["computed_lines"])]
    st.dataframe(display_frame(pl.DataFrame(quoted, schema={"侧": pl.String, "line": pl.Int64, "原文": pl.String}), {}),
                 hide_index=True, width="stretch")
    stated = read.get(row["stated_line"], (row.get("stated_page"), None))
    show_source_page(row["county_id"], row["year"], row.get("stated_page") or stated[0], stated[1],
                     f"{selection.name(row['county_id'])} · {row['check']} · 公开数")


def across_documents() -> None:
    cross, scope = get_cross_checks(selection.pairs)
    show_cross_checks(cross, get_options().county_names | selection.names, scope)


# the chart, then the two lists, each a section of its own: a page switch draws the chart only. Without
# checks the catalog's notice says so once, and there is no 文件内核对 to list.
render_items(checks_items(selection, ctx, make=cached_figure),
             more=[*([] if checks.is_empty() else [("文件内核对", within_documents)]), ("跨文件核对", across_documents)])
