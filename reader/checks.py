"""Every check the reader builds over a document's tables, in one place.

Two families: checks over the contract's frames (the summary's parts add up to its totals, each
classification's rows add up to their parents and to the summary: `build_checks`) and checks over
the reading itself, where one figure is stated in two tables (`agreement`, `cross_table`,
`income_agreement`, `other_tables`, `class_checks`, `programs_check`). The text's own checks (a
sentence's parts, the text against a table) are built where the text is read (reader/prose.py,
reader/prose_classes.py, reader/final_prose.py, reader/final.py), each a contract `Check` too.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from contract.checks import TOLERANCE_WAN, Check, make_check
from contract.tables import ALL_SCOPE
from reader import budget
from reader.kinds import FISCAL_KINDS, TEXT, kind_label
from reader.prose import as_stated
from reader.reading import Reading, Stated


def _metric(summary: pl.DataFrame, metric: str) -> tuple[float, int] | None:
    rows = summary.filter(pl.col("metric") == metric)
    if rows.is_empty():
        return None
    return rows["amount_wan"][0], rows["line"][0]


def _sum(frame: pl.DataFrame, column: str) -> float:
    return float(frame[column].fill_null(0).sum())


def _adds_up(parts: list[tuple[str, tuple[float, int]]], total: float) -> bool:
    return abs(round(sum(f[0] for _, f in parts), 2) - total) <= TOLERANCE_WAN


def economic_basis(summary: pl.DataFrame) -> str:
    """The 基本支出 figure the 人员经费/公用经费 split adds up to. The split is read from the
    一般公共预算基本支出表; where the document states the 一般公共预算 part of 基本支出 on another line than
    its all-funds 基本支出 (国家信访局 2026: 9,880.88 of 11,056.07), the parts are that part's."""
    general, basic = _metric(summary, "一般公共预算基本支出"), _metric(summary, "基本支出")
    return "一般公共预算基本支出" if general and (basic is None or general[1] != basic[1]) else "基本支出"


def summary_checks(summary: pl.DataFrame, income: pl.DataFrame, sangong: pl.DataFrame,
                   projects: pl.DataFrame, parts_basis: str | None = None) -> list[Check]:
    """``parts_basis``: the 基本支出 figure 人员经费 + 公用经费 add up to (economic_basis by default)."""
    return [check for check in (
        _income_check(summary, income),
        _economic_parts_check(summary, parts_basis or economic_basis(summary)),
        _spending_check(summary),
        _sangong_check(summary, sangong),
        _projects_check(summary, projects),
    ) if check is not None]


def _income_check(summary: pl.DataFrame, income: pl.DataFrame) -> Check | None:
    total = _metric(summary, "收入合计")
    if not total or income.is_empty():
        return None
    # an income row of the source 财政拨款收入 is the summary's 财政拨款收入 where both are one printed figure
    return make_check("收入来源之和 = 收入合计", total[0], _sum(income, "amount_wan"), total[1],
                      income["line"].to_list(), "收入合计",
                      [(n, s) for s, n in income.select("source", "line").iter_rows() if s == "财政拨款收入"])


def _economic_parts_check(summary: pl.DataFrame, parts_of: str) -> Check | None:
    personnel, public, whole = (_metric(summary, m) for m in ("人员经费", "公用经费", parts_of))
    if not (whole and personnel and public):
        return None
    return make_check(f"人员经费 + 公用经费 = {parts_of}", whole[0], personnel[0] + public[0], whole[1],
                      [personnel[1], public[1]], parts_of, [(personnel[1], "人员经费"), (public[1], "公用经费")])


def _spending_check(summary: pl.DataFrame) -> Check | None:
    spending, basic, project = (_metric(summary, m) for m in ("支出合计", "基本支出", "项目支出"))
    if not (spending and basic and project):
        return None
    # a third category (江苏's 单位预留机动经费) and what is carried into next year (a 总计 holds it:
    # 北京教委 2026 支出预算 4,483,899.83 = 基本 + 项目 + 年终结转结余 560,823.20) are parts too
    parts = [("基本支出", basic), ("项目支出", project)] + [
        (m, f) for m in ("单位预留机动经费",) if (f := _metric(summary, m)) and f[0]]
    carried = _metric(summary, "年终结转结余")
    if carried and carried[0] and _adds_up(parts + [("年终结转结余", carried)], spending[0]) \
            and not _adds_up(parts, spending[0]):
        parts.append(("年终结转结余", carried))  # the 支出合计 stated is the 总计 with the carry-forward
    return make_check(" + ".join(m for m, _ in parts) + " = 支出合计", spending[0], sum(f[0] for _, f in parts),
                      spending[1], [f[1] for _, f in parts], "支出合计", [(f[1], m) for m, f in parts])


