"""Pointing the dashboard at a Parquet data directory (BUDGET_DATA_DIR / -- --data DIR)."""

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from content.filters import DEFAULT_COUNTY_LIMIT, LATEST, Filters
from content.selection import cut_tables, select
from contract.tables import TABLES
from dashboard.components import FILTERS_KEY
from loaders import SchemaError
from loaders.datadir import DATA_DIR_ENV, DataDirError, data_dir_from, scan_tables
from synthetic import generate, write_tables

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, tables):
    out = tmp_path_factory.mktemp("syn")
    write_tables(generate(12, 2, seed=3, templates=tables), out)
    return out


@pytest.mark.parametrize(("argv", "environ", "expected"), [
    ([], {}, None),
    ([], {DATA_DIR_ENV: ""}, None),
    ([], {DATA_DIR_ENV: "/srv/budget"}, Path("/srv/budget")),
    (["--data", "/tmp/x"], {}, Path("/tmp/x")),
    (["--data", "/tmp/x"], {DATA_DIR_ENV: "/srv/budget"}, Path("/tmp/x")),
    (["--other", "1"], {}, None),
])
def test_data_dir_from_argv_then_environment(argv, environ, expected):
    assert data_dir_from(argv, environ) == expected


def test_scan_reads_counties_and_keeps_the_rest_lazy(data_dir):
    tables = scan_tables(data_dir)
    assert set(tables) == set(TABLES)
    assert isinstance(tables["counties"], pl.DataFrame)
    assert tables["counties"].height == 24
    assert all(isinstance(tables[name], pl.LazyFrame) for name in TABLES if name != "counties")


def test_selection_collects_only_the_chosen_county_years(data_dir, tables):
    lazy = scan_tables(data_dir)
    selection = select(lazy, Filters(counties=("syn0002", "syn0001"), year="2023"))
    assert selection.pairs == (("syn0002", 2023), ("syn0001", 2023))
    for name in TABLES:
        frame = selection.table(name)
        assert isinstance(frame, pl.DataFrame)
        assert set(frame.select("county_id", "year").unique().rows()) <= set(selection.pairs)
    assert selection.table("indicators")["county_id"][0] == "syn0002"  # filter order kept


def test_lazy_and_eager_cuts_agree(data_dir):
    lazy = scan_tables(data_dir)
    eager = {name: pl.read_parquet(data_dir / f"{name}.parquet") for name in TABLES}
    pairs = (("syn0005", 2024), ("syn0011", 2023))
    a, b = cut_tables(lazy, pairs), cut_tables(eager, pairs)
    for name in TABLES:
        key = list(TABLES[name].key)
        assert a[name].sort(key).equals(b[name].sort(key)), name


def test_missing_table_is_a_named_error(tmp_path, data_dir):
    for path in data_dir.glob("*.parquet"):
        if path.stem != "projects":
            (tmp_path / path.name).write_bytes(path.read_bytes())
    with pytest.raises(DataDirError, match="projects.parquet: missing table file"):
        scan_tables(tmp_path)


def test_wrong_columns_are_a_named_error(tmp_path, data_dir):
    for path in data_dir.glob("*.parquet"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    pl.read_parquet(data_dir / "sangong.parquet").drop("line").write_parquet(tmp_path / "sangong.parquet")
    with pytest.raises(DataDirError, match="sangong.parquet: columns/types"):
        scan_tables(tmp_path)


def test_bad_rows_are_caught_when_collected(tmp_path, data_dir):
    for path in data_dir.glob("*.parquet"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    bad = pl.read_parquet(data_dir / "summary.parquet").with_columns(pl.lit(-1.0).alias("amount_wan"))
    bad.write_parquet(tmp_path / "summary.parquet")
    with pytest.raises(SchemaError, match="negative amount_wan"):
        select(scan_tables(tmp_path), Filters(counties=("syn0001",), year=LATEST))


def test_app_runs_on_a_data_directory(data_dir, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    chosen = at.session_state[FILTERS_KEY].counties
    assert len(chosen) == DEFAULT_COUNTY_LIMIT  # 12 loaded: the default view is cut
    assert any("默认只选前" in c.value for c in at.sidebar.caption)
    for page in ("views/page_compare.py", "views/page_quality.py", "views/page_checks.py"):
        at.switch_page(page).run()
        assert not at.exception, page


def test_default_stays_the_four_real_counties(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))  # an empty data directory: no library yet
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert sorted(at.session_state[FILTERS_KEY].counties) == ["hezheng", "huangyuan", "qinglong", "shizhu"]
    assert at.session_state["f_regions"] == ["和政县", "青龙满族自治县", "湟源县", "石柱土家族自治县"]
    assert "部门" not in [m.label for m in at.sidebar.multiselect]  # one department per region


def test_data_dir_written_before_confirmed_reads_as_unconfirmed(data_dir, tmp_path):
    """Synthetic tables carry their template's `confirmed`; a directory written before the
    column existed still loads, every figure unconfirmed."""
    from contract.tables import CONFIRMED_TABLES

    assert scan_tables(data_dir)["summary"].collect()["confirmed"].any()
    for path in data_dir.glob("*.parquet"):
        frame = pl.read_parquet(path)
        (frame.drop("confirmed") if path.stem in CONFIRMED_TABLES else frame).write_parquet(tmp_path / path.name)
    old = scan_tables(tmp_path)
    for name in CONFIRMED_TABLES:
        frame = old[name].collect()
        assert list(frame.schema.items()) == list(TABLES[name].columns.items()), name
        assert frame.height and not frame["confirmed"].any(), name
    selection = select(old, Filters(counties=("syn0001",), year="2023"))
    assert not selection.table("summary")["confirmed"].any()
