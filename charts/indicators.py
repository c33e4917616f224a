"""绩效指标 distributions: categories, operators, units, 定量/定性, target values, weights."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from audit.taxonomy import with_standard_categories
from charts.context import ChartContext
from charts.style import INFERRED_OPACITY, INFERRED_PATTERN, apply_layout

SATISFACTION = "满意"
INFERRED_SUFFIX = "（推断）"
INFERRED_LEGEND = "斜线：推断类别"  # the hover and the table beneath say how it was inferred
INFERRED_MARKER = {"opacity": INFERRED_OPACITY,
                   "pattern": {"shape": INFERRED_PATTERN, "fgcolor": "#333333", "solidity": 0.3}}


def _counts_by(indicators: pl.DataFrame, column: str, ctx: ChartContext, title: str,
               missing: str = "（未填）", inferred: str | None = None) -> go.Figure:
    """Bars of row counts per value of ``column``, one bar per county.

    With ``inferred`` (a boolean column), the rows it marks are drawn on top of the
    county's bar, lighter and hatched (a trace named "<county>（推断）"), and one legend
    entry explains the hatching for all counties.
    """
    frame = indicators.with_columns(pl.col(column).fill_null(missing).replace("", missing))
    order = frame.group_by(column).len().sort("len", descending=True)[column].to_list()
    horizontal = len(order) > 8  # long category lists read better as rows
    fig = go.Figure()
    any_inferred = False
    for county_id in ctx.county_ids:
        rows = frame.filter(pl.col("county_id") == county_id)
        if rows.is_empty():
            continue
        total = rows.height

        def values(part: pl.DataFrame, total: int = total) -> list[float]:
            counts = dict(part.group_by(column).len().iter_rows())
            return [round(counts.get(k, 0) / total * 100, 2) if ctx.share else counts.get(k, 0) for k in order]

        guessed = rows.filter(pl.col(inferred)) if inferred else rows.clear()
        stated = values(rows.filter(~pl.col(inferred)) if inferred else rows)
        _add_bar(fig, horizontal, order, stated, name=ctx.label(county_id), offsetgroup=county_id,
                 legendgroup=county_id, marker_color=ctx.colour(county_id))
        if guessed.height:
            _add_bar(fig, horizontal, order, values(guessed), base=stated, name=ctx.label(county_id) + INFERRED_SUFFIX,
                     offsetgroup=county_id, legendgroup=county_id, showlegend=False,
                     marker={**INFERRED_MARKER, "color": ctx.colour(county_id)},
                     hovertemplate="%{" + ("y" if horizontal else "x") + "}：%{customdata}（原文未标注类别，"
                                   "按指标名称和单位推断）<extra>%{fullData.name}</extra>",
                     customdata=values(guessed))
            any_inferred = True
    if any_inferred:  # one legend entry explains the hatching for every county
        # a zero-length bar in the first county's slot: plotly draws no legend entry for an empty trace
        _add_bar(fig, horizontal, order[:1], [0], name=INFERRED_LEGEND, offsetgroup=fig.data[0].offsetgroup,
                 marker={**INFERRED_MARKER, "color": "#BBBBBB"}, hoverinfo="skip")
    axis = "占各自指标数 %" if ctx.share else "指标个数"
    if horizontal:
        fig.update_layout(barmode="group", xaxis_title=axis, yaxis={"autorange": "reversed"})
    else:
        fig.update_layout(barmode="group", yaxis_title=axis)
    height = max(420, 140 + 12 * len(order) * max(1, len(ctx.county_ids))) if horizontal else 460
    return apply_layout(fig, ctx.title(title, "%" if ctx.share else "个"), ctx.source(), height=height)


def _add_bar(fig: go.Figure, horizontal: bool, categories: list[str], values: list[float],
             base: list[float] | None = None, **style) -> None:
    if horizontal:
        fig.add_bar(y=categories, x=values, base=base, orientation="h", **style)
    else:
        fig.add_bar(x=categories, y=values, base=base, **style)


LEVEL_NAMES = {"level1": "一级指标", "level2": "二级指标", "level1_std": "一级指标", "level2_std": "二级指标"}


def make_level_figure(indicators: pl.DataFrame, ctx: ChartContext, level: str = "level1") -> go.Figure:
    """Indicator counts per 一级/二级 category: the document's wording (``level1``/``level2``)
    or the standard categories (``level1_std``/``level2_std``, see audit.taxonomy), where
    the inferred ones are drawn apart."""
    if level.endswith("_std"):
        return _counts_by(with_standard_categories(indicators), level, ctx, f"绩效指标按{LEVEL_NAMES[level]}分布",
                          missing="（未能归类）", inferred=level.replace("_std", "_inferred"))
    return _counts_by(indicators, level, ctx, f"绩效指标按{LEVEL_NAMES[level]}分布")


def make_operator_figure(indicators: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    frame = indicators.with_columns(pl.col("operator").replace("", "（未写符号）"))
    return _counts_by(frame, "operator", ctx, "绩效指标的比较符号")


def make_unit_figure(indicators: pl.DataFrame, ctx: ChartContext, top_n: int = 12) -> go.Figure:
    # A missing unit is its own bar (（无单位）), never folded into 其他单位: is_in() is null for nulls.
    frame = indicators.filter(pl.col("target_value").is_not_null()).with_columns(pl.col("unit").fill_null(""))
    top = frame.group_by("unit").len().sort("len", descending=True).head(top_n)["unit"].to_list()
    frame = frame.with_columns(pl.when(pl.col("unit").is_in(top) | (pl.col("unit") == "")).then(pl.col("unit"))
                               .otherwise(pl.lit("其他单位")).alias("unit"))
    return _counts_by(frame, "unit", ctx, f"定量指标的计量单位（前 {top_n} 种）", missing="（无单位）")


def quant_kind(indicators: pl.DataFrame) -> pl.DataFrame:
    """Add `kind`: 定量 (a numeric target), 定性, or 涉密."""
    return indicators.with_columns(
        pl.when(pl.col("target_text") == "涉密").then(pl.lit("涉密"))
        .when(pl.col("target_value").is_not_null()).then(pl.lit("定量"))
        .otherwise(pl.lit("定性")).alias("kind"))


def make_quant_figure(indicators: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    return _counts_by(quant_kind(indicators), "kind", ctx, "定量与定性指标")


def percent_targets(indicators: pl.DataFrame, satisfaction_only: bool = False) -> pl.DataFrame:
    rows = indicators.filter((pl.col("unit") == "%") & pl.col("target_value").is_not_null())
    if satisfaction_only:
        rows = rows.filter(pl.col("level3").str.contains(SATISFACTION))
    return rows


def make_percent_target_figure(indicators: pl.DataFrame, ctx: ChartContext,
                               satisfaction_only: bool = False) -> go.Figure:
    """Box + points of percentage targets per county (e.g. 满意度 ≥ 90%)."""
    rows = percent_targets(indicators, satisfaction_only)
    fig = go.Figure()
    for county_id in ctx.county_ids:
        sub = rows.filter(pl.col("county_id") == county_id)
        if sub.is_empty():
            continue
        fig.add_box(name=ctx.names[county_id], y=sub["target_value"].to_list(), boxpoints="all",
                    jitter=0.4, marker_color=ctx.colour(county_id),
                    text=sub["level3"].to_list(), hovertemplate="%{text}: %{y}%<extra></extra>")
    fig.update_layout(yaxis_title="目标值 %", showlegend=False)
    what = "满意度指标目标值" if satisfaction_only else "百分比指标目标值"
    return apply_layout(fig, ctx.title(what, "%"), ctx.source())


def make_weight_figure(indicators: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Histogram of indicator weights (分值权重) per county, where the layout has weights."""
    fig = go.Figure()
    for county_id in ctx.county_ids:
        weights = indicators.filter((pl.col("county_id") == county_id) & pl.col("weight").is_not_null())["weight"]
        if weights.is_empty():
            continue
        fig.add_histogram(name=ctx.label(county_id), x=weights.to_list(), marker_color=ctx.colour(county_id),
                          xbins={"size": 5})
    fig.update_layout(barmode="group", xaxis_title="权重（分）", yaxis_title="指标个数")
    return apply_layout(fig, ctx.title("指标权重分布", "分"), ctx.source())
