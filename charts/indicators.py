"""绩效指标 distributions: categories, operators, units, 定量/定性, target values, weights."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from audit.taxonomy import with_standard_categories
from charts.context import ChartContext
from charts.layout import (
    MARGIN_L_MIN,
    THIN_BAR_PX,
    category_axis,
    category_labels,
    count_axis,
    labels_px,
    left_margin,
    plot_width_px,
    row_px,
    share_axis,
    value_margin,
    wrap_label,
)
from charts.style import INFERRED_OPACITY, INFERRED_PATTERN, MARGIN_B, MARGIN_T, apply_layout

SATISFACTION = "满意"
SLOT_PAD_PX = 16  # between category names under vertical bars
MAX_WEIGHT_TICKS = 15  # more distinct weights than this: Plotly's own round ticks
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
    frame, order, horizontal = _categories(frame, column)
    fig = go.Figure()
    any_inferred = False
    for county_id in ctx.county_ids:
        rows = frame.filter(pl.col("county_id") == county_id)
        if not rows.is_empty():
            any_inferred |= _add_county_bars(fig, rows, _Bars(column, order, horizontal, ctx), county_id, inferred)
    if any_inferred:  # one legend entry explains the hatching for every county
        # a zero-length bar in the first county's slot: plotly draws no legend entry for an empty trace
        _add_bar(fig, horizontal, order[:1], [0], name=INFERRED_LEGEND, offsetgroup=fig.data[0].offsetgroup,
                 marker={**INFERRED_MARKER, "color": "#BBBBBB"}, hoverinfo="skip")
    return _count_layout(fig, ctx, title, order, horizontal)


def _categories(frame: pl.DataFrame, column: str) -> tuple[pl.DataFrame, list[str], bool]:
    """The values of ``column`` by count, most first, and whether the bars lie horizontal: long
    lists, or names wider than their slot under vertical bars, read better as rows, with the names
    in lines beside the bars (the frame's values relabelled to match)."""
    # ties in the order the values first appear: the same bars in the same order on every run and export
    order = frame.group_by(column, maintain_order=True).len().sort("len", descending=True, maintain_order=True)[
        column].to_list()
    horizontal = len(order) > 8 or labels_px(order) > plot_width_px(MARGIN_L_MIN) / max(len(order), 1) - SLOT_PAD_PX
    if not horizontal:
        return frame, order, False
    shown = dict(zip(order, category_labels(order), strict=True))
    return frame.with_columns(pl.col(column).replace(shown)), [shown[k] for k in order], True


@dataclass(frozen=True)
class _Bars:
    """What every county's bars of one count chart share."""

    column: str
    order: list[str]
    horizontal: bool
    ctx: ChartContext

    def values(self, part: pl.DataFrame, total: int) -> list[float]:
        """Rows of ``part`` per category: counts, or shares of the county's ``total`` rows."""
        counts = dict(part.group_by(self.column).len().iter_rows())
        if self.ctx.share:
            return [round(counts.get(k, 0) / total * 100, 2) for k in self.order]
        return [counts.get(k, 0) for k in self.order]


def _add_county_bars(fig: go.Figure, rows: pl.DataFrame, bars: _Bars, county_id: str,
                     inferred: str | None) -> bool:
    """One county's bar, and on top of it its inferred rows (hatched); True when there are any."""
    ctx, horizontal, order = bars.ctx, bars.horizontal, bars.order
    guessed = rows.filter(pl.col(inferred)) if inferred else rows.clear()
    stated = bars.values(rows.filter(~pl.col(inferred)) if inferred else rows, rows.height)
    _add_bar(fig, horizontal, order, stated, name=ctx.label(county_id), offsetgroup=county_id,
             legendgroup=county_id, marker_color=ctx.colour(county_id))
    if not guessed.height:
        return False
    _add_bar(fig, horizontal, order, bars.values(guessed, rows.height), base=stated,
             name=ctx.label(county_id) + INFERRED_SUFFIX, offsetgroup=county_id, legendgroup=county_id,
             showlegend=False, marker={**INFERRED_MARKER, "color": ctx.colour(county_id)},
             hovertemplate="%{" + ("y" if horizontal else "x") + "}：%{customdata}（原文未标注类别，"
                           "按指标名称和单位推断）<extra>%{fullData.name}</extra>",
             customdata=bars.values(guessed, rows.height))
    return True


def _count_layout(fig: go.Figure, ctx: ChartContext, title: str, order: list[str], horizontal: bool) -> go.Figure:
    """The value axis (counts or shares) up to the longest bar, the categories, title and height."""
    axis = "占各自指标数" if ctx.share else "指标个数"
    value_axis = "x" if horizontal else "y"
    top = max([1.0, *(e for t in fig.data for e in bar_ends(t))]) if fig.data else 1.0
    if ctx.share:
        share_axis(fig, value_axis, top * 1.05, title=axis)
    else:
        count_axis(fig, value_axis, top * 1.05, title=axis)
    fig.update_layout(barmode="group")
    if horizontal:
        category_axis(fig)
        return apply_layout(fig, ctx.title(title, "%" if ctx.share else "个"), ctx.source(),
                            height=max(420, MARGIN_T + MARGIN_B + sum(row_px([k], len(ctx.county_ids), THIN_BAR_PX) for k in order)),
                            margin_l=left_margin(order))
    return apply_layout(fig, ctx.title(title, "%" if ctx.share else "个"), ctx.source(), height=460,
                        margin_l=value_margin(fig, "y"))


def bar_ends(bar) -> list[float]:
    """Where each bar of a trace ends on its value axis (its base, if stacked on another, plus its value)."""
    values = bar.x if bar.orientation == "h" else bar.y
    base = bar.base if bar.base is not None else [0] * len(values)
    return [(b or 0) + (v or 0) for b, v in zip(base, values, strict=True)]


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
    top = (frame.group_by("unit", maintain_order=True).len().sort("len", descending=True, maintain_order=True)
           .head(top_n)["unit"].to_list())  # a tie at the cut: the unit listed first stays, on every run
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
    names = []
    for county_id in ctx.county_ids:
        sub = rows.filter(pl.col("county_id") == county_id)
        if sub.is_empty():
            continue
        names.append(wrap_label(ctx.names[county_id]))
        fig.add_box(name=names[-1], x=sub["target_value"].to_list(), boxpoints="all", orientation="h",
                    jitter=0.4, marker_color=ctx.colour(county_id),
                    text=sub["level3"].to_list(), hovertemplate="%{text}：%{x}%<extra></extra>")
    fig.update_layout(showlegend=False, xaxis={"title_text": "目标值", "ticksuffix": "%", "automargin": True})
    category_axis(fig)
    what = "满意度指标目标值" if satisfaction_only else "百分比指标目标值"
    return apply_layout(fig, ctx.title(what, "%"), ctx.source(),
                        height=MARGIN_T + MARGIN_B + max(200, max(60, row_px(names)) * len(names)),
                        margin_l=left_margin(names))


def make_weight_figure(indicators: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Indicator weights (分值权重) per county: a bar per weight the documents give, centred on that
    weight (5, 10, 15 … read 5, 10, 15, not the edges of 5-wide bins), one bar per county beside it."""
    fig = go.Figure()
    weighted = indicators.filter(pl.col("weight").is_not_null())
    values = sorted(set(weighted["weight"].to_list()))
    top = 1
    for county_id in ctx.county_ids:
        weights = weighted.filter(pl.col("county_id") == county_id)["weight"]
        if weights.is_empty():
            continue
        counts = dict(weights.value_counts().iter_rows())
        ys = [counts.get(v, 0) for v in values]
        top = max(top, *ys)
        fig.add_bar(name=ctx.label(county_id), x=values, y=ys, marker_color=ctx.colour(county_id),
                    hovertemplate="权重 %{x:g} 分：%{y:,} 个指标<extra>%{fullData.name}</extra>")
    ticks = values if len(values) <= MAX_WEIGHT_TICKS else None
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="权重（分）", **({"tickmode": "array", "tickvals": ticks,
                                                 "ticktext": [f"{v:g}" for v in ticks]} if ticks else {}))
    count_axis(fig, "y", top * 1.05, title="指标个数")
    return apply_layout(fig, ctx.title("指标权重分布", "分"), ctx.source(), margin_l=value_margin(fig, "y"))
