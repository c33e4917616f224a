"""Unconfirmed figures are marked wherever they are shown: charts (hatch and outline, （未核实） in
the hover), tables (核实), the count under each page title, the report pack's workbook.

Which figures are unconfirmed on the shipped documents (tests/test_confirm.py): 和政's income
761.79 (line 10; 收入来源之和 ≠ 收入合计 5637.51) and its 11 projects (4574.87 ≠ 项目支出 4875.72,
line 13); 石柱's 项目支出 1417.57 (line 114: projects 1358.27 and 一级项目 1561.10 do not add up to
it). 青龙's income, classes and 三公 all tie to a second statement.
"""

from __future__ import annotations

import io
import json
import re

import polars as pl
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from charts.compare import make_comparison_figure
from charts.composition import (
    make_economic_figure,
    make_function_split_figure,
    make_function_treemap_figure,
    make_income_figure,
    make_sankey_figure,
)
from charts.context import ChartContext
from charts.projects import make_project_coverage_figure, make_project_ranking_figure
from charts.sangong import make_sangong_items_figure, make_sangong_prior_figure, make_sangong_share_figure
from charts.style import UNCONFIRMED_MARK, UNCONFIRMED_NOTE, UNCONFIRMED_PATTERN
from charts.trend import UNCONFIRMED_TREND_NOTE, make_trend_figure
from content.catalog import composition_charts, composition_items, projects_items, sangong_charts
from content.confirm import count_unconfirmed
from content.filters import Filters
from content.labels import display_frame
from content.selection import select
from content.trend import trend_frame
from export.pack import workbook_bytes
from tests.conftest import ROOT, overview_cards


def context(tables, *county_ids, share=False) -> ChartContext:
    rows = pl.concat([tables["counties"].filter(pl.col("county_id") == c) for c in county_ids])
    return ChartContext.from_tables(rows, share=share)


def unconfirm(frame: pl.DataFrame, line: int) -> pl.DataFrame:
    """The row at ``line`` made unconfirmed (the others as read)."""
    return frame.with_columns(pl.when(pl.col("line") == line).then(False).otherwise(pl.col("confirmed"))
                              .alias("confirmed"))


def marks(trace) -> list[tuple[bool, bool, bool]]:
    """Per point: (hatched, outlined, （未核实） in the hover)."""
    marker = trace.marker
    shapes, widths = marker.pattern.shape, marker.line.width
    hover = trace.hovertext if trace.type != "treemap" else [c[2] for c in trace.customdata]
    return [(shape == UNCONFIRMED_PATTERN, (width or 0) > 0, UNCONFIRMED_MARK in (text or ""))
            for shape, width, text in zip(shapes, widths, hover, strict=True)]


MARKED, PLAIN = (True, True, True), (False, False, False)


def notes(fig) -> str:
    return fig.layout.title.text


# --- figure builders ----------------------------------------------------------------------


def test_sangong_items_mark_only_the_unconfirmed_item(tables):
    """青龙 line 404 公务用车运行维护费 6.20 made unconfirmed: its bar alone is hatched."""
    sangong = unconfirm(tables["sangong"], 404)
    fig = make_sangong_items_figure(sangong, context(tables, "qinglong"))
    assert marks(fig.data[0]) == [PLAIN, PLAIN, MARKED, PLAIN]
    assert UNCONFIRMED_NOTE in notes(fig)
    confirmed = make_sangong_items_figure(tables["sangong"], context(tables, "qinglong"))
    assert marks(confirmed.data[0]) == [PLAIN] * 4 and UNCONFIRMED_NOTE not in notes(confirmed)


def test_income_marks_hezheng_not_qinglong(tables):
    fig = make_income_figure(tables["income"], context(tables, "hezheng", "qinglong"))
    by_source = {t.name: dict(zip(t.y, marks(t), strict=True)) for t in fig.data}
    assert by_source["财政拨款收入"]["和政县 2024"] == MARKED  # line 10: 761.79 of 5637.51
    assert by_source["一般公共预算拨款收入"]["青龙满族自治县 2023"] == PLAIN  # lines 41 = 207, 41+42+83 = 84


