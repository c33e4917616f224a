"""Numbers as officials write them (issue 21, point 3): 万元 with two decimals and thousands
separators, 元 whole with separators, scores with one decimal, axes in 万元/亿元 — one module
(contract.formats) behind every table, chart, hover, treemap, page text and read report.

The figures are real: shanghai-yuwainongchang-2026-unit.pdf p9 states 支出 合计 118,853,953 元
(11,885.3953 万元 in the tables; its own text, p16, writes it 11,885.40万元 — as the dashboard must),
湟源 2024 项目支出 833.39 (huangyuan_2024.txt line 7).
"""

from __future__ import annotations

import polars as pl
import pytest

from charts.composition import make_function_treemap_figure, make_income_figure, make_sankey_figure
from charts.trend import make_trend_figure
from content.catalog import PAGES
from content.labels import display_formats, display_frame
from content.overview import headline_rows
from contract.formats import (
    amount,
    amount_with_unit,
    d3_format,
    printf_format,
    score,
    share,
    tick_label,
    tick_values,
)
from reader.report import report_markdown
from tests.test_chart_layout import library_tables, selection_and_context

YUAN = ("元", 10_000.0)
FARM = "上海市-上海市域外农场管理办公室-单位"  # its 支出合计: 118,853,953 元 (p9) = 11,885.3953 万元


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (9628.221344, "万元", "9,628.22"),  # read_report.md printed 9628.221344
    (8726.727244, "万元", "8,726.73"),  # the treemap printed 8,726.727244
    (4875.72, "万元", "4,875.72"),  # beside 5,637.51 in one table: both with separators
    (6.2, "万元", "6.20"),  # never 6.2 beside 6.20
    (0.0, "万元", "0.00"),
    (-0.004, "万元", "0.00"),  # no -0.00
    (9628.221344 * 10_000, "元", "96,282,213"),
    (200_000.0, "元", "200,000"),  # the 三公 label in 元 mode (was 200,000.00, clipped)
    (None, "万元", "未公开"),
])
def test_amounts(value, unit, expected):
    assert amount(value, unit) == expected


def test_amount_with_unit_and_sign():
    assert amount_with_unit(9628.221344) == "9,628.22 万元"
    assert amount_with_unit(-4875.72, sign=True) == "-4,875.72 万元"
    assert amount_with_unit(12.5, "万元", sign=True) == "+12.50 万元"
    assert amount_with_unit(None) == "未公开"


def test_scores_and_shares():
    assert score(96.7692) == "96.8"  # 平均分 96.7692
    assert score(100) == "100.0"
    assert share(3.4766) == "3.48%"


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (0, "万元", "0"),
    (0.5, "万元", "5,000元"),
    (5, "万元", "5万元"),
    (5_000, "万元", "5,000万元"),
    (10_000, "万元", "1亿元"),  # Plotly wrote 10k
    (15_000, "万元", "1.5亿元"),
    (200_000, "元", "20万元"),  # Plotly wrote 200k
    (800, "元", "800元"),
    (100_000_000, "元", "1亿元"),
    (40, "%", "40%"),
])
def test_tick_labels_in_wan_and_yi(value, unit, expected):
    assert tick_label(value, unit) == expected


def test_tick_values_are_round_and_stay_inside():
    assert tick_values(0, 12_000) == [0, 2_500, 5_000, 7_500, 10_000]
    assert tick_values(0, 12_000, 6) == [0, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000]
    assert tick_values(0, 13.3) == [0, 5, 10]
    assert tick_values(0, 1.0, 4) == [0, 0.25, 0.5, 0.75, 1.0]


def test_formats_for_plotly_and_streamlit_say_the_same():
    assert (d3_format("万元"), printf_format("万元")) == (",.2f", "%,.2f")
    assert (d3_format("元"), printf_format("元")) == (",.0f", "%,.0f")


# --- on real figures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return selection_and_context()


def test_comparison_labels_and_axis(library):
    selection, ctx = library
    fig = next(c for c in PAGES["compare"].build(selection, ctx) if c.what == "横向对比").figure
    total = fig.data[0]
    labels = dict(zip(ctx.county_ids, total.text, strict=True))
    assert labels[FARM] == "11,885.40"
    assert labels["huangyuan"] == "未公开"
    assert fig.layout.xaxis.hoverformat == ",.2f"
    assert all(t == "0" or t.endswith(("万元", "亿元")) for t in fig.layout.xaxis.ticktext), fig.layout.xaxis.ticktext
    yuan = next(c for c in PAGES["compare"].build(*selection_and_context(YUAN)) if c.what == "横向对比").figure
    assert dict(zip(ctx.county_ids, yuan.data[0].text, strict=True))[FARM] == "118,853,953"
    assert yuan.layout.xaxis.hoverformat == ",.0f"


def test_treemap_text_and_hover_in_the_unit(library):
    selection, ctx = library
    fig = make_function_treemap_figure(selection.table("expenditure_function"), ctx)
    tree = fig.data[0]
    assert "%{value:,.2f}" in tree.texttemplate and "%{value:,.2f}" in tree.hovertemplate
    assert tree.textinfo is None  # Plotly's own value text printed 8,726.727244
    selection_yuan, ctx_yuan = selection_and_context(YUAN)
    yuan = make_function_treemap_figure(selection_yuan.table("expenditure_function"), ctx_yuan).data[0]
    assert "%{value:,.0f}" in yuan.texttemplate


