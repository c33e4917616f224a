"""县际对比: the same measures side by side, small multiples with aligned axes."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from charts.context import ChartContext
from charts.layout import (
    amount_axis,
    category_axis,
    category_labels,
    left_margin,
    plot_width_px,
    row_px,
    value_top,
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
from contract.formats import value_in

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


def comparison_confirmed(summary: pl.DataFrame, ctx: ChartContext, metric: str,
                         rest: list[str] | None = None) -> list[bool | None]:
    """Per county in ctx order (then the rest summed): is the figure comparison_values shows
    confirmed? A share also rests on 支出合计; None where nothing is shown."""
    needed = [metric, "支出合计"] if ctx.share else [metric]
    flags = dict(((r["county_id"], r["metric"]), r["confirmed"]) for r in
                 summary.filter(pl.col("metric").is_in(needed)).select("county_id", "metric", "confirmed")
                 .iter_rows(named=True))
    out = [all_confirmed([flags.get((c, m)) for m in needed]) if (c, metric) in flags else None
           for c in ctx.county_ids]
    if rest:
        out.append(all_confirmed([flags.get((c, m)) for c in rest for m in needed]))
    return out


def _rank_ids(summary: pl.DataFrame, county_ids: tuple[str, ...]) -> list[str]:
    """County ids by 支出合计, largest first (counties without it last, in their order)."""
    totals = dict(summary.filter(pl.col("metric") == "支出合计").select("county_id", "amount_wan").iter_rows())
    return sorted(county_ids, key=lambda c: (c not in totals, -totals.get(c, 0.0)))


def rest_value(summary: pl.DataFrame, ctx: ChartContext, county_ids: list[str], metric: str) -> float | None:
    """``metric`` summed over ``county_ids``; in share mode, that sum as % of their summed 支出合计."""
    rows = summary.filter(pl.col("county_id").is_in(county_ids))
    wide = rows.filter(pl.col("metric").is_in([metric, "支出合计"])).pivot(
        on="metric", index="county_id", values="amount_wan")
    if metric not in wide.columns or wide[metric].null_count() == wide.height:
        return None
    if not ctx.share:
        return ctx.scale(float(wide[metric].sum()))
    both = wide.drop_nulls([metric, "支出合计"]) if "支出合计" in wide.columns else wide.clear()
    total = float(both["支出合计"].sum()) if both.height else 0.0
    return round(float(both[metric].sum()) / total * 100, 2) if total else None


PANEL_COLUMNS = 3
PANEL_SPACING = 0.06  # between panels side by side, a share of the plot width
PANEL_GAP_PX = 90  # between rows of panels: the upper row's tick labels, the lower row's titles
PANEL_TITLE_PX = 16  # make_subplots' subplot titles


def _row_axis(fig: go.Figure, letter: str, row: int):
    """The x or y axis of the subplot in ``row`` (one subplot a row)."""
    return fig.layout[f"{letter}axis{row if row > 1 else ''}"]


def panel_axis(fig: go.Figure, row: int, top: float, unit: str, columns: int, panel_px: float,
               panels: int) -> float:
    """A row's value axis with room for ``columns`` panels side by side, each from 0 to ``top`` and
    PANEL_SPACING of the row apart: the same round ticks under each of its first ``panels`` (a last
    row may hold fewer). Returns a panel's pitch in axis units (a panel ``c`` starts at c · pitch)."""
    width = top / (1 - PANEL_SPACING * (columns - 1)) * columns  # the row, in axis units
    pitch = width * (1 - PANEL_SPACING * (columns - 1)) / columns + width * PANEL_SPACING
    amount_axis(fig, "x", top, unit, title=None, plot_px=panel_px, row=row, col=1)
    axis = _row_axis(fig, "x", row)
    values = list(axis.tickvals)
    axis.update(range=[0, width], tickvals=[c * pitch + v for c in range(panels) for v in values],
                ticktext=list(axis.ticktext) * panels, zeroline=False)
    return pitch


