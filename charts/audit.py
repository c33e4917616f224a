"""Audit views: indicator-quality scores/flags and reconciliation results."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.context import ChartContext
from charts.style import FAIL_STYLE, PASS_STYLE, apply_layout


def make_score_figure(county_scores: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Mean and minimum project score per county (0–100)."""
    fig = go.Figure()
    rows = {r["county_id"]: r for r in county_scores.iter_rows(named=True)}
    ids = [c for c in ctx.county_ids if c in rows]
    labels = [ctx.label(c) for c in ids]
    fig.add_bar(name="项目平均分", x=labels, y=[round(rows[c]["mean_score"], 1) for c in ids],
                marker_color=[ctx.colour(c) for c in ids], text=[f"{rows[c]['mean_score']:.1f}" for c in ids],
                textposition="outside")
    fig.add_scatter(name="最低项目得分", x=labels, y=[rows[c]["min_score"] for c in ids], mode="markers",
                    marker={"symbol": "line-ew-open", "size": 28, "color": "#333", "line": {"width": 3}})
    fig.update_layout(yaxis={"range": [0, 105], "title": "得分（满分100）"})
    return apply_layout(fig, ctx.title("绩效目标设置质量得分", "分"), ctx.source())


def make_flag_figure(flags: pl.DataFrame, ctx: ChartContext, labels: dict[str, str]) -> go.Figure:
    """Number of flags per rule, one bar per county."""
    order = flags.group_by("rule").len().sort("len", descending=True)["rule"].to_list()
    fig = go.Figure()
    for county_id in ctx.county_ids:
        counts = dict(flags.filter(pl.col("county_id") == county_id).group_by("rule").len().iter_rows())
        if not counts:
            continue
        fig.add_bar(name=ctx.label(county_id), y=[labels.get(r, r) for r in order], orientation="h",
                    x=[counts.get(r, 0) for r in order], marker_color=ctx.colour(county_id))
    fig.update_layout(barmode="group", xaxis_title="问题条数", yaxis={"autorange": "reversed"})
    return apply_layout(fig, ctx.title("各类问题条数", "条"), ctx.source(),
                        height=max(360, 140 + 22 * len(order) * max(1, len(ctx.county_ids))))


def make_check_summary_figure(checks: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Per county: checks that add up vs checks that don't.

    Told apart by colour, by hatching (failures) and by a "✓ n  ✗ m" label over each bar,
    so the chart reads in grey-scale print and without colour vision.
    """
    fig = go.Figure()
    labels = [ctx.label(c) for c in ctx.county_ids]
    counts = {}
    for ok, name, style in ((True, "一致", PASS_STYLE), (False, "不一致", FAIL_STYLE)):
        values = [checks.filter((pl.col("county_id") == c) & (pl.col("ok") == ok)).height for c in ctx.county_ids]
        counts[ok] = values
        fig.add_bar(name=name, x=labels, y=values, marker_color=style["colour"],
                    marker_pattern={"shape": style["pattern"], "fgcolor": "#FFFFFF", "solidity": 0.4},
                    hovertemplate=f"%{{x}}：{name} %{{y}} 项<extra></extra>")
    for label, passed, failed in zip(labels, counts[True], counts[False], strict=True):
        fig.add_annotation(x=label, y=passed + failed, text=f"{PASS_STYLE['mark']} {passed}  {FAIL_STYLE['mark']} {failed}",
                           showarrow=False, yanchor="bottom", yshift=4, font={"size": 14})
    top = max((p + f for p, f in zip(counts[True], counts[False], strict=True)), default=0)
    fig.update_layout(barmode="stack", yaxis={"title": "核对项数", "range": [0, max(1, top) * 1.15]})
    return apply_layout(fig, ctx.title("勾稽核对结果", "项"), ctx.source())
