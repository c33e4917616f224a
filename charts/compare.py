"""县际对比: the same measures side by side, small multiples with aligned axes."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from charts.context import ChartContext
from charts.style import apply_layout, county_colour

COMPARE_METRICS = ("支出合计", "基本支出", "项目支出", "人员经费", "公用经费", "三公经费合计")


def comparison_values(summary: pl.DataFrame, ctx: ChartContext, metric: str) -> list[float | None]:
    """One value per county in ctx order: scaled amount, or % of the county's 支出合计 in share mode."""
    out: list[float | None] = []
    for county_id in ctx.county_ids:
        rows = summary.filter(pl.col("county_id") == county_id)
        values = dict(zip(rows["metric"], rows["amount_wan"], strict=True))
        amount = values.get(metric)
        if amount is None:
            out.append(None)
        elif ctx.share:
            total = values.get("支出合计")
            out.append(round(amount / total * 100, 2) if total else None)
        else:
            out.append(ctx.scale(amount))
    return out


def make_comparison_figure(summary: pl.DataFrame, ctx: ChartContext,
                           metrics: tuple[str, ...] = COMPARE_METRICS) -> go.Figure:
    """One panel per metric, one bar per county, shared y axis so panels compare directly."""
    cols = 3
    rows = (len(metrics) + cols - 1) // cols
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=list(metrics), shared_yaxes="all",
                        vertical_spacing=0.16)
    labels = [ctx.names[c] for c in ctx.county_ids]
    for i, metric in enumerate(metrics):
        values = comparison_values(summary, ctx, metric)
        fig.add_trace(go.Bar(
            x=labels, y=[v if v is not None else 0 for v in values], name=metric, showlegend=False,
            marker_color=[county_colour(c) for c in ctx.county_ids],
            text=["未公开" if v is None else f"{v:,.2f}" for v in values], textposition="outside",
        ), row=i // cols + 1, col=i % cols + 1)
    fig.update_yaxes(title_text=ctx.value_unit() + ("（占支出合计）" if ctx.share else ""), col=1)
    return apply_layout(fig, ctx.title("县际对比：主要指标", ctx.value_unit()), ctx.source(), height=300 * rows + 160)
