"""「查看原文」: the source page of an imported PDF as an image, the row highlighted.

The page is rendered in a child process with a time and memory limit (library.sandbox): the
file's text was read safely on import, but its images are decoded only when a page is drawn.
Shipped documents are extracted text: they keep their line quotes.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.data import get_library
from library import LibraryError
from library.sandbox import render_page_untrusted
from reader.errors import UnreadableDocument


@st.cache_data(show_spinner="正在绘制原文页面…", max_entries=64)
def _page_image(key: str, stamp: str, page: int, row_text: str | None):
    library = get_library()
    path = library.original(key)
    return render_page_untrusted(path.name, path.read_bytes(), page, row_text)


def original_key(county_id: str, year: int) -> str | None:
    """The library key of this document-year when its original is a PDF (None for the shipped ones)."""
    entry = next((e for e in get_library().entries() if e.doc_id == county_id and e.year == year), None)
    if entry is None or not entry.file.lower().endswith(".pdf"):
        return None
    return entry.key


def show_source_page(county_id: str, year: int, page: int | None, row_text: str | None, what: str) -> bool:
    """Draw the page with ``row_text`` highlighted; False when there is no PDF page to show."""
    key = original_key(county_id, year)
    if key is None or page is None:
        return False
    try:
        image = _page_image(key, key, int(page), row_text)
    except (UnreadableDocument, LibraryError) as exc:
        st.warning(f"原文第 {page} 页无法显示：{getattr(exc, 'zh', exc)}")
        return True
    note = "黄色为该行" if image.found else "未能在该页准确定位该行，显示整页"
    st.image(image.png, caption=f"{what} · 原文第 {image.page} / {image.pages} 页（{note}）", width="stretch")
    return True


def show_cross_checks(cross: pl.DataFrame, names: dict[str, str], notes: tuple[tuple[str, str], ...] = ()) -> None:
    """勾稽核对's 跨文件核对 (its tab's label says so): each figure one document states and another
    publishes (content/crosscheck.py), with both pages side by side for the one chosen."""
    from content.crosscheck import KINDS, shown_frame, summary_text
    from content.labels import display_frame
    from dashboard.components import number_columns

    st.caption("；".join(KINDS.values()) + "。决算所列年初预算数与同年度预算文件逐项对照（功能分类按一般公共预算口径），"
               "预算说明中的上年预算数与上年度预算文件对照；文档库中两份文件都有时才核对。")
    for doc, why in notes:  # a pair whose function classes were not compared, and why
        st.caption(f"{names.get(doc, doc)}：{why}")
    if cross.is_empty():
        st.caption("所选文件在文档库中没有可对照的文件（同一部门同年度的预算与决算，或相邻两年的预算）。")
        return
    if cross["ok"].all():
        st.caption(summary_text(cross))
    else:
        st.warning(summary_text(cross))
    shown = shown_frame(cross, names)
    table = display_frame(shown, names)
    st.dataframe(table, hide_index=True, width="stretch", column_config=number_columns(shown, table))
    pick = st.selectbox("查看两份文件的原文", range(cross.height), key="cross_check_row",
                        format_func=lambda i: f"{names.get(cross['county_id'][i], cross['county_id'][i])} · "
                                              f"{cross['check'][i]}")
    row = cross.row(pick, named=True)
    left, right = st.columns(2)
    with left:
        if not show_source_page(row["county_id"], row["year"], row["stated_page"], row["stated_text"],
                                f"{names.get(row['county_id'], row['county_id'])} · {row['check']}"):
            st.caption("没有可显示的页面（原文不是 PDF 或未列页码）。")
    with right:
        if row["other_page"] is None and row["compared_wan"] == 0:
            st.caption(f"{names.get(row['other_id'], row['other_id'])}的一般公共预算支出表未列此科目（按 0 对照）。")
        elif row["other_id"] is None or not show_source_page(
                row["other_id"], row["other_year"], row["other_page"], row["other_text"],
                f"{names.get(row['other_id'], row['other_id'])} · {row['check']}"):
            st.caption("没有可显示的页面（原文不是 PDF 或未列页码）。")
