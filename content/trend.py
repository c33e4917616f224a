"""Years side by side: one document (county_id) over the years the library holds.

Two sources give a year's figure: the document of that year, in its tables (kind 文件), and
a later document's explanatory text, which states last year's figure or the change from it
(kind 上年数（文中）, the prior_year table). Pure polars: frames in, frames out.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

DOCUMENT = "文件"
STATED_PRIOR = "上年数（文中）"
KINDS = (DOCUMENT, STATED_PRIOR)
# A stated prior-year figure is often derived in the text (this year ± the change), each part
# rounded to 0.01 万元, so it may differ from last year's document by one cent without contradiction.
TOLERANCE_WAN = 0.01

_TREND_SCHEMA = {
    "county_id": pl.String, "year": pl.Int64, "amount_wan": pl.Float64, "kind": pl.String,
    "source_year": pl.Int64, "basis": pl.String, "line": pl.Int64, "page": pl.Int64,
    "confirmed": pl.Boolean,  # a document's figure (contract/confirm.py); null for a stated prior-year one
}


def _document_rows(summary: pl.DataFrame, metric: str) -> pl.DataFrame:
    """One row per document year: the metric's table figure, null where the document omits it."""
    years = summary.select("county_id", "year").unique()
    stated = summary.filter(pl.col("metric") == metric)
    basis = pl.col("source_text") if "source_text" in stated.columns else pl.lit(None, pl.String)
    confirmed = pl.col("confirmed") if "confirmed" in stated.columns else pl.lit(None, pl.Boolean)
    stated = stated.select("county_id", "year", "amount_wan", basis.alias("basis"), "line", "page",
                           confirmed.alias("confirmed"))
    return years.join(stated, on=["county_id", "year"], how="left").select(
        "county_id", "year", "amount_wan", pl.lit(DOCUMENT).alias("kind"),
        pl.col("year").alias("source_year"), "basis", "line", "page", "confirmed",
    )


def _stated_prior_rows(prior_year: pl.DataFrame, metric: str) -> pl.DataFrame:
    return prior_year.filter(pl.col("metric") == metric).select(
        "county_id", pl.col("for_year").alias("year"), "amount_wan", pl.lit(STATED_PRIOR).alias("kind"),
        pl.col("year").alias("source_year"), "basis", "line", "page", pl.lit(None, pl.Boolean).alias("confirmed"),
    )


def trend_frame(summary: pl.DataFrame, prior_year: pl.DataFrame, metric: str) -> pl.DataFrame:
    """``metric`` over the years of each document (county_id), from both kinds of source.

    Columns: county_id; year (the year the figure is for); amount_wan (null: a document of
    that year exists but does not state the metric, shown as 未公开); kind (文件: the table
    figure of that year's document; 上年数（文中）: the previous year's figure as stated in the
    text of the document of ``source_year``); source_year (the document the figure is read
    from); basis (the source row as read, or the sentence it was derived from); line, page.

    Only county_ids with figures for at least two distinct years (either kind) are kept;
    rows are sorted by county_id, year, kind (文件 first), source_year.
    """
    rows = pl.concat([
        _document_rows(summary, metric).cast(_TREND_SCHEMA),
        _stated_prior_rows(prior_year, metric).cast(_TREND_SCHEMA),
    ])
    years = rows.filter(pl.col("amount_wan").is_not_null()).group_by("county_id").agg(
        pl.col("year").n_unique().alias("n_years"))
    trending = years.filter(pl.col("n_years") >= 2)["county_id"]
    return (
        rows.filter(pl.col("county_id").is_in(trending.implode()))
        .sort("county_id", "year", pl.col("kind") == STATED_PRIOR, "source_year")
    )


def _pairs(summary: pl.DataFrame) -> pl.DataFrame:
    """Consecutive document years per county_id: from_year, to_year, gap_years."""
    years = summary.select("county_id", "year").unique().sort("county_id", "year")
    return (
        years.with_columns(pl.col("year").shift(1).over("county_id").alias("from_year"))
        .drop_nulls("from_year")
        .select("county_id", "from_year", pl.col("year").alias("to_year"))
        .with_columns((pl.col("to_year") - pl.col("from_year") - 1).alias("gap_years"))
    )


def yoy_changes(summary: pl.DataFrame, prior_year: pl.DataFrame, metrics: Iterable[str]) -> pl.DataFrame:
    """Change between consecutive documents of each county_id, per metric, checked against
    what the later document's text says the earlier year was.

    One row per county_id × consecutive pair of document years in ``summary`` × metric.
    Columns:

    - county_id, metric
    - from_year, to_year: the two documents compared (years present in ``summary``)
    - gap_years: years between them with no document (0 when adjacent; 2022 → 2024 gives 1)
    - from_amount_wan, to_amount_wan: each document's own table figure (null: not stated)
    - change_wan: to − from; change_pct: change as % of from (null when from is 0 or null)
    - stated_prior_wan: the from_year figure as stated in the to_year document's text
      (prior_year rows with year = to_year, for_year = from_year); null when not stated
    - stated_diff_wan: stated_prior_wan − from_amount_wan (≠ 0: the later document
      contradicts the earlier one)
    - consistent: |stated_diff_wan| ≤ TOLERANCE_WAN; null when there is nothing to compare
    - basis, stated_line: the sentence and line of the stated figure in the to_year document

    Sorted by county_id, from_year and ``metrics`` order.
    """
    order = {m: i for i, m in enumerate(dict.fromkeys(metrics))}
    wanted = pl.DataFrame({"metric": list(order)}, schema={"metric": pl.String})
    figures = summary.filter(pl.col("metric").is_in(list(order))).select("county_id", "year", "metric", "amount_wan")
    stated = prior_year.filter(pl.col("metric").is_in(list(order))).select(
        "county_id", pl.col("year").alias("to_year"), pl.col("for_year").alias("from_year"), "metric",
        pl.col("amount_wan").alias("stated_prior_wan"), "basis", pl.col("line").alias("stated_line"))
    frame = (
        _pairs(summary).join(wanted, how="cross")
        .join(figures.rename({"year": "from_year", "amount_wan": "from_amount_wan"}),
              on=["county_id", "from_year", "metric"], how="left")
        .join(figures.rename({"year": "to_year", "amount_wan": "to_amount_wan"}),
              on=["county_id", "to_year", "metric"], how="left")
        .join(stated, on=["county_id", "to_year", "from_year", "metric"], how="left")
    )
    change = pl.col("to_amount_wan") - pl.col("from_amount_wan")
    base = pl.col("from_amount_wan")
    diff = pl.col("stated_prior_wan") - pl.col("from_amount_wan")
    return (
        frame.with_columns(
            change.alias("change_wan"),
            pl.when(base.is_not_null() & (base != 0)).then(change / base * 100).alias("change_pct"),
            diff.alias("stated_diff_wan"),
            (diff.abs() <= TOLERANCE_WAN + 1e-9).alias("consistent"),
        )
        .sort("county_id", "from_year", pl.col("metric").replace_strict(order, return_dtype=pl.Int64))
        .select("county_id", "metric", "from_year", "to_year", "gap_years", "from_amount_wan",
                "to_amount_wan", "change_wan", "change_pct", "stated_prior_wan", "stated_diff_wan",
                "consistent", "basis", "stated_line")
    )