def test_comparison_marks_each_county_figure(tables):
    """项目支出: 和政 4875.72 (line 13) and 石柱 1417.57 (line 114) fail their checks; 青龙 8431.36
    (line 157) and 湟源 833.39 (line 7) are confirmed by the class sums and the project list."""
    ids = ("hezheng", "qinglong", "huangyuan", "shizhu")
    fig = make_comparison_figure(tables["summary"], context(tables, *ids), ("项目支出",))
    assert dict(zip(ids, marks(fig.data[0]), strict=True)) == {
        "hezheng": MARKED, "qinglong": PLAIN, "huangyuan": PLAIN, "shizhu": MARKED}


@pytest.mark.parametrize(("county", "expected"), [("hezheng", MARKED), ("huangyuan", PLAIN)])
def test_project_ranking(tables, county, expected):
    fig = make_project_ranking_figure(tables["projects"], context(tables, county))
    assert set(marks(fig.data[0])) == {expected}


def test_project_coverage_marks_the_failed_comparison(tables):
    fig = make_project_coverage_figure(tables["projects"], tables["summary"], context(tables, "hezheng", "huangyuan"))
    for trace in fig.data:
        assert dict(zip(trace.y, marks(trace), strict=True)) == {"和政县 2024": MARKED, "湟源县 2024": PLAIN}


@pytest.mark.parametrize("build", [
    lambda rows, ctx: make_function_split_figure(rows.filter(pl.col("level") == 1), ctx),
    lambda rows, ctx: make_function_treemap_figure(rows, ctx),
], ids=["split", "treemap"])
def test_function_class_marked(tables, build):
    """青龙 line 158 (类 201) made unconfirmed: its bar / box is marked, the others not."""
    rows = unconfirm(tables["expenditure_function"].filter(pl.col("county_id") == "qinglong"), 158)
    fig = build(rows, context(tables, "qinglong"))
    trace = fig.data[0]
    labels = list(trace.y if trace.type == "bar" else trace.labels)
    shown = dict(zip(labels, marks(trace), strict=True))
    marked = [label for label, mark in shown.items() if mark == MARKED]
    assert len(marked) == 1 and ("201" in marked[0] or marked[0].startswith("一般公共服务")), marked
    assert sum(mark == PLAIN for mark in shown.values()) == len(shown) - 1


def test_economic_marked(tables):
    rows = unconfirm(tables["expenditure_economic"].filter(pl.col("county_id") == "qinglong"), 325)
    fig = make_economic_figure(rows, context(tables, "qinglong"))
    shown = dict(zip(fig.data[0].y, marks(fig.data[0]), strict=True))
    assert shown["基本工资"] == MARKED and shown["办公费"] == PLAIN  # lines 325, 335


def test_sankey_names_the_unconfirmed_source(tables):
    fig = make_sankey_figure(tables["income"], tables["expenditure_function"], context(tables, "shizhu"))
    labels = list(fig.data[0].node.label)
    unconfirmed = tables["income"].filter((pl.col("county_id") == "shizhu") & ~pl.col("confirmed"))["source"]
    assert unconfirmed.len() == 1
    assert f"{unconfirmed[0]}{UNCONFIRMED_MARK}" in labels
    assert sum(UNCONFIRMED_MARK in label for label in labels) == 1
    assert UNCONFIRMED_MARK in "".join(fig.data[0].link.customdata)


def test_sangong_total_and_shares(tables):
    summary = unconfirm(tables["summary"], 398)  # 青龙 三公经费合计 6.20
    ctx = context(tables, "qinglong")
    prior = make_sangong_prior_figure(summary, tables["prior_year"], ctx)
    assert prior.data[0].marker.pattern.shape == ("", UNCONFIRMED_PATTERN)  # 上年 (a sentence), 本年
    assert UNCONFIRMED_MARK in prior.data[0].customdata[1]
    shares = make_sangong_share_figure(summary, ctx)
    assert set(marks(shares.data[0])) == {MARKED}
    assert set(marks(make_sangong_share_figure(tables["summary"], ctx).data[0])) == {PLAIN}


