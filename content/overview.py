"""Headline figures for the 总览 page (pure: selection in, rows out)."""

from __future__ import annotations

from html import escape

import polars as pl

from charts.context import ChartContext
from content.selection import Selection
from contract.formats import amount_with_unit

HEADLINE_METRICS = ("支出合计", "基本支出", "项目支出", "人员经费", "公用经费", "三公经费合计")
WHO = "地区（部门）"  # the detail table's first column: the document, named as in content.naming
# counts a document without the table cannot give: shown as 未公开 (the other pages say the table is missing)
COUNT_HELP = {"项目个数": "公开文件未包含项目表（项目支出绩效目标表等），无法计数",
              "绩效指标个数": "公开文件未包含绩效目标表，无法计数"}


def _fmt(value: float, unit: str) -> str:
    return amount_with_unit(value, unit)


def headline_rows(selection: Selection, ctx: ChartContext) -> list[dict]:
    """One row per document × headline: value (formatted), prior-year delta, counts. A count is
    None (未公开) where the document has no such table: not 0, which would say it has none.

    The change against the prior year comes from last year's document when the library holds it
    (（较上年文件）), else from the figure this document's text states for last year (（较上年）)."""
    summary, prior = selection.table("summary"), selection.table("prior_year")
    history = selection.history.get("summary", summary.clear())
    projects, indicators = selection.table("projects"), selection.table("indicators")
    out: list[dict] = []
    for county_id in ctx.county_ids:
        stated = dict(summary.filter(pl.col("county_id") == county_id).select("metric", "amount_wan").iter_rows())
        confirmed = dict(summary.filter(pl.col("county_id") == county_id).select("metric", "confirmed").iter_rows())
        before = dict(prior.filter(pl.col("county_id") == county_id).select("metric", "amount_wan").iter_rows())
        last_document = dict(history.filter((pl.col("county_id") == county_id)
                                            & (pl.col("year") == ctx.years[county_id] - 1))
                             .select("metric", "amount_wan").iter_rows())
        for metric in HEADLINE_METRICS:
            value = stated.get(metric)
            delta = None
            if value is not None and last_document.get(metric) is not None:
                change = (value - last_document[metric]) * ctx.factor
                delta = f"{amount_with_unit(change, ctx.unit_label, sign=True)}（较上年文件）"
            elif value is not None and metric in before:
                change = (value - before[metric]) * ctx.factor
                delta = f"{amount_with_unit(change, ctx.unit_label, sign=True)}（较上年）"
            out.append({
                "county_id": county_id, WHO: ctx.label(county_id), "label": metric,
                "value": None if value is None else _fmt(value * ctx.factor, ctx.unit_label),
                "delta": delta, "help": "公开文件未列示该数" if value is None else None,
                "confirmed": confirmed.get(metric),  # None where not stated
            })
        own_projects = projects.filter(pl.col("county_id") == county_id)
        own_indicators = indicators.filter(pl.col("county_id") == county_id)
        counts = {"项目个数": (own_projects, "不含重复列示的上年计划表"), "绩效指标个数": (own_indicators, None)}
        for label, (rows, help_text) in counts.items():
            out.append({"county_id": county_id, WHO: ctx.label(county_id), "label": label,
                        "value": f"{rows.filter(pl.col('current')).height} 个" if rows.height else None,
                        "delta": None, "help": help_text if rows.height else COUNT_HELP[label],
                        "confirmed": None})  # a count, not a stated amount
    return out


UNCONFIRMED_HELP = "未核实：文件中没有第二处与该数印证，或与之核对不一致（见“勾稽核对”页）。"


def card_label(row: dict) -> str:
    """A headline card's label: the metric, with （未核实） when its figure is unconfirmed."""
    return row["label"] + ("（未核实）" if row["confirmed"] is False else "")


def card_help(row: dict) -> str | None:
    if row["confirmed"] is False:
        return UNCONFIRMED_HELP
    return row["help"]


# 总览's cards: one HTML grid per document, laid out like Streamlit's st.metric (label, value, the change
# against last year in a pill). 8 st.metric elements with their help icons cost a page switch ~70 ms in
# the browser with six documents (docs/benchmarks.md, "Page switches in the browser"); one block does not.
CARD_STYLE = (
    "<style>"
    ".budget-cards{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:.75rem 1rem;margin-bottom:.5rem}"
    "@media (max-width:640px){.budget-cards{grid-template-columns:repeat(2,minmax(0,1fr))}}"
    ".budget-card-label{font-size:.875rem;line-height:1.5}"
    ".budget-card-help{display:inline-block;margin-left:.3rem;width:1rem;height:1rem;line-height:.9rem;"
    "border:1px solid currentColor;border-radius:50%;font-size:.7rem;text-align:center;opacity:.55;cursor:help}"
    ".budget-card-value{font-size:2.25rem;line-height:1.35;overflow-wrap:anywhere}"
    ".budget-card-delta{display:inline-block;margin-top:.15rem;padding:0 .5rem;border-radius:1rem;"
    "font-size:.8rem;line-height:1.6;background:rgba(128,128,128,.14)}"
    "</style>"
)


def cards_html(cards: list[dict]) -> str:
    """One document's headline rows (headline_rows) as a grid of cards: a label (with （未核实） when the
    figure is unconfirmed), the value or 未公开, the change against last year; a card's help text is its
    (?)'s tooltip. Every text is escaped: names and labels come from imported files."""
    out = []
    for card in cards:
        disclosed = card["value"] is not None
        label, tip = (card_label(card), card_help(card)) if disclosed else (card["label"], card["help"])
        help_mark = f'<span class="budget-card-help" title="{escape(tip)}">?</span>' if tip else ""
        delta = card["delta"] if disclosed else None
        arrow = "↓" if delta and delta.startswith("-") else "↑"
        out.append(
            f'<div class="budget-card" data-label="{escape(label)}">'
            f'<div class="budget-card-label">{escape(label)}{help_mark}</div>'
            f'<div class="budget-card-value">{escape(card["value"] if disclosed else "未公开")}</div>'
            + (f'<div class="budget-card-delta">{arrow} {escape(delta)}</div>' if delta else "")
            + "</div>")
    return f'{CARD_STYLE}<div class="budget-cards">{"".join(out)}</div>'