def test_sankey_and_income_hovers(library):
    selection, ctx = library
    one = ctx.only("qinglong")
    sankey = make_sankey_figure(selection.table("income"), selection.table("expenditure_function"), one).data[0]
    assert sankey.valueformat == ",.2f"
    income = make_income_figure(selection.table("income"), ctx)
    assert income.layout.xaxis.hoverformat == ",.2f"
    assert not any(t.endswith("k") for t in income.layout.xaxis.ticktext)


def test_trend_hover_and_axis():
    """青龙 2023 states its 2022 三公 total (9.20 万元, qinglong_2023.txt line 469): a trend of two points."""
    import content.trend as trend
    from charts.context import ChartContext

    tables = library_tables()
    mine = {name: tables[name].filter(pl.col("county_id") == "qinglong") for name in ("counties", "summary", "prior_year")}
    frame = trend.trend_frame(mine["summary"], mine["prior_year"], "三公经费合计")
    for (unit, factor), number, ticks in ((("万元", 1.0), ",.2f", ("万元",)), (YUAN, ",.0f", ("万元", "元"))):
        ctx = ChartContext.from_tables(mine["counties"], unit, factor)
        fig = make_trend_figure(frame, ctx, "三公经费合计")
        assert all(f"%{{y:{number}}}" in t.hovertemplate for t in fig.data if t.hovertemplate)
        labels = list(fig.layout.yaxis.ticktext)
        assert labels[0] == "0" and all(t.endswith(ticks) for t in labels[1:]), labels


def test_tables_beneath_charts_write_amounts_and_scores_alike(library):
    selection, ctx = library
    chart = next(c for c in PAGES["compare"].build(selection, ctx) if c.what == "横向对比")
    formats = display_formats(chart.table, ctx.unit_label)
    assert formats["支出合计（万元）"] == "%,.2f" and formats["项目支出（万元）"] == "%,.2f"
    shown = display_frame(chart.table, ctx.names, ctx.unit_label, ctx.factor)
    # a column with a gap (湟源 states no 支出合计) becomes text: written the same way
    text = dict(zip(shown["地区（部门）"], shown["支出合计（万元）"], strict=True))
    assert text[ctx.names[FARM]] == "11,885.40" and text["湟源县"] == "未公开"
    quality = PAGES["quality"].build(selection, ctx)[0]
    assert display_formats(quality.table)["平均分"] == "%.1f"
    yuan = display_formats(chart.table, "元")
    assert yuan["支出合计（元）"] == "%,.0f"


def test_overview_cards(library):
    selection, ctx = library
    rows = {(r["county_id"], r["label"]): r for r in headline_rows(selection, ctx)}
    assert rows[(FARM, "支出合计")]["value"] == "11,885.40 万元"
    selection_yuan, ctx_yuan = selection_and_context(YUAN)
    rows = {(r["county_id"], r["label"]): r for r in headline_rows(selection_yuan, ctx_yuan)}
    assert rows[(FARM, "支出合计")]["value"] == "118,853,953 元"


def test_read_report_markdown_writes_amounts_as_officials_do():
    report = {"file": "a.pdf", "id": "a", "region": "甲", "department": "乙", "edition": "部门", "year": 2024,
              "kind": "PDF", "pages": 3, "tables": [], "warnings": [],
              "checks": {"total": 1, "failed": 1, "failed_list": [
                  {"check": "收入来源之和 = 收入合计", "stated_wan": 9628.221344, "computed_wan": 761.79,
                   "stated_page": 2, "stated_line": None, "computed_lines": "10"}]}}
    text = report_markdown([report])
    assert "列明 9,628.22 万元" in text and "计算 761.79 万元" in text
    assert "9628.221344" not in text


def test_workbook_keeps_numbers_in_the_same_format(library):
    """The report pack's workbook: numbers, formatted #,##0.00 like the tables on screen."""
    import io

    import openpyxl

    from export.pack import workbook_bytes

    selection, ctx = library
    charts = PAGES["compare"].build(selection, ctx)[:1]
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(charts)))
    sheet = book.worksheets[1]
    headers = [c.value for c in sheet[1]]
    column = headers.index("支出合计（万元）") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    numbers = [c for c in cells if isinstance(c.value, float)]
    assert numbers and all(c.number_format == "#,##0.00" for c in numbers)


def _column_config(element) -> dict:
    import json

    return json.loads(element.proto.columns)


@pytest.mark.parametrize(("page", "table", "column", "fmt"), [
    ("page_compare", 0, "支出合计（万元）", "%,.2f"),  # 4875.72 beside 5,637.51 before: both %,.2f now
    ("page_compare", 0, "项目支出（万元）", "%,.2f"),
    ("page_quality", 0, "平均分", "%.1f"),  # 96.7692 before
    ("page_checks", 1, "公开数（万元）", "%,.2f"),
])
def test_page_tables_write_numbers_as_officials_do(page, table, column, fmt):
    """Streamlit writes the numbers in the browser: each amount or score column carries the format."""
    from tests.test_pages import goto, new_app

    at = goto(new_app(county="hezheng,qinglong,shizhu"), page)
    config = _column_config(at.dataframe[table])
    assert config[column]["type_config"]["format"] == fmt


def test_page_tables_in_yuan():
    from tests.test_pages import goto, new_app

    at = goto(new_app(county="hezheng,qinglong", unit="yuan"), "page_compare")
    assert _column_config(at.dataframe[0])["支出合计（元）"]["type_config"]["format"] == "%,.0f"
