"""A page's sections one at a time, chosen in a row of their labels (issue 21: page switches in the
browser).

What a switch costs in the browser grows with the charts and tables drawn (docs/benchmarks.md,
"Page switches in the browser"); these tests fail if a page draws every section again, or draws its
sections in st.tabs (a tab panel rescans what it holds on every change while a chart draws).
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

import dashboard.components as components
from charts.context import ChartContext
from content.catalog import Chart, Heading, Notice, charts_of, composition_items, sections
from content.filters import LATEST, Filters
from content.selection import select
from loaders.datadir import DATA_DIR_ENV
from synthetic import generate, write_tables
from tests.test_pages import goto, new_app

ALL = ("hezheng", "qinglong", "huangyuan", "shizhu")
CTX = ChartContext(county_ids=("a",), names={"a": "甲县"}, years={"a": 2024}, documents={"a": "a.txt"})


def chart(what: str) -> Chart:
    return Chart(what, go.Figure(), pl.DataFrame(), CTX)


def labels(parts) -> list[tuple[str, list]]:
    return [(label, [getattr(i, "what", None) or getattr(i, "text", None) for i in items]) for label, items in parts]


@pytest.mark.parametrize(("items", "lead", "parts"), [
    # headings: one section each, the heading first; what comes before the first heading stays above
    ([Notice("本页"), Heading("收入"), chart("收入构成"), Heading("支出"), Notice("缺表"), chart("功能"), chart("拆分")],
     ["本页"], [("收入", ["收入", "收入构成"]), ("支出", ["支出", "缺表", "功能", "拆分"])]),
    # no headings: one section per kind of chart; a notice goes with the chart after it
    ([Notice("本页"), chart("分项"), Notice("乙县无表"), chart("排名"), chart("排名"), chart("占比")],
     ["本页"], [("分项", ["分项"]), ("排名", ["乙县无表", "排名", "排名"]), ("占比", ["占比"])]),
    # a notice after the last chart stays with it; a page of notices only has no section
    ([chart("权重"), Notice("甲县无分值")], [], [("权重", ["权重", "甲县无分值"])]),
    ([Notice("请选择")], ["请选择"], []),
    # charts before the first heading: a section per kind, as on a page without headings (横向对比: the grid,
    # then 历年变化 in a tab of its own)
    ([Notice("本页"), chart("横向对比"), Notice("说明"), Heading("历年变化"), chart("趋势"), chart("趋势")],
     ["本页"], [("横向对比", ["横向对比", "说明"]), ("历年变化", ["历年变化", "趋势", "趋势"])]),
])
def test_sections(items, lead, parts):
    got_lead, got_parts = sections(items)
    assert [i.text for i in got_lead] == lead
    assert labels(got_parts) == parts


def section_labels(at: AppTest) -> list[str]:
    """The labels of the page's section picker ([] without one); a page never shows st.tabs."""
    assert not at.tabs
    pickers = [w for w in at.segmented_control if str(w.key).startswith("section_")]
    assert len(pickers) <= 1
    return list(pickers[0].options) if pickers else []


def _titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


@pytest.fixture
def lazy(monkeypatch):
    monkeypatch.setattr(components, "LAZY_SECTIONS", True)


def test_composition_draws_only_the_chosen_section_and_packs_every_chart(lazy, tables):
    selection = select(tables, Filters(counties=ALL, year=LATEST))
    lead, parts = sections(composition_items(selection, selection.context()))
    at = goto(new_app(county=",".join(ALL)), "page_composition")
    assert section_labels(at) == [label for label, _ in parts] == ["收入来源", "支出功能分类", "基本支出经济分类",
                                                                           "资金流向"]
    first = [c.figure.layout.title.text for c in charts_of(parts[0][1])]
    assert _titles(at) == first and len(at.dataframe) == len(first)
    # the page's report pack holds every chart of the page, drawn or not
    _, packed = at.session_state[components.PAGE_CHARTS_KEY]
    assert len(packed) == len(charts_of([i for _, p in parts for i in p])) > len(first)
    assert any(b.proto.label == "下载本页报告包（收支构成）" for b in at.sidebar.get("download_button"))
    # choosing another section draws it instead
    at.session_state["section_收支构成"] = "资金流向"
    at.run()
    assert _titles(at) == [c.figure.layout.title.text for c in charts_of(parts[3][1])]


def test_page_of_one_section_has_no_section_picker(lazy):
    at = goto(new_app(), "page_compare")  # the grid alone (no document with several years)
    assert not section_labels(at) and len(at.get("plotly_chart")) == 1


def test_a_charts_table_is_drawn_once_its_expander_is_opened(monkeypatch):
    """The table under a chart waits, closed, in 图表数据（N 行）: a page switch draws the chart only."""
    monkeypatch.setattr(components, "LAZY_TABLES", True)
    at = goto(new_app(county="qinglong"), "page_sangong")
    _, packed = at.session_state[components.PAGE_CHARTS_KEY]
    drawn = [c for c in packed if c.figure.layout.title.text in _titles(at)]
    assert drawn and not at.dataframe
    assert [e.label for e in at.expander] == [f"图表数据（{c.table.height} 行）" for c in drawn]
    first = drawn[0]
    at.session_state[f"table_{components.file_stem(first.ctx, first.what)}"] = True  # opened
    at.run()
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == first.table.height


