"""「查看原文」 for imported PDFs: 勾稽核对 shows the page of a failed check's stated figure as an
image with its row highlighted (rendered in a child process); shipped documents keep their line
quotes. The planted contradiction comes from the generator (synthetic.corpus puts one in the
fourth document)."""

from __future__ import annotations

import io

import polars as pl
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from content.sourcelines import row_sources
from library import Library, meta_of
from library.sandbox import render_page_untrusted
from reader.document import read_document
from reader.errors import UnreadableDocument
from synthetic.corpus import write_corpus
from synthetic.disclosure import read_truth
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def contradiction(tmp_path_factory):
    """A library holding one generated PDF whose 项目支出 contradicts its parts (planted)."""
    folder = tmp_path_factory.mktemp("source")
    path = write_corpus(folder / "docs", 4, seed=13)[3]
    truth = read_truth(path.with_suffix(".truth.json"))
    assert path.suffix == ".pdf" and truth["expected_failed_checks"], "the corpus plants it in the 4th document"
    result = read_document(path.name, path.read_bytes())
    meta = meta_of(result)
    Library(folder / "library").add(result.tables, meta, path.read_bytes(), path.name)
    return folder, result, truth


def _images(at: AppTest) -> list:
    return list(at.get("image"))


def test_failed_check_shows_its_page_with_the_row_highlighted(contradiction, monkeypatch):
    folder, result, truth = contradiction
    monkeypatch.setenv("BUDGET_DATA_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["county"] = result.doc_id
    at.run()
    at.switch_page("views/page_checks.py").run()
    assert not at.exception, at.exception
    images = _images(at)
    assert len(images) == 1
    caption = images[0].captions[0]
    failed = result.tables["checks"].filter(~pl.col("ok")).sort(pl.col("difference_wan").abs(), descending=True)
    assert f"原文第 {failed['stated_page'][0]} / " in caption
    assert "黄色为该行" in caption  # the stated row was found on its page
    quotes = next(d.value for d in at.dataframe if "侧" in d.value.columns)
    assert quotes["原文"].str.len().min() > 0  # every line quoted from the rows as read


def test_shipped_documents_keep_line_quotes_and_show_no_image(monkeypatch, tmp_path):
    monkeypatch.setenv("BUDGET_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["county"] = "shizhu"
    at.run()
    at.switch_page("views/page_checks.py").run()
    assert not at.exception
    assert not _images(at)
    quotes = next(d.value for d in at.dataframe if "侧" in d.value.columns)
    assert quotes["原文"].str.len().min() > 0


def test_render_in_the_sandbox_gives_a_png_of_the_page(contradiction):
    folder, result, _ = contradiction
    summary = result.tables["summary"].filter(pl.col("metric") == "支出合计").row(0, named=True)
    original = Library(folder / "library").original(Library(folder / "library").entries()[0].key)
    image = render_page_untrusted(original.name, original.read_bytes(), summary["page"], summary["source_text"])
    assert image.found and image.page == summary["page"]
    assert Image.open(io.BytesIO(image.png)).format == "PNG"
    with pytest.raises(UnreadableDocument, match="不存在"):
        render_page_untrusted(original.name, original.read_bytes(), image.pages + 1, None)


def test_row_sources_maps_lines_to_page_and_text():
    summary = pl.DataFrame({"county_id": ["a", "a", "b"], "year": [2024, 2024, 2024], "metric": ["收入合计"] * 3,
                            "amount_wan": [1.0, 2.0, 3.0], "line": [5, 9, 5], "page": [1, 2, 7],
                            "source_text": ["收入合计\t1.00", "支出合计\t2.00", "other"]})
    assert row_sources({"summary": summary}, "a", 2024) == {5: (1, "收入合计\t1.00"), 9: (2, "支出合计\t2.00")}