def _sangong_check(summary: pl.DataFrame, sangong: pl.DataFrame) -> Check | None:
    total = _metric(summary, "三公经费合计")
    if not total or sangong.is_empty():
        return None
    return make_check("三公分项之和 = 三公经费合计", total[0], _sum(sangong, "amount_wan"), total[1],
                      sangong["line"].to_list(), "三公经费合计")


def _projects_check(summary: pl.DataFrame, projects: pl.DataFrame) -> Check | None:
    project = _metric(summary, "项目支出")
    current = projects.filter(pl.col("current")) if not projects.is_empty() else projects
    if not project or current.is_empty() or current["amount_wan"].null_count():
        return None
    return make_check("所列项目金额之和 = 项目支出", project[0], _sum(current, "amount_wan"), project[1],
                      current["line"].to_list(), "项目支出")


def hierarchy_checks(frame: pl.DataFrame, label: str, part_columns: dict[str, str],
                     summary: pl.DataFrame, totals: dict[str, str]) -> list[Check]:
    """Checks over a coded hierarchy (function or economic classes).

    ``part_columns`` maps a split column to its Chinese label (e.g.
    basic_wan -> 基本支出); ``totals`` maps a column to the summary metric its
    top-level sum must equal.
    """
    if frame.is_empty():
        return []
    out: list[Check] = []
    top = frame.filter(pl.col("level") == 1)
    for column, metric in totals.items():
        stated = _metric(summary, metric)
        if stated and top[column].is_not_null().any():  # a column no 类 prints states nothing
            out.append(make_check(f"{label}类级{_COLUMN_LABEL.get(column, '')}之和 = {metric}",
                                  stated[0], _sum(top, column), stated[1], top["line"].to_list(), metric))
    for parent in frame.iter_rows(named=True):
        children = frame.filter(pl.col("parent_code") == parent["code"])
        if children.is_empty():
            continue
        out.append(make_check(f"{label} {parent['code']} {parent['name']}: 下级之和 = 本级",
                              parent["total_wan"] or 0.0, _sum(children, "total_wan"),
                              parent["line"], children["line"].to_list()))
    for row in frame.iter_rows(named=True) if part_columns else ():
        if all(row[column] is None for column in part_columns):
            continue  # a row printing none of the parts (a 类 named in the 收支总表 only)
        parts = sum(row[column] or 0.0 for column in part_columns)
        names = " + ".join(part_columns.values())
        out.append(make_check(f"{label} {row['code']} {row['name']}: {names} = 合计",
                              row["total_wan"] or 0.0, parts, row["line"], [row["line"]]))
    return out


_COLUMN_LABEL = {
    "total_wan": "",
    "basic_wan": "基本支出",
    "project_wan": "项目支出",
    "personnel_wan": "人员经费",
    "public_wan": "公用经费",
}


def build_checks(tables: dict[str, pl.DataFrame], extra: list[Check],
                 function_totals: pl.DataFrame | None = None, economic_totals: pl.DataFrame | None = None,
                 parts_basis: str | None = None) -> list[Check]:
    """All checks for one document: those over its frames, then ``extra`` (built over the reading). ``function_totals`` /
    ``economic_totals``: the 合计 row of the table the classification rows come from, when the summary
    took its figures from another table (another scope); ``parts_basis``: see summary_checks."""
    summary = tables["summary"]
    parts_basis = parts_basis or economic_basis(summary)  # one basis for the summary and the rows
    out = summary_checks(summary, tables["income"], tables["sangong"], tables["projects"], parts_basis)
    function = tables["expenditure_function"]
    parts = {"basic_wan": "基本支出", "project_wan": "项目支出"}
    if not function.is_empty() and function["other_wan"].fill_null(0).abs().sum() > 0:
        # money outside 基本/项目 (单位预留机动经费, 事业单位经营支出 …): a part of each row's 合计; a
        # table whose such columns are blank adds up as 基本 + 项目
        parts["other_wan"] = "其他支出"
    out += hierarchy_checks(
        function, "功能分类", parts,
        function_totals if function_totals is not None else summary,
        {"total_wan": "支出合计", "basic_wan": "基本支出", "project_wan": "项目支出"},
    )
    economic = tables["expenditure_economic"]
    if "scope" in economic.columns:
        # 一般公共预算 基本 + 项目 by economic class: its own hierarchy (its 合计 row is checked by the reader)
        out += hierarchy_checks(economic.filter(pl.col("scope") == ALL_SCOPE), "经济分类（全部支出）", {}, summary, {})
        economic = economic.filter(pl.col("scope") != ALL_SCOPE)
    out += hierarchy_checks(
        economic, "经济分类",
        {"personnel_wan": "人员经费", "public_wan": "公用经费"},
        economic_totals if economic_totals is not None else summary,
        # the table's own 合计 where the summary's 人员经费/公用经费 are a wider table's (its 一般公共预算 part)
        {"total_wan": "基本支出", "personnel_wan": "一般公共预算人员经费", "public_wan": "一般公共预算公用经费"}
        if economic_totals is not None else
        {"total_wan": parts_basis, "personnel_wan": "人员经费", "public_wan": "公用经费"},
    )
    return out + list(extra)


