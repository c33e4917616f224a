"""Recompute every stated total from its parts.

A failed check is data, not an exception: the published documents contain
real inconsistencies and the dashboard shows them.
"""

from __future__ import annotations

import polars as pl

from contract.tables import ALL_SCOPE

TOLERANCE_WAN = 0.01


def format_lines(lines: list[int]) -> str:
    """[98, 99, 100, 104] -> '98-100, 104'."""
    ordered = sorted(set(lines))
    parts: list[str] = []
    start = prev = None
    for number in ordered:
        if start is None:
            start = prev = number
        elif number == prev + 1:
            prev = number
        else:
            parts.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = number
    if start is not None:
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(parts)


def make_check(check: str, stated: float, computed: float, stated_line: int | None,
               computed_lines: list[int] | str, stated_metric: str | None = None) -> dict:
    """``stated_metric``: the summary metric the stated figure is, where it is one (a 合计 row states
    支出合计, 基本支出 and 项目支出 on one line: a check of one is not a check of the others)."""
    difference = round(computed - stated, 2)
    lines = computed_lines if isinstance(computed_lines, str) else format_lines(computed_lines)
    return {
        "check": check,
        "stated_wan": stated,
        "computed_wan": round(computed, 2),
        "difference_wan": difference,
        "ok": abs(difference) <= TOLERANCE_WAN,
        "stated_line": stated_line,
        "computed_lines": lines,
        "stated_metric": stated_metric,
    }


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
                   projects: pl.DataFrame, parts_basis: str | None = None) -> list[dict]:
    """``parts_basis``: the 基本支出 figure 人员经费 + 公用经费 add up to (economic_basis by default)."""
    out: list[dict] = []
    total_income = _metric(summary, "收入合计")
    if total_income and not income.is_empty():
        out.append(make_check("收入来源之和 = 收入合计", total_income[0], _sum(income, "amount_wan"),
                              total_income[1], income["line"].to_list(), "收入合计"))
    basic = _metric(summary, "基本支出")
    personnel, public = _metric(summary, "人员经费"), _metric(summary, "公用经费")
    parts_of = parts_basis or economic_basis(summary)
    whole = _metric(summary, parts_of)
    if whole and personnel and public:
        out.append(make_check(f"人员经费 + 公用经费 = {parts_of}", whole[0], personnel[0] + public[0],
                              whole[1], [personnel[1], public[1]], parts_of))
    spending, project = _metric(summary, "支出合计"), _metric(summary, "项目支出")
    if spending and basic and project:
        # a third category (江苏's 单位预留机动经费) and what is carried into next year (a 总计 holds it:
        # 北京教委 2026 支出预算 4,483,899.83 = 基本 + 项目 + 年终结转结余 560,823.20) are parts too
        parts = [("基本支出", basic), ("项目支出", project)] + [
            (m, f) for m in ("单位预留机动经费",) if (f := _metric(summary, m)) and f[0]]
        carried = _metric(summary, "年终结转结余")
        if carried and carried[0] and _adds_up(parts + [("年终结转结余", carried)], spending[0]) \
                and not _adds_up(parts, spending[0]):
            parts.append(("年终结转结余", carried))  # the 支出合计 stated is the 总计 with the carry-forward
        out.append(make_check(" + ".join(m for m, _ in parts) + " = 支出合计", spending[0],
                              sum(f[0] for _, f in parts), spending[1], [f[1] for _, f in parts], "支出合计"))
    sangong_total = _metric(summary, "三公经费合计")
    if sangong_total and not sangong.is_empty():
        out.append(make_check("三公分项之和 = 三公经费合计", sangong_total[0], _sum(sangong, "amount_wan"),
                              sangong_total[1], sangong["line"].to_list(), "三公经费合计"))
    current = projects.filter(pl.col("current")) if not projects.is_empty() else projects
    if project and not current.is_empty() and current["amount_wan"].null_count() == 0:
        out.append(make_check("所列项目金额之和 = 项目支出", project[0], _sum(current, "amount_wan"),
                              project[1], current["line"].to_list(), "项目支出"))
    return out


def hierarchy_checks(frame: pl.DataFrame, label: str, part_columns: dict[str, str],
                     summary: pl.DataFrame, totals: dict[str, str]) -> list[dict]:
    """Checks over a coded hierarchy (function or economic classes).

    ``part_columns`` maps a split column to its Chinese label (e.g.
    basic_wan -> 基本支出); ``totals`` maps a column to the summary metric its
    top-level sum must equal.
    """
    if frame.is_empty():
        return []
    out: list[dict] = []
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


def build_checks(tables: dict[str, pl.DataFrame], extra: list[dict],
                 function_totals: pl.DataFrame | None = None, economic_totals: pl.DataFrame | None = None,
                 parts_basis: str | None = None) -> list[dict]:
    """All checks for one county-year (rows without county_id/year). ``function_totals`` /
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
    for row in extra:
        out.append(make_check(row["check"], row["stated_wan"], row["computed_wan"],
                              row.get("stated_line"), row.get("computed_lines", []), row.get("stated_metric")))
    return out
