"""数据: the tidy tables, filterable, with CSV and Excel downloads."""

from functools import partial

import polars as pl
import streamlit as st

from content.labels import display_frame
from content.sourcelines import quote_line
from dashboard.components import number_columns, page_context
from dashboard.data import excel_for, get_source_lines
from dashboard.sources import show_source_page
from export.workbook import TABLE_LABELS, table_csv_bytes

filters, selection, ctx = page_context("数据")
st.caption("看板中的每个数字都来自下列整理后的表格；“原文行号”指向原文的行（随附的四份文件为其文本的行，导入的文件"
           "为读取顺序中的行，另有“页”），“经更正”标出按更正记录改过原文识别错误的行。金额单位：万元。")
name = st.selectbox("表格", list(TABLE_LABELS), format_func=TABLE_LABELS.get)
frame = selection.table(name)
query = st.text_input("筛选（在任一文字列中查找）", "")
if query:
    text_columns = [c for c, t in frame.schema.items() if t == pl.String]
    frame = frame.filter(pl.any_horizontal(pl.col(c).str.contains(query, literal=True) for c in text_columns))
if frame.is_empty():
    st.info("没有符合条件的记录。")
else:
    shown = display_frame(frame, selection.names)
    event = st.dataframe(shown, hide_index=True, width="stretch", column_config=number_columns(frame, shown, "万元"),
                         on_select="rerun", selection_mode="single-row", key=f"data_rows_{name}")
    chosen = event.selection.rows if event else []
    if chosen and "line" in frame.columns:
        row = frame.row(chosen[0], named=True)
        st.subheader("查看原文", anchor=False)
        what = f"{selection.labels.get(row['county_id']) or selection.name(row['county_id'])} · {TABLE_LABELS[name]}"
        if not show_source_page(row["county_id"], row["year"], row.get("page"), row.get("source_text"), what):
            quote = quote_line(get_source_lines(ctx.documents.get(row["county_id"], "")), row["line"])
            st.text(f"{what} · 原文第 {row['line']} 行：{quote or row.get('source_text') or '（无原文）'}")
    elif "line" in frame.columns:
        st.caption("点选表中一行左侧的方框，即可在下方查看它在原文中的位置（导入的 PDF 显示原文页面并高亮该行）。")
col1, col2 = st.columns(2)
col1.download_button("下载本表 CSV", table_csv_bytes(frame), file_name=f"{TABLE_LABELS[name]}.csv", mime="text/csv")
# Built only when clicked: a workbook of hundreds of counties takes seconds.
col2.download_button("下载全部表格 Excel", partial(excel_for, selection.pairs),
                     file_name="预算公开数据表.xlsx",
                     mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
