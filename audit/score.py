"""Indicator-quality scores per project and per county from the audit flags.

Project score = max(0, 100 − Σ over rules of min(RULE_CAP, Σ points of that
rule's flags)), with points per flag by severity (SEVERITY_POINTS: high 15,
medium 8, low 3) and RULE_CAP = 30, so that one rule repeated on many
indicators (e.g. ten vague targets) cannot by itself sink a project. A project
whose indicators are all 涉密 placeholders has no score (null): nothing was
disclosed to judge.

County score = the mean of its current projects' scores (部门整体 counts as
one project); non-current tables repeat an earlier year's plan and are left out.

``inferred`` counts, apart, the indicators whose 一级/二级 category the document does not
give (or gives in contradiction) and audit.taxonomy read from the name and unit; the rules
judge categories only as the document states them.
"""

from __future__ import annotations

import polars as pl

from audit.rules import HIGH, LOW, MEDIUM, PROJECT_KEY, audit_indicators, is_secret, is_vague
from audit.taxonomy import with_standard_categories

SEVERITY_POINTS = {HIGH: 15, MEDIUM: 8, LOW: 3}
RULE_CAP = 30

PROJECT_SCORE_SCHEMA: dict[str, pl.DataType] = {
    "county_id": pl.String,
    "year": pl.Int64,
    "project_name": pl.String,
    "scope": pl.String,
    "current": pl.Boolean,
    "first_line": pl.Int64,
    "indicators": pl.Int64,
    "secret": pl.Int64,
    "inferred": pl.Int64,
    "vague": pl.Int64,
    "vague_share": pl.Float64,
    "flags": pl.Int64,
    "high": pl.Int64,
    "medium": pl.Int64,
    "low": pl.Int64,
    "penalty": pl.Int64,
    "score": pl.Float64,
}
COUNTY_SCORE_SCHEMA: dict[str, pl.DataType] = {
    "county_id": pl.String,
    "year": pl.Int64,
    "projects": pl.Int64,
    "scored": pl.Int64,
    "indicators": pl.Int64,
    "inferred": pl.Int64,
    "vague_share": pl.Float64,
    "flags": pl.Int64,
    "high": pl.Int64,
    "medium": pl.Int64,
    "low": pl.Int64,
    "mean_score": pl.Float64,
    "min_score": pl.Float64,
}
_KEY = list(PROJECT_KEY)


def score_projects(indicators: pl.DataFrame, flags: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per project (PROJECT_KEY) with its counts, penalty and score.

    ``flags`` is audit_indicators' output for the same frame; computed when None.
    """
    if flags is None:
        flags = audit_indicators(indicators)
    if indicators.is_empty():
        return pl.DataFrame(schema=PROJECT_SCORE_SCHEMA)
    rows = indicators.to_dicts()
    projects = (
        indicators.with_columns(
            pl.Series("_secret", [is_secret(r) for r in rows], dtype=pl.Boolean),
            pl.Series("_vague", [is_vague(r) for r in rows], dtype=pl.Boolean),
            with_standard_categories(indicators)["category_inferred"].alias("_inferred"),
        )
        .group_by(_KEY, maintain_order=True)
        .agg(
            pl.col("line").min().alias("first_line"),
            pl.len().cast(pl.Int64).alias("indicators"),
            pl.col("_secret").sum().cast(pl.Int64).alias("secret"),
            pl.col("_inferred").sum().cast(pl.Int64).alias("inferred"),
            pl.col("_vague").sum().cast(pl.Int64).alias("vague"),
        )
    )
    penalties = _penalties(flags)
    scored = projects.join(penalties, on=_KEY, how="left", nulls_equal=True).with_columns(
        pl.col("flags", "high", "medium", "low", "penalty").fill_null(0).cast(pl.Int64)
    )
    assessable = pl.col("indicators") - pl.col("secret")
    return (
        scored.with_columns(
            pl.when(assessable > 0).then(pl.col("vague") / assessable).alias("vague_share"),
            pl.when(assessable > 0)
            .then((100 - pl.col("penalty")).clip(lower_bound=0).cast(pl.Float64))
            .alias("score"),
        )
        .select([pl.col(name).cast(dtype) for name, dtype in PROJECT_SCORE_SCHEMA.items()])
        .sort(["county_id", "year", "first_line"])
    )


def _penalties(flags: pl.DataFrame) -> pl.DataFrame:
    """Per project: flag counts by severity and the capped penalty."""
    points = pl.col("severity").replace_strict(SEVERITY_POINTS, default=0, return_dtype=pl.Int64)
    per_rule = flags.group_by([*_KEY, "rule"]).agg(
        pl.len().alias("flags"),
        *[(pl.col("severity") == sev).sum().alias(sev) for sev in (HIGH, MEDIUM, LOW)],
        points.sum().clip(upper_bound=RULE_CAP).alias("penalty"),
    )
    return per_rule.group_by(_KEY).agg(pl.col("flags", HIGH, MEDIUM, LOW, "penalty").sum())


def score_counties(projects: pl.DataFrame) -> pl.DataFrame:
    """One row per county and year from score_projects' output (current projects only).

    ``projects`` counts the current projects, ``scored`` those with a score;
    ``vague_share`` pools vague targets over all non-涉密 indicators;
    ``mean_score`` / ``min_score`` are over the scored projects.
    """
    current = projects.filter(pl.col("current"))
    if current.is_empty():
        return pl.DataFrame(schema=COUNTY_SCORE_SCHEMA)
    assessable = (pl.col("indicators") - pl.col("secret")).sum()
    return (
        current.group_by(["county_id", "year"])
        .agg(
            pl.len().alias("projects"),
            pl.col("score").is_not_null().sum().alias("scored"),
            pl.col("indicators").sum(),
            pl.col("inferred").sum(),
            pl.when(assessable > 0).then(pl.col("vague").sum() / assessable).alias("vague_share"),
            pl.col("flags", HIGH, MEDIUM, LOW).sum(),
            pl.col("score").mean().alias("mean_score"),
            pl.col("score").min().alias("min_score"),
        )
        .select([pl.col(name).cast(dtype) for name, dtype in COUNTY_SCORE_SCHEMA.items()])
        .sort(["county_id", "year"])
    )
