"""Shared filters: query-string validation and round trip; which county-years a page shows."""

import polars as pl
import pytest

from content.filters import LATEST, FilterOptions, Filters, filters_from_query
from content.selection import select

OPTIONS = FilterOptions(
    county_ids=("hezheng", "qinglong", "huangyuan", "shizhu"),
    county_names={"hezheng": "和政县", "qinglong": "青龙满族自治县", "huangyuan": "湟源县",
                  "shizhu": "石柱土家族自治县"},
    years=(2023, 2024),
)
EVERYONE = OPTIONS.county_ids


# --- query parameters -------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ({}, Filters(EVERYONE, LATEST, "wan", "abs")),
    ({"county": "qinglong"}, Filters(("qinglong",), LATEST, "wan", "abs")),
    ({"county": "shizhu,hezheng", "year": "2024"}, Filters(("shizhu", "hezheng"), "2024", "wan", "abs")),
    ({"county": "qinglong,", "year": "2023", "unit": "yuan", "mode": "share"},
     Filters(("qinglong",), "2023", "yuan", "share")),
    ({"county": "", "year": "latest"}, Filters(EVERYONE, LATEST, "wan", "abs")),
])
def test_valid_query_is_taken_without_notice(query, expected):
    assert filters_from_query(query, OPTIONS) == (expected, [])


@pytest.mark.parametrize(("query", "expected", "notice_words"), [
    ({"county": "qinglong,atlantis"}, Filters(("qinglong",), LATEST), ["atlantis", "已忽略"]),
    ({"county": "atlantis,mu"}, Filters(EVERYONE, LATEST), ["atlantis、mu", "已显示全部文件"]),
    ({"year": "1999"}, Filters(EVERYONE, LATEST), ["1999", "各文件最新年度"]),
    ({"year": "二〇二三"}, Filters(EVERYONE, LATEST), ["二〇二三", "各文件最新年度"]),
    ({"unit": "usd"}, Filters(EVERYONE, LATEST), ["usd", "万元"]),
    ({"mode": "log"}, Filters(EVERYONE, LATEST), ["log", "绝对值"]),
])
def test_unknown_values_fall_back_with_a_chinese_notice(query, expected, notice_words):
    filters, notices = filters_from_query(query, OPTIONS)
    assert filters == expected
    text = " ".join(notices)
    for word in notice_words:
        assert word in text
    assert "链接中" in text


def test_everything_unknown_gives_defaults_and_one_notice_per_value():
    filters, notices = filters_from_query(
        {"county": "x", "year": "y", "unit": "z", "mode": "w"}, OPTIONS)
    assert filters == Filters(EVERYONE, LATEST, "wan", "abs")
    assert len(notices) == 5  # unknown county, none known, year, unit, mode


@pytest.mark.parametrize("counties", [("qinglong",), ("shizhu", "hezheng"), EVERYONE])
@pytest.mark.parametrize("year", [LATEST, "2023", "2024"])
@pytest.mark.parametrize(("unit", "mode"), [("wan", "abs"), ("yuan", "share")])
def test_round_trip(counties, year, unit, mode):
    filters = Filters(counties, year, unit, mode)
    query = filters.to_query()
    assert all(isinstance(v, str) for v in query.values())
    assert filters_from_query(query, OPTIONS) == (filters, [])


@pytest.mark.parametrize(("unit", "label", "factor"), [("wan", "万元", 1.0), ("yuan", "元", 10_000.0)])
def test_units(unit, label, factor):
    filters = Filters(("qinglong",), LATEST, unit=unit)
    assert (filters.unit_label, filters.unit_factor) == (label, factor)


def test_share_mode_flag():
    assert Filters(("a",), LATEST, mode="share").share
    assert not Filters(("a",), LATEST, mode="abs").share


def test_year_choices_put_latest_first():
    assert OPTIONS.year_choices == (LATEST, "2023", "2024")


# --- selection --------------------------------------------------------------------------


@pytest.fixture
def two_year_tables() -> dict[str, pl.DataFrame]:
    """a: 2023 and 2024; b: 2023 only; c: 2024 only."""
    pairs = [("a", 2023), ("a", 2024), ("b", 2023), ("c", 2024)]
    counties = pl.DataFrame({"county_id": [c for c, _ in pairs], "year": [y for _, y in pairs],
                             "county_name": [f"{c}县" for c, _ in pairs]})
    summary = pl.DataFrame({"county_id": [c for c, _ in pairs], "year": [y for _, y in pairs],
                            "metric": ["支出合计"] * 4, "amount_wan": [1.0, 2.0, 3.0, 4.0]})
    return {"counties": counties, "summary": summary}


@pytest.mark.parametrize(("counties", "year", "pairs", "missing"), [
    (("a", "b", "c"), LATEST, (("a", 2024), ("b", 2023), ("c", 2024)), ()),
    (("c", "a"), LATEST, (("c", 2024), ("a", 2024)), ()),
    (("a", "b", "c"), "2023", (("a", 2023), ("b", 2023)), ("c",)),
    (("b", "c"), "2024", (("c", 2024),), ("b",)),
    (("b",), "2024", (), ("b",)),
    ((), LATEST, (), ()),
])
def test_select_pairs_and_missing(two_year_tables, counties, year, pairs, missing):
    selection = select(two_year_tables, Filters(counties, year))
    assert selection.pairs == pairs
    assert selection.missing == missing
    assert selection.empty == (not pairs)


def test_select_cuts_every_table_to_the_pairs_in_filter_order(two_year_tables):
    selection = select(two_year_tables, Filters(("c", "a", "b"), LATEST))
    assert selection.table("summary")["amount_wan"].to_list() == [4.0, 2.0, 3.0]
    assert selection.table("counties")["county_id"].to_list() == ["c", "a", "b"]
    assert selection.name("c") == "c县"


def test_select_year_with_no_data_for_anyone(two_year_tables):
    selection = select(two_year_tables, Filters(("a", "b"), "2022"))
    assert selection.empty
    assert selection.missing == ("a", "b")
    assert selection.table("summary").is_empty()


@pytest.mark.parametrize(("year", "shown", "missing"), [
    (LATEST, ["hezheng", "qinglong", "huangyuan", "shizhu"], []),
    ("2023", ["qinglong", "shizhu"], ["hezheng", "huangyuan"]),
    ("2024", ["hezheng", "huangyuan"], ["qinglong", "shizhu"]),
])
def test_select_shipped_counties(tables, year, shown, missing):
    selection = select(tables, Filters(EVERYONE, year))
    assert [c for c, _ in selection.pairs] == shown
    assert list(selection.missing) == missing
    for name, frame in selection.tables.items():
        assert set(frame["county_id"].to_list()) <= set(shown), name
    # qinglong_2023.txt line 404 / shizhu_2023.txt line 182: only the 2023 counties have 三公 rows.
    assert selection.table("sangong").height == (0 if year == "2024" else 8)
