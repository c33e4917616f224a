"""Bytes for the data downloads (CSV with BOM for Excel users, one workbook of all tables)."""

from __future__ import annotations

import io

import polars as pl

TABLE_LABELS = {
    "counties": "地区、部门与文件",
    "summary": "主要数字",
    "income": "收入来源",
    "expenditure_function": "支出功能分类",
    "expenditure_economic": "基本支出经济分类",
    "sangong": "三公经费",
    "projects": "项目",
    "programs": "一级项目（专项资金）",
    "indicators": "绩效指标",
    "prior_year": "上年数",
    "checks": "勾稽核对",
}


def table_csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with a BOM so that Excel opens Chinese text correctly."""
    return "\ufeff".encode() + frame.write_csv().encode("utf-8")


def tables_excel_bytes(tables: dict[str, pl.DataFrame]) -> bytes:
    """One sheet per table, sheet names the Chinese labels, amounts in 万元."""
    buffer = io.BytesIO()
    import xlsxwriter

    with xlsxwriter.Workbook(buffer) as workbook:
        for name, label in TABLE_LABELS.items():
            frame = tables[name]
            renamed = frame.rename({c: c.replace("_wan", "（万元）") for c in frame.columns if c.endswith("_wan")})
            renamed.write_excel(workbook, worksheet=label[:31], autofit=True)
    return buffer.getvalue()
