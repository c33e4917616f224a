"""Saying on a chart when the table it draws covers only part of a stated total.

The checks table (contract.checks) already sets each stated total against the sum of its
parts. A chart drawn from such parts reads the matching check and, where the parts fall
short of (or exceed) the total, says so under its title, so the exported image carries it.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from charts.context import ChartContext
from contract.formats import amount_with_unit, share


@dataclass(frozen=True)
class PartialCheck:
    check: str  # the check's name in the checks table (contract.checks)
    parts: str  # what the chart draws, as the subject of the note
    total: str  # the stated total the parts should add up to


INCOME = PartialCheck("收入来源之和 = 收入合计", "收入来源表所列各项", "收入合计")
PROJECTS = PartialCheck("所列项目金额之和 = 项目支出", "所列项目", "项目支出")
SANGONG = PartialCheck("三公分项之和 = 三公经费合计", "“三公”分项", "三公经费合计")
FUNCTIONS = PartialCheck("功能分类类级之和 = 支出合计", "支出功能分类表各类", "支出合计")
ECONOMIC = PartialCheck("经济分类类级之和 = 基本支出", "基本支出经济分类表各类", "基本支出")
PARTIAL_CHECKS = (INCOME, PROJECTS, SANGONG, FUNCTIONS, ECONOMIC)


def partial_notes(checks: pl.DataFrame | None, partial: PartialCheck, ctx: ChartContext) -> list[str]:
    """One sentence per county of ``ctx`` whose parts do not add up to the stated total.

    Amounts in the chart's unit (万元 or 元; in share mode too, since a share of the parts
    is exactly what hides the gap).
    """
    if checks is None or checks.is_empty():
        return []
    rows = checks.filter((pl.col("check") == partial.check) & ~pl.col("ok"))
    notes = []
    for county_id in ctx.county_ids:
        row = rows.filter((pl.col("county_id") == county_id) & (pl.col("year") == ctx.years[county_id]))
        if row.is_empty():
            continue
        stated, computed = row["stated_wan"][0], row["computed_wan"][0]
        notes.append(_sentence(partial, ctx, county_id, stated, computed))
    return notes


def _sentence(partial: PartialCheck, ctx: ChartContext, county_id: str, stated: float, computed: float) -> str:
    unit = ctx.unit_label
    parts = f"{partial.parts}合计 {amount_with_unit(ctx.scale(computed), unit)}"
    total = f"{partial.total} {amount_with_unit(ctx.scale(stated), unit)}"
    if computed < stated:
        part = computed / stated * 100 if stated else 0.0
        return f"{ctx.label(county_id)}：{parts}，仅占{total}的 {share(part, 1)}，其余未列明"
    return f"{ctx.label(county_id)}：{parts}，超出{total}"