def test_trend_marks_an_unconfirmed_year():
    summary = pl.DataFrame({
        "county_id": ["a", "a"], "year": [2023, 2024], "metric": ["支出合计"] * 2, "amount_wan": [10.0, 12.0],
        "line": [5, 6], "page": [None, None], "source_text": ["x", "y"], "confirmed": [True, False]},
        schema_overrides={"page": pl.Int64})
    prior = pl.DataFrame(schema={"county_id": pl.String, "year": pl.Int64, "metric": pl.String, "for_year": pl.Int64,
                                 "amount_wan": pl.Float64, "basis": pl.String, "line": pl.Int64, "page": pl.Int64})
    counties = pl.DataFrame({"county_id": ["a"], "year": [2024], "county_name": ["甲县"], "province": ["甲省"],
                             "department": ["甲局"], "document": ["a.pdf"]})
    fig = make_trend_figure(trend_frame(summary, prior, "支出合计"), ChartContext.from_tables(counties), "支出合计")
    trace = fig.data[0]
    assert list(trace.marker.symbol) == ["circle", "diamond-wide"]
    assert [UNCONFIRMED_MARK in c for c in trace.customdata] == [False, True]
    assert UNCONFIRMED_TREND_NOTE in notes(fig)


# --- tables, counts, workbook ---------------------------------------------------------------


def test_table_says_unconfirmed_beside_the_amount(tables):
    shown = display_frame(tables["income"].filter(pl.col("county_id") == "hezheng"), {"hezheng": "和政县"})
    assert shown.columns[shown.columns.index("金额（万元）") + 1] == "核实"
    assert shown["核实"].to_list() == ["未核实"]


def test_count_of_unconfirmed_figures(tables):
    """和政 on 项目支出: 11 project amounts and 项目支出 itself, all unconfirmed, all in a failed check."""
    count = count_unconfirmed(tables, ("hezheng",), "projects")
    assert (count.shown, count.unconfirmed, count.disputed) == (12, 12, 12)
    text, level = count.notice()
    assert text.startswith("本页 12 个数字未核实（无第二处印证）") and level == "warning"
    assert count_unconfirmed(tables, ("qinglong",), "sangong").unconfirmed == 0


def test_pack_workbook_has_a_confirmed_column(tables):
    selection = select(tables, Filters(counties=("hezheng", "qinglong"), year="latest"))
    ctx = ChartContext.from_tables(selection.table("counties"))
    charts = composition_charts(selection, ctx) + sangong_charts(selection, ctx)
    book = load_workbook(io.BytesIO(workbook_bytes(charts)), read_only=True)
    header, *rows = list(book[book.sheetnames[1]].values)  # 收入来源构成
    assert header.index("核实") == header.index("金额（万元）") + 1
    by_source = {(r[0], r[header.index("收入来源")]): r[header.index("核实")] for r in rows}
    assert by_source[("和政县", "财政拨款收入")] == "未核实"
    assert by_source[("青龙满族自治县", "一般公共预算拨款收入")] == "已核实"


def test_the_economic_chart_and_its_count_take_the_basic_scope_only(tables):
    # 泉州 / 深圳 publish 基本 + 项目 by economic class too (scope 全部支出): the 基本支出经济分类 chart
    # and the page's count must not take those rows as more 基本支出 classes
    economic = tables["expenditure_economic"]
    qinglong = economic.filter(pl.col("county_id") == "qinglong")
    wider = qinglong.with_columns(pl.lit("全部支出").alias("scope"), pl.col("total_wan") * 2,
                                  pl.lit(False).alias("confirmed"))
    both = {**tables, "expenditure_economic": pl.concat([economic, wider])}
    selection = select(both, Filters(counties=("qinglong",), year="latest"))
    ctx = ChartContext.from_tables(selection.table("counties"))
    [chart] = [c for c in composition_charts(selection, ctx) if c.what == "基本支出经济分类"]
    assert chart.table.height == qinglong.height and set(chart.table["scope"]) == {"基本支出"}
    assert count_unconfirmed(both, ("qinglong",), "composition") == count_unconfirmed(tables, ("qinglong",),
                                                                                      "composition")


