"""Tables under charts: Chinese headers, amounts in the chart's unit, and empty cells that say
why they are empty (未公开 / —) instead of None."""

import re

import polars as pl
import pytest

from charts.context import ChartContext
from content.catalog import report_charts
from content.filters import Filters
from content.labels import COLUMN_LABELS, NOT_APPLICABLE, NOT_DISCLOSED, display_frame, fill_missing
from content.selection import select


def test_amounts_follow_the_chosen_unit():
    frame = pl.DataFrame({"county_id": ["qinglong"], "item": ["公务用车运行维护费"], "amount_wan": [6.2], "line": [404]})
    shown = display_frame(frame, {"qinglong": "青龙满族自治县"}, "元", 10_000.0)
    assert shown.columns == ["地区（部门）", "三公项目", "金额（元）", "原文行号"]
    assert shown.row(0) == ("青龙满族自治县", "公务用车运行维护费", 62000.0, 404)


def test_default_unit_keeps_wan():
    frame = pl.DataFrame({"total_wan": [8815.77], "prior_amount_wan": [8871.83]})
    shown = display_frame(frame, {})
    assert shown.columns == ["合计（万元）", "上年金额（万元）"]
    assert shown.row(0) == (8815.77, 8871.83)


# --- empty cells: 未公开 (not stated) or — (nothing to state), never None ---------------------

@pytest.mark.parametrize(("column", "dtype", "expected"), [
    ("project_code", pl.String, NOT_DISCLOSED),  # 和政 states no project codes
    ("amount_wan", pl.Float64, NOT_DISCLOSED),  # 青龙's project tables list no amounts
    ("category", pl.String, NOT_DISCLOSED),
    ("weight", pl.Float64, NOT_DISCLOSED),
    ("level1", pl.String, NOT_DISCLOSED),
    ("parent_code", pl.String, NOT_APPLICABLE),  # a 类 has no parent
    ("plan_year", pl.Int64, NOT_APPLICABLE),
    ("page", pl.Int64, NOT_APPLICABLE),  # text sources have lines, not pages
    ("target_value", pl.Float64, NOT_APPLICABLE),  # a qualitative target has no number
    ("score", pl.Float64, NOT_APPLICABLE),
])
def test_empty_cell_wording(column, dtype, expected):
    frame = pl.DataFrame({column: [None]}, schema={column: dtype})
    assert fill_missing(frame)[column].to_list() == [expected]


def test_unit_is_not_disclosed_only_for_a_number():
    frame = pl.DataFrame({"target_value": [95.0, None], "unit": [None, None]},
                         schema={"target_value": pl.Float64, "unit": pl.String})
    assert fill_missing(frame)["unit"].to_list() == [NOT_DISCLOSED, NOT_APPLICABLE]


def test_numbers_beside_a_gap_read_like_the_charts():
    # hezheng_2024.txt line 14: 支出预算合计 5637.51; huangyuan states none
    frame = pl.DataFrame({"county_id": ["hezheng", "huangyuan"], "支出合计_wan": [5637.51, None], "year": [2024, 2024]})
    shown = display_frame(frame, {"hezheng": "和政县", "huangyuan": "湟源县"}, "元", 10_000.0)
    assert shown.columns == ["地区（部门）", "支出合计（元）", "年度"]
    assert shown.rows() == [("和政县", "56,375,100", 2024), ("湟源县", NOT_DISCLOSED, 2024)]  # 元: whole
    assert shown.schema["年度"] == pl.Int64  # columns without gaps keep their type


def test_every_contract_column_has_a_chinese_label(tables):
    for name, frame in tables.items():
        assert set(frame.columns) <= set(COLUMN_LABELS), (name, set(frame.columns) - set(COLUMN_LABELS))


def test_chart_tables_show_no_none_and_no_raw_names(tables):
    """Every table under every chart, all four counties and each alone."""
    counties = ("hezheng", "qinglong", "huangyuan", "shizhu")
    for chosen in [counties, *[(c,) for c in counties]]:
        selection = select(tables, Filters(chosen, "latest"))
        ctx = ChartContext.from_tables(selection.table("counties"))
        for chart in report_charts(selection, ctx):
            shown = display_frame(chart.table, ctx.names)
            assert not [c for c in shown.columns if re.search(r"[A-Za-z_]", c)], (chart.what, shown.columns)
            assert not [c for c in shown.columns if shown[c].null_count()], (chart.what, chosen)
