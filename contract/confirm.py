"""Which published figures a second statement confirms (the contract's `confirmed` column).

A row of summary, income, the two classifications, sangong or projects is confirmed when a
passing check names its line (as the stated figure or among the rows recomputed from) and no
failing check does: the sum of its parts, the same figure in another table or the prose
agrees with it. Everything else (a figure no check reaches, or one a check found at odds)
is unconfirmed, and the dashboard marks it so a reader does not take it as read.
"""

from __future__ import annotations

import polars as pl

from contract.tables import CONFIRMED_TABLES

_KEYS = ("county_id", "year", "line")


def parse_lines(text: str | None) -> list[int]:
    """'98-100, 104' -> [98, 99, 100, 104] (the form contract.checks.format_lines writes)."""
    out: list[int] = []
    for part in (text or "").split(","):
        bounds = [int(x) for x in part.strip().split("-") if x.strip().isdigit()]
        if bounds:
            out.extend(range(bounds[0], bounds[-1] + 1))
    return out


def checked_lines(checks: pl.DataFrame, by_metric: bool = False) -> pl.DataFrame:
    """One row per (county_id, year, line) any check names: ``passed`` (a passing check names it)
    and ``failed`` (a failing one does). ``by_metric``: the stated sides that name their summary
    metric are left out (see checked_metrics) — for the summary, whose metrics share lines."""
    keys = (pl.col("county_id"), pl.col("year"), pl.col("ok"))
    stated_rows = checks.filter(pl.col("stated_metric").is_null()) if by_metric and "stated_metric" in checks.columns \
        else checks
    stated = stated_rows.select(*keys, pl.col("stated_line").cast(pl.Int64).alias("line"))
    computed = checks.select(*keys, pl.col("computed_lines").map_elements(
        parse_lines, return_dtype=pl.List(pl.Int64)).alias("line")).explode("line")
    named = pl.concat([stated, computed], how="vertical").drop_nulls("line")
    return named.group_by(_KEYS).agg(pl.col("ok").any().alias("passed"), (~pl.col("ok")).any().alias("failed"))


def checked_metrics(checks: pl.DataFrame) -> pl.DataFrame:
    """One row per (county_id, year, line, metric) a check states as its summary metric."""
    named = checks.filter(pl.col("stated_metric").is_not_null() & pl.col("stated_line").is_not_null()).select(
        "county_id", "year", pl.col("stated_line").cast(pl.Int64).alias("line"),
        pl.col("stated_metric").alias("metric"), "ok")
    return named.group_by([*_KEYS, "metric"]).agg(pl.col("ok").any().alias("passed_m"),
                                                   (~pl.col("ok")).any().alias("failed_m"))


def mark_confirmed(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """``frames`` with ``confirmed`` set on every table of CONFIRMED_TABLES from ``frames["checks"]``
    (other tables unchanged). Pure: the frames given are not modified."""
    checks = frames.get("checks")
    has_checks = checks is not None and not checks.is_empty()
    lines = checked_lines(checks) if has_checks else None
    out = dict(frames)
    for name in CONFIRMED_TABLES:
        frame = frames.get(name)
        if frame is None:
            continue
        if name == "summary" and has_checks and "stated_metric" in checks.columns:
            out[name] = _confirm_summary(frame, checked_lines(checks, by_metric=True), checked_metrics(checks))
        else:
            out[name] = _confirm(frame, lines)
    return out


def _confirm_summary(frame: pl.DataFrame, lines: pl.DataFrame, metrics: pl.DataFrame) -> pl.DataFrame:
    """The summary figure by figure: a check that states 项目支出 confirms or unconfirms 项目支出, not the
    支出合计 printed on the same 合计 row; sides named only by line count for every figure there."""
    columns = frame.columns if "confirmed" in frame.columns else [*frame.columns, "confirmed"]
    if frame.is_empty():
        return frame.with_columns(pl.lit(False).alias("confirmed")).select(columns)
    joined = (frame.drop("confirmed", strict=False)
              .join(lines, on=list(_KEYS), how="left", maintain_order="left")
              .join(metrics, on=[*_KEYS, "metric"], how="left", maintain_order="left"))
    passed = pl.col("passed").fill_null(False) | pl.col("passed_m").fill_null(False)
    failed = pl.col("failed").fill_null(False) | pl.col("failed_m").fill_null(False)
    return joined.with_columns((passed & ~failed).alias("confirmed")).select(columns)


def _confirm(frame: pl.DataFrame, lines: pl.DataFrame | None) -> pl.DataFrame:
    columns = frame.columns if "confirmed" in frame.columns else [*frame.columns, "confirmed"]
    if lines is None or frame.is_empty():
        return frame.with_columns(pl.lit(False).alias("confirmed")).select(columns)
    joined = frame.drop("confirmed", strict=False).join(lines, on=list(_KEYS), how="left",
                                                        maintain_order="left")
    confirmed = pl.col("passed").fill_null(False) & ~pl.col("failed").fill_null(False)
    if "amount_wan" in frame.columns:  # a project listed without an amount confirms nothing
        confirmed = confirmed & pl.col("amount_wan").is_not_null()
    return joined.with_columns(confirmed.alias("confirmed")).select(columns)
