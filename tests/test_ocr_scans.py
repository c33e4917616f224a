"""Scanned copies made here, read by OCR to the generator's truth and to the real documents' golden figures.

Few pages on purpose (OCR takes seconds a page): a generated disclosure whose four money-table
pages are scans (one fed in sideways, one 2° askew, grey at 150 dpi with noise) and whose other
pages keep their text layer; five pages of a real disclosure scanned at 200 dpi, one of them with
a mojibake text layer over the image. The truth is synthetic.disclosure's own record; the golden
figures are ../shared/corpus/golden.json (read by hand off the pages).
"""

from __future__ import annotations

from functools import cache

import pymupdf
import pytest

from benchmarks.golden import CORPUS, compare, load_golden
from reader.document import read_document
from reader.pdf import read_pdf
from reader.report import report_markdown
from synthetic.disclosure import generate_disclosure
from synthetic.render_pdf import render_pdf
from synthetic.scan import scan_pdf
from tests.roundtrip import differences_as_printed

# generated: seed 3 renders 19 pages; the money tables are on pages 3 (收支总表), 5 (支出总表),
# 7 (一般公共预算支出表) and 9 (三公经费)
_SCANNED = (2, 4, 6, 8)
REAL = "jiangsu-renda-2019-dept.pdf"
# 公开表一 收支预算总表 p1, 公开表三 支出预算总表 p3, 公开表五/六 p5-6, 公开表九 三公 p9 (golden.json pages)
REAL_PAGES = [0, 2, 4, 5, 8]


@cache
def _generated(tmp_dir: str):
    from pathlib import Path

    disclosure = generate_disclosure(3, fmt="pdf", long_table=False, code_style="joined",
                                     contradiction="none", orientation="P")
    path = render_pdf(disclosure, Path(tmp_dir) / "syn.pdf")
    data = path.read_bytes()
    keep = tuple(i for i in range(pymupdf.open(stream=data).page_count) if i not in _SCANNED)
    scan = scan_pdf(data, dpi=150, seed=1, turns={4: 90}, skews={6: 2.0}, keep_text=keep)
    return disclosure.truth(), read_document("syn.pdf", data), read_document("syn-scan.pdf", scan)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return _generated(str(tmp_path_factory.mktemp("scan")))


def test_only_the_scanned_pages_are_read_by_ocr(generated):
    _, text, scan = generated
    assert text.report["ocr_pages"] == []
    assert scan.report["ocr_pages"] == [i + 1 for i in _SCANNED]
    assert "文字识别（OCR）读取的页：第3、5、7、9页" in report_markdown([scan.report])


def test_scanned_pages_read_to_the_generators_truth(generated):
    truth, text, scan = generated
    assert differences_as_printed(truth, text.tables) == []  # the document itself reads exactly
    assert differences_as_printed(truth, scan.tables) == []


@pytest.mark.parametrize("table", ["summary", "income", "expenditure_function", "expenditure_economic", "sangong"])
def test_ocr_figures_are_confirmed_exactly_where_the_text_figures_are(generated, table):
    _, text, scan = generated
    columns = [c for c in text.tables[table].columns if c not in ("source_text", "county_id", "line")]
    assert scan.tables[table].select(columns).sort(columns).equals(text.tables[table].select(columns).sort(columns))


@cache
def _real():
    data = (CORPUS / "pdf" / REAL).read_bytes()
    subset = pymupdf.open(stream=data)
    subset.select(REAL_PAGES)
    text = subset.tobytes()
    scan = scan_pdf(text, dpi=200, seed=2, garbage_text=(4,))
    year = {"year": 2019}  # stated on the cover, which the five pages leave out
    return read_document(REAL, text, year), read_document(REAL, scan, year)


def _golden_on_pages():
    record = next(r for r in load_golden() if r["file"] == REAL)
    pages = {p + 1: n + 1 for n, p in enumerate(REAL_PAGES)}  # document page -> page of the copy
    figures = {k: {**v, "page": pages[v["page"]]} for k, v in record["figures"].items() if v["page"] in pages}
    rows = {key: [{**r, "page": pages[r["page"]]} for r in record[key] if r["page"] in pages]
            for key in ("function_rows", "economic_rows")}
    return {**record, "figures": figures, **rows, "pages": len(REAL_PAGES)}


def test_a_page_with_a_mojibake_text_layer_is_read_by_ocr():
    _, scan = _real()
    assert scan.report["ocr_pages"] == [1, 2, 3, 4, 5]  # page 5 carries a text layer of mojibake
    sangong = {r["item"]: r["amount_wan"] for r in scan.tables["sangong"].iter_rows(named=True)}
    assert sangong["公务接待费"] == pytest.approx(384.75)  # golden: 公开表九, document page 9


def test_scanned_real_pages_give_the_figures_their_text_gives():
    text, scan = _real()
    record = _golden_on_pages()
    from_text = {o.figure: o for o in compare(record, text.tables)}
    from_scan = {o.figure: o for o in compare(record, scan.tables)}
    exact_in_text = [f for f, o in from_text.items() if o.outcome == "exact"]
    assert len(exact_in_text) >= 15
    assert [f for f in exact_in_text if from_scan[f].outcome != "exact"] == []
    assert not [f for f, o in from_scan.items() if o.outcome == "wrong"]


def _cover_and_table() -> bytes:
    """A cover title in 36 pt with wide letter spacing (as covers print a department's name) above a
    ruled two-by-two table of amounts."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, c in enumerate("泉州市人民政府办公室"):
        page.insert_text((80 + i * 44, 200), c, fontname="china-s", fontsize=36)
    for y in (400, 430, 460):
        page.draw_line((80, y), (480, y), width=0.8)
    for x in (80, 280, 480):
        page.draw_line((x, 400), (x, 460), width=0.8)
    for row, (left, right) in enumerate((("1,234.56", "78.90"), ("2,000.00", "3.50"))):
        page.insert_text((100, 421 + 30 * row), left, fontname="helv", fontsize=11)
        page.insert_text((300, 421 + 30 * row), right, fontname="helv", fontsize=11)
    return doc.tobytes()


def test_a_large_spaced_title_is_one_line_and_the_table_keeps_its_rules():
    """The strokes of large glyphs are not table rules: the title reads whole, in one cell, while the
    table's drawn rules still part its columns (the truth is what this page was written with)."""
    rows = [r for r in read_pdf("cover.pdf", scan_pdf(_cover_and_table(), dpi=150, seed=3)).rows]
    assert [r.nonempty() for r in rows] == [["泉州市人民政府办公室"], ["1,234.56", "78.90"], ["2,000.00", "3.50"]]
