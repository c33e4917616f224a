"""数据: the tidy tables, filterable, with CSV and Excel downloads."""

from functools import partial

import polars as pl
import streamlit as st

from content.labels import display_frame
from dashboard.components import number_columns, page_context
from dashboard.data import excel_for
from export.workbook import TABLE_LABELS, table_csv_bytes

filters, selection, ctx = page_context()
st.title("数据")
st.caption("看板中的每个数字都来自下列整理后的表格；“原文行号”指向 data/raw 中的原始文本行，“经更正”标出按 data/corrections.csv 更正过的行。金额单位：万元。")
name = st.selectbox("表格", list(TABLE_LABELS), format_func=lambda t: f"{TABLE_LABELS[t]}（{t}）")
frame = selection.table(name)
query = st.text_input("筛选（在任一文字列中查找）", "")
if query:
    text_columns = [c for c, t in frame.schema.items() if t == pl.String]
    frame = frame.filter(pl.any_horizontal(pl.col(c).str.contains(query, literal=True) for c in text_columns))
if frame.is_empty():
    st.info("没有符合条件的记录。")
else:
    shown = display_frame(frame, selection.names)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=number_columns(frame, shown))
col1, col2 = st.columns(2)
col1.download_button("下载本表 CSV", table_csv_bytes(frame), file_name=f"{name}.csv", mime="text/csv")
# Built only when clicked: a workbook of hundreds of counties takes seconds.
col2.download_button("下载全部表格 Excel", partial(excel_for, selection.pairs),
                     file_name="county_budget_tables.xlsx",
                     mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
