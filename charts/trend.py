"""历年变化: one metric of each document over the years the library holds."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.context import ChartContext
from charts.layout import amount_axis, line_count, value_margin, wrap_label
from charts.style import (
    SOURCE_NOTE,
    UNCONFIRMED_LINE_PX,
    UNCONFIRMED_MARK,
    UNCONFIRMED_OUTLINE,
    UNCONFIRMED_SYMBOL,
    apply_layout,
    confirm_notes,
    source_note,
    title_text,
    unconfirmed,
)
from contract.formats import d3_format

# The kinds of content.trend.trend_frame and content.labels' wording for a missing figure,
# spelled out here: charts may not import content (tests/test_layers.py); test_trend checks them.
DOCUMENT = "文件"
STATED_PRIOR = "上年数（文中）"
NOT_DISCLOSED = "未公开"
NO_TREND = "所选文件只有一个年度，无法显示趋势"
PRIOR_OPACITY = 0.6  # the stated prior-year series: the county colour, lighter
PRIOR_MARKER_SIZE = 10
PRIOR_KEY_COLOUR = "#666666"  # the legend key for every county's stated prior-year series
UNCONFIRMED_TREND_NOTE = "黑框菱形：未核实的年度数字（文件中没有第二处与之印证，或核对不一致）"
BASIS_WRAP = 30  # characters per hover line of a quoted sentence
NOT_DISCLOSED_EM = 14.0  # "<document>：未公开" under a year, in lines


def _wrap(text: str | None, width: int = BASIS_WRAP, lines: int = 3) -> str:
    """A sentence for the hover box: a few short lines, cut with … when longer."""
    if not text:
        return ""
    parts = [text[i:i + width] for i in range(0, len(text), width)]
    return "<br>".join(parts[:lines]) + ("…" if len(parts) > lines else "")


def _where(row: dict) -> str:
    return f"第 {row['page']} 页" if row["page"] is not None else f"第 {row['line']} 行"


def _hover_detail(row: dict) -> str:
    if row["kind"] == DOCUMENT:
        mark = UNCONFIRMED_MARK if unconfirmed(row.get("confirmed")) else ""
        return f"{DOCUMENT}：{row['year']} 年文件表内数（{_where(row)}）{mark}"
    return (f"{STATED_PRIOR}：{row['source_year']} 年文件{_where(row)}<br>"
            f"依据：{_wrap(row['basis'])}")


def _series(rows: pl.DataFrame, ctx: ChartContext) -> tuple[list[int], list[float | None], list[str]]:
    records = rows.rows(named=True)
    return ([r["year"] for r in records], [ctx.scale(r["amount_wan"]) for r in records],
            [_hover_detail(r) for r in records])


def _hover(unit: str, name: str) -> str:
    return f"%{{x}} 年<br>%{{y:{d3_format(unit)}}} {unit}<br>%{{customdata}}<extra>{name}</extra>"


def _document_trace(rows: pl.DataFrame, ctx: ChartContext, county_id: str) -> go.Scatter:
    years, values, details = _series(rows, ctx)
    name = ctx.names[county_id]
    marked = [unconfirmed(f) for f in rows["confirmed"]] if "confirmed" in rows.columns else [False] * rows.height
    # an unconfirmed year: another shape, larger, outlined in black (not only another colour)
    return go.Scatter(
        x=years, y=values, customdata=details, name=name, mode="lines+markers",
        line={"color": ctx.colour(county_id), "width": 2.5},
        marker={"color": ctx.colour(county_id), "size": [14 if m else 9 for m in marked],
                "symbol": [UNCONFIRMED_SYMBOL if m else "circle" for m in marked],
                "line": {"color": UNCONFIRMED_OUTLINE, "width": [UNCONFIRMED_LINE_PX if m else 0 for m in marked]}},
        hovertemplate=_hover(ctx.unit_label, name),
    )


def _prior_trace(rows: pl.DataFrame, ctx: ChartContext, county_id: str) -> go.Scatter:
    """Each stated prior-year figure (hollow marker) with a dashed line to the figure of the
    document stating it: the slope is the change that document's text claims."""
    by_year = {r["year"]: r for r in rows.filter(pl.col("kind") == DOCUMENT).rows(named=True)}
    xs: list[int | None] = []
    ys: list[float | None] = []
    details: list[str | None] = []
    sizes: list[int] = []
    for row in rows.filter(pl.col("kind") == STATED_PRIOR).rows(named=True):
        xs.append(row["year"])
        ys.append(ctx.scale(row["amount_wan"]))
        details.append(_hover_detail(row))
        sizes.append(PRIOR_MARKER_SIZE)
        stating = by_year.get(row["source_year"])
        if stating is not None and stating["amount_wan"] is not None:  # no end: a lone marker
            xs.append(stating["year"])
            ys.append(ctx.scale(stating["amount_wan"]))
            details.append(_hover_detail(stating))
            sizes.append(0)  # the document's own marker is drawn by its solid line
        xs.append(None)  # a break before the next segment
        ys.append(None)
        details.append(None)
        sizes.append(0)
    name = f"{ctx.names[county_id]}·{STATED_PRIOR}"
    return go.Scatter(
        x=xs[:-1], y=ys[:-1], customdata=details[:-1], name=name, mode="lines+markers",
        legendgroup=STATED_PRIOR, showlegend=False, opacity=PRIOR_OPACITY, connectgaps=False,
        line={"color": ctx.colour(county_id), "width": 2, "dash": "dash"},
        marker={"color": ctx.colour(county_id), "size": sizes[:-1], "symbol": "circle-open",
                "line": {"width": 2}},
        hovertemplate=_hover(ctx.unit_label, name),
    )


