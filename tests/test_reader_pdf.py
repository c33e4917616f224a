"""reader.pdf: PDFs built here with known content come back as exactly these rows."""

from __future__ import annotations

import functools
import io
import random
from dataclasses import dataclass

import pymupdf
import pytest
from fpdf import FPDF

from reader.errors import UnreadableDocument
from reader.pdf import MAX_PAGES, read_pdf

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
LINE = 11.0  # points between baselines of a wrapped cell


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    lines: tuple[str, ...]
    rows: int = 1
    cols: int = 1
    right: bool = False  # right-aligned (amounts)


def new_pdf() -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("noto", "", FONT)
    pdf.set_font("noto", size=9)
    pdf.set_line_width(0.5)
    return pdf


def draw_table(pdf: FPDF, left: float, top: float, widths: list[float], heights: list[float],
               cells: list[Cell], rules: str = "rects") -> list[float]:
    """Each cell's border drawn (merged cells as one), text centred vertically.

    rules: "rects" = a stroked rectangle per cell, "lines" = four line segments,
    "bars" = four thin filled rectangles (as spreadsheet exports draw borders).
    """
    xs = [left]
    for width in widths:
        xs.append(xs[-1] + width)
    ys = [top]
    for height in heights:
        ys.append(ys[-1] + height)
    for cell in cells:
        x0, x1 = xs[cell.col], xs[cell.col + cell.cols]
        y0, y1 = ys[cell.row], ys[cell.row + cell.rows]
        draw_border(pdf, x0, y0, x1, y1, rules)
        first = (y0 + y1) / 2 - len(cell.lines) * LINE / 2
        for n, text in enumerate(cell.lines):
            x = x1 - 3 - pdf.get_string_width(text) if cell.right else x0 + 3
            pdf.text(x, first + (n + 1) * LINE - 2.5, text)
    return xs


def draw_border(pdf: FPDF, x0: float, y0: float, x1: float, y1: float, rules: str) -> None:
    if rules == "rects":
        pdf.rect(x0, y0, x1 - x0, y1 - y0)
    elif rules == "lines":
        for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x0, y1), (x1, y1)), ((x0, y0), (x0, y1))):
            pdf.line(*a, *b)
    else:
        for x, y, w, h in ((x0, y0, x1 - x0, 0.6), (x0, y1, x1 - x0, 0.6), (x0, y0, 0.6, y1 - y0),
                           (x1, y0, 0.6, y1 - y0)):
            pdf.rect(x - 0.3 * (w < 1), y - 0.3 * (h < 1), w, h, style="F")


def body(row: int, values: tuple) -> list[Cell]:
    """One data row: codes and name left-aligned, amounts (from column 4) right-aligned."""
    return [Cell(row, col, tuple(value) if isinstance(value, list) else (value,), right=col >= 4)
            for col, value in enumerate(values) if value]


WIDTHS = [30, 24, 24, 170, 80, 80, 80]
HEADER = [
    Cell(0, 0, ("科目编码",), cols=3), Cell(0, 3, ("科目名称",), rows=2), Cell(0, 4, ("合计",), rows=2),
    Cell(0, 5, ("基本支出",), rows=2), Cell(0, 6, ("项目支出",), rows=2),
    Cell(1, 0, ("类",)), Cell(1, 1, ("款",)), Cell(1, 2, ("项",)),
]
HEADER_ROWS = [
    ("科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"),
    ("类", "款", "项", "", "", "", ""),
]
PAGE1_BODY = [
    ("201", "01", "01", "行政运行", "1,234.50", "1,234.50", ""),
    ("205", "02", "99", ["其他普通教育", "支出（含合成", "项目）"], "96,282,213.44", "282,213.44", "96,000,000.00"),
    ("208", "05", "05", ["Project", "Alpha 2024"], "10.00", "", "10.00"),
]
PAGE2_BODY = [
    ("210", "11", "01", "行政单位医疗", "300.00", "300.00", ""),
]


@functools.cache
def ruled_document(rules: str = "rects") -> bytes:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("noto", size=14)
    pdf.text(200, 50, "2024年部门预算支出总表")
    pdf.set_font("noto", size=9)
    pdf.text(40, 80, "编制单位：合成县教育局")
    pdf.text(480, 80, "单位：元")
    cells = HEADER + [c for n, values in enumerate(PAGE1_BODY) for c in body(2 + n, values)]
    heights = [20, 20, 20, 3 * LINE + 6, 2 * LINE + 6]
    draw_table(pdf, 40, 90, WIDTHS, heights, cells, rules)
    pdf.text(40, 90 + sum(heights) + 20, "注：本表金额单位为元。")
    pdf.add_page()
    total = Cell(3, 0, ("合计",), cols=4)
    amounts = [Cell(3, col, (text,), right=True) for col, text in ((4, "96,283,757.94"), (5, "283,757.94"),
                                                                     (6, "96,000,010.00"))]
    cells = HEADER + body(2, PAGE2_BODY[0]) + [total, *amounts]
    draw_table(pdf, 40, 60, WIDTHS, [20, 20, 20, 20], cells, rules)
    return bytes(pdf.output())


