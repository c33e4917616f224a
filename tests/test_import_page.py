"""导入 page under AppTest: upload a generated disclosure, see its report, add it, find it on every
page; the same file again; another file for the same document (replace / keep both); remove with
confirmation; a bad file. Figures are checked against the generator's truth, never the reader's."""

from __future__ import annotations

import os

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components import FILTERS_KEY
from library import Library
from synthetic.corpus import write_corpus
from synthetic.disclosure import read_truth
from tests.conftest import ROOT, overview_cards
from tests.test_sandbox import _pdf_declaring

APP = str(ROOT / "app.py")
PAGES = ("page_overview", "page_composition", "page_sangong", "page_projects", "page_indicators",
         "page_compare", "page_quality", "page_checks", "page_data")


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """Two generated PDFs (different departments, no planted contradiction) and their truths."""
    folder = tmp_path_factory.mktemp("uploads")
    pdfs = [p for p in write_corpus(folder, 2, seed=5) if p.suffix == ".pdf"]
    return [(p, read_truth(p.with_suffix(".truth.json"))) for p in pdfs]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DATA_DIR", str(tmp_path))
    return tmp_path


def _import_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("views/page_import.py").run()
    assert not at.exception, at.exception
    return at


def _upload(at: AppTest, path, name: str | None = None) -> AppTest:
    at.file_uploader[0].set_value((name or path.name, path.read_bytes(), "application/pdf")).run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _texts(elements) -> str:
    return " ".join(e.value for e in elements)


def test_upload_shows_the_report_and_adds_nothing_until_clicked(documents, data_dir):
    path, truth = documents[0]
    at = _upload(_import_page(), path)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["核对未通过"].startswith("0 / ")  # the generator planted no contradiction here
    assert int(metrics["已读取的表"]) >= 8
    headline = next(d.value for d in at.dataframe if "指标" in d.value.columns)
    figures = dict(zip(headline["指标"], headline["金额（万元）"], strict=True))
    assert figures == pytest.approx({r["metric"]: r["amount_wan"] for r in truth["summary"]})
    assert [t.value for t in at.text_input] == [truth["meta"]["region"],
                                               truth["meta"]["department"]]
    assert at.number_input[0].value == truth["meta"]["year"]
    assert Library(data_dir / "library").entries() == []  # nothing added without the click


def test_add_puts_the_document_on_every_page(documents, data_dir):
    path, truth = documents[0]
    at = _upload(_import_page(), path)
    _button(at, "加入看板").click().run()
    assert not at.exception
    assert "已加入看板" in _texts(at.success)
    entries = Library(data_dir / "library").entries()
    assert len(entries) == 1 and entries[0].year == truth["meta"]["year"]
    doc = entries[0].doc_id
    assert doc in at.session_state[FILTERS_KEY].counties  # chosen in the sidebar at once
    assert at.session_state["f_regions"][-1] == entries[0].region
    for page in PAGES:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, at.exception)
    at.switch_page("views/page_overview.py").run()
    expected = {r["metric"]: r["amount_wan"] for r in truth["summary"]}
    shown = {c.label: c.value for c in overview_cards(at)}
    assert shown["支出合计"] == f"{expected['支出合计']:,.2f} 万元"  # the new document's cards come last
    assert any(entries[0].region in h.value for h in at.subheader)
    # the library persists: a new session (a restarted server reads the same folder) shows it too
    again = AppTest.from_file(APP, default_timeout=120).run()
    assert doc in again.session_state[FILTERS_KEY].counties


def test_same_file_again_is_already_imported(documents, data_dir):
    path, _ = documents[0]
    at = _upload(_import_page(), path)
    _button(at, "加入看板").click().run()
    at = _upload(_import_page(), path, name="renamed-copy.pdf")
    # said as soon as the file is chosen (its content hash), before any reading or click (issue 21.7)
    assert "已导入" in _texts(at.info) and "renamed" in _texts(at.info)
    assert not at.metric and not [b for b in at.button if b.label == "加入看板"]
    assert len(Library(data_dir / "library").entries()) == 1


def _edit_to_match(at: AppTest, truth: dict) -> None:
    """Give the second document the first one's region, department, edition and year."""
    next(s for s in at.selectbox if s.label == "版本").set_value(truth["meta"]["edition"])
    at.text_input[0].set_value(truth["meta"]["region"])
    at.text_input[1].set_value(truth["meta"]["department"])
    at.number_input[0].set_value(truth["meta"]["year"])


