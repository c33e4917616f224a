"""三公经费: items per county, prior year beside, shares of 基本支出 and 支出合计."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.context import ChartContext
from charts.coverage import SANGONG, partial_notes
from charts.style import (
    all_confirmed,
    apply_layout,
    confirm_hover,
    confirm_marker,
    confirm_notes,
    room_below,
    wrap_label,
)
from loaders.contract import SANGONG_ITEMS


def make_sangong_items_figure(sangong: pl.DataFrame, ctx: ChartContext, checks: pl.DataFrame | None = None) -> go.Figure:
    """Grouped bars: x = the four items, one bar per county (county colour)."""
    fig, shown = go.Figure(), []
    for county_id in ctx.county_ids:
        rows = sangong.filter(pl.col("county_id") == county_id)
        if rows.is_empty():
            continue
        amounts = dict(zip(rows["item"], rows["amount_wan"], strict=True))
        confirmed = dict(zip(rows["item"], rows["confirmed"], strict=True))
        flags = [confirmed.get(i) for i in SANGONG_ITEMS]
        shown += flags
        total = sum(amounts.values())
        if ctx.share:
            values = [round(amounts.get(i, 0.0) / total * 100, 2) if total else 0.0 for i in SANGONG_ITEMS]
        else:
            values = [ctx.scale(amounts.get(i, 0.0)) for i in SANGONG_ITEMS]
        fig.add_bar(name=ctx.label(county_id), x=list(SANGONG_ITEMS), y=values,
                    marker=confirm_marker(ctx.colour(county_id), flags), hovertext=confirm_hover(flags),
                    text=[f"{v:,.2f}" for v in values], textposition="outside")
    fig.update_layout(barmode="group", yaxis_title=ctx.value_unit())
    return apply_layout(fig, ctx.title("“三公”经费分项", ctx.value_unit()), ctx.source(),
                        notes=partial_notes(checks, SANGONG, ctx) + confirm_notes(shown))


def make_sangong_prior_figure(summary: pl.DataFrame, prior: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Per county: this year's 三公 total beside the prior-year total the document states."""
    fig, lines, shown = go.Figure(), 1, []
    for county_id in ctx.county_ids:
        now = summary.filter((pl.col("county_id") == county_id) & (pl.col("metric") == "三公经费合计"))
        if now.is_empty():
            continue
        before = prior.filter((pl.col("county_id") == county_id) & (pl.col("metric") == "三公经费合计"))
        year = ctx.years[county_id]
        # short year labels stand horizontally under narrow bars; the lighter bar is 上年 (as stated)
        xs = [f"{year - 1}", f"{year}"] if before.height else [f"{year}"]
        ys = ([ctx.scale(before["amount_wan"].item())] if before.height else []) + \
             [ctx.scale(now["amount_wan"].item())]
        label = wrap_label(ctx.names[county_id])  # document names run long (region·department（file）)
        lines = max(lines, label.count("<br>") + 1)
        flags = ([None] if before.height else []) + [now["confirmed"].item()]  # 上年: a sentence, not a table
        shown += flags
        kinds = [k + m for k, m in zip(["上年（文件所述）", "本年"][-len(xs):], confirm_hover(flags), strict=True)]
        fig.add_bar(name=ctx.names[county_id], x=[[label] * len(xs), xs], y=ys, customdata=kinds,
                    marker=confirm_marker(ctx.colour(county_id), flags), text=[f"{v:,.2f}" for v in ys],
                    textposition="outside", marker_opacity=[0.5, 1.0][-len(xs):],
                    hovertemplate=f"{ctx.names[county_id]}<br>%{{x}} %{{customdata}}：%{{y:,.2f}} {ctx.unit_label}"
                                  "<extra></extra>")
    fig.update_layout(yaxis_title=ctx.unit_label, showlegend=False, xaxis_tickangle=0)
    fig = apply_layout(fig, ctx.title("“三公”经费合计：本年与上年", ctx.unit_label), ctx.source(),
                       notes=confirm_notes(shown))
    return room_below(fig, lines)  # the names' lines beyond one (the years' row fits as before)


def sangong_shares(summary: pl.DataFrame, county_id: str) -> dict[str, float | None]:
    """三公 total as % of 基本支出 and of 支出合计 (None where a figure is not stated)."""
    rows = summary.filter(pl.col("county_id") == county_id)
    metric = dict(zip(rows["metric"], rows["amount_wan"], strict=True))
    total = metric.get("三公经费合计")
    out: dict[str, float | None] = {}
    for base in ("基本支出", "支出合计"):
        denominator = metric.get(base)
        out[base] = None if total is None or not denominator else round(total / denominator * 100, 2)
    return out


def share_confirmed(summary: pl.DataFrame, county_id: str) -> dict[str, bool | None]:
    """Whether each share of sangong_shares rests on confirmed figures only (三公经费合计 and the base)."""
    rows = summary.filter(pl.col("county_id") == county_id)
    confirmed = dict(zip(rows["metric"], rows["confirmed"], strict=True))
    return {base: all_confirmed([confirmed.get("三公经费合计"), confirmed.get(base)]) for base in ("基本支出", "支出合计")}


def make_sangong_share_figure(summary: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Grouped bars: 三公 as % of 基本支出 and of 支出合计, one bar per county (unconfirmed when
    either figure is)."""
    fig, shown = go.Figure(), []
    for county_id in ctx.county_ids:
        shares = sangong_shares(summary, county_id)
        if all(v is None for v in shares.values()):
            continue
        bases = [b for b, v in shares.items() if v is not None]
        values = [shares[b] for b in bases]
        confirmed = share_confirmed(summary, county_id)
        flags = [confirmed[b] for b in bases]
        shown += flags
        fig.add_bar(name=ctx.label(county_id), x=[f"占{b}" for b in bases], y=values,
                    marker=confirm_marker(ctx.colour(county_id), flags), hovertext=confirm_hover(flags),
                    text=[f"{v:.2f}%" for v in values], textposition="outside")
    fig.update_layout(barmode="group", yaxis_title="%")
    return apply_layout(fig, ctx.title("“三公”经费占比", "%"), ctx.source(), notes=confirm_notes(shown))