RULED_ROWS = [
    (1, ("2024年部门预算支出总表",)),
    (1, ("编制单位：合成县教育局", "单位：元")),
    *[(1, row) for row in HEADER_ROWS],
    (1, ("201", "01", "01", "行政运行", "1,234.50", "1,234.50", "")),
    (1, ("205", "02", "99", "其他普通教育支出（含合成项目）", "96,282,213.44", "282,213.44", "96,000,000.00")),
    (1, ("208", "05", "05", "Project Alpha 2024", "10.00", "", "10.00")),
    (1, ("注：本表金额单位为元。",)),
    *[(2, row) for row in HEADER_ROWS],
    (2, ("210", "11", "01", "行政单位医疗", "300.00", "300.00", "")),
    (2, ("合计", "", "", "", "96,283,757.94", "283,757.94", "96,000,010.00")),
]


@pytest.fixture(scope="module")
def ruled():
    return read_pdf("ruled.pdf", ruled_document())


@pytest.mark.parametrize("rules", ["rects", "lines", "bars"])
def test_ruled_rows_come_back_exactly(rules):
    source = read_pdf("ruled.pdf", ruled_document(rules))
    assert [(row.page, row.cells) for row in source.rows] == RULED_ROWS


def test_row_source_provenance(ruled):
    assert ruled.file_type == "pdf"
    assert ruled.name == "ruled.pdf"
    assert ruled.pages == 2
    assert [row.number for row in ruled.rows] == list(range(1, len(RULED_ROWS) + 1))
    assert ruled.rows[-1].where() == "第2页"


@pytest.mark.parametrize("index, expected", [
    (4, (43, 73, 97, 121, 0, 0, 0)),  # "201 01 01 行政运行 …": left edges of the text; amounts right-aligned
    (3, (43, 73, 97, 118, 288, 368, 448)),  # 类 款 项 then cells covered by the merged header: the column's edge
])
def test_cell_x_is_left_edge_of_text(ruled, index, expected):
    row = ruled.rows[index]
    for got, want in zip(row.x, expected, strict=True):
        if want:
            assert got == pytest.approx(want, abs=0.5)
        else:  # a right-aligned amount starts well inside its column
            assert got > 288 + 20


def test_split_code_columns_are_separate_cells(ruled):
    codes = [row.cells[:3] for row in ruled.rows if row.cells[0].isdigit()]
    assert codes == [("201", "01", "01"), ("205", "02", "99"), ("208", "05", "05"), ("210", "11", "01")]


# ------------------------------------------------------------------ text outside tables


def unruled_document() -> bytes:
    """Amounts right-aligned at fixed edges, no rules at all."""
    pdf = new_pdf()
    pdf.add_page()
    lines = [
        ("项目", "上年预算", "本年预算"),
        ("工资福利支出", "1,200.00", "96,282,213.44"),
        ("商品和服务支出", "88,888,888.88", "77,777,777.77"),
        ("对个人和家庭的补助", "", "5.00"),
    ]
    for n, (name, before, now) in enumerate(lines):
        y = 80 + n * 16
        pdf.text(40, y, name)
        for right, text in ((300, before), (370, now)):
            if text:
                pdf.text(right - pdf.get_string_width(text), y, text)
    return bytes(pdf.output())


def test_unruled_table_splits_at_gaps():
    rows = read_pdf("unruled.pdf", unruled_document()).rows
    assert [row.cells for row in rows] == [
        ("项目", "上年预算", "本年预算"),
        ("工资福利支出", "1,200.00", "96,282,213.44"),
        ("商品和服务支出", "88,888,888.88", "77,777,777.77"),
        ("对个人和家庭的补助", "5.00"),
    ]
    assert rows[1].x[2] == pytest.approx(370 - 9 * 0.55 * 13, abs=15)


PARAGRAPH = [
    "一、部门基本情况",
    "合成县教育局主要职责是贯彻执行国家教育方针政策，统筹规划全县教育事业发展。",
    "本部门2024年收入预算96,282,213.44元，比上年增加1,234.50元。",
    "The reader keeps spaces between Latin words.",
    "⽀出预算按功能分类。",  # a Kangxi radical (U+2F40) as some producers emit it for 支
]


@functools.cache
def paragraph_document() -> bytes:
    pdf = new_pdf()
    pdf.add_page()
    for n, text in enumerate(PARAGRAPH):
        pdf.text(40, 80 + n * 18, text)
    return bytes(pdf.output())


