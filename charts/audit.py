"""Audit views: indicator-quality scores/flags and reconciliation results."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.context import ChartContext
from charts.layout import (
    THIN_BAR_PX,
    VALUE_PAD_PX,
    category_axis,
    category_labels,
    count_axis,
    left_margin,
    plot_width_px,
    row_px,
    value_top,
)
from charts.style import FAIL_STYLE, MARGIN_B, MARGIN_T, PASS_STYLE, apply_layout
from contract.formats import SCORE_D3, score

MARK_FONT_PX = 14  # the ✓/✗ counts past each bar


def make_score_figure(county_scores: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Mean and minimum project score per county (0–100): a horizontal bar each, the name beside
    it in lines, the mean written past the bar's end (the axis reaches past 100 to hold it)."""
    fig = go.Figure()
    rows = {r["county_id"]: r for r in county_scores.iter_rows(named=True)}
    ids = [c for c in ctx.county_ids if c in rows]
    labels = category_labels([ctx.label(c) for c in ids])
    means = [round(rows[c]["mean_score"], 1) if rows[c]["mean_score"] is not None else None for c in ids]
    texts = [score(rows[c]["mean_score"]) if rows[c]["mean_score"] is not None else "—" for c in ids]  # all 涉密
    fig.add_bar(name="项目平均分", y=labels, x=means, orientation="h", marker_color=[ctx.colour(c) for c in ids],
                text=texts, textposition="outside", cliponaxis=False,
                hovertemplate="%{y}：项目平均分 %{text}<extra></extra>")
    fig.add_scatter(name="最低项目得分", y=labels, x=[rows[c]["min_score"] for c in ids], mode="markers",
                    marker={"symbol": "line-ns-open", "size": 22, "color": "#333", "line": {"width": 3}},
                    hovertemplate=f"%{{y}}：最低项目得分 %{{x:{SCORE_D3}}}<extra></extra>")
    margin_l = left_margin(labels)
    top = value_top(means, texts, plot_width_px(margin_l), floor=100.0)
    ticks = [0, 20, 40, 60, 80, 100]
    fig.update_xaxes(range=[0, top], tickmode="array", tickvals=ticks, ticktext=[str(t) for t in ticks],
                     title_text="得分（满分100）", hoverformat=SCORE_D3)
    category_axis(fig)
    return apply_layout(fig, ctx.title("绩效目标设置质量得分", "分"), ctx.source(),
                        height=MARGIN_T + MARGIN_B + max(240, row_px(labels) * len(labels)), margin_l=margin_l)


def make_flag_figure(flags: pl.DataFrame, ctx: ChartContext, labels: dict[str, str]) -> go.Figure:
    """Number of flags per rule, one bar per county."""
    order = flags.group_by("rule").len().sort("len", descending=True)["rule"].to_list()
    rule_labels = category_labels([labels.get(r, r) for r in order])
    fig = go.Figure()
    top = 1
    for county_id in ctx.county_ids:
        counts = dict(flags.filter(pl.col("county_id") == county_id).group_by("rule").len().iter_rows())
        if not counts:
            continue
        values = [counts.get(r, 0) for r in order]
        top = max(top, *values)
        fig.add_bar(name=ctx.label(county_id), y=rule_labels, orientation="h", x=values,
                    marker_color=ctx.colour(county_id))
    fig.update_layout(barmode="group")
    category_axis(fig)
    count_axis(fig, "x", top * 1.05, title="问题条数")
    return apply_layout(fig, ctx.title("各类问题条数", "条"), ctx.source(),
                        height=max(360, MARGIN_T + MARGIN_B + len(order) * row_px(rule_labels, len(fig.data), THIN_BAR_PX)),
                        margin_l=left_margin(rule_labels))


def make_check_summary_figure(checks: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Per county: checks that add up vs checks that don't, one horizontal stacked bar each.

    Told apart by colour, by hatching (failures) and by a "✓ n  ✗ m" label past each bar's end,
    so the chart reads in grey-scale print and without colour vision. The names stand beside the
    bars in lines, the axis reaches far enough past the longest bar for its label.
    """
    fig = go.Figure()
    labels = category_labels([ctx.label(c) for c in ctx.county_ids])
    counts = {}
    for ok, name, style in ((True, "一致", PASS_STYLE), (False, "不一致", FAIL_STYLE)):
        values = [checks.filter((pl.col("county_id") == c) & (pl.col("ok") == ok)).height for c in ctx.county_ids]
        counts[ok] = values
        fig.add_bar(name=name, y=labels, x=values, orientation="h", marker_color=style["colour"],
                    marker_pattern={"shape": style["pattern"], "fgcolor": "#FFFFFF", "solidity": 0.4},
                    hovertemplate=f"%{{y}}：{name} %{{x}} 项<extra></extra>")
    totals = [p + f for p, f in zip(counts[True], counts[False], strict=True)]
    marks = [f"{PASS_STYLE['mark']} {passed}  {FAIL_STYLE['mark']} {failed}"
             for passed, failed in zip(counts[True], counts[False], strict=True)]
    for label, total, mark in zip(labels, totals, marks, strict=True):
        fig.add_annotation(y=label, x=total, text=mark, showarrow=False, xanchor="left", xshift=VALUE_PAD_PX,
                           font={"size": MARK_FONT_PX})
    margin_l = left_margin(labels)
    top = value_top(totals, marks, plot_width_px(margin_l), size=MARK_FONT_PX, floor=1)
    fig.update_layout(barmode="stack")
    category_axis(fig)
    count_axis(fig, "x", top, title="核对项数")
    return apply_layout(fig, ctx.title("勾稽核对结果", "项"), ctx.source(),
                        height=MARGIN_T + MARGIN_B + max(200, row_px(labels) * len(labels)), margin_l=margin_l)
