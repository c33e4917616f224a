"""Headline figures for the 总览 page (pure: selection in, rows out)."""

from __future__ import annotations

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
