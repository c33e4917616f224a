"""The table kinds of the national 部门预算 set and how documents title them.

Data, not code: each kind lists the title patterns seen in published
documents (财预〔2016〕143号 catalogue plus local variants; see
docs/real_layouts.md). A title may carry a prefix ("表1", "附表2-1",
"2024年XX局", "部门预算" / "单位预算", "一、") and a suffix ("（续）", "(公开表3-3)").
Tables the contract does not hold (决算, 政府采购 …) are kinds too, not expected, so
their rows are not taken for the table above them.
Order matters: the first kind whose pattern matches wins, so the more
specific titles (财政拨款收支总表) come before the general ones (收支总表).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What the reader does with a kind's rows: its family names the interpreter (reader/document.py's
# _INTERPRETERS) and where the rows go; a kind of no family is found and reported, never read, so
# it does not swallow the rows of the table before it (决算 in a budget, 政府采购 …).
FUNCTION, ECONOMIC, TWO_SIDED, INCOME, SANGONG, PROJECTS, TARGETS, RUNNING_COST = (
    "function", "economic", "two_sided", "income", "sangong", "projects", "targets", "running_cost")


@dataclass(frozen=True)
class TableKind:
    """One kind of table: how documents title it and how it is read. Adding a kind is one entry
    here (and, for a figure of the summary it states, its place in reader/document.py's
    _METRIC_SOURCES, an order of authority per metric)."""

    id: str
    label: str  # Chinese name used in the read report
    patterns: tuple[str, ...]
    expected: bool = True  # part of the national set every document should have
    # Loose wordings ("支出预算表") that other kinds' titles also contain: tried only when no
    # kind's own patterns match ("政府采购支出预算表" stays a 政府采购 table).
    fallback: tuple[str, ...] = ()
    family: str | None = None  # how its rows are read (above); None: found, not read
    money: bool = True  # its cells are amounts (a 绩效目标表's are targets and text)
    fiscal: bool = False  # it covers the 财政拨款 part of the money only (its totals are not all funds')


_SANGONG = r"[“”\"'‘’「」]?三公[“”\"'‘’「」]?"
# "总表", "总体情况表", "情况表" (docs/real_layouts.md §1.2: the 总体情况表 family)
_TOTAL = r"(总体情况|总|情况)?表"

KINDS: tuple[TableKind, ...] = (
    # 决算 (final accounts) use the same table words: never read as a budget table
    TableKind("final_accounts", "决算表", (r"(?<!预)决算(总|情况|明细)?表",), expected=False),
    # a prior year's 三公 table printed beside this year's ("…支出表(上年)"): not this year's
    TableKind("sangong_prior", "上年“三公”经费支出表", (rf"{_SANGONG}经费.*表.*[（(]上年[^（）()]{{0,4}}[）)]",),
              expected=False),
    # the 三公 part of 政府性基金 spending (公开表4-1): kept apart from the 一般公共预算 三公 table
    TableKind("fund_sangong", "政府性基金预算“三公”经费支出表", (rf"政府(性)?基金预算.*{_SANGONG}经费.*表",),
              expected=False),
    TableKind("fiscal_summary", "财政拨款收支总表", (rf"财政拨款收支(预算)?{_TOTAL}",), family=TWO_SIDED, fiscal=True),
    TableKind("budget_summary", "收支总表", (r"(财务)?收支(预算)?总(体情况)?表",), family=TWO_SIDED),
    TableKind("income", "收入总表", (r"收入(预算)?总(体情况)?表",), fallback=(r"收入预算表$",), family=INCOME),
    TableKind("basic_economic", "一般公共预算基本支出表", (
        r"基本支出.*经济分类.*表", r"经济分类.*基本支出.*表",
        r"一般公共预算(财政拨款)?基本支出(预算)?(情况)?表", r"基本支出(预算)?(情况)?表",
    ), family=ECONOMIC, fiscal=True),
    # 一般公共预算 spending (基本 + 项目) by economic class (泉州 2026 "一般公共预算支出经济分类情况表", 深圳 2026
    # "一般公共预算支出表（按经济分类）"): read as the 全部支出 scope of the economic classification
    TableKind("general_economic", "一般公共预算支出经济分类表", (
        r"一般公共预算(财政)?(拨款)?支出(预算)?经济分类.*表",
        r"一般公共预算(财政)?(拨款)?支出(预算)?表[（(]按?(部门|政府)?经济(分类)?(科目)?[）)]",
    ), expected=False, family=ECONOMIC),
    # an economic-classification edition of a spending table ("(部门经济分类科目)", "(政府经济科目)"):
    # the same money as the 功能分类 edition, so it is not read a second time
    TableKind("economic_edition", "支出表（经济分类版）",
              (r"支出.*表[（(](部门|政府)?经济(分类)?(科目)?[）)]",), expected=False),
    TableKind("sangong", "“三公”经费支出表", (rf"{_SANGONG}经费.*表",), family=SANGONG),
    # 江苏 provincial set (../shared/corpus): its own table of 机关运行经费 by economic class
    TableKind("running_cost", "机关运行经费支出表", (r"机关运行经费(支出)?(预算)?(明细)?表",), expected=False,
              family=RUNNING_COST),
    TableKind("fund_expenditure", "政府性基金预算支出表", (r"政府(性)?基金(预算)?.*支出.*表",), family=FUNCTION),
    TableKind("capital_expenditure", "国有资本经营预算支出表", (r"(国有|固有)资本经营(预算)?.*支出.*表",),
              family=FUNCTION),
    TableKind("general_expenditure", "一般公共预算支出表", (
        rf"一般公共预算(财政)?(拨款)?支出(功能分类)?(预算)?{_TOTAL}",  # 泉州 "一般公共预算拨款支出预算表"
    ), family=FUNCTION, fiscal=True),
    # 财政拨款 spending by function class (江苏 "财政拨款支出预算表（功能科目）"): 一般公共预算 + 政府性基金
    TableKind("fiscal_expenditure", "财政拨款支出表", (r"财政拨款支出(预算)?(功能分类)?(明细)?表",),
              expected=False, family=FUNCTION, fiscal=True),
    TableKind("expenditure", "支出总表", (r"支出(预算)?总(体情况)?表",), fallback=(r"支出预算表$",),
              family=FUNCTION),
    TableKind("dept_targets", "部门整体支出绩效目标表", (
        r"整体(支出)?绩效目标(申报|批复|公开)?表",
    ), family=TARGETS, money=False),
    TableKind("project_targets", "项目支出绩效目标表", (
        r"(项目支出|重点专项资金|专项资金|项目)绩效目标(申报|批复|公开)?表", r"绩效目标(申报|批复|公开)?表",
    ), family=TARGETS, money=False),
    TableKind("projects", "项目支出表", (r"项目支出(预算)?(明细)?表",), family=PROJECTS),
    TableKind("procurement", "政府采购预算表", (r"政府采购(支出)?(预算)?(明细)?表",), expected=False),
    TableKind("service_purchase", "政府购买服务预算表", (r"政府购买服务(预算)?(明细)?表",), expected=False),
    TableKind("asset_purchase", "新增资产配置预算表", (r"新增资产配置(预算)?表",), expected=False),
    TableKind("assets", "固定资产占用情况表", (r"(固定资产|国有资产)(占用|配置)?(情况)?表",), expected=False),
    TableKind("non_tax", "非税收入征收计划表", (r"非税(收入)?征收计划表",), expected=False),
)
KIND_BY_ID = {kind.id: kind for kind in KINDS}
# A figure stated by the 说明 (the explanatory text), not by a table: where a figure's table kind goes
# (reader.reading.Stated.kind, a metric's sources in reader/document.py), this stands for the text.
TEXT = "text"
# Tables over the 财政拨款 part of the money only (the others state totals over all funds).
FISCAL_KINDS = frozenset(kind.id for kind in KINDS if kind.fiscal)


def kind_label(kind: str) -> str:
    """The Chinese name of a table kind in checks and the read report (TEXT: the prose)."""
    if kind == TEXT:
        return "说明文字"
    return KIND_BY_ID[kind].label if kind in KIND_BY_ID else kind

# The national 部门决算 set (final accounts, 财库 templates) read into the same contract tables as
# the budget's: each kind has a budget kind's id, so one interpreter reads both, and a 决算 label for
# the read report. Used only for a document that is a 决算 (reader/doctype.py); in a budget the
# "final_accounts" kind above keeps an appended 决算 table out. The more specific titles come first
# (政府性基金预算财政拨款收入支出决算表 before 财政拨款收入支出决算总表 before 收入支出决算总表).
_FINAL = r"决算(总|情况|明细)?(总体情况)?表"


def _final(id: str, label: str, patterns: tuple[str, ...], expected: bool = True) -> TableKind:
    """A 决算 kind: its titles, read as the budget kind of its id (family, money, fiscal)."""
    budget = KIND_BY_ID[id]
    return TableKind(id, label, patterns, expected, family=budget.family, money=budget.money, fiscal=budget.fiscal)


FINAL_KINDS: tuple[TableKind, ...] = (
    _final("fund_sangong", "政府性基金财政拨款“三公”经费支出决算表",
           (rf"政府(性)?基金.*{_SANGONG}经费.*决算.*表",), expected=False),
    _final("fund_expenditure", "政府性基金预算财政拨款收入支出决算表", (rf"政府(性)?基金.*{_FINAL}",)),
    _final("capital_expenditure", "国有资本经营预算财政拨款收入支出决算表", (rf"(国有|固有)资本经营.*{_FINAL}",)),
    _final("sangong", "财政拨款“三公”经费支出决算表", (rf"{_SANGONG}经费.*{_FINAL}",)),
    _final("basic_economic", "一般公共预算财政拨款基本支出决算表", (
        rf"基本支出.*{_FINAL}", rf"经济分类.*{_FINAL}",)),
    _final("fiscal_summary", "财政拨款收入支出决算总表", (rf"财政拨款收(入)?(支(出)?)?{_FINAL}",)),
    _final("general_expenditure", "一般公共预算财政拨款支出决算表",
           (rf"一般公共预算(财政拨款)?支出{_FINAL}",)),
    _final("fiscal_expenditure", "财政拨款支出决算表", (rf"财政拨款支出{_FINAL}",), expected=False),
    _final("budget_summary", "收入支出决算总表", (rf"(财务)?收(入)?支(出)?{_FINAL}",)),
    _final("income", "收入决算表", (rf"收入{_FINAL}",)),
    _final("expenditure", "支出决算表", (rf"支出{_FINAL}",)),
    _final("projects", "项目支出决算表", (rf"项目支出{_FINAL}",), expected=False),
)
# A 决算's titles that lack the word 决算 are read by the budget catalogue (its own 决算 kind aside);
# the set's heading over its first table ("XX局2024年度部门决算表") is no kind: as one, it would join
# the 目录's run of bare titles and take the first table's page for a contents page
_FINAL_CATALOGUE = FINAL_KINDS + tuple(k for k in KINDS if k.id != "final_accounts")


def _compiled(kinds: tuple[TableKind, ...]) -> tuple:
    return tuple((kind, tuple(re.compile(p) for p in kind.patterns)) for kind in kinds)


def _fallback(kinds: tuple[TableKind, ...]) -> tuple:
    return tuple((kind, tuple(re.compile(p) for p in kind.fallback)) for kind in kinds if kind.fallback)


_COMPILED = _compiled(KINDS)
_FALLBACK = _fallback(KINDS)
_FINAL_COMPILED = _compiled(_FINAL_CATALOGUE)
_FINAL_FALLBACK = _fallback(_FINAL_CATALOGUE)
_SPACES = re.compile(r"\s+")
# Longest plausible title (prefix + name + suffix); longer text is a sentence.
_MAX_TITLE = 60
# "（续）", "（一级项目）", "(单位：万元)", "(公开表3-3)" after the title
_TRAILER = re.compile(r"([（(][^（）()]{1,12}[）)]|续)+$")
# "表1 部门收支总表 单位:万元": a workbook row read as one line
_UNIT_TAIL = re.compile(r"(金额)?单位[:：](万元|元|千元|亿元)$")
_SENTENCE = re.compile(r"[，。；：:,;]")


def title_kind(cells: list[str], final: bool = False) -> TableKind | None:
    """The kind a row titles, or None if the row is not a table title.

    A title stands alone on its row (a table-of-contents line carries a page
    number beside it) and is not a sentence; a full stop after it is dropped.
    Patterns are matched on the whole title, suffixes included ("…支出表(上年)"),
    so a suffix can decide the kind. ``final``: the document is a 决算, titles are read by its
    catalogue (FINAL_KINDS first).
    """
    if not cells or len(cells) > 2:
        return None
    if len(cells) == 2 and not _is_title_suffix(cells[1]):
        return None
    full = _UNIT_TAIL.sub("", _SPACES.sub("", cells[0]).rstrip("。."))
    text = _TRAILER.sub("", full)
    if not text.endswith("表") or len(text) > _MAX_TITLE:
        return None
    if _SENTENCE.search(text.split("表")[0]):
        return None
    for table in (_FINAL_COMPILED, _FINAL_FALLBACK) if final else (_COMPILED, _FALLBACK):
        for kind, patterns in table:
            if any(p.search(full) for p in patterns):
                return kind
    return None


def _is_title_suffix(cell: str) -> bool:
    """A continued table's "（续）" beside its title, or the table's unit ("单位:万元")."""
    return cell.strip() in ("（续）", "(续)", "续表") or bool(_UNIT_TAIL.fullmatch(_SPACES.sub("", cell)))