def _prior_key() -> go.Scatter:
    """One legend entry for the stated prior-year series of every county (a click hides them all)."""
    return go.Scatter(
        x=[None], y=[None], name=STATED_PRIOR, mode="lines+markers", legendgroup=STATED_PRIOR,
        line={"color": PRIOR_KEY_COLOUR, "width": 2, "dash": "dash"},
        marker={"color": PRIOR_KEY_COLOUR, "size": PRIOR_MARKER_SIZE, "symbol": "circle-open", "line": {"width": 2}},
        hoverinfo="skip",
    )


def _what(metric: str, share: bool) -> str:
    what = f"{metric}：历年变化"
    return what + "（按金额显示，趋势不适用占比）" if share else what


def _empty_figure(ctx: ChartContext, metric: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=NO_TREND, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_layout(fig, _what(metric, ctx.share), ctx.source() if ctx.county_ids else SOURCE_NOTE)


def _sources(frame: pl.DataFrame, ctx: ChartContext, county_ids: list[str]) -> str:
    """Every document the points come from: a name and its years (ctx knows one file per county)."""
    shown = []
    for county_id in county_ids:
        years = sorted(frame.filter(pl.col("county_id") == county_id)["source_year"].unique())
        shown.append(f"{ctx.names[county_id]} {'、'.join(map(str, years))} 年文件")
    return source_note(shown, [ctx.document_kinds.get(c, "预算") for c in county_ids])


def _mark_not_disclosed(fig: go.Figure, frame: pl.DataFrame, ctx: ChartContext, county_ids: list[str]) -> None:
    """未公开 under each year whose document leaves the metric out (a gap in its line)."""
    missing = frame.filter(pl.col("amount_wan").is_null() & (pl.col("kind") == DOCUMENT))
    stacked: dict[int, int] = {}
    for county_id in county_ids:
        for year in missing.filter(pl.col("county_id") == county_id)["year"]:
            text = wrap_label(f"{ctx.names[county_id]}：{NOT_DISCLOSED}", NOT_DISCLOSED_EM)
            fig.add_annotation(
                text=text, x=year, xref="x", y=0, yref="paper",
                yanchor="bottom", yshift=stacked.get(year, 0), showarrow=False,
                font={"size": 11, "color": ctx.colour(county_id)},
            )
            stacked[year] = stacked.get(year, 0) + 15 * line_count(text) + 3


def make_trend_figure(frame: pl.DataFrame, ctx: ChartContext, metric: str) -> go.Figure:
    """Lines over the years from ``content.trend.trend_frame``: per document (county_id in
    ctx order) its table figures (solid, county colour) and the prior-year figures later
    documents state in their text (hollow markers, lighter, each joined by a dashed line to
    the document that states it; one legend entry for all counties).

    Always amounts in ctx's unit: a share of one year's total says nothing about a trend.
    """
    present = set(frame["county_id"])
    county_ids = [c for c in dict.fromkeys(ctx.county_ids) if c in present]
    frame = frame.filter(pl.col("county_id").is_in(county_ids))
    if frame.is_empty():
        return _empty_figure(ctx, metric)
    fig = go.Figure()
    for county_id in county_ids:
        rows = frame.filter(pl.col("county_id") == county_id)
        documents = rows.filter(pl.col("kind") == DOCUMENT)
        if not documents.is_empty():
            fig.add_trace(_document_trace(documents, ctx, county_id))
        if not rows.filter(pl.col("kind") == STATED_PRIOR).is_empty():
            fig.add_trace(_prior_trace(rows, ctx, county_id))
    if not frame.filter(pl.col("kind") == STATED_PRIOR).is_empty():
        fig.add_trace(_prior_key())
    _mark_not_disclosed(fig, frame, ctx, county_ids)
    years = sorted(frame["year"].unique())
    fig.update_xaxes(title_text="年度", tickmode="array", tickvals=years, ticktext=[str(y) for y in years],
                     range=[years[0] - 0.5, years[-1] + 0.5])
    values = [ctx.scale(v) for v in frame["amount_wan"] if v is not None]
    amount_axis(fig, "y", max(values, default=0.0) * 1.08 or 1.0, ctx.unit_label)
    title = title_text(_what(metric, ctx.share), [ctx.names[c] for c in county_ids], years, ctx.unit_label,
                       ctx.count_text(tuple(county_ids)))
    documents = frame.filter(pl.col("kind") == DOCUMENT)
    flags = documents["confirmed"].to_list() if "confirmed" in documents.columns else []
    notes = [UNCONFIRMED_TREND_NOTE] if confirm_notes(flags) else []
    return apply_layout(fig, title, _sources(frame, ctx, county_ids), notes=notes, margin_l=value_margin(fig, "y"))
