"""Golden figures of the real corpus (../shared/corpus/golden.json) against what the reader read.

golden.json names each figure as the document prints it ("收入合计（总计）", "当年收入小计",
"公务用车运行（维护）费"); NAMES maps those names onto the contract (table and key). Each golden
figure then gets one outcome:

  exact       the contract holds it, equal to the page (to 0.0001 万元)
  unread      the contract does not hold it (未读出: not shown at all)
  unconfirmed the contract holds another value, marked confirmed = false (shown as 未核实)
  wrong       the contract holds another value as a confirmed figure: a wrong figure shown as read

Documents without a `confirmed` column (before the contract had one) count every differing value
as wrong. A golden name that maps nowhere in the contract counts as unread.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from contract.tables import ALL_SCOPE, BASIC_SCOPE

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
TOLERANCE = 0.00005

# golden name -> (contract table, key column, key value). Names as printed in the documents.
_SUMMARY = {
    "收入合计": ("收入总计", "收入合计（总计）", "收入预算（总计）", "收入预算总计"),
    "支出合计": ("支出总计", "支出合计（总计）", "支出预算（总计）", "支出预算总计"),
    "本年收入合计": ("本年收入合计", "当年收入小计"),
    "本年支出合计": ("本年支出合计", "当年支出小计"),
    "基本支出": ("基本支出",),
    "项目支出": ("项目支出",),
    "单位预留机动经费": ("单位预留机动经费",),
    # 湖州 表03: the 支出总表's 人员支出 | 公用经费 under 基本支出, all funds
    "人员经费": ("人员经费", "人员经费（在职人员经费）", "人员支出（基本支出-人员）"),
    "公用经费": ("公用经费", "公用经费（基本支出-公用）", "公用经费（基本支出-公用，全部资金）"),
    "上年结转": ("上年结转结余", "上年结余、结转", "上年结转"),
    "年终结转结余": ("年终结转结余",),
    "三公经费合计": ("三公经费合计",),
    "机关运行经费": ("机关运行经费", "机关运行经费（行政经费）"),
    "会议费": ("会议费",),
    "培训费": ("培训费",),
    "一般公共预算基本支出": ("一般公共预算基本支出",),
    "财政拨款基本支出": ("财政拨款基本支出",),
    "财政拨款收支总计": ("财政拨款收支总计",),
}
_INCOME = {
    "一般公共预算拨款收入": ("一般公共预算拨款收入", "财政拨款收入（一般公共预算）", "预算拨款（一般公共预算）"),
    "政府性基金预算拨款收入": ("政府性基金预算拨款收入",),
    "国有资本经营预算拨款收入": ("国有资本经营预算拨款收入",),
    "财政拨款收入": ("财政拨款收入", "财政拨款（表01）", "本年财政拨款收入"),
    "事业收入": ("事业收入",),
    # not 北京's "本年其他资金收入": there it heads sources 4-9 (财政专户 … 其他收入, 839,965.26 their sum),
    # and the 其他收入 source is stated on the same page (121,370.74); it names no contract figure
    "其他收入": ("其他收入", "其他资金收入"),
}
_SANGONG = {
    "因公出国（境）费": ("因公出国（境）费",),
    "公务用车购置费": ("公务用车购置费",),
    "公务用车运行维护费": ("公务用车运行（维护）费",),
    "公务接待费": ("公务接待费",),
}
_FISCAL_PARTS = {"人员经费": "一般公共预算人员经费", "公用经费": "一般公共预算公用经费"}
# a printed 财政拨款 total heading its funds is a summary figure; printed alone it is an income source
_EITHER = {"财政拨款收入": (("summary", "metric", "财政拨款收入"), ("income", "source", "财政拨款收入"))}
NAMES: dict[str, tuple[str, str, str]] = {
    **{name: ("summary", "metric", metric) for metric, names in _SUMMARY.items() for name in names},
    **{name: ("income", "source", source) for source, names in _INCOME.items() for name in names},
    **{name: ("sangong", "item", item) for item, names in _SANGONG.items() for name in names},
}
# Printed sub-totals the contract does not hold on their own (the 公务用车 小计 is the sum of two
# items it does hold); they are listed, not scored.
NOT_SCORED = ("公务用车购置和运行维护费（小计）", "公务用车购置及运行维护费（小计）", "公务用车购置及运行费（小计）",
              "公务用车购置及运行费")
_FUNCTION_COLUMNS = {"total_wan": "合计", "basic_wan": "基本支出", "project_wan": "项目支出"}
# "公共安全支出（类，文档未给编码）", "政协事务（款）行政运行（项）": the name as printed, without remarks
_REMARK = re.compile(r"[（(](类|款|项|本级)[^（）()]*[）)]")


@dataclass(frozen=True)
class Outcome:
    file: str
    figure: str  # golden name, or "<code> <name> <column>" for a classification row
    golden: float
    read: float | None
    outcome: str  # exact / unread / unconfirmed / wrong
    page: int
    confirmed: bool | None = None


def load_golden(corpus: Path = CORPUS) -> list[dict]:
    return json.loads((corpus / "golden.json").read_text(encoding="utf-8"))


def compare(record: dict, tables: dict[str, pl.DataFrame]) -> list[Outcome]:
    """Every scored golden figure of one document against the contract tables read from it."""
    out = []
    names = _table_names(record)
    for name, figure in record["figures"].items():
        if name in NOT_SCORED:
            continue
        where = NAMES.get(name)
        if where and where[2] in _FISCAL_PARTS and "一般公共预算基本支出表" in _table_name(figure["table"], names):
            # read off the 一般公共预算基本支出表: its own figure where the summary's is a wider table's (湖州)
            where = ("summary", "metric", _FISCAL_PARTS[where[2]]) \
                if _lookup(tables, "summary", "metric", _FISCAL_PARTS[where[2]], "amount_wan") else where
        found = _lookup(tables, *where, "amount_wan") if where else None
        for other in _EITHER.get(where[2], ()) if where and found is None else ():
            found = found or _lookup(tables, *other, "amount_wan")
        out.append(_outcome(record["file"], name, figure["value_wan"], figure["page"], found))
    for row in record["function_rows"]:
        for column, label in _FUNCTION_COLUMNS.items():
            if row[column] is None:
                continue
            found = _classified(tables["expenditure_function"], row, column)
            out.append(_outcome(record["file"], f"功能 {row['code'] or ''} {row['name']} {label}", row[column],
                                row["page"], found))
    scope = BASIC_SCOPE
    for row in record["economic_rows"]:
        scope = _economic_scope(row.get("table") or "", scope)
        economic = tables["expenditure_economic"]
        found = _classified(economic.filter(pl.col("scope") == scope) if "scope" in economic.columns else economic,
                            row, "total_wan")
        out.append(_outcome(record["file"], f"经济 {row['code']} {row['name']}", row["total_wan"], row["page"],
                            found))
    return out


def _lookup(tables: dict[str, pl.DataFrame], table: str, key: str, value: str,
            column: str) -> tuple[float | None, bool | None] | None:
    frame = tables.get(table)
    if frame is None or frame.is_empty() or column not in frame.columns:
        return None
    hit = frame.filter(pl.col(key) == value)
    return None if hit.is_empty() else _value(hit.row(0, named=True), column)


_TABLE_NUMBER = re.compile(r"^(?:部门公开)?表\s*0*(\d+)")


def _table_names(record: dict) -> dict[str, str]:
    """Table number -> the name golden.json gives it somewhere in the record ("表06" -> "表06
    一般公共预算基本支出表 合计行"), for figures that name their table by its number only."""
    out: dict[str, str] = {}
    for figure in record["figures"].values():
        first = re.split(r"[；，;,]", figure.get("table") or "")[0]
        number = _TABLE_NUMBER.match(first)
        if number and len(first) > len(out.get(number.group(1), "")):
            out[number.group(1)] = first
    return out


def _table_name(table: str, names: dict[str, str]) -> str:
    first = re.split(r"[；，;,]", table)[0]
    number = _TABLE_NUMBER.match(first)
    return names.get(number.group(1), first) if number else first


def _economic_scope(table: str, previous: str) -> str:
    """Which economic classification golden.json read a row from, by the table it names ("表06
    一般公共预算基本支出表" → 基本支出; "表8 一般公共预算支出表（按经济分类）" → 全部支出); a row naming
    only the table's number ("表06") is from the same table as the row before it."""
    name = re.split(r"[；，;,]", table)[0]
    if "基本支出" in name:
        return BASIC_SCOPE
    return ALL_SCOPE if "经济分类" in name else previous


def _classified(frame: pl.DataFrame, row: dict, column: str) -> tuple[float | None, bool | None] | None:
    if frame.is_empty():
        return None
    if row["code"]:
        hit = frame.filter(pl.col("code") == row["code"])
    else:
        # as printed, without remarks ("（类）", "（款）") or a 类's "支出" (一般公共服务（类）支出)
        name = _REMARK.sub("", row["name"]).removesuffix("支出")
        hit = frame.filter(pl.col("name").str.replace_all(r"\s", "").str.replace_all(_REMARK.pattern, "")
                           .str.strip_suffix("支出") == name)
    if hit.is_empty():
        return None
    return _value(hit.row(0, named=True), column)


def _value(row: dict, column: str) -> tuple[float | None, bool | None]:
    return row.get(column), row.get("confirmed")


def _outcome(file: str, figure: str, golden: float, page: int,
             found: tuple[float | None, bool | None] | None) -> Outcome:
    read, confirmed = found if found else (None, None)
    if read is None:
        outcome = "unread"
    elif abs(read - golden) <= TOLERANCE:
        outcome = "exact"
    elif confirmed is False:
        outcome = "unconfirmed"
    else:
        outcome = "wrong"
    return Outcome(file, figure, golden, read, outcome, page, confirmed)


def tally(outcomes: list[Outcome]) -> Counter:
    return Counter(o.outcome for o in outcomes)
