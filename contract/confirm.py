"""Which published figures a second statement confirms (the contract's `confirmed` column).

A row of income, the two classifications, sangong or projects is confirmed when a passing check
names its line (as the stated figure or among the rows recomputed from) and no failing check does:
the sum of its parts, the same figure in another table or the prose agrees with it. A summary
figure must be named by the check (its metric as the stated side, or among the metrics the computed
side is made of), as one line often prints several summary figures (a 合计 row's 支出合计, 基本支出
and 项目支出; a two-sided row's income and spending): a check of one is not a check of the others.
Everything else (a figure no check reaches, or one a check found at odds) is unconfirmed, and the
dashboard marks it so a reader does not take it as read.
"""

from __future__ import annotations

import polars as pl

from contract.checks import parse_lines
from contract.tables import CONFIRMED_TABLES

_KEYS = ("county_id", "year", "line")


def _computed_lines(checks: pl.DataFrame) -> pl.Expr:
    return pl.col("computed_lines").map_elements(parse_lines, return_dtype=pl.List(pl.Int64))


def checked_lines(checks: pl.DataFrame) -> pl.DataFrame:
    """One row per (county_id, year, line) any check names: ``passed`` (a passing check names it)
    and ``failed`` (a failing one does)."""
    keys = (pl.col("county_id"), pl.col("year"), pl.col("ok"))
    stated = checks.select(*keys, pl.col("stated_line").cast(pl.Int64).alias("line"))
    computed = checks.select(*keys, _computed_lines(checks).alias("line")).explode("line")
    named = pl.concat([stated, computed], how="vertical").drop_nulls("line")
    return named.group_by(_KEYS).agg(pl.col("ok").any().alias("passed"), (~pl.col("ok")).any().alias("failed"))


def checked_metrics(checks: pl.DataFrame) -> pl.DataFrame:
    """One row per (county_id, year, line, metric) a check names as a summary figure: its stated side
    and the figures it lists ("262 基本支出; 263 项目支出")."""
    keys = ("county_id", "year", "ok")
    stated = checks.filter(pl.col("stated_metric").is_not_null() & pl.col("stated_line").is_not_null()).select(
        *keys, pl.col("stated_line").cast(pl.Int64).alias("line"), pl.col("stated_metric").alias("metric"))
    parts = [stated]
    if "figures" in checks.columns:
        pairs = (checks.filter(pl.col("figures").is_not_null())
                 .select(*keys, pl.col("figures").str.split("; ").alias("pair")).explode("pair")
                 .with_columns(pl.col("pair").str.split_exact(" ", 1).alias("pair")).unnest("pair"))
        parts.append(pairs.select(*keys, pl.col("field_0").cast(pl.Int64).alias("line"),
                                  pl.col("field_1").alias("metric")))
    named = pl.concat(parts, how="vertical")
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
            out[name] = _confirm_summary(frame, checked_metrics(checks))
        else:
            out[name] = _confirm(frame, lines)
    return out


def _confirm_summary(frame: pl.DataFrame, metrics: pl.DataFrame) -> pl.DataFrame:
    """The summary figure by figure: only a check naming the figure (its line and metric) counts."""
    columns = frame.columns if "confirmed" in frame.columns else [*frame.columns, "confirmed"]
    if frame.is_empty():
        return frame.with_columns(pl.lit(False).alias("confirmed")).select(columns)
    joined = frame.drop("confirmed", strict=False).join(metrics, on=[*_KEYS, "metric"], how="left",
                                                        maintain_order="left")
    confirmed = pl.col("passed_m").fill_null(False) & ~pl.col("failed_m").fill_null(False)
    return joined.with_columns(confirmed.alias("confirmed")).select(columns)


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
