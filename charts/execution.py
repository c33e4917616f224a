"""预算执行: execution rates (决算 ÷ 预算), budget against actual, over- and under-spends.

Frames in (content/execution.py: plan_wan, actual_wan, diff_wan, execution_rate, rate_note and where
each figure was read), figures out. Every hover names both figures and their pages; a row without a
rate is never drawn as one (its reason is in the table beneath and counted in a note).
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.context import ChartContext
from charts.layout import amount_axis, category_axis, left_margin, plot_width_px, row_px, value_top
from charts.style import (
    BLUE,
    MARGIN_B,
    MARGIN_T,
    SKY_BLUE,
    VERMILLION,
    apply_layout,
    confirm_hover,
    confirm_marker,
    confirm_notes,
    wrap_label,
)
from contract.formats import value_in

PLAN_COLOUR, ACTUAL_COLOUR = SKY_BLUE, BLUE  # grey 158 / 87: apart in grey print too
OVER_COLOUR, UNDER_COLOUR = VERMILLION, BLUE  # 超支 / 未执行, also told apart by side and sign
BAR_PX = 34  # height per horizontal bar


def _amount(value: float | None, ctx: ChartContext) -> str:
    return "未公开" if value is None else f"{ctx.scale(value):,.2f} {ctx.unit_label}"


def rate_text(rate: float | None, note: str | None) -> str:
    """'96.8%', or '—（预算数为 0，不计算执行率）' / '—（预算数未公开）'."""
    return f"{rate:.1f}%" if rate is not None else f"—（{note}）"


def hover_lines(row: dict, ctx: ChartContext) -> str:
    """Both figures with where each was read, and the rate."""
    return (f"{row['name']}<br>预算数：{_amount(row['plan_wan'], ctx)}（{row['plan_source'] or '未公开'}）"
            f"<br>决算数：{_amount(row['actual_wan'], ctx)}（{row['actual_source'] or '未列'}）"
            f"<br>执行率：{rate_text(row['execution_rate'], row['rate_note'])}")


def _short_rate(row: dict) -> str:
    """Under a bar pair: '96.8%', or '—' and the reason on lines of their own."""
    if row["execution_rate"] is not None:
        return f"执行率 {row['execution_rate']:.1f}%"
    return "执行率 —<br>" + wrap_label(row["rate_note"] or "", 8)


def _label(row: dict) -> str:
    return wrap_label(row["name"], 14)


def _missing_note(frame: pl.DataFrame) -> list[str]:
    without = frame.filter(pl.col("execution_rate").is_null())
    if without.is_empty():
        return []
    return [f"{without.height} 项无执行率（预算数未公开、为 0 或决算未列，见下表“说明”列）"]


def make_rate_figure(frame: pl.DataFrame, ctx: ChartContext, what: str, basis: str) -> go.Figure:
    """Horizontal bars: each row's 执行率 (%), a line at 100 %; rows without a rate are left out
    and counted in a note. ``basis`` says where the 预算数 come from (drawn under the title)."""
    rows = [r for r in frame.iter_rows(named=True) if r["execution_rate"] is not None]
    flags = [r["confirmed"] for r in rows]
    hover = [hover_lines(r, ctx) + mark for r, mark in zip(rows, confirm_hover(flags), strict=True)]
    fig = go.Figure(go.Bar(
        y=[_label(r) for r in rows], x=[r["execution_rate"] for r in rows], orientation="h",
        marker=confirm_marker(ctx.colour(ctx.county_ids[0]), flags), text=[f"{r['execution_rate']:.1f}%" for r in rows],
        textposition="outside", hovertext=hover, hoverinfo="text", name="执行率", showlegend=False, cliponaxis=False))
    fig.add_vline(x=100, line_dash="dash", line_color="#999", layer="below")
    top = max([r["execution_rate"] for r in rows] + [100.0])
    fig.update_layout(xaxis={"title": "执行率（%）= 决算数 ÷ 预算数（虚线：100%）", "range": [0, top * 1.18]},
                      yaxis={"autorange": "reversed"})
    height = max(300, 160 + BAR_PX * len(rows) + 12 * sum(_label(r).count("<br>") for r in rows))
    return apply_layout(fig, ctx.title(what, "%"), ctx.source(), height=height,
                        notes=[basis, *_missing_note(frame), *confirm_notes(flags)])


def make_plan_actual_figure(frame: pl.DataFrame, ctx: ChartContext, what: str, basis: str) -> go.Figure:
    """Grouped horizontal bars per row: 预算数 beside 决算数; the rate (or why there is none) under
    each name, the names at the left at any length (charts.layout)."""
    rows = list(frame.iter_rows(named=True))
    labels = [f"{_label(r)}<br>{_short_rate(r)}" for r in rows]
    fig = go.Figure()
    flags_all, ends, texts = [], [], []
    for series, column, colour, source in (("预算数", "plan_wan", PLAN_COLOUR, "plan_confirmed"),
                                           ("决算数", "actual_wan", ACTUAL_COLOUR, "actual_confirmed")):
        flags = [r[source] for r in rows]
        flags_all += flags
        values = [None if r[column] is None else ctx.scale(r[column]) for r in rows]
        text = [value_in(v, ctx.unit_label) for v in values]  # 未公开 where not stated
        ends += values
        texts += text
        fig.add_bar(name=series, y=labels, x=values, orientation="h",
                    marker=confirm_marker(colour, flags), text=text, textposition="outside",
                    hovertext=[hover_lines(r, ctx) + m for r, m in zip(rows, confirm_hover(flags), strict=True)],
                    hoverinfo="text", cliponaxis=False)
    fig.update_layout(barmode="group")
    category_axis(fig)
    margin_l = left_margin(labels)
    amount_axis(fig, "x", value_top(ends, texts, plot_width_px(margin_l)), ctx.unit_label,
                plot_px=plot_width_px(margin_l))
    height = MARGIN_T + MARGIN_B + max(140, sum(row_px([label], 2) for label in labels))
    return apply_layout(fig, ctx.title(what), ctx.source(), height=height,
                        notes=[basis, *confirm_notes(flags_all)], margin_l=margin_l)


def make_over_under_figure(frame: pl.DataFrame, ctx: ChartContext, basis: str) -> go.Figure:
    """Diverging bars: 决算数 − 预算数 of the largest over-spends (right, 超支) and under-spends
    (left, 未执行), each labelled with its amount and rate."""
    rows = list(frame.sort("diff_wan", descending=True).iter_rows(named=True))
    flags = [r["confirmed"] for r in rows]
    colours = [OVER_COLOUR if r["diff_wan"] > 0 else UNDER_COLOUR for r in rows]
    values = [ctx.scale(r["diff_wan"]) for r in rows]
    fig = go.Figure(go.Bar(
        y=[_label(r) for r in rows], x=values, orientation="h", marker=confirm_marker(colours, flags),
        text=[f"{'超支' if v > 0 else '未执行'} {abs(v):,.2f}（{rate_text(r['execution_rate'], r['rate_note'])}）"
              for v, r in zip(values, rows, strict=True)],
        textposition="outside", cliponaxis=False, showlegend=False,
        hovertext=[hover_lines(r, ctx) + m for r, m in zip(rows, confirm_hover(flags), strict=True)],
        hoverinfo="text"))
    fig.add_vline(x=0, line_color="#333")
    span = max([abs(v) for v in values] + [0.01])
    low, high = min(values + [0.0]), max(values + [0.0])  # room for the labels on the side the bars run
    fig.update_layout(xaxis={"title": f"决算数 − 预算数（{ctx.unit_label}）",
                             "range": [low * 2.2 - span * 0.1, high * 2.2 + span * 0.1]},
                      yaxis={"autorange": "reversed"})
    height = max(300, 160 + BAR_PX * len(rows) + 14 * sum(_label(r).count("<br>") for r in rows))
    return apply_layout(fig, ctx.title("超支与未执行最多的科目"), ctx.source(), height=height,
                        notes=[basis, *confirm_notes(flags)])


def make_region_rate_figure(frame: pl.DataFrame, ctx: ChartContext, what: str, basis: str, scope: str) -> go.Figure:
    """Ranked horizontal bars: one per department (its colour), highest rate first; departments
    without a rate are counted in a note."""
    rows = sorted((r for r in frame.iter_rows(named=True) if r["execution_rate"] is not None),
                  key=lambda r: -r["execution_rate"])
    flags = [r["confirmed"] for r in rows]
    names = [wrap_label(f"{r['rank']}. {ctx.names[r['county_id']]}", 16) for r in rows]
    fig = go.Figure(go.Bar(
        y=names, x=[r["execution_rate"] for r in rows], orientation="h",
        marker=confirm_marker([ctx.colour(r["county_id"]) for r in rows], flags),
        text=[f"{r['execution_rate']:.1f}%" for r in rows], textposition="outside", cliponaxis=False,
        hovertext=[f"{ctx.names[r['county_id']]}<br>" + hover_lines(r, ctx) + m
                   for r, m in zip(rows, confirm_hover(flags), strict=True)],
        hoverinfo="text", showlegend=False))
    fig.add_vline(x=100, line_dash="dash", line_color="#999", layer="below")
    top = max([r["execution_rate"] for r in rows] + [100.0])
    fig.update_layout(xaxis={"title": "执行率（%）（虚线：100%）", "range": [0, top * 1.18]},
                      yaxis={"autorange": "reversed"})
    without = frame.filter(pl.col("execution_rate").is_null())
    missing = [f"{without.height} 个部门无执行率（预算数未公开或为 0，见下表）"] if without.height else []
    height = max(300, 160 + BAR_PX * len(rows) + 12 * sum(n.count("<br>") for n in names))
    title = f"{what}<br><sup>{scope} · {len(ctx.county_ids)} 个部门的决算 · 单位：%</sup>"  # departments, not 县
    return apply_layout(fig, title, ctx.source(), height=height, notes=[basis, *missing, *confirm_notes(flags)])