# ------------------------------------------------------------------ one figure in two tables


# Every summary metric a printed figure may be taken as (document._frames indexes the candidates):
# a check of the figure is a check of each
Names = Callable[[Stated], tuple[str, ...]]


def _no_names(_: Stated) -> tuple[str, ...]:
    return ()


_NO_NAMES: Names = _no_names


def _named(names: Names, *figures: Stated) -> list[tuple[int, str]]:
    return [(f.row.number, metric) for f in figures for metric in names(f)]


_SCOPED_METRICS = ("收入合计", "支出合计", "本年收入合计", "本年支出合计", "基本支出", "项目支出", "人员经费",
                   "公用经费")


def figure_agreement(metric: str, chosen: Stated, candidates: list[Stated], names: Names = _NO_NAMES) -> list[Check]:
    """A check for every other table that states the same figure over the same money."""
    out = []
    # one statement per row and label: a two-sided row's 收入总计 and 支出总计 are two statements
    seen = {(chosen.kind, chosen.row.number, chosen.label)}
    for other in candidates:
        if (other.kind, other.row.number, other.label) in seen:
            continue
        if metric in _SCOPED_METRICS and figure_scope(other) != figure_scope(chosen) \
                and not any(f.kind == TEXT and f.scope is None for f in (other, chosen)):
            continue  # other money (a text naming no fund is compared, as it may mean either)
        seen.add((other.kind, other.row.number, other.label))
        out.append(make_check(f"{metric}：{kind_label(chosen.kind)}（{chosen.row.where()}）"
                              f" = {kind_label(other.kind)}（{other.row.where()}）",
                              chosen.value, as_stated(other, chosen.value), chosen.row.number,
                              [other.row.number], metric, _named(names, chosen, other)))
    return out


def figure_scope(figure: Stated) -> str | None:
    """"fiscal" for a figure of the 财政拨款 part of the money (its table's, or the fund its sentence names)."""
    if figure.kind == TEXT:
        return "fiscal" if figure.scope in ("一般公共预算", "财政拨款") else None
    return "fiscal" if figure.kind in FISCAL_KINDS else None


def cross_table(reading: Reading, names: Names = _NO_NAMES) -> list[Check]:
    """财政拨款 tables against the 财政拨款收支总表: 一般公共预算 + 政府性基金 + 国有资本 支出 = 本年支出合计."""
    parts = [reading.function[k].total["total_wan"] for k in ("general_expenditure", "fund_expenditure",
                                                                 "capital_expenditure")
             if k in reading.function and "total_wan" in reading.function[k].total]
    if not parts or "general_expenditure" not in reading.function:
        return []
    computed = round(sum(p.value for p in parts), 2)
    side = _fiscal_side(reading, computed)
    if side is None:
        return []
    name, stated, stated_metric = side
    return [make_check(f"一般公共预算 + 政府性基金 + 国有资本经营 支出表合计 = 财政拨款收支总表 {name}", stated.value,
                       computed, stated.row.number, [p.row.number for p in parts], stated_metric,
                       _named(names, stated, *parts))]


def _fiscal_of(reading: Reading, metric: str) -> list[Stated]:
    return [f for f in reading.figures.get(metric, []) if f.kind == "fiscal_summary"]