def test_checks_page_lists_are_sections_beside_the_chart(lazy, monkeypatch):
    """勾稽核对: the chart first; 文件内核对 (its toggle kept) and 跨文件核对 each a section, drawn when chosen."""
    monkeypatch.setattr(components, "LAZY_TABLES", True)
    at = goto(new_app(county="shizhu"), "page_checks")
    assert section_labels(at) == ["勾稽核对结果", "文件内核对", "跨文件核对"]
    assert len(at.get("plotly_chart")) == 1 and not at.dataframe and not at.main.toggle
    at.session_state["section_勾稽核对"] = "文件内核对"
    at.run()
    assert not at.get("plotly_chart") and [h.value for h in at.main.subheader] == ["查看原文"]
    failed = len(at.dataframe[0].value)
    at.toggle(key="checks_only_failed").set_value(False).run()
    assert len(at.dataframe[0].value) > failed
    at.session_state["section_勾稽核对"] = "跨文件核对"
    at.run()
    assert not at.dataframe and any("没有可对照的文件" in c.value for c in at.caption)
    at.session_state["section_勾稽核对"] = "文件内核对"
    at.run()
    assert at.toggle(key="checks_only_failed").value is False  # kept while another section was shown


def test_checks_page_without_checks_says_so_once(lazy, tables, tmp_path, monkeypatch):
    """Documents with no total to add up again: 勾稽核对 says so once (it said it twice, above the
    sections and again in 文件内核对), and offers no 文件内核对 section to open."""
    write_tables(generate(2, 1, seed=3, templates=tables), tmp_path)
    pl.read_parquet(tmp_path / "checks.parquet").clear().write_parquet(tmp_path / "checks.parquet")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = goto(new_app(county="syn0001"), "page_checks")
    assert not at.exception
    said = [e.value for e in (*at.info, *at.caption) if "没有可重新加总的合计数" in e.value]
    assert said == ["所选公开文件中没有可重新加总的合计数。"]
    assert "文件内核对" not in section_labels(at) and not at.get("plotly_chart")


def test_quality_page_tables_are_sections_of_their_own(lazy, monkeypatch):
    """指标质量: the score chart first; 项目得分 and 问题清单 (its filters kept) each a section, drawn when chosen."""
    monkeypatch.setattr(components, "LAZY_TABLES", True)
    at = goto(new_app(county="hezheng"), "page_quality")
    assert section_labels(at) == ["绩效目标质量得分", "问题条数", "项目得分", "问题清单"]
    assert len(at.get("plotly_chart")) == 1 and not at.dataframe
    at.session_state["section_指标质量"] = "问题清单"
    at.run()
    assert not at.get("plotly_chart") and len(at.dataframe) == 1
    flags = at.dataframe[0].value
    at.multiselect(key="quality_severities").set_value(["medium"]).run()
    narrowed = at.dataframe[0].value
    assert 0 < len(narrowed) < len(flags) and set(narrowed["严重程度"]) == {"一般"}
    at.session_state["section_指标质量"] = "项目得分"
    at.run()
    assert "项目名称" in at.dataframe[0].value.columns and not at.main.multiselect
    at.session_state["section_指标质量"] = "问题清单"
    at.run()
    assert at.multiselect(key="quality_severities").value == ["medium"]  # the filter was kept
    assert len(at.dataframe[0].value) == len(narrowed)


def _popovers(node) -> list[str]:
    """Labels of the popovers under ``node`` (AppTest has no accessor for them)."""
    out = []
    for child in getattr(node, "children", {}).values():
        proto = getattr(child, "proto", None)
        if proto is not None and hasattr(proto, "HasField") and "popover" in proto.DESCRIPTOR.fields_by_name \
                and proto.HasField("popover"):
            out.append(proto.popover.label)
        out += _popovers(child)
    return out


@pytest.mark.parametrize(("script", "key", "pick", "before", "after"), [
    ("page_compare", "compare_metrics", ["支出合计", "项目支出"], "对比指标：全部 6 项", "对比指标：支出合计、项目支出"),
    ("page_indicators", "indicator_scopes", ["项目"], "指标范围：全部 3 项 · 目标值图只看满意度指标",
     "指标范围：项目 · 目标值图只看满意度指标"),
])
def test_page_controls_sit_in_a_popover_that_says_what_is_chosen(script, key, pick, before, after):
    """横向对比's and 绩效指标's own choices: closed, the browser draws only the button, which says the choice."""
    at = goto(new_app(), script)
    assert _popovers(at.main) == [before]
    at.multiselect(key=key).set_value(pick).run()
    assert _popovers(at.main) == [after]
    if script == "page_indicators":
        at.toggle(key="indicator_satisfaction").set_value(False).run()
        assert _popovers(at.main) == ["指标范围：项目"]
