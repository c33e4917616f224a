"""Several documents of one region on the pages (issue 21): named as officials name them, chosen one
by one in the sidebar, a link naming one edition kept as it is, titles counting 地区/部门 (never 县),
and 未公开 where a document has no table to count.

Three generated disclosures read as documents of one region (region, department, edition and year
given as corrections, as an official would on 导入): 样例县教育局 in its 部门 and 单位 editions and
样例县水利局, whose project and indicator tables are left out (a document without them)."""

from __future__ import annotations

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from library import Library
from reader.document import read_document
from synthetic.corpus import write_corpus
from tests.conftest import ROOT, overview_cards
from tests.test_pages import figures

APP = str(ROOT / "app.py")
REGION = "样例县"
DOCS = {  # key -> (department, edition, leave out its project and indicator tables)
    "edu": ("样例县教育局", "部门", False),
    "edu_unit": ("样例县教育局", "单位", False),
    "water": ("样例县水利局", "部门", True),
}
NAMES = {"edu": "样例县·教育局（部门预算）", "edu_unit": "样例县·教育局（单位预算）", "water": "样例县·水利局（部门预算）"}


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory):
    """The library's data directory and each document's id."""
    folder = tmp_path_factory.mktemp("one-region")
    paths = [p for p in write_corpus(folder / "docs", 6, seed=21) if p.suffix == ".pdf"][:3]
    library, ids = Library(folder / "library"), {}
    for (key, (department, edition, without_targets)), path in zip(DOCS.items(), paths, strict=True):
        meta = {"region": REGION, "department": department, "edition": edition, "year": 2024}
        result = read_document(path.name, path.read_bytes(), meta)
        tables = dict(result.tables)
        if without_targets:
            tables["projects"], tables["indicators"] = tables["projects"].clear(), tables["indicators"].clear()
        stored = {"id": result.doc_id, **meta, "report": result.report}
        assert library.add(tables, stored, path.read_bytes(), path.name).status == "added"
        ids[key] = result.doc_id
    return folder, ids


def _app(library_dir, monkeypatch, page: str = "page_overview", **query: str) -> AppTest:
    folder, _ = library_dir
    monkeypatch.setenv("BUDGET_DATA_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "page_overview":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(at: AppTest) -> str:
    return at.query_params["county"][0] if isinstance(at.query_params["county"], list) else at.query_params["county"]


def test_a_link_naming_one_edition_keeps_naming_it(library_dir, monkeypatch):
    """Before: a link naming the 部门 edition alone was rewritten to add the 单位 edition."""
    _, ids = library_dir
    at = _app(library_dir, monkeypatch, county=ids["edu"])
    assert _shown(at) == ids["edu"]
    picker = at.sidebar.multiselect(key="f_documents")
    assert picker.value == [ids["edu"]]
    assert at.main.subheader[0].value == "样例县·教育局（部门预算 · 2024）"


def test_the_sidebar_chooses_among_the_regions_documents(library_dir, monkeypatch):
    _, ids = library_dir
    at = _app(library_dir, monkeypatch, county=ids["edu"])
    picker = at.sidebar.multiselect(key="f_documents")
    assert sorted(picker.options) == sorted(f"{NAMES[k].removesuffix('）')} · 2024）" for k in DOCS)
    picker.set_value([ids["edu_unit"], ids["water"]]).run()
    assert sorted(_shown(at).split(",")) == sorted([ids["edu_unit"], ids["water"]])
    assert sorted(s.value for s in at.main.subheader) == sorted(["样例县·教育局（单位预算 · 2024）",
                                                                 "样例县·水利局（部门预算 · 2024）"])


def test_counts_a_document_cannot_give_read_not_disclosed(library_dir, monkeypatch):
    _, ids = library_dir
    at = _app(library_dir, monkeypatch, county=f"{ids['edu']},{ids['water']}")
    cards = [(c.label, c.value) for c in overview_cards(at)]  # before: "0 个", as if it had no projects
    assert cards.count(("项目个数", "未公开")) == 1 and cards.count(("绩效指标个数", "未公开")) == 1
    detail = at.dataframe[-1].value
    counts = detail[detail["项目"].isin(["项目个数", "绩效指标个数"])]
    water = counts[counts["地区（部门）"] == "样例县·水利局（部门预算 · 2024）"]
    education = counts[counts["地区（部门）"] == "样例县·教育局（部门预算 · 2024）"]
    assert list(water["数值"]) == ["未公开", "未公开"]
    assert all(value.endswith(" 个") and value != "0 个" for value in education["数值"])


@pytest.mark.parametrize("page", ["page_compare", "page_sangong", "page_composition", "page_checks"])
def test_titles_name_documents_and_count_departments_never_counties(library_dir, monkeypatch, page):
    _, ids = library_dir
    at = _app(library_dir, monkeypatch, page, county=",".join(ids.values()))
    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    assert titles
    for title in titles:
        assert "县（区）" not in title and ".pdf" not in title, title
    if page == "page_compare":
        assert "3 份预算 2024年" in titles[0]  # two editions of one department and another: not "3 个部门"
    words = " ".join(e.value for kind in ("info", "caption", "warning", "title") for e in getattr(at, kind))
    assert "县（区）" not in words and "县际" not in words


def test_two_departments_are_counted_as_departments(library_dir, monkeypatch):
    _, ids = library_dir
    at = _app(library_dir, monkeypatch, "page_compare", county=f"{ids['edu']},{ids['water']}")
    title = figures(at)[0]["layout"]["title"]["text"]
    assert f"{NAMES['edu']}、{NAMES['water']} 2024年" in title
    at = _app(library_dir, monkeypatch, "page_compare", county=f"hezheng,qinglong,huangyuan,{ids['water']}")
    assert "4 个地区 2023–2024年" in figures(at)[0]["layout"]["title"]["text"]


def test_data_page_names_documents_in_the_table(library_dir, monkeypatch):
    _, ids = library_dir
    at = _app(library_dir, monkeypatch, "page_data", county=",".join(ids.values()))
    counties = at.dataframe[0].value
    assert sorted(zip(counties["地区（部门）"], counties["版本"], strict=True)) == sorted(
        (NAMES[k], edition) for k, (_, edition, _) in DOCS.items())
    assert not pl.Series(counties["地区（部门）"]).str.contains(r"\.pdf").any()
