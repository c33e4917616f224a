"""Years side by side in the dashboard: a document the library holds in two years shows its trend
on 总览 and 县际对比, and 总览's change against last year comes from last year's document.

Two generated disclosures are read as one document in two consecutive years (region, department,
edition and year given as corrections, as an official would on 导入); the truth is the generator's."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from library import Library
from reader.document import read_document
from synthetic.corpus import write_corpus
from synthetic.disclosure import read_truth
from tests.conftest import ROOT, overview_cards
from tests.test_pages import _array, figures, what
from tests.test_sections import section_labels

APP = str(ROOT / "app.py")
META = {"region": "样例县", "department": "样例县教育局", "edition": "部门"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """One document, 2023 and 2024, in a library of its own; returns (data dir, doc id, truths)."""
    folder = tmp_path_factory.mktemp("years")
    paths = [p for p in write_corpus(folder / "docs", 3, seed=11) if p.suffix == ".pdf"][:2]
    library = Library(folder / "library")
    truths, doc_id = {}, None
    for year, path in zip((2023, 2024), paths, strict=True):
        result = read_document(path.name, path.read_bytes(), {**META, "year": year})
        meta = {"id": result.doc_id, "year": year, **META, "report": result.report}
        assert library.add(result.tables, meta, path.read_bytes(), path.name).status == "added"
        truths[year] = {r["metric"]: r["amount_wan"] for r in read_truth(path.with_suffix(".truth.json"))["summary"]}
        doc_id = result.doc_id
    return folder, doc_id, truths


def _app(data_dir, monkeypatch, page: str) -> AppTest:
    folder, doc_id, _ = data_dir
    monkeypatch.setenv("BUDGET_DATA_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["county"] = doc_id
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _trend(at: AppTest) -> dict:
    matches = [f for f in figures(at) if what(f).startswith("支出合计：历年变化")]
    assert len(matches) == 1, [what(f) for f in figures(at)]
    return matches[0]


@pytest.mark.parametrize("page", ["page_overview", "page_compare"])
def test_trend_shows_both_documents(data_dir, monkeypatch, page):
    _, _, truths = data_dir
    fig = _trend(_app(data_dir, monkeypatch, page))
    solid = [t for t in fig["data"] if t.get("name") == "样例县·教育局（部门预算）" and t.get("line", {}).get("dash") in (None, "solid")]
    assert len(solid) == 1
    assert _array(solid[0]["x"]) == [2023, 2024]
    assert _array(solid[0]["y"]) == pytest.approx([truths[2023]["支出合计"], truths[2024]["支出合计"]])


def test_overview_change_comes_from_last_years_document(data_dir, monkeypatch):
    _, _, truths = data_dir
    at = _app(data_dir, monkeypatch, "page_overview")
    cards = {c.label: c for c in overview_cards(at)}
    change = truths[2024]["支出合计"] - truths[2023]["支出合计"]
    assert cards["支出合计"].value == f"{truths[2024]['支出合计']:,.2f} 万元"
    assert cards["支出合计"].delta == f"{change:+,.2f} 万元（较上年文件）"


def test_yearly_changes_table_is_computed_from_the_documents(data_dir, monkeypatch):
    _, _, truths = data_dir
    at = _app(data_dir, monkeypatch, "page_compare")
    table = next(d.value for d in at.dataframe if "增减（万元）" in d.value.columns)
    row = table.iloc[0]
    assert (row["上一文件年度"], row["本文件年度"]) == (2023, 2024)
    assert row["增减（万元）"] == pytest.approx(truths[2024]["支出合计"] - truths[2023]["支出合计"])


def test_seeds_alone_show_no_trend(monkeypatch, tmp_path):
    monkeypatch.setenv("BUDGET_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert not [f for f in figures(at) if "历年变化" in what(f)]  # one document year each


def test_compare_draws_its_grid_first_and_the_trends_in_a_section_of_their_own(data_dir, monkeypatch):
    """横向对比's first view is its grid of small multiples; the trend charts wait in the 历年变化 section
    (docs/benchmarks.md, "Page switches in the browser"), and the page's report pack holds all of them."""
    import dashboard.components as components

    monkeypatch.setattr(components, "LAZY_SECTIONS", True)
    at = _app(data_dir, monkeypatch, "page_compare")
    assert section_labels(at) == ["横向对比", "历年变化"]
    assert [what(f) for f in figures(at)] == ["横向对比：主要指标"]
    _, packed = at.session_state[components.PAGE_CHARTS_KEY]
    assert [c.what for c in packed] == ["横向对比"] + [f"历年变化_{m}" for m in ("支出合计", "基本支出", "项目支出",
                                                                            "三公经费合计")]
    at.session_state["section_横向对比"] = "历年变化"
    at.run()
    assert _trend(at) and "横向对比：主要指标" not in [what(f) for f in figures(at)]


def test_overview_draws_its_cards_and_opens_the_table_and_the_trend_on_demand(data_dir, monkeypatch):
    """总览's first view is its cards; the detail table and the trend chart wait in two closed expanders
    (drawn once opened), and the trend chart is in the page's pack all the same."""
    import dashboard.components as components

    monkeypatch.setattr(components, "LAZY_TABLES", True)
    at = _app(data_dir, monkeypatch, "page_overview")
    assert [e.label for e in at.expander] == ["数字明细（8 行：数值、核实状态、较上年）", "历年变化（1 张图）"]
    assert not figures(at) and not at.dataframe and overview_cards(at)
    _, packed = at.session_state[components.PAGE_CHARTS_KEY]
    assert [c.what for c in packed] == ["历年变化_支出合计"]
    # the page's pack button names the page (总览 is not in the export catalogue: its navigation title)
    assert any(b.proto.label == "下载本页报告包（总览）" for b in at.sidebar.get("download_button"))
    at.session_state["overview_trend"] = True  # opened
    at.run()
    assert _trend(at) and not at.dataframe  # the chart; its own table is folded in turn
    at.session_state["overview_detail"] = True
    at.run()
    assert len(at.dataframe) == 1 and at.dataframe[0].value.columns[0] == "地区（部门）"
