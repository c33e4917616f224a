"""The general reader on two seed texts: the same figures as their golden tests.

Golden figures cite their source lines (the same ones tests/test_qinglong.py and
tests/test_shizhu.py pin); 石柱 needs its profile (data/profiles/shizhu.toml) to
take its totals from the 财政拨款收支总表, as its own tables disagree.
"""

from __future__ import annotations

import polars as pl
import pytest

from loaders.registry import RAW_DIR
from reader.document import read_document


@pytest.fixture(scope="module")
def seeds():
    return {name: read_document(f"{name}_2023.txt", (RAW_DIR / f"{name}_2023.txt").read_bytes())
            for name in ("qinglong", "shizhu")}


def _one(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(*(pl.col(k) == v for k, v in where.items()))
    assert rows.height == 1, (where, rows)
    return rows.row(0, named=True)


def test_identity_and_id_from_profile(seeds):
    ql = seeds["qinglong"].tables["counties"].row(0, named=True)
    # line 32: 203 中共青龙满族自治县委员会组织部; line 34: 预算年度：2023
    assert (ql["county_id"], ql["department"], ql["year"], ql["county_name"]) == (
        "qinglong", "中共青龙满族自治县委员会组织部", 2023, "青龙满族自治县")
    sz = seeds["shizhu"].tables["counties"].row(0, named=True)
    assert (sz["county_id"], sz["year"], sz["county_name"]) == ("shizhu", 2023, "石柱土家族自治县")



def test_the_shipped_documents_provinces_come_from_their_profiles():
    """The texts name the county, not its province: data/profiles/*.toml give it, once (石柱 is in
    重庆市, 青龙满族自治县 in 河北省, 和政县 in 甘肃省, 湟源县 in 青海省)."""
    from loaders import load_all

    counties = load_all()["counties"]
    assert dict(counties.select("county_id", "province").iter_rows()) == {
        "hezheng": "甘肃省", "qinglong": "河北省", "huangyuan": "青海省", "shizhu": "重庆市"}


@pytest.mark.parametrize(
    ("seed", "metric", "amount", "line"),
    [
        ("qinglong", "收入合计", 8815.77, 84),  # line 84: 34⇥收入总计⇥8815.77⇥支出总计⇥8815.77
        ("qinglong", "支出合计", 8815.77, 157),  # line 157: 1⇥⇥合计⇥8815.77⇥384.41⇥8431.36
        ("qinglong", "项目支出", 8431.36, 157),
        ("qinglong", "人员经费", 321.34, 323),  # line 323: 1⇥⇥合计⇥384.41⇥321.34⇥63.07
        ("qinglong", "上年结转", 525.75, 83),  # line 83: 33⇥上年结转结余⇥525.75
        ("qinglong", "三公经费合计", 6.20, 398),  # line 398: 2⇥“三公”经费⇥6.20⇥3.20⇥3.00
        ("qinglong", "机关运行经费", 63.07, 465),  # line 465: …机关运行经费共计安排 63.07 万元…
        ("shizhu", "收入合计", 1992.86, 104),  # line 104: 收入合计⇥1,992.86⇥支出合计⇥1,992.86
        ("shizhu", "支出合计", 1992.86, 104),
        ("shizhu", "基本支出", 575.29, 114),  # line 114: 合计⇥⇥1,992.86⇥575.29⇥1,417.57
        ("shizhu", "公用经费", 115.51, 147),  # line 147: 合计⇥⇥575.29⇥459.78⇥115.51
        ("shizhu", "三公经费合计", 20.0, 182),  # line 182: 20.00⇥⇥12.00⇥⇥12.00⇥8.00
        ("shizhu", "机关运行经费", 115.51, 51),  # line 51: …运行经费 115.51 万元…
    ],
)
def test_summary(seeds, seed, metric, amount, line):
    row = _one(seeds[seed].tables["summary"], metric=metric)
    assert (row["amount_wan"], row["line"]) == (pytest.approx(amount), line)


@pytest.mark.parametrize(
    ("seed", "table", "key", "value", "column", "amount", "line"),
    [
        # line 191: 25⇥2130705⇥对村民委员会和村党支部的补助⇥8198.64⇥⇥8198.64
        ("qinglong", "expenditure_function", "code", "2130705", "project_wan", 8198.64, 191),
        # line 352: 20⇥30301⇥离休费⇥11.66⇥11.66 (second page of the table)
        ("qinglong", "expenditure_economic", "code", "30301", "personnel_wan", 11.66, 352),
        # line 42: 2⇥二、政府性基金预算拨款收入⇥119.40
        ("qinglong", "income", "source", "政府性基金预算拨款收入", "amount_wan", 119.40, 42),
        # line 404: 8⇥公务用车运行维护费⇥6.20⇥3.20⇥3.00
        ("qinglong", "sangong", "item", "公务用车运行维护费", "amount_wan", 6.20, 404),
        # line 134: 2130599⇥其他巩固脱贫攻坚成果衔接乡村振兴支出⇥376.90⇥⇥376.90
        ("shizhu", "expenditure_function", "code", "2130599", "project_wan", 376.90, 134),
        # line 94: 一般公共预算资金⇥1,933.57 (财政拨款收支总表, per the profile)
        ("shizhu", "income", "source", "一般公共预算拨款收入", "amount_wan", 1933.57, 94),
        # line 182: 公务接待费 8.00 in the last column
        ("shizhu", "sangong", "item", "公务接待费", "amount_wan", 8.0, 182),
    ],
)
def test_rows(seeds, seed, table, key, value, column, amount, line):
    row = _one(seeds[seed].tables[table], **{key: value})
    assert (row[column], row["line"]) == (pytest.approx(amount), line)


def test_row_counts(seeds):
    ql, sz = seeds["qinglong"].tables, seeds["shizhu"].tables
    assert ql["expenditure_function"].height == 27  # lines 158-194, 序号 2-28
    assert ql["expenditure_economic"].height == 21  # lines 324-354, 序号 2-22
    assert sz["expenditure_function"].height == 23  # lines 115-137
    assert sz["programs"].height == 7  # seven 一级项目 tables from line 251


def test_shizhu_contradictions_are_failed_checks(seeds):
    failed = seeds["shizhu"].tables["checks"].filter(~pl.col("ok"))
    pairs = {(round(r["stated_wan"], 2), round(r["computed_wan"], 2)) for r in failed.iter_rows(named=True)}
    # line 203: 部门收支总表 一般公共预算资金 1,992.86 vs line 94: 财政拨款收支总表 1,933.57
    assert (1992.86, 1933.57) in pairs
    # 29 project tables add to 1,358.27 against 项目支出 1,417.57 (line 114)
    assert (1417.57, 1358.27) in pairs


def test_qinglong_every_check_passes_but_the_listed_running_costs(seeds):
    failed = seeds["qinglong"].tables["checks"].filter(~pl.col("ok"))
    # line 465: 机关运行经费共计安排 63.07 万元，主要用于 5.48 + 2.16 + 3.20 + 34.62 + 17.22 = 62.68 万元:
    # the document's own parts fall 0.39 short, the only place it contradicts itself
    assert [(r["stated_wan"], r["computed_wan"], r["stated_line"]) for r in failed.iter_rows(named=True)] \
        == [(63.07, 62.68, 465)]


def test_prior_year_has_its_own_year(seeds):
    # line 461: 2023 年预算收支安排 8815.77 万元，较 2022 年预算减少 56.06 万元
    row = _one(seeds["qinglong"].tables["prior_year"], metric="收入合计")
    assert (row["for_year"], row["year"], row["amount_wan"], row["line"]) == (2022, 2023, pytest.approx(8871.83), 461)