def make_comparison_figure(summary: pl.DataFrame, ctx: ChartContext,
                           metrics: tuple[str, ...] = COMPARE_METRICS, top_n: int = 30) -> go.Figure:
    """One panel per metric, one horizontal bar per document, the same value axis in every panel so
    panels compare directly. Names stand once per row of panels, wrapped at character boundaries in
    a left margin as wide as their widest line; each value label beside its bar, inside its panel.

    The panels of a row share one subplot, each offset along its axis (a bar's ``base``; the panel's
    extent in the trace's ``meta``). Drawn alone in Chromium, six subplots (one a panel) took 28–31 ms
    and 650 SVG nodes, two take 22 ms and 384 (docs/benchmarks.md, "Page switches in the browser").

    More than ``top_n`` counties: the ``top_n`` largest by 支出合计 and one bar summing the rest.
    """
    cols = min(PANEL_COLUMNS, len(metrics))
    rows = (len(metrics) + cols - 1) // cols
    shown, rest = ctx, []
    if len(ctx.county_ids) > top_n:
        ranked = _rank_ids(summary, ctx.county_ids)
        shown, rest = ctx.subset(tuple(ranked[:top_n])), ranked[top_n:]
    labels = category_labels([ctx.names[c] for c in shown.county_ids]
                             + ([f"其余 {ctx.count_text(tuple(rest))}合计"] if rest else []))
    colours = [ctx.colour(c) for c in shown.county_ids] + (["#bab0ac"] if rest else [])
    margin_l = left_margin(labels)
    panel_px = row_px(labels) * len(labels)
    plot_h = rows * panel_px + (rows - 1) * PANEL_GAP_PX
    fig = make_subplots(rows=rows, cols=1, vertical_spacing=PANEL_GAP_PX / plot_h if rows > 1 else 0.0)
    unit = ctx.value_unit()
    shown_flags: list[bool | None] = []
    panels = []
    ends: list[float | None] = []
    texts: list[str] = []
    for metric in metrics:
        values = comparison_values(summary, shown, metric)
        if rest:
            values.append(rest_value(summary, ctx, rest, metric))
        flags = comparison_confirmed(summary, shown, metric, rest)
        flags = [None if v is None else f for v, f in zip(values, flags, strict=True)]
        shown_flags += flags
        text = [value_in(v, unit) for v in values]  # 未公开 where the document does not state it
        ends += values
        texts += text
        panels.append((metric, values, flags, text))
    panel_w = plot_width_px(margin_l, columns=cols, spacing=PANEL_SPACING)
    top = value_top(ends, texts, panel_w)
    pitches = [panel_axis(fig, row, top, unit, cols, panel_w, min(cols, len(metrics) - (row - 1) * cols))
               for row in range(1, rows + 1)]
    for i, (metric, values, flags, text) in enumerate(panels):
        row, col = i // cols + 1, i % cols
        start = col * pitches[row - 1]
        fig.add_trace(go.Bar(
            y=labels, x=[v if v is not None else 0 for v in values], base=start, name=metric,
            showlegend=False, orientation="h", marker=confirm_marker(colours, flags),
            hovertext=confirm_hover(flags), text=text, textposition="outside", cliponaxis=False,
            hovertemplate=f"%{{y}}：%{{text}}%{{hovertext}}<extra>{metric}</extra>",
            meta={"panel": [start, start + top]},
        ), row=row, col=1)
        fig.add_annotation(text=metric, xref="paper", yref="paper",
                           x=(start + top / 2) / _row_axis(fig, "x", row).range[1],
                           y=_row_axis(fig, "y", row).domain[1], xanchor="center", yanchor="bottom", showarrow=False,
                           font={"size": PANEL_TITLE_PX})
    fig.update_layout(barmode="overlay")  # a row's panels side by side, not a group of bars
    category_axis(fig)
    what = (f"横向对比：主要指标（支出合计前 {top_n} 个，其余 {ctx.count_text(tuple(rest))}合并）" if rest
            else "横向对比：主要指标")
    what += "（占支出合计）" if ctx.share else ""
    return apply_layout(fig, ctx.title(what, ctx.value_unit()), ctx.source(), height=MARGIN_T + MARGIN_B + plot_h,
                        notes=confirm_notes(shown_flags), margin_l=margin_l)