def test_paragraph_lines_are_one_cell_each():
    rows = read_pdf("text.pdf", paragraph_document()).rows
    assert [row.cells for row in rows] == [(text,) for text in PARAGRAPH[:4]] + [("支出预算按功能分类。",)]


# ------------------------------------------------------------------ a ruled frame around unruled rows


def framed_document() -> bytes:
    """Header ruled, body rows without horizontal rules (vertical rules run through)."""
    pdf = new_pdf()
    pdf.add_page()
    widths = [160, 90, 90]
    draw_table(pdf, 40, 60, widths, [20], [Cell(0, 0, ("项目",)), Cell(0, 1, ("合计",)), Cell(0, 2, ("基本支出",))])
    body_rows = [("人员经费", "647.64", "647.64"), ("公用经费", "114.15", "114.15"), ("项目支出", "4,875.72", "")]
    xs = draw_table(pdf, 40, 80, widths, [16 * len(body_rows)], [Cell(0, c, ()) for c in range(3)])
    for n, values in enumerate(body_rows):
        y = 80 + 12 + n * 16
        pdf.text(xs[0] + 3, y, values[0])
        for c in (1, 2):
            if values[c]:
                pdf.text(xs[c + 1] - 3 - pdf.get_string_width(values[c]), y, values[c])
    return bytes(pdf.output())


def test_unruled_rows_inside_a_ruled_frame_are_split_by_line():
    rows = read_pdf("framed.pdf", framed_document()).rows
    assert [row.cells for row in rows] == [
        ("项目", "合计", "基本支出"),
        ("人员经费", "647.64", "647.64"),
        ("公用经费", "114.15", "114.15"),
        ("项目支出", "4,875.72", ""),
    ]


def test_a_box_around_a_title_is_not_a_table():
    pdf = new_pdf()
    pdf.add_page()
    pdf.rect(40, 40, 300, 30)
    pdf.text(50, 60, "编制单位：合成县教育局")
    pdf.text(250, 60, "单位：万元")
    rows = read_pdf("boxed.pdf", bytes(pdf.output())).rows
    assert [row.cells for row in rows] == [("编制单位：合成县教育局", "单位：万元")]


def test_rotated_page_reads_upright():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="noto", fontfile=FONT)
    for n, text in enumerate(["第一行", "第二行"]):
        # text running down the page, as a landscape table stored on a portrait page
        page.insert_text((500 - n * 20, 100), text, fontname="noto", fontsize=10, rotate=-90)
    rows = read_pdf("turned.pdf", doc.tobytes()).rows
    assert [row.cells for row in rows] == [("第一行",), ("第二行",)]


# ------------------------------------------------------------------ bad input


def truncated() -> bytes:
    data = ruled_document()
    return data[: len(data) // 2]


def encrypted() -> bytes:
    doc = pymupdf.open(stream=paragraph_document(), filetype="pdf")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")


def image_only() -> bytes:
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pixmap.set_rect(pixmap.irect, (200, 200, 200))
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(50, 50, 250, 250), stream=pixmap.tobytes("png"))
    return doc.tobytes()


def blank_pages() -> bytes:
    doc = pymupdf.open()
    doc.new_page()
    doc.new_page()
    return doc.tobytes()


def zero_pages() -> bytes:
    """A well-formed PDF whose page tree is empty (pymupdf refuses to write one)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for n, body_ in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body_))
    xref = out.tell()
    out.write(b"xref\n0 3\n0000000000 65535 f \n")
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def too_many_pages() -> bytes:
    doc = pymupdf.open()
    for _ in range(MAX_PAGES + 1):
        doc.new_page(width=100, height=100)
    return doc.tobytes()


@pytest.mark.parametrize("make, code", [
    (lambda: random.Random(7).randbytes(5000), "damaged"),
    (lambda: b"%PDF-1.7\n" + random.Random(8).randbytes(5000), "damaged"),
    (truncated, "damaged"),
    (encrypted, "encrypted"),
    (image_only, "scanned"),
    (blank_pages, "empty"),
    (zero_pages, "empty"),
    (too_many_pages, "too_large"),
], ids=["random", "pdf-header-then-noise", "truncated", "encrypted", "image-only", "blank-pages",
        "zero-pages", "too-many-pages"])
def test_bad_input_names_the_reason(make, code):
    with pytest.raises(UnreadableDocument) as caught:
        read_pdf("bad.pdf", make())
    assert caught.value.code == code
    assert caught.value.file == "bad.pdf"
    assert caught.value.zh and caught.value.en


def test_scan_without_any_text_says_ocr_read_nothing():
    with pytest.raises(UnreadableDocument) as caught:
        read_pdf("scan.pdf", image_only())
    assert "文字识别" in caught.value.zh
    assert "OCR" in caught.value.en