@pytest.mark.parametrize(("choice", "expected_entries"), [("替换旧文件（旧文件移入回收站）", 1), ("两份都保留", 2)])
def test_another_file_for_the_same_document_asks_replace_or_keep(documents, data_dir, choice, expected_entries):
    (first, truth), (second, _) = documents
    at = _upload(_import_page(), first)
    _button(at, "加入看板").click().run()
    at = _upload(_import_page(), second)
    _edit_to_match(at, truth)
    _button(at, "加入看板").click().run()
    assert not at.exception
    assert "另一份文件" in _texts(at.warning)
    library = Library(data_dir / "library")
    assert [e.file for e in library.entries()] == [first.name]  # nothing changed before the choice
    _button(at, choice).click().run()
    assert not at.exception
    entries = library.entries()
    assert len(entries) == expected_entries
    assert second.name in {e.file for e in entries}
    if expected_entries == 1:  # the old one is in the trash, not lost
        assert len(list((data_dir / "library" / "trash").iterdir())) == 1
    else:
        assert len({e.doc_id for e in entries}) == 2
    tables = library.tables()
    assert tables["counties"].height == expected_entries


def test_remove_asks_for_confirmation(documents, data_dir):
    path, _ = documents[0]
    at = _upload(_import_page(), path)
    _button(at, "加入看板").click().run()
    library = Library(data_dir / "library")
    doc = library.entries()[0].doc_id
    at = _import_page()
    _button(at, "删除所选文件").click().run()
    assert "确认删除" in _texts(at.warning)
    assert len(library.entries()) == 1
    _button(at, "取消").click().run()
    assert len(library.entries()) == 1
    _button(at, "删除所选文件").click().run()
    _button(at, "确认删除").click().run()
    assert not at.exception
    assert library.entries() == []
    assert "已删除" in _texts(at.info)
    at.switch_page("views/page_overview.py").run()
    assert doc not in at.session_state[FILTERS_KEY].counties
    assert sorted(at.session_state[FILTERS_KEY].counties) == ["hezheng", "huangyuan", "qinglong", "shizhu"]


@pytest.mark.parametrize(("name", "data", "words"), [
    ("noise.pdf", os.urandom(2048), "PDF"),
    ("empty.pdf", b"", ""),
    ("notes.txt", "会议纪要：今天天气很好。\n".encode() * 20, "未找到任何部门预算表"),
    ("huge.pdf", _pdf_declaring(100_000), "页"),  # a PDF declaring 100,000 pages: refused, not read
])
def test_a_bad_file_gives_a_message_and_changes_nothing(documents, data_dir, name, data, words):
    path, _ = documents[0]
    at = _upload(_import_page(), path)
    _button(at, "加入看板").click().run()
    before = Library(data_dir / "library").entries()
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception
    errors = _texts(at.error)
    assert name.replace(".", "\\.") in errors or name in errors
    assert words in errors and "文档库未改动" in errors
    assert not [b for b in at.button if b.label == "加入看板"]
    assert Library(data_dir / "library").entries() == before


def test_document_text_is_not_interpreted_as_markdown():
    from content.import_report import plain

    assert plain("[点我](javascript:alert(1)) **粗体** <b>") == \
        "\\[点我\\]\\(javascript\\:alert\\(1\\)\\) \\*\\*粗体\\*\\* \\<b\\>"


def test_headline_figures_follow_the_contract_order():
    from content.import_report import headline_frame

    summary = pl.DataFrame({"metric": ["项目支出", "收入合计"], "amount_wan": [2.0, 5.0], "page": [3, 1]})
    assert headline_frame(summary).rows() == [("收入合计", 5.0, 1), ("项目支出", 2.0, 3)]


def test_a_final_account_is_said_to_be_one_and_named_as_one(tmp_path, data_dir):
    """A generated 决算 (the generator's meta says 决算 and its edition): the page says which kind the file
    is before it is added, and names it as a 决算 once added (its id carries the kind)."""
    import json

    from synthetic.final import write_pair

    _, final_path = write_pair(2301, tmp_path, "kind")
    meta = json.loads(final_path.with_suffix(".truth.json").read_text(encoding="utf-8"))["truth"]["meta"]
    at = _upload(_import_page(), final_path)
    said = _texts(at.markdown)
    assert f"文件类别：{meta['edition']}决算" in said and "按决算读取" in said
    _button(at, "加入看板").click().run()
    assert not at.exception, at.exception
    added = _texts(at.success)
    assert f"（{meta['edition']}决算 · {meta['year']}）" in added and "预算" not in added