def test_a_document_whose_classes_print_no_split_gets_a_notice_not_an_empty_chart(tables):
    # 江苏政协 2019 (prose only) and 泉州 2026 (类 from the 收支总表): 类 totals without 基本/项目
    functions = tables["expenditure_function"]
    bare = functions.filter(pl.col("county_id") == "qinglong").with_columns(
        pl.lit(None, pl.Float64).alias("basic_wan"), pl.lit(None, pl.Float64).alias("project_wan"))
    both = {**tables, "expenditure_function": pl.concat([functions.filter(pl.col("county_id") != "qinglong"), bare])}
    selection = select(both, Filters(counties=("qinglong",), year="latest"))
    items = composition_items(selection, ChartContext.from_tables(selection.table("counties")))
    assert not [i for i in items if getattr(i, "what", None) == "功能分类基本与项目支出"]
    assert any("未包含按功能分类（类）列示的基本支出与项目支出" in getattr(i, "text", "") for i in items)
    assert [i for i in items if getattr(i, "what", None) == "支出功能分类"]  # the treemap still shows the totals


def test_projects_page_items_open_with_the_count(tables):
    selection = select(tables, Filters(counties=("hezheng",), year="latest"))
    items = projects_items(selection, ChartContext.from_tables(selection.table("counties")))
    assert items[0].text.startswith("本页 12 个数字未核实") and items[0].level == "warning"


# --- pages (AppTest) --------------------------------------------------------------------------


def page(name: str, counties: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["county"] = counties
    at.run()
    at.switch_page(f"views/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("name", "counties", "count"), [
    ("page_projects", "hezheng", 12),
    ("page_composition", "hezheng", 1),  # the income 761.79
    # 和政's 项目支出 (line 13); its 人员经费 (line 10, beside the income 761.79 that fails) is tied by
    # 人员经费 647.64 + 公用经费 114.15 = 基本支出 761.79 (lines 10-12), a check naming it; 青龙's six all tie
    ("page_compare", "hezheng,qinglong", 1),
    # 项目支出 (line 114: its project tables add to 1358.27); 基本支出 on the same line passes its own
    # checks and is confirmed (checks name the metric they state)
    ("page_overview", "shizhu", 1),
])
def test_page_says_how_many_figures_are_unconfirmed(name, counties, count):
    at = page(name, counties)
    warnings = [w.value for w in at.warning]
    assert any(w.startswith(f"本页 {count} 个数字未核实（无第二处印证）") for w in warnings), warnings


def test_sangong_page_all_confirmed_says_so():
    at = page("page_sangong", "qinglong")
    assert any(re.match(r"本页 \d+ 个数字均已核实", c.value) for c in at.caption)
    assert not [w for w in at.warning if "未核实" in w.value]


def test_projects_page_table_and_chart_mark_unconfirmed():
    at = page("page_projects", "hezheng")
    tables = [d.value for d in at.dataframe if "核实" in d.value.columns]
    assert tables and any((t["核实"] == "未核实").any() for t in tables)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    ranking = next(s for s in specs if s["layout"]["title"]["text"].startswith("项目金额排名"))
    assert UNCONFIRMED_MARK in "".join(ranking["data"][0]["hovertext"])
    assert UNCONFIRMED_PATTERN in ranking["data"][0]["marker"]["pattern"]["shape"]


def test_overview_card_and_detail_say_unconfirmed():
    at = page("page_overview", "shizhu")
    labels = [c.label for c in overview_cards(at)]
    assert "项目支出（未核实）" in labels and "支出合计" in labels  # line 114 fails; line 104 ties
    detail = next(d.value for d in at.dataframe if "核实" in d.value.columns)
    row = detail[detail["项目"] == "项目支出"].iloc[0]
    assert row["核实"] == "未核实"
