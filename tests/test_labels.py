"""Tables under charts: Chinese headers and amounts in the chart's unit."""

import polars as pl

from dashboard.labels import display_frame


def test_amounts_follow_the_chosen_unit():
    frame = pl.DataFrame({"county_id": ["qinglong"], "item": ["公务用车运行维护费"], "amount_wan": [6.2], "line": [404]})
    shown = display_frame(frame, {"qinglong": "青龙满族自治县"}, "元", 10_000.0)
    assert shown.columns == ["县（区）", "三公项目", "金额（元）", "原文行号"]
    assert shown.row(0) == ("青龙满族自治县", "公务用车运行维护费", 62000.0, 404)


def test_default_unit_keeps_wan():
    frame = pl.DataFrame({"total_wan": [8815.77], "prior_amount_wan": [8871.83]})
    shown = display_frame(frame, {})
    assert shown.columns == ["合计（万元）", "上年金额（万元）"]
    assert shown.row(0) == (8815.77, 8871.83)
