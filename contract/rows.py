"""Typed rows: the row a reader emits for each contract table, before the frame is built.

Rows stay plain dicts at run time (they are built and amended across the reader, with private
``_keys`` for its own bookkeeping, and written into frames by ``contract.tables.frame_from_rows``, which
refuses any key that is not a column). These TypedDicts say what each table's row may hold and of
which type; ``tests/test_contract.py`` ties each to its ``TableSpec`` both ways, so a column added to the
contract without its row type (or the other way round) fails the suite.

The columns a frame adds itself are not in the rows: ``county_id`` and ``year`` (the document's),
``source_text`` and ``corrected`` (from the row stream), ``confirmed`` (from the checks).
"""

from __future__ import annotations

from typing import TypedDict

FRAME_COLUMNS = ("county_id", "year", "source_text", "corrected", "confirmed")


class _Placed(TypedDict, total=False):
    line: int  # the row's position in the document's row stream (the line number of a text source)
    page: int | None  # 1-based PDF page; None for text and Excel


class _Bases(TypedDict, total=False):
    budget_wan: float | None  # a 决算's 年初预算数 beside its 决算数; None in a budget
    adjusted_budget_wan: float | None  # a 决算's 调整预算数 / 全年预算数


class CountyRow(TypedDict, total=False):
    county_name: str
    province: str
    department: str
    document: str
    document_kind: str  # 预算 / 决算
    edition: str | None  # 部门 / 单位


class SummaryRow(_Placed, _Bases, total=False):
    metric: str
    amount_wan: float


class IncomeRow(_Placed, total=False):
    source: str
    amount_wan: float


class FunctionRow(_Placed, _Bases, total=False):
    code: str
    name: str
    level: int
    parent_code: str | None
    total_wan: float
    basic_wan: float | None
    project_wan: float | None
    other_wan: float | None
    general_wan: float | None  # the class in the 一般公共预算支出表
    general_page: int | None


class EconomicRow(_Placed, total=False):
    scope: str
    code: str
    name: str
    level: int
    parent_code: str | None
    total_wan: float
    personnel_wan: float | None
    public_wan: float | None


class SangongRow(_Placed, _Bases, total=False):
    item: str
    amount_wan: float


class ProjectRow(_Placed, total=False):
    project_code: str | None
    project_name: str
    category: str | None
    amount_wan: float | None
    plan_year: int | None
    current: bool


class ProgramRow(_Placed, total=False):
    program_name: str
    category: str | None
    amount_wan: float


class IndicatorRow(_Placed, total=False):
    project_name: str
    scope: str
    level1: str | None
    level2: str | None
    level3: str
    operator: str
    target_text: str
    target_value: float | None
    unit: str | None
    weight: float | None
    plan_year: int | None
    current: bool


class PriorYearRow(_Placed, total=False):
    metric: str
    for_year: int
    amount_wan: float
    basis: str


class CheckRow(TypedDict, total=False):
    check: str
    stated_wan: float
    computed_wan: float
    difference_wan: float
    ok: bool
    stated_line: int | None
    computed_lines: str | None
    stated_page: int | None
    computed_pages: str | None
    stated_metric: str | None
    figures: str | None


ROW_TYPES: dict[str, type] = {
    "counties": CountyRow, "summary": SummaryRow, "income": IncomeRow, "expenditure_function": FunctionRow,
    "expenditure_economic": EconomicRow, "sangong": SangongRow, "projects": ProjectRow, "programs": ProgramRow,
    "indicators": IndicatorRow, "prior_year": PriorYearRow, "checks": CheckRow,
}
