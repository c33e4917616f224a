"""Build synthetic contract tables by resampling the four real counties (see package doc)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from contract.tables import SYNTHETIC_DOCUMENT, TABLES
from contract.validate import validate_table

PROVINCES = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
    "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
    "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
    "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
)
LAST_YEAR = 2024
AMOUNT_SIGMA = 0.6  # spread of the per-county lognormal scale on the template's amounts
GROWTH_MEAN, GROWTH_SD = 0.03, 0.05  # per-county yearly growth
# Real place names that appear in project and indicator texts.
_PLACE_NAMES = r"(和政|青龙满族自治|青龙|湟源|石柱土家族自治|石柱)县?"
_NAMED_COLUMNS = {"projects": ("project_name",), "indicators": ("project_name",),
                  "programs": ("program_name",)}
_TEXT_COLUMNS = {"indicators": ("level3", "target_text")}
_DEPARTMENT_WIDE = "部门整体"


def county_id(number: int) -> str:
    return f"syn{number:04d}"


def county_name(number: int) -> str:
    return f"合成县{number:04d}"


def is_synthetic(counties: pl.DataFrame) -> bool:
    """True when any loaded county-year comes from this generator."""
    return bool((counties["document"] == SYNTHETIC_DOCUMENT).any())


def generate(n_counties: int, n_years: int, seed: int = 1,
             templates: dict[str, pl.DataFrame] | None = None) -> dict[str, pl.DataFrame]:
    """Every contract table for ``n_counties`` × ``n_years`` synthetic county-years (validated).

    ``templates`` are real tables (default: the four shipped counties, parsed).
    The same seed gives the same tables.
    """
    if n_counties < 1 or n_years < 1:
        raise ValueError("need at least one county and one year")
    if templates is None:
        from loaders import load_all

        templates = load_all()
    keys = _county_years(n_counties, n_years, seed, templates["counties"])
    names = _project_names(templates)
    out = {"counties": _counties(keys)}
    for table in TABLES:
        if table != "counties":
            out[table] = _resample(table, templates[table], keys, names)
    return {table: validate_table(table, out[table]) for table in TABLES}


def write_tables(tables: dict[str, pl.DataFrame], out_dir: Path) -> list[Path]:
    """One Parquet file per table, rows in (county_id, year) order for row-group skipping."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table, frame in tables.items():
        path = out_dir / f"{table}.parquet"
        frame.write_parquet(path, statistics=True, row_group_size=64_000)
        written.append(path)
    return written


def _county_years(n_counties: int, n_years: int, seed: int, real: pl.DataFrame) -> pl.DataFrame:
    """One row per synthetic county-year: its template county, scale factor and year shift."""
    rng = np.random.default_rng(seed)
    template_ids = real["county_id"].to_list()
    template_years = dict(real.select("county_id", "year").iter_rows())
    template = rng.choice(len(template_ids), size=n_counties)
    province = rng.choice(len(PROVINCES), size=n_counties)
    base = rng.lognormal(0.0, AMOUNT_SIGMA, size=n_counties)
    growth = rng.normal(GROWTH_MEAN, GROWTH_SD, size=n_counties)
    years = list(range(LAST_YEAR - n_years + 1, LAST_YEAR + 1))
    rows = []
    for i in range(n_counties):
        tid = template_ids[template[i]]
        for k, year in enumerate(years):
            rows.append((county_id(i + 1), year, county_name(i + 1), PROVINCES[province[i]], tid,
                         float(base[i] * (1 + growth[i]) ** k), year - template_years[tid]))
    return pl.DataFrame(rows, orient="row", schema={
        "county_id": pl.String, "year": pl.Int64, "county_name": pl.String, "province": pl.String,
        "template": pl.String, "factor": pl.Float64, "shift": pl.Int64,
    })


def _counties(keys: pl.DataFrame) -> pl.DataFrame:
    return keys.select(
        "county_id", "year", "county_name", "province",
        (pl.col("county_name") + "组织部（合成数据）").alias("department"),
        pl.lit(SYNTHETIC_DOCUMENT).alias("document"),
        pl.lit("预算").alias("document_kind"),  # generated budgets (final accounts: synthetic/final.py)
        pl.lit(None, dtype=pl.String).alias("edition"),  # synthetic county datasets state none
    )


def _project_names(real: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Real project/program name -> 合成项目NNN, per template county (links indicators to projects)."""
    parts = [real[t].select("county_id", pl.col(c).alias("real_name"))
             for t, columns in _NAMED_COLUMNS.items() for c in columns]
    names = (pl.concat(parts).drop_nulls().filter(pl.col("real_name") != _DEPARTMENT_WIDE)
             .unique(maintain_order=True))
    return names.with_columns(
        (pl.lit("合成项目") + (pl.int_range(pl.len()).over("county_id") + 1).cast(pl.String).str.zfill(3))
        .alias("synthetic_name")
    ).rename({"county_id": "template"})


def _resample(table: str, real: pl.DataFrame, keys: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    spec = TABLES[table]
    rows = keys.select("county_id", "year", "template", "factor", "shift").join(
        real.drop("year").rename({"county_id": "template"}), on="template", how="inner",
        maintain_order="left_right")
    scaled = [c for c in spec.columns if c.endswith("_wan")]
    rows = rows.with_columns((pl.col(c) * pl.col("factor")).round(2) for c in scaled)
    if "plan_year" in spec.columns:
        rows = rows.with_columns(pl.col("plan_year") + pl.col("shift"))
    if "corrected" in spec.columns:
        rows = rows.with_columns(pl.lit(False).alias("corrected"))
    if table == "prior_year":
        rows = rows.with_columns(pl.lit("合成数据（按模板县上年数缩放）").alias("basis"))
    for column in _NAMED_COLUMNS.get(table, ()):
        rows = _rename_projects(rows, column, names)
    for column in _TEXT_COLUMNS.get(table, ()):
        rows = rows.with_columns(pl.col(column).str.replace_all(_PLACE_NAMES, "合成县"))
    return rows.select(pl.col(c).cast(t) for c, t in spec.columns.items())


def _rename_projects(rows: pl.DataFrame, column: str, names: pl.DataFrame) -> pl.DataFrame:
    joined = rows.join(names, left_on=["template", column], right_on=["template", "real_name"],
                       how="left", maintain_order="left")
    return joined.with_columns(
        pl.coalesce("synthetic_name", pl.col(column)).alias(column)).drop("synthetic_name")
