"""Keeping pages fast when many counties are chosen (a national data directory).

Charts with one bar or trace per county show the ``CHART_COUNTY_LIMIT`` counties with
the largest 支出合计 (县际对比 sums the rest into one bar instead); sections that draw one
panel per county draw the first ``PANEL_COUNTY_LIMIT``. Each cut says so on the page.
The functions return the notice text; dashboard/scale.py shows it on the page.
"""

from __future__ import annotations

import polars as pl

from charts.context import ChartContext

CHART_COUNTY_LIMIT = 30
PANEL_COUNTY_LIMIT = 6
RANK_METRIC = "支出合计"


def ranked_counties(summary: pl.DataFrame, county_ids: tuple[str, ...], metric: str = RANK_METRIC) -> tuple[str, ...]:
    """County ids by ``metric`` (largest first); counties without it keep their order at the end."""
    amounts = dict(summary.filter(pl.col("metric") == metric).select("county_id", "amount_wan").iter_rows())
    return tuple(sorted(county_ids, key=lambda c: (c not in amounts, -amounts.get(c, 0.0))))


def cut_to_top(summary: pl.DataFrame, ctx: ChartContext,
               limit: int = CHART_COUNTY_LIMIT) -> tuple[ChartContext, str | None]:
    """The context cut to the ``limit`` largest counties by 支出合计, and the notice saying so."""
    if len(ctx.county_ids) <= limit:
        return ctx, None
    kept = ranked_counties(summary, ctx.county_ids)[:limit]
    notice = (f"已选 {len(ctx.county_ids):,} 份公开文件：本页图表只画{RANK_METRIC}最大的 {limit} 份，"
              f"其余 {len(ctx.county_ids) - limit:,} 份未画出（“横向对比”页把其余合并为一项）。")
    return ctx.subset(kept), notice


def cut_panels(ctx: ChartContext, what: str, limit: int = PANEL_COUNTY_LIMIT) -> tuple[tuple[str, ...], str | None]:
    """The first ``limit`` counties for one-panel-per-county sections, and the caption when cut."""
    if len(ctx.county_ids) <= limit:
        return ctx.county_ids, None
    caption = (f"{what}每份文件一图，只显示前 {limit} 份；其余 {len(ctx.county_ids) - limit:,} 份"
               "请缩小左侧选择后查看。")
    return ctx.county_ids[:limit], caption
