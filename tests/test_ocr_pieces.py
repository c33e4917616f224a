"""The parts of OCR reading that need no recogniser (fast), and page orientation on one small page."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from reader.ocr_report import LOW_CONFIDENCE, ocr_markdown, ocr_summary
from reader.rows import Row, RowSource
from reader.text_layer import needs_ocr, usable_text


@pytest.mark.parametrize(("text", "usable"), [
    ("部门收支总表 单位：万元 收入合计 1,933.57", True),
    ("2010101 行政运行 7,448.20 2010102 一般行政管理事务 2,464.02", True),
    ("- 12 -", True),                                           # a page number alone
    ("\ufffd\ufffd\ufffd\ufffd 部门", False),                   # glyphs without a Unicode value
    ("\ue001\ue002\ue003\ue004\ue005", False),                  # private-use code points
    ("Ã¤Â¸Â­ Ã¥Â¤Â® Ã©Â¢Â„ Ã§Â®Â—" * 3, False),                   # UTF-8 read as Latin-1
    ("ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğ", False),               # letters no Chinese page uses
    ("qwhfkdj skdhfk sdkjfhs kdjhf ksjdhf kjsdhf kjshdf", False),  # a font mapped to the wrong letters
    ("", False),
])
def test_text_layer_is_usable_or_not(text, usable):
    assert usable_text(text) is usable


def test_a_picture_with_a_page_number_on_it_is_read_by_ocr():
    assert needs_ocr("- 3 -", image_share=0.95)
    assert not needs_ocr("- 3 -", image_share=0.0)
    assert not needs_ocr("部门收支总表 单位：万元 收入合计 1,933.57", image_share=0.95)


def _row(number, page, cells, confidence):
    return Row(cells=cells, number=number, page=page, confidence=confidence)


def test_report_lists_ocr_pages_and_the_amounts_read_with_little_confidence():
    source = RowSource("x.pdf", "pdf", (
        _row(1, 1, ("合计", "18,330.37"), None),                       # text layer: never listed
        _row(2, 2, ("201", "一般公共服务支出", "13,907.78"), (1.0, 0.5, 0.82)),
        _row(3, 2, ("2010101", "行政运行", "7,448.20"), (1.0, 1.0, LOW_CONFIDENCE)),
        _row(4, 3, ("208", "社会保障和就业支出", "1,121.39"), (0.6, 1.0, 0.99)),
    ), pages=3, ocr_pages=(2, 3))
    summary = ocr_summary(source)
    assert summary["ocr_pages"] == [2, 3]
    # the name and the code read with little confidence are no amounts; 7,448.20 is at the threshold
    assert summary["low_confidence"] == [{"page": 2, "line": 2, "text": "13,907.78", "confidence": 0.82}]
    lines = ocr_markdown(summary)
    assert lines[0].startswith("- 文字识别（OCR）读取的页：第2–3页（共 2 页）")
    assert "第2页 13,907.78（置信度 0.82）" in lines[-1]


def test_a_document_without_ocr_adds_nothing_to_the_report():
    assert ocr_markdown({"ocr_pages": [], "low_confidence": []}) == []


def _grid_image(dpi: int = 150) -> tuple[np.ndarray, float]:
    """A white A4 page with a 3 × 2 ruled grid from (72, 100) pt to (472, 250) pt, 1 pt lines."""
    scale = 72.0 / dpi
    image = np.full((int(842 / scale), int(595 / scale)), 235, np.uint8)
    px = lambda pt: int(round(pt / scale))  # noqa: E731
    for y in (100, 150, 200, 250):
        image[px(y) - 1: px(y) + 1, px(72): px(472) + 1] = 30
    for x in (72, 272, 472):
        image[px(100): px(250) + 1, px(x) - 1: px(x) + 1] = 30
    image[px(300): px(312), px(72): px(84)] = 30  # a blot of ink: no rule
    return image, scale


def test_rules_are_found_in_the_image_where_they_were_drawn():
    from reader.ocr import rules_in_image

    image, scale = _grid_image()
    rules = rules_in_image(image, scale)
    hs = sorted(round(at) for kind, at, _, _ in rules if kind == "h")
    vs = sorted(round(at) for kind, at, _, _ in rules if kind == "v")
    assert hs == [100, 150, 200, 250]
    assert vs == [72, 272, 472]
    assert all(abs(lo - 72) <= 1 and abs(hi - 472) <= 1 for kind, _, lo, hi in rules if kind == "h")


def test_ocr_lines_become_rows_of_cells_in_the_grid():
    from reader.ocr import OcrLine, OcrPage, rules_in_image
    from reader.pdf import _ocr_content, _page_rows

    image, scale = _grid_image()
    lines = (OcrLine("行政运行", 80, 160, 140, 175, 0.99), OcrLine("7,448.20", 400, 160, 465, 175, 0.91),
             OcrLine("合计 18,330.37", 80, 110, 260, 125, 0.97))
    page = OcrPage(lines, tuple(rules_in_image(image, scale)), 0, 0.0, 595, 842)
    rows = _page_rows(*_ocr_content(page))
    assert [(cells, confs) for cells, _, confs in rows] == [
        (("合计18,330.37", ""), (0.97, 1.0)),  # one cell: joined as reader.pdf joins a text layer's
        (("行政运行", "7,448.20"), (0.99, 0.91)),
    ]


@pytest.fixture(scope="module")
def cover_page() -> bytes:
    """One page with three lines of Chinese, large (a cover): cheap to recognise."""
    import tempfile
    from pathlib import Path

    from synthetic.disclosure import generate_disclosure
    from synthetic.render_pdf import render_pdf

    with tempfile.TemporaryDirectory() as tmp:
        data = render_pdf(generate_disclosure(3, fmt="pdf"), Path(tmp) / "d.pdf").read_bytes()
    doc = pymupdf.open(stream=data)
    doc.select([0])
    return doc.tobytes()


@pytest.mark.parametrize("turn", [180, 270])
def test_a_page_fed_in_upside_down_or_sideways_is_turned_upright(cover_page, turn):
    from reader.ocr import ocr_page
    from synthetic.scan import scan_pdf

    scan = pymupdf.open(stream=scan_pdf(cover_page, dpi=150, turns={0: turn}))
    page = ocr_page(scan[0])
    assert (page.turned + turn) % 360 == 0
    assert [line.text for line in page.lines][-1].endswith("年部门预算")  # the cover's last line


def test_import_page_progress_gives_pages_and_time_left():
    from dashboard.importing import OcrProgress
    from reader.progress import PageProgress

    ocr = OcrProgress("scan.pdf")
    ocr.update(PageProgress(0, 22, False, 0, 22), now=100.0)
    assert ocr.text(101.0).endswith("第 0/22 页（正在识别第一页）")
    ocr.update(PageProgress(4, 22, True, 4, 22), now=112.0)
    assert ocr.share() == pytest.approx(4 / 22)
    assert ocr.text(112.0).endswith("第 4/22 页，约剩 54 秒")  # 3 s a page so far, 18 pages to go


def test_import_page_names_the_ocr_pages_and_lists_unsure_amounts():
    from content.import_report import low_confidence_frame, ocr_notice

    assert ocr_notice({"ocr_pages": []}) is None
    report = {"ocr_pages": [1, 2, 5], "low_confidence": [{"page": 2, "line": 7, "text": "1,2O4.00", "confidence": 0.71}]}
    assert ocr_notice(report).startswith("第 1、2、5 页是扫描图像（共 3 页）")
    assert low_confidence_frame(report).rows() == [(2, "1,2O4.00", 0.71)]
