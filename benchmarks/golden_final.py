"""Golden figures of the real final accounts (../shared/corpus/final/golden.json, 部门决算) against
what the reader read: the same outcomes as benchmarks.golden (exact / unread / unconfirmed / wrong).

golden.json names a figure as the document prints it, a 三公 or 一般公共预算 figure with its basis
("公务接待费_预算", "一般公共预算财政拨款支出_年初预算"); NAMES maps each onto the contract: table, key
column, key and the column holding that basis (amount_wan the 决算数; budget_wan the 年初预算数 or a
bare 预算数; adjusted_budget_wan the 全年预算数 / 调整预算数). A function row's 年初/全年预算数 (read
off the 情况说明 text) is the row's budget_wan / adjusted_budget_wan.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from benchmarks.golden import CORPUS, Outcome, _lookup, _outcome, _value

FINAL_CORPUS = CORPUS / "final"
KIND = "决算"
_BASIS = {"决算": "amount_wan", "预算": "budget_wan", "年初预算": "budget_wan", "全年预算": "adjusted_budget_wan",
          "调整预算": "adjusted_budget_wan"}
_ROW_BASIS = {"年初预算数": "budget_wan", "全年预算数": "adjusted_budget_wan", "调整预算数": "adjusted_budget_wan"}
_SUMMARY = {
    "本年收入合计": "本年收入合计", "本年支出合计": "本年支出合计", "年初结转和结余": "年初结转和结余",
    "年末结转和结余": "年末结转和结余", "收入支出总计": "收入合计", "基本支出": "基本支出", "项目支出": "项目支出",
    "人员经费": "人员经费", "公用经费": "公用经费", "机关运行经费": "机关运行经费",
    "一般公共预算财政拨款基本支出": "一般公共预算基本支出", "财政拨款收入支出总计": "财政拨款收支总计",
    "年初财政拨款结转和结余": "年初财政拨款结转和结余", "年末财政拨款结转和结余": "年末财政拨款结转和结余",
    "三公经费合计": "三公经费合计", "一般公共预算财政拨款支出": "一般公共预算财政拨款支出",
}
_INCOME = {"一般公共预算财政拨款收入": "一般公共预算拨款收入", "其他收入": "其他收入", "事业收入": "事业收入",
           "上级补助收入": "上级补助收入", "经营收入": "事业单位经营收入", "附属单位上缴收入": "附属单位上缴收入"}
_SANGONG = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")
_FUNCTION_COLUMNS = {"total": ("total_wan", "合计"), "basic": ("basic_wan", "基本支出"),
                     "project": ("project_wan", "项目支出")}


def load_golden(corpus: Path = FINAL_CORPUS) -> list[dict]:
    from benchmarks.golden import load_golden as load

    return load(corpus)


def where(name: str) -> tuple[str, str, str, str] | None:
    """(table, key column, key, value column) of a golden name, or None when the contract holds no
    such figure."""
    base, _, basis = name.rpartition("_") if "_" in name else (name, "", "决算")
    column = _BASIS.get(basis)
    if column is None:
        return None
    if base in _SUMMARY:
        return "summary", "metric", _SUMMARY[base], column
    if base in _INCOME and column == "amount_wan":
        return "income", "source", _INCOME[base], column
    if base in _SANGONG:
        return "sangong", "item", base, column
    return None


def compare(record: dict, tables: dict[str, pl.DataFrame]) -> list[Outcome]:
    """Every golden figure of one 决算 against the contract tables read from it."""
    out = []
    for name, figure in record["figures"].items():
        place = where(name)
        found = _lookup(tables, *place) if place else None
        out.append(_outcome(record["file"], name, figure["value_wan"], figure["page"], found))
    for row in record["function_rows"]:
        for key, (column, label) in _FUNCTION_COLUMNS.items():
            if row[key] is None:
                continue
            found = _coded(tables.get("expenditure_function"), row["code"], column)
            out.append(_outcome(record["file"], f"功能 {row['code']} {row['name']} {label}", row[key], row["page"],
                                found))
        for basis, stated in (row.get("budget") or {}).items():
            found = _coded(tables.get("expenditure_function"), row["code"], _ROW_BASIS[basis])
            out.append(_outcome(record["file"], f"功能 {row['code']} {row['name']} {basis}", stated["value_wan"],
                                stated["page"], found))
    for row in record["economic_rows"]:
        found = _coded(tables.get("expenditure_economic"), row["code"], "total_wan")
        out.append(_outcome(record["file"], f"经济 {row['code']} {row['name']}", row["value_wan"], row["page"],
                            found))
    return out


def _coded(frame: pl.DataFrame | None, code: str, column: str) -> tuple[float | None, bool | None] | None:
    if frame is None or frame.is_empty() or column not in frame.columns:
        return None
    hit = frame.filter(pl.col("code") == code)
    return None if hit.is_empty() else _value(hit.row(0, named=True), column)
