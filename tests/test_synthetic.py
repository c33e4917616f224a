"""The synthetic generator: contract-valid, deterministic, right-sized, plainly synthetic."""

import polars as pl
import pytest

from contract.tables import SYNTHETIC_DOCUMENT, TABLES
from contract.validate import validate_table
from synthetic import PROVINCES, generate, is_synthetic
from synthetic.__main__ import main as synthetic_main


@pytest.fixture(scope="module")
def small(tables):
    return generate(6, 3, seed=7, templates=tables)


def test_every_table_meets_the_contract(small):
    assert set(small) == set(TABLES)
    for name, frame in small.items():
        validate_table(name, frame)


def test_same_seed_same_tables_other_seed_differs(small, tables):
    again = generate(6, 3, seed=7, templates=tables)
    assert all(small[name].equals(again[name]) for name in TABLES)
    other = generate(6, 3, seed=8, templates=tables)
    assert not small["summary"].equals(other["summary"])


@pytest.mark.parametrize(("n_counties", "n_years"), [(1, 1), (3, 2), (12, 5)])
def test_sizes(tables, n_counties, n_years):
    out = generate(n_counties, n_years, seed=1, templates=tables)
    counties = out["counties"]
    assert counties.height == n_counties * n_years
    assert counties["county_id"].n_unique() == n_counties
    assert counties["year"].n_unique() == n_years
    assert counties["year"].max() == 2024


def test_names_and_marker_are_plainly_synthetic(small):
    counties = small["counties"]
    assert counties["county_id"].str.contains(r"^syn\d{4}$").all()
    assert counties["county_name"].str.starts_with("合成县").all()
    assert (counties["document"] == SYNTHETIC_DOCUMENT).all()
    assert set(counties["province"]) <= set(PROVINCES)
    assert is_synthetic(counties)
    named = small["projects"]["project_name"]
    assert named.str.starts_with("合成项目").all()
    assert not small["indicators"]["level3"].str.contains("湟源|石柱|青龙|和政").any()


def test_real_data_is_not_flagged_synthetic(tables):
    assert not is_synthetic(tables["counties"])


def test_amounts_scale_together_so_real_checks_still_hold(small):
    """One factor per county-year: 基本支出 + 项目支出 = 支出合计 wherever the template said so."""
    wide = small["summary"].pivot(on="metric", index=["county_id", "year"], values="amount_wan")
    both = wide.drop_nulls(["基本支出", "项目支出", "支出合计"])
    assert both.height > 0
    gap = (both["基本支出"] + both["项目支出"] - both["支出合计"]).abs()
    assert (gap <= 0.02).all()


def test_indicators_link_to_projects(small):
    projects = small["projects"].select("county_id", "year", "project_name").unique()
    linked = small["indicators"].filter(pl.col("scope") == "项目").join(
        projects, on=["county_id", "year", "project_name"], how="anti")
    assert linked.height < small["indicators"].height * 0.1


def test_cli_writes_parquet_per_table(tmp_path):
    assert synthetic_main(["--counties", "2", "--years", "1", "--out", str(tmp_path)]) == 0
    assert {p.stem for p in tmp_path.glob("*.parquet")} == set(TABLES)
    assert (tmp_path / "SYNTHETIC.json").is_file()
    counties = pl.read_parquet(tmp_path / "counties.parquet")
    assert counties.height == 2


def test_rejects_empty_request(tables):
    with pytest.raises(ValueError):
        generate(0, 5, templates=tables)
