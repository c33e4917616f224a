"""The data contract: every table a read document gives (the reader, `load_all()`, the library), its
columns and rules.

The reader emits rows as plain dicts (without county_id/year); `frame_from_rows` adds the keys and
builds polars frames in this column order, and contract/validate.py enforces types, vocabularies,
unique keys and non-negative amounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TypeVar

import polars as pl

SUMMARY_METRICS = (
    "收入合计",
    "支出合计",
    "基本支出",
    "人员经费",
    "公用经费",
    "项目支出",
    "上年结转",
    "三公经费合计",
    "机关运行经费",
    # added for real documents (../shared/corpus): the year's own income and spending beside the
    # totals that include carry-overs, a third spending category beside 基本/项目 (江苏 provincial
    # tables), and the 会议费/培训费 columns some 三公 tables carry (outside the 三公 total)
    "本年收入合计",
    "本年支出合计",
    "单位预留机动经费",
    "会议费",
    "培训费",
    "一般公共预算基本支出",  # the 一般公共预算支出表's 基本支出 小计: the fiscal part of 基本支出
    "财政拨款收入",  # a 收支总表's "一、财政拨款" over its funds (the income table holds the funds)
    "年终结转结余",  # spending side: carried into next year; 支出合计 (总计) = 本年支出 + this
    "财政拨款收支总计",  # the 财政拨款收支总表's 总计: this year's 财政拨款 and its carry-over
    "财政拨款基本支出",  # 基本支出 paid by 财政拨款 (江苏 公开06 表 and its 说明)
    # the 一般公共预算基本支出表's own split where 人员经费/公用经费 are the all-funds ones of a wider table
    "一般公共预算人员经费",
    "一般公共预算公用经费",
    # final accounts (决算, reader/final.py): the carry-over lines of the 收支总表 and the 财政拨款收支总表,
    # the 一般公共预算财政拨款支出表's 合计
    "年初结转和结余",
    "年末结转和结余",
    "年初财政拨款结转和结余",
    "年末财政拨款结转和结余",
    "一般公共预算财政拨款支出",
)
DOCUMENT_KINDS = ("预算", "决算")  # a budget, or final accounts
INCOME_SOURCES = (
    "一般公共预算拨款收入",
    "政府性基金预算拨款收入",
    "国有资本经营预算拨款收入",
    "财政拨款收入",  # stated only as 当年财政拨款, not split by fund
    "财政专户管理资金收入",
    "事业收入",
    "事业单位经营收入",
    "上级补助收入",
    "附属单位上缴收入",
    "其他收入",
    "上年结转结余",
)
EDITIONS = ("部门", "单位")  # 部门预算 (the department and its units) or 单位预算 (one unit)
SANGONG_ITEMS = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")
# the money an economic classification covers: 基本支出 only (the 基本支出表, every document) or all of
# 一般公共预算 spending, 基本 + 项目 (the 一般公共预算支出经济分类表 some documents publish beside it)
BASIC_SCOPE, ALL_SCOPE = "基本支出", "全部支出"
ECONOMIC_SCOPES = (BASIC_SCOPE, ALL_SCOPE)
OPERATORS = ("≥", "≤", "=", ">", "<", "定性", "")
INDICATOR_SCOPES = ("部门整体", "一级项目", "项目")
DEPARTMENT_WIDE = "部门整体"
# Generated test data (synthetic/): ids "syn" + digits, document "synthetic".
SYNTHETIC_ID_PATTERN = r"^syn\d{4,}$"
SYNTHETIC_DOCUMENT = "synthetic"
# Documents read by the general reader (reader/): a slug of region-department-edition.
IMPORTED_ID_PATTERN = r"^[0-9a-z\u4e00-\u9fff]+(-[0-9a-z\u4e00-\u9fff]+)*$"

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)
_KEY = {"county_id": pl.String, "year": pl.Int64}


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: dict[str, pl.DataType]
    key: tuple[str, ...]
    amounts: tuple[str, ...] = ()
    vocab: dict[str, tuple[str, ...]] = field(default_factory=dict)
    required: tuple[str, ...] = ()  # columns that may not be null


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "counties",
            {**_KEY, "county_name": pl.String, "province": pl.String,
             "department": pl.String, "document": pl.String,
             # 预算 or 决算: a budget and the final accounts of one department are two documents
             "document_kind": pl.String,
             # 部门 or 单位 (部门预算 / 单位预算) as the document states it; null where not known (a
             # data directory or a library document written before the column existed)
             "edition": pl.String},
            key=("county_id", "year"),
            vocab={"document_kind": DOCUMENT_KINDS, "edition": EDITIONS},
            required=("county_name", "province", "department", "document", "document_kind"),
        ),
        TableSpec(
            "summary",
            {**_KEY, "metric": pl.String, "amount_wan": pl.Float64, "line": pl.Int64},
            key=("county_id", "year", "metric"),
            amounts=("amount_wan",),
            vocab={"metric": SUMMARY_METRICS},
            required=("amount_wan", "line"),
        ),
        TableSpec(
            "income",
            {**_KEY, "source": pl.String, "amount_wan": pl.Float64, "line": pl.Int64},
            key=("county_id", "year", "source"),
            amounts=("amount_wan",),
            vocab={"source": INCOME_SOURCES},
            required=("amount_wan", "line"),
        ),
        TableSpec(
            "expenditure_function",
            {**_KEY, "code": pl.String, "name": pl.String, "level": pl.Int64,
             "parent_code": pl.String, "total_wan": pl.Float64, "basic_wan": pl.Float64,
             "project_wan": pl.Float64,
             # spending outside 基本/项目 where the table prints it (单位预留机动经费, 事业单位经营支出,
             # 上缴上级支出, 对附属单位补助支出), summed; null where it prints none
             "other_wan": pl.Float64,
             # the class's 合计 in the document's 一般公共预算(财政拨款)支出表 where it prints one: the
             # scope a 决算's 年初预算数 are stated in (content/crosscheck.py, content/execution.py), and
             # the page it is printed on; null where the document prints no such table or class
             "general_wan": pl.Float64, "general_page": pl.Int64, "line": pl.Int64},
            key=("county_id", "year", "code"),
            amounts=("total_wan", "basic_wan", "project_wan", "other_wan", "general_wan"),
            # basic/project null where the table prints no such column (江苏 财政拨款支出预算表: 金额 only)
            required=("name", "level", "total_wan", "line"),
        ),
        TableSpec(
            "expenditure_economic",
            {**_KEY, "scope": pl.String, "code": pl.String, "name": pl.String, "level": pl.Int64,
             "parent_code": pl.String, "total_wan": pl.Float64,
             "personnel_wan": pl.Float64, "public_wan": pl.Float64, "line": pl.Int64},
            # scope: 基本支出 (the 基本支出表 by economic class) or 全部支出 (一般公共预算 基本 + 项目 by
            # economic class, where a document publishes that table too); one hierarchy per scope
            key=("county_id", "year", "scope", "code"),
            amounts=("total_wan", "personnel_wan", "public_wan"),
            vocab={"scope": ECONOMIC_SCOPES},
            # personnel/public null where the table prints no such column (a 金额-only 基本支出表)
            required=("scope", "name", "level", "total_wan", "line"),
        ),
        TableSpec(
            "sangong",
            {**_KEY, "item": pl.String, "amount_wan": pl.Float64, "line": pl.Int64},
            key=("county_id", "year", "item"),
            amounts=("amount_wan",),
            vocab={"item": SANGONG_ITEMS},
            required=("amount_wan", "line"),
        ),
        TableSpec(
            "projects",
            {**_KEY, "project_code": pl.String, "project_name": pl.String,
             "category": pl.String, "amount_wan": pl.Float64, "plan_year": pl.Int64,
             "current": pl.Boolean, "line": pl.Int64},
            key=("county_id", "year", "line"),
            amounts=("amount_wan",),
            required=("project_name", "current", "line"),
        ),
        TableSpec(
            "programs",
            {**_KEY, "program_name": pl.String, "category": pl.String,
             "amount_wan": pl.Float64, "line": pl.Int64},
            key=("county_id", "year", "program_name"),
            amounts=("amount_wan",),
            required=("amount_wan", "line"),
        ),
        TableSpec(
            "indicators",
            {**_KEY, "project_name": pl.String, "scope": pl.String, "level1": pl.String,
             "level2": pl.String, "level3": pl.String, "operator": pl.String,
             "target_text": pl.String, "target_value": pl.Float64, "unit": pl.String,
             "weight": pl.Float64, "plan_year": pl.Int64, "current": pl.Boolean,
             "line": pl.Int64},
            key=("county_id", "year", "line"),
            amounts=("weight",),
            vocab={"operator": OPERATORS, "scope": INDICATOR_SCOPES},
            required=("project_name", "scope", "level3", "operator", "target_text",
                      "current", "line"),
        ),
        TableSpec(
            "prior_year",
            {**_KEY, "metric": pl.String, "for_year": pl.Int64, "amount_wan": pl.Float64,
             "basis": pl.String, "line": pl.Int64},
            key=("county_id", "year", "metric", "for_year"),
            amounts=("amount_wan",),
            vocab={"metric": SUMMARY_METRICS},
            required=("for_year", "amount_wan", "basis", "line"),
        ),
        TableSpec(
            "checks",
            {**_KEY, "check": pl.String, "stated_wan": pl.Float64,
             "computed_wan": pl.Float64, "difference_wan": pl.Float64, "ok": pl.Boolean,
             "stated_line": pl.Int64, "computed_lines": pl.String,
             "stated_page": pl.Int64, "computed_pages": pl.String,
             # the summary metric the stated side is (several metrics share one 合计 row's line), and
             # the other summary figures the check covers ("262 基本支出; 263 项目支出"): a summary
             # figure is confirmed only by a check naming it (contract/confirm.py)
             "stated_metric": pl.String, "figures": pl.String},
            key=("county_id", "year", "check"),
            required=("stated_wan", "computed_wan", "difference_wan", "ok"),
        ),
    )
}

# Tables whose rows come from source lines carry their provenance: `line` (the
# row's position in the document's row stream: the line number for text), `page`
# (PDF page, 1-based; null for text and Excel), `source_text` (the row as read,
# cells joined by a tab) and `corrected` (True where data/corrections.csv
# rewrote that line before reading).
LINE_TABLES = tuple(name for name, spec in TABLES.items() if "line" in spec.columns)
for _name in LINE_TABLES:
    TABLES[_name].columns["page"] = pl.Int64
    TABLES[_name].columns["source_text"] = pl.String
    TABLES[_name].columns["corrected"] = pl.Boolean


# Tables whose amounts carry `confirmed` (contract/confirm.py): True only where a passing check
# ties the row to a second statement (the sum of its parts, the same figure in another table,
# the prose) and no failing check names it. Never null; a row nobody checked is False.
CONFIRMED_TABLES = ("summary", "income", "expenditure_function", "expenditure_economic", "sangong", "projects")
for _name in CONFIRMED_TABLES:
    TABLES[_name].columns["confirmed"] = pl.Boolean
    TABLES[_name] = replace(TABLES[_name], required=TABLES[_name].required + ("confirmed",))
# A final account's (决算) budget figures printed beside its 决算数 (reader/final.py): budget_wan the
# 年初预算数 (or a bare 预算数), adjusted_budget_wan the 调整预算数 / 全年预算数; null where not printed
# and in a budget, whose amounts are themselves budget figures.
BASIS_TABLES = ("summary", "sangong", "expenditure_function")
for _name in BASIS_TABLES:
    _spec = TABLES[_name]
    _columns = {c: t for c, t in _spec.columns.items() if c not in ("line", "page", "source_text", "corrected",
                                                                     "confirmed")}
    _columns.update({"budget_wan": pl.Float64, "adjusted_budget_wan": pl.Float64})
    _columns.update({c: t for c, t in _spec.columns.items() if c not in _columns})
    TABLES[_name] = replace(_spec, columns=_columns, amounts=_spec.amounts + ("budget_wan", "adjusted_budget_wan"))
# What a row built without a column gets (rows a parser emits, frames built by hand in tests).
DEFAULTS = {"confirmed": False, "other_wan": None, "general_wan": None, "general_page": None, "scope": BASIC_SCOPE, "budget_wan": None,
            "adjusted_budget_wan": None, "document_kind": "预算", "edition": None}


def with_defaults(table: str, frame: FrameT) -> FrameT:
    """``frame`` with every DEFAULTS column of ``table`` filled where missing or null (a library
    document or data directory written before the column existed reads as unconfirmed)."""
    present = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
    fills = [(pl.col(c).fill_null(v) if c in present else pl.lit(v, dtype=TABLES[table].columns[c])).alias(c)
             for c, v in DEFAULTS.items() if c in TABLES[table].columns and not (c in present and v is None)]
    return frame.with_columns(fills) if fills else frame


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=TABLES[table].columns)


def frame_from_rows(table: str, rows: list[dict], county_id: str, year: int) -> pl.DataFrame:
    """Rows (dicts) -> frame in contract column order with county_id/year added."""
    spec = TABLES[table]
    if not rows:
        return empty_frame(table)
    data = {name: [] for name in spec.columns}
    for row in rows:
        full = {"county_id": county_id, "year": year, **row}
        unknown = set(full) - set(spec.columns)
        if unknown:
            raise ValueError(f"{table}: unknown columns {sorted(unknown)}")
        for name in spec.columns:
            data[name].append(full.get(name, DEFAULTS.get(name)))
    return pl.DataFrame(data, schema=spec.columns, strict=False)
