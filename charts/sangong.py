"""三公经费: items per county, prior year beside, shares of 基本支出 and 支出合计."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.context import ChartContext
from charts.coverage import SANGONG, partial_notes
from charts.layout import (
    BAR_ROW_MIN_PX,
    MARGIN_L_MIN,
    TICK_PAD_PX,
    amount_axis,
    category_axis,
    labels_px,
    left_margin,
    plot_width_px,
    row_px,
    share_axis,
    text_px,
    value_top,
    wrap_label,
)
from charts.style import (
    MARGIN_B,
    MARGIN_T,
    all_confirmed,
    apply_layout,
    confirm_hover,
    confirm_marker,
    confirm_notes,
)
from contract.formats import amount, share, value_in
from contract.tables import SANGONG_ITEMS


def make_sangong_items_figure(sangong: pl.DataFrame, ctx: ChartContext, checks: pl.DataFrame | None = None) -> go.Figure:
    """Grouped horizontal bars: a row per item, one bar per county (county colour, named in the
    legend), each value written past the bar's end."""
    fig, shown, ends, texts = go.Figure(), [], [], []
    items = list(SANGONG_ITEMS)
    unit = ctx.value_unit()
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
        text = [value_in(v, unit) for v in values]
        ends += values
        texts += text
        fig.add_bar(name=ctx.label(county_id), y=items, x=values, orientation="h",
                    marker=confirm_marker(ctx.colour(county_id), flags), hovertext=confirm_hover(flags),
                    text=text, textposition="outside", cliponaxis=False,
                    hovertemplate="%{y}：%{text}%{hovertext}<extra>%{fullData.name}</extra>")
    margin_l = left_margin(items)
    fig.update_layout(barmode="group")
    category_axis(fig)
    amount_axis(fig, "x", value_top(ends, texts, plot_width_px(margin_l)), unit, plot_px=plot_width_px(margin_l))
    return apply_layout(fig, ctx.title("“三公”经费分项", ctx.value_unit()), ctx.source(),
                        height=MARGIN_T + MARGIN_B + len(items) * row_px(items, bars=len(fig.data)),
                        notes=partial_notes(checks, SANGONG, ctx) + confirm_notes(shown), margin_l=margin_l)


def make_sangong_prior_figure(summary: pl.DataFrame, prior: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Per county: this year's 三公 total beside the prior-year total the document states.

    Horizontal bars on a two-level axis: the document's name (in lines, at character boundaries)
    and beside it each bar's year; the lighter bar is 上年 as the document states it."""
    fig, shown, names, ends, texts, plot_h = go.Figure(), [], [], [], [], 0
    for county_id in ctx.county_ids:
        now = summary.filter((pl.col("county_id") == county_id) & (pl.col("metric") == "三公经费合计"))
        if now.is_empty():
            continue
        before = prior.filter((pl.col("county_id") == county_id) & (pl.col("metric") == "三公经费合计"))
        year = ctx.years[county_id]
        xs = [f"{year - 1}", f"{year}"] if before.height else [f"{year}"]
        ys = ([ctx.scale(before["amount_wan"].item())] if before.height else []) + \
             [ctx.scale(now["amount_wan"].item())]
        label = wrap_label(ctx.names[county_id])  # document names run long (region·department（file）)
        names.append(label)
        flags = ([None] if before.height else []) + [now["confirmed"].item()]  # 上年: a sentence, not a table
        shown += flags
        kinds = [f"{x} 年 {k}{m}" for x, k, m in
                 zip(xs, ["上年（文件所述）", "本年"][-len(xs):], confirm_hover(flags), strict=True)]
        text = [amount(v, ctx.unit_label) for v in ys]
        ends += ys
        texts += text
        plot_h += max(row_px([label]), BAR_ROW_MIN_PX * len(xs))
        fig.add_bar(name=ctx.names[county_id], y=[[label] * len(xs), xs], x=ys, customdata=kinds,
                    orientation="h", marker=confirm_marker(ctx.colour(county_id), flags), text=text,
                    textposition="outside", cliponaxis=False, marker_opacity=[0.5, 1.0][-len(xs):],
                    hovertemplate=f"{ctx.names[county_id]}<br>%{{customdata}}：%{{text}} {ctx.unit_label}"
                                  "<extra></extra>")
    # the names, then the years beside the bars (4 digits), each with its padding
    margin_l = max(MARGIN_L_MIN, int(labels_px(names) + text_px("0000") + 3 * TICK_PAD_PX))
    fig.update_layout(showlegend=False)
    category_axis(fig)
    amount_axis(fig, "x", value_top(ends, texts, plot_width_px(margin_l)), ctx.unit_label,
                plot_px=plot_width_px(margin_l))
    return apply_layout(fig, ctx.title("“三公”经费合计：本年与上年", ctx.unit_label), ctx.source(),
                        height=MARGIN_T + MARGIN_B + max(plot_h, 2 * BAR_ROW_MIN_PX),
                        notes=confirm_notes(shown), margin_l=margin_l)


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
    """Grouped horizontal bars: 三公 as % of 基本支出 and of 支出合计, one bar per county (unconfirmed
    when either figure is), each share written past the bar's end."""
    fig, shown, ends, texts = go.Figure(), [], [], []
    for county_id in ctx.county_ids:
        shares = sangong_shares(summary, county_id)
        if all(v is None for v in shares.values()):
            continue
        bases = [b for b, v in shares.items() if v is not None]
        values = [shares[b] for b in bases]
        confirmed = share_confirmed(summary, county_id)
        flags = [confirmed[b] for b in bases]
        shown += flags
        text = [share(v) for v in values]
        ends += values
        texts += text
        fig.add_bar(name=ctx.label(county_id), y=[f"占{b}" for b in bases], x=values, orientation="h",
                    marker=confirm_marker(ctx.colour(county_id), flags), hovertext=confirm_hover(flags),
                    text=text, textposition="outside", cliponaxis=False,
                    hovertemplate="%{y}：%{text}%{hovertext}<extra>%{fullData.name}</extra>")
    rows = ["占基本支出", "占支出合计"]
    margin_l = left_margin(rows)
    fig.update_layout(barmode="group")
    category_axis(fig)
    share_axis(fig, "x", value_top(ends, texts, plot_width_px(margin_l)), plot_px=plot_width_px(margin_l))
    return apply_layout(fig, ctx.title("“三公”经费占比", "%"), ctx.source(), notes=confirm_notes(shown),
                        height=MARGIN_T + MARGIN_B + len(rows) * row_px(rows, bars=len(fig.data)), margin_l=margin_l)