def _fiscal_side(reading: Reading, computed: float) -> tuple[str, Stated, str] | None:
    """The 财政拨款收支总表 figure the 支出表 add up to: this year's spending (本年支出合计) where the
    table states it apart from its 总计 with carry-overs (国家信访局 2026: 16,474.82 this year, 18,728.94
    in all), else its 支出合计 — or this year's income, where the 支出表 print this year's
    appropriations only and the 本年支出 spends the carry-over too (国家信访局 2026: 16,474.82 + 上年结转
    2,254.12 = 18,728.94)."""
    this_year = _fiscal_of(reading, "本年支出合计")
    fiscal = this_year or _fiscal_of(reading, "支出合计")
    if not fiscal:
        return None
    stated = fiscal[0]
    income, carry = _fiscal_of(reading, "本年收入合计"), _fiscal_of(reading, "上年结转")
    if income and carry and abs(computed - stated.value) > 0.005 and abs(computed - income[0].value) <= 0.005:
        return "本年收入（不含上年结转）", income[0], "本年收入合计"
    return "支出合计", stated, "本年支出合计" if this_year else "支出合计"


_PART_LABEL = {"total_wan": "合计", "basic_wan": "基本支出", "project_wan": "项目支出",
               "personnel_wan": "人员经费", "public_wan": "公用经费"}
# the summary metric a classification table's 合计 row states in each column (where the summary takes it)
_FUNCTION_METRIC = {"total_wan": "支出合计", "basic_wan": "基本支出", "project_wan": "项目支出"}
_ECONOMIC_METRIC = {"total_wan": "基本支出", "personnel_wan": "人员经费", "public_wan": "公用经费"}


def other_tables(reading: Reading, chosen: tuple, names: Names = _NO_NAMES) -> list[Check]:
    """Every classification table not chosen for the frames still adds up: 类之和 = its 合计 row."""
    out = []
    for store, metrics in ((reading.function, _FUNCTION_METRIC), (reading.economic, _ECONOMIC_METRIC)):
        for kind, coded in store.items():
            if any(coded is c for c in chosen if c is not None):
                continue
            top = [r for r in coded.rows if not r.get("parent_code")]
            for column, figure in coded.total.items():
                if not top or column not in top[0]:
                    continue
                out.append(make_check(f"{kind_label(kind)}：类级{_PART_LABEL.get(column, column)}之和 = 合计行",
                                      figure.value, sum(r[column] or 0 for r in top), figure.row.number,
                                      [r["line"] for r in top], metrics.get(column),
                                      _named(names, Stated(figure.value, figure.row, kind, figure.label))))
    return out


def programs_check(programs: list[dict], summary: list[dict]) -> list[Check]:
    """一级项目 (programmes, one row each) cover the project spending: their 当年预算 add up to 项目支出."""
    project = next((r for r in summary if r["metric"] == "项目支出"), None)
    if project is None or not programs:
        return []
    return [make_check("一级项目当年预算之和 = 项目支出", project["amount_wan"], sum(p["amount_wan"] for p in programs),
                       project["line"], [p["line"] for p in programs], "项目支出")]


def income_agreement(reading: Reading) -> list[Check]:
    """An income source stated in both the 收支总表 and the 财政拨款收支总表 must agree."""
    left = {r["source"]: r for r in reading.income.get("budget_summary", [])}
    out = []
    for row in reading.income.get("fiscal_summary", []):
        other = left.get(row["source"])
        if other is None:
            continue
        # the source 财政拨款收入 (当年财政拨款, not split by fund) is the summary's figure of that name
        metric = "财政拨款收入" if row["source"] == "财政拨款收入" else None
        out.append(make_check(f"{row['source']}：收支总表 = 财政拨款收支总表", other["amount_wan"], row["amount_wan"],
                              other["line"], [row["line"]], metric, [(row["line"], metric)] if metric else []))
    return out


def class_checks(reading: Reading, function, classes: list[tuple[str, Stated]]) -> list[Check]:
    """A 类 named in the 收支总表 against the rows under it in the function table (the top ones:
    款 where printed, else 项); ``classes``: the 类 the 收支总表 of the function table's money names."""
    if function is None or any(r["level"] == 1 for r in function.rows):
        return []
    codes = {r["code"] for r in function.rows}
    out = []
    for code, figure in classes:
        top = [r for r in function.rows if r["code"].startswith(code) and r["parent_code"] not in codes]
        if top:
            out.append(make_check(f"功能分类 {code} {figure.label}（{kind_label(figure.kind)}，{figure.row.where()}）"
                                  f" = 支出表中其下各科目之和", figure.value,
                                  budget.decimal_sum([r["total_wan"] for r in top]), figure.row.number,
                                  [r["line"] for r in top]))
    return out
