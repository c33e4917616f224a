"""sources.page_image: the highlight lands on the row drawn there, judged from the rendered pixels.

Test PDFs are drawn here with fpdf2 at known positions; the rows' texts come from
reader.pdf, as the dashboard gets them. Where a row is comes from the drawing, never
from the function under test.
"""

from __future__ import annotations

import functools
import io
import math
import tempfile
from pathlib import Path

import pymupdf
import pytest
from fpdf import FPDF
from PIL import Image, ImageChops

from reader.pdf import read_pdf
from reader.rows import Row
from sources.page_image import MAX_SIDE, PageImage, SourcePageError, locate_row, page_png
from synthetic.disclosure import generate_disclosure
from synthetic.render_pdf import render_pdf

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
LEFT, TOP = 40.0, 90.0
WIDTHS = [30, 24, 24, 170, 80, 80, 80]
RIGHT = LEFT + sum(WIDTHS)
ROW_H = 20.0
LINE = 11.0  # points between the lines of a wrapped cell
HEADER = ("类", "款", "项", "科目名称", "合计", "基本支出", "项目支出")
WRAPPED = ("其他普通教育", "支出（含合成", "2024年项目）")  # figures on its last line: no rule snap hides it
PAGE1 = [
    ("201", "01", "01", "行政运行", "1,933.57", "1,933.57", "0.00"),
    ("201", "01", "02", "一般行政管理事务", "0.00", "0.00", "0.00"),
    ("201", "03", "01", "行政运行", "0.00", "0.00", "0.00"),
    ("205", "02", "01", "学前教育", "0.00", "0.00", "0.00"),
    ("205", "02", "99", WRAPPED, "96,282,213.44", "282,213.44", "96,000,000.00"),
    ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "0.00", "0.00", "0.00"),
    ("210", "11", "01", "行政单位医疗", "300.00", "300.00", "0.00"),
]
PAGE2 = [
    ("213", "01", "04", "事业运行", "45.60", "45.60", "0.00"),
    ("213", "01", "08", "病虫害控制", "0.00", "0.00", "0.00"),
    ("213", "01", "99", "Project Alpha 2024", "7.00", "", "7.00"),  # read with spaces
    ("301", "01", "", "\u2f08员经费", "1,200.00", "1,200.00", ""),  # a Kangxi radical, read as 人
]


def key(values: tuple) -> tuple[str, ...]:
    """A body row's codes and name as the reader gives them (wrapped lines joined)."""
    return (*values[:3], values[3] if isinstance(values[3], str) else "".join(values[3]))


def row_heights(body: list[tuple]) -> list[float]:
    return [ROW_H if isinstance(values[3], str) else len(values[3]) * LINE + 6 for values in body]


def row_rects(body: list[tuple]) -> list[pymupdf.Rect]:
    """Where each body row is drawn (points, page frame): the truth the tests judge by."""
    rects, y = [], TOP + ROW_H
    for height in row_heights(body):
        rects.append(pymupdf.Rect(LEFT, y, RIGHT, y + height))
        y += height
    return rects


def draw_page(pdf: FPDF, body: list[tuple]) -> None:
    pdf.add_page()
    pdf.set_font("noto", size=14)
    pdf.text(200, 50, "2024年部门预算支出总表")
    pdf.set_font("noto", size=9)
    pdf.text(LEFT, 80, "单位：元")
    xs = [LEFT]
    for width in WIDTHS:
        xs.append(xs[-1] + width)
    rows = [(HEADER, ROW_H), *zip(body, row_heights(body), strict=True)]
    y = TOP
    for values, height in rows:
        for col, value in enumerate(values):
            lines = (value,) if isinstance(value, str) else value
            lines = tuple(line for line in lines if line)
            pdf.rect(xs[col], y, WIDTHS[col], height)
            first = y + height / 2 - len(lines) * LINE / 2
            for n, text in enumerate(lines):
                right = col >= 4 and values is not HEADER
                x = xs[col + 1] - 3 - pdf.get_string_width(text) if right else xs[col] + 3
                pdf.text(x, first + (n + 1) * LINE - 2.5, text)
        y += height


@functools.cache
def document(orientation: str = "P") -> bytes:
    pdf = FPDF(orientation=orientation, unit="pt", format="A4")
    pdf.add_font("noto", "", FONT)
    pdf.set_line_width(0.5)
    draw_page(pdf, PAGE1)
    draw_page(pdf, PAGE2)
    return bytes(pdf.output())


@functools.cache
def turned(rotation: int) -> bytes:
    """The landscape document stored turned on its pages, with /Rotate turning it back for display.

    Rendered, it is the landscape document (pixel for pixel); its text runs down, up or
    backwards in the page's own coordinates, where PyMuPDF reports and draws.
    """
    source = pymupdf.open(stream=document("L"), filetype="pdf")
    doc = pymupdf.open()
    for number, page in enumerate(source):
        width, height = page.rect.width, page.rect.height
        target = doc.new_page(width=height, height=width) if rotation % 180 else doc.new_page(
            width=width, height=height)
        target.show_pdf_page(target.rect, source, number, rotate=rotation)
        target.set_rotation(rotation)
    return doc.tobytes()


@functools.cache
def rows_of(data: bytes) -> tuple[Row, ...]:
    return read_pdf("test.pdf", data).rows


def row_named(data: bytes, name: str) -> Row:
    (row,) = [row for row in rows_of(data) if name in row.cells]
    return row


def body_row(data: bytes, values: tuple) -> Row:
    (row,) = [row for row in rows_of(data) if row.cells[:4] == key(values)]
    return row


def image(result: PageImage) -> Image.Image:
    return Image.open(io.BytesIO(result.png)).convert("RGB")


def tint(img: Image.Image, rect: pymupdf.Rect, zoom: float) -> float:
    """Share of the pixels inside ``rect`` (display points, 3 pt in from its edges) tinted yellow."""
    box = (rect + (3, 3, -3, -3)) * zoom
    strip = img.crop((round(box.x0), round(box.y0), round(box.x1), round(box.y1)))
    data = strip.tobytes()
    return sum(1 for n in range(0, len(data), 3) if data[n] - data[n + 2] > 50) / (len(data) // 3)


def assert_only_row_tinted(result: PageImage, rects: list[pymupdf.Rect], index: int, zoom: float) -> None:
    img = image(result)
    shares = [round(tint(img, rect, zoom), 2) for rect in rects]
    assert shares[index] > 0.9, shares
    assert all(share < 0.02 for n, share in enumerate(shares) if n != index), shares


# ------------------------------------------------------------------ the right row


@pytest.mark.parametrize("index", range(len(PAGE1)))
def test_highlight_lands_on_its_row_only(index):
    data = document()
    row = body_row(data, PAGE1[index])
    result = page_png(data, row.page, row.text, dpi=72)
    assert (result.found, result.page, result.pages) == (True, 1, 2)
    assert_only_row_tinted(result, row_rects(PAGE1), index, zoom=1.0)


def test_row_of_zeros_is_found_by_its_name_and_codes():
    """学前教育 and the second 行政运行 print 0.00 three times, like three other rows of the page."""
    data = document()
    zeros = sum(cell == "0.00" for row in rows_of(data) if row.page == 1 for cell in row.cells)
    assert zeros == 14
    for index in (2, 3):
        result = page_png(data, 1, body_row(data, PAGE1[index]).text, dpi=72)
        assert_only_row_tinted(result, row_rects(PAGE1), index, zoom=1.0)


def test_wrapped_name_is_found_and_all_its_lines_are_covered():
    data = document()
    row = row_named(data, "其他普通教育支出（含合成2024年项目）")  # the reader joined the three lines
    result = page_png(data, 1, row.text, dpi=72)
    assert result.found
    rect = row_rects(PAGE1)[4]
    first, last = rect.y0 + rect.height / 2 - 1.5 * LINE, rect.y0 + rect.height / 2 + 1.5 * LINE
    img = image(result)
    for y in (first + 4, last - 4):  # inside the first and the third line of the name
        assert tint(img, pymupdf.Rect(LEFT + 80, y - 4, LEFT + 250, y + 4), 1.0) > 0.9
    assert_only_row_tinted(result, row_rects(PAGE1), 4, zoom=1.0)


def test_wrapped_name_by_its_first_line_when_the_rest_differs():
    """The rest of the name does not follow (read differently): its first line still places the row."""
    data = document()
    cells = list(row_named(data, "其他普通教育支出（含合成2024年项目）").cells)
    cells[3] = "其他普通教育支出（含另一项目）"
    result = page_png(data, 1, "\t".join(cells), dpi=72)
    assert result.found
    rects = row_rects(PAGE1)
    middle = pymupdf.Rect(rects[4].x0, rects[4].y0 + 12, rects[4].x1, rects[4].y1 - 12)  # its line of figures
    assert_only_row_tinted(result, [*rects[:4], middle, *rects[5:]], 4, zoom=1.0)


@pytest.mark.parametrize("text", [
    "213\t01\t04\t事业运行\t45.60\t45.60\t0.00",  # a row of page 2
    "210\t11\t02\t行政单位医疗\t12.00\t12.00\t0.00",  # its name is on the page, in another row
    "不存在的项目\t0.00\t0.00\t0.00",  # only its zeros are on the page
    "0.00\t0.00\t0.00",
    "05\t05\t0.00\t0.00\t0.00",  # one line has these, but short codes and zeros are too weak
    "行政运行",  # twice on the page: which one cannot be told
    "",
])
def test_row_not_on_the_page_renders_without_highlight(text):
    result = page_png(document(), 1, text, dpi=72)
    assert not result.found
    whole = pymupdf.Rect(LEFT, TOP, RIGHT, row_rects(PAGE1)[-1].y1)
    assert tint(image(result), whole, 1.0) == 0


def test_page_alone_and_highlight_not_kept_between_calls():
    data = document()
    text = row_named(data, "行政单位医疗").text
    assert page_png(data, 1, text, dpi=72).found
    again = page_png(data, 1, None, dpi=72)
    assert not again.found
    assert tint(image(again), pymupdf.Rect(LEFT, TOP, RIGHT, row_rects(PAGE1)[-1].y1), 1.0) == 0


@pytest.mark.parametrize("index", range(len(PAGE2)))
def test_second_page(index):
    data = document()
    (row,) = [row for row in rows_of(data) if row.page == 2 and row.cells[:2] + row.cells[3:4] == (
        PAGE2[index][0], PAGE2[index][1], PAGE2[index][3].replace("\u2f08", "人"))]
    result = page_png(data, 2, row.text, dpi=72)
    assert (result.found, result.page) == (True, 2)
    assert_only_row_tinted(result, row_rects(PAGE2), index, zoom=1.0)


UNRULED = [("行政运行", "1,933.57", "0.00"), ("一般行政管理事务", "0.00", "0.00"),
           ("学前教育", "0.00", "0.00"), ("行政单位医疗", "300.00", "0.00"), ("", "0.00", "0.00")]
UNRULED_BASE, UNRULED_STEP = 120.0, 16.0  # baseline of the first row, points between rows


@functools.cache
def unruled() -> bytes:
    """A table without rules: names on the left, amounts right-aligned in two columns."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("noto", "", FONT)
    pdf.set_font("noto", size=9)
    pdf.add_page()
    for n, (name, *amounts) in enumerate(UNRULED):
        base = UNRULED_BASE + n * UNRULED_STEP
        if name:
            pdf.text(LEFT, base, name)
        for right, amount in zip((300, 400), amounts, strict=True):
            pdf.text(right - pdf.get_string_width(amount), base, amount)
    return bytes(pdf.output())


@pytest.mark.parametrize("index", [2, 4], ids=["named", "zeros-only"])
def test_unruled_table_row_is_highlighted_across_its_columns(index):
    """The zeros-only row is the one line holding exactly "0.00 0.00": that alone may place it."""
    data = unruled()
    (row,) = [row for row in rows_of(data) if row.cells == tuple(c for c in UNRULED[index] if c)]
    result = page_png(data, 1, row.text, dpi=72)
    assert result.found
    rects = [pymupdf.Rect(LEFT, base - 8, 400, base + 3)
             for base in (UNRULED_BASE + n * UNRULED_STEP for n in range(len(UNRULED)))]
    assert_only_row_tinted(result, rects, index, zoom=1.0)


def test_a_lone_zero_places_no_row():
    assert not page_png(unruled(), 1, "0.00", dpi=72).found


@pytest.mark.parametrize(("text", "index"), [("Project Alpha 2024", 2), ("人员经费", 3)])
def test_name_alone_is_compared_as_the_reader_reads_it(text, index):
    """The reader puts spaces between Latin words and reads Kangxi radicals as the usual characters."""
    result = page_png(document(), 2, text, dpi=72)
    assert result.found
    assert_only_row_tinted(result, row_rects(PAGE2), index, zoom=1.0)


# ------------------------------------------------------------------ turned pages


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_turned_page_with_rotate_is_highlighted_on_its_row(rotation):
    data = turned(rotation)
    plain = ImageChops.difference(image(page_png(data, 1, None, dpi=72)),
                                  image(page_png(document("L"), 1, None, dpi=72)))
    assert max(high for _, high in plain.getextrema()) <= 8  # shown as the landscape page, truth holds
    row = row_named(data, "学前教育")
    result = page_png(data, 1, row.text, dpi=72)
    assert result.found
    assert_only_row_tinted(result, row_rects(PAGE1), 3, zoom=1.0)


def test_rotate_alone_turns_the_band_with_the_text():
    """Upright content with /Rotate 90: the row shows as a vertical strip, and so must its band."""
    doc = pymupdf.open(stream=document(), filetype="pdf")
    doc[0].set_rotation(90)
    turn = doc[0].rotation_matrix
    data = doc.tobytes()
    result = page_png(data, 1, row_named(document(), "行政单位医疗").text, dpi=72)
    assert result.found
    assert_only_row_tinted(result, [rect * turn for rect in row_rects(PAGE1)], 6, zoom=1.0)


# ------------------------------------------------------------------ size and errors


@pytest.mark.parametrize("dpi", [72, 110, 150])
def test_png_has_the_size_of_the_page_at_the_dpi(dpi):
    result = page_png(document(), 1, None, dpi=dpi)
    width, height = image(result).size
    assert abs(width - 595.28 * dpi / 72) <= 1 and abs(height - 841.89 * dpi / 72) <= 1


def test_png_long_side_is_capped():
    result = page_png(document(), 1, row_named(document(), "学前教育").text, dpi=600)
    width, height = image(result).size
    assert MAX_SIDE - 2 <= max(width, height) <= MAX_SIDE
    assert abs(width / height - 595.28 / 841.89) < 0.01
    assert_only_row_tinted(result, row_rects(PAGE1), 3, zoom=height / 841.89)


@pytest.mark.parametrize("page", [0, -1, 3])
def test_page_out_of_range(page):
    with pytest.raises(ValueError, match=f"原文第 {page} 页不存在（共 2 页）"):
        page_png(document(), page, None)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, "PNG")
    return out.getvalue()


def encrypted() -> bytes:
    doc = pymupdf.open(stream=document(), filetype="pdf")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")


@pytest.mark.parametrize("make", [lambda: b"", lambda: b"not a pdf at all", png_bytes, encrypted],
                         ids=["empty", "garbage", "png", "encrypted"])
def test_not_a_readable_pdf(make):
    with pytest.raises(SourcePageError, match="原文") as raised:
        page_png(make(), 1, None)
    assert isinstance(raised.value, ValueError)


def test_dpi_must_be_positive():
    with pytest.raises(ValueError, match="分辨率"):
        page_png(document(), 1, None, dpi=0)


# ------------------------------------------------------------------ a whole generated disclosure


def test_every_row_of_a_generated_disclosure_is_located_in_reading_order():
    """Each page's rows (as the reader read them) are found, top to bottom in the reader's order."""
    with tempfile.TemporaryDirectory() as folder:
        disclosure = generate_disclosure(7, contradiction="none", omit="none")
        data = render_pdf(disclosure, Path(folder) / "d.pdf").read_bytes()
    doc = pymupdf.open(stream=data, filetype="pdf")
    missing, tops = [], {}
    for row in read_pdf("d.pdf", data).rows:
        band = locate_row(doc[row.page - 1], row.text)
        if band is None:
            missing.append((row.page, row.text))
        elif len(row.nonempty()) >= 2 and any(c[0].isdigit() for c in row.nonempty()):
            tops.setdefault(row.page, []).append(band.y0)
    assert missing == []
    assert sum(len(ys) for ys in tops.values()) > 100
    assert all(ys == sorted(ys) and len(set(ys)) == len(ys) for ys in tops.values())


# ------------------------------------------------------------------ a scanned page (OCR)


@pytest.mark.parametrize("skew", [0.0, 2.0])
def test_a_row_of_a_scanned_page_is_highlighted_where_the_text_page_has_it(skew):
    """A scanned copy has no text: the row is found where OCR reads it, the band turned back by the
    skew OCR undid. The truth is the same row located on the generated page's text layer."""
    from synthetic.scan import scan_pdf

    with tempfile.TemporaryDirectory() as folder:
        disclosure = generate_disclosure(7, contradiction="none", omit="none")
        data = render_pdf(disclosure, Path(folder) / "d.pdf").read_bytes()
    rows = [r for r in read_pdf("d.pdf", data).rows
            if len(r.nonempty()) >= 3 and sum(c[:1].isdigit() for c in r.nonempty()) >= 2]
    row = rows[len(rows) // 3]  # a money row in the body of a table
    text_band = locate_row(pymupdf.open(stream=data, filetype="pdf")[row.page - 1], row.text)
    scan = scan_pdf(data, pages=[row.page - 1], skews={row.page - 1: skew})
    scanned = pymupdf.open(stream=scan, filetype="pdf")[0]
    assert scanned.get_text().strip() == ""  # no text layer: only OCR can find it
    band = locate_row(scanned, row.text)
    assert band is not None, row.text
    middle = (band.ul.y + band.ll.y + band.ur.y + band.lr.y) / 4
    assert abs(middle - (text_band.y0 + text_band.y1) / 2) < 4, (band, text_band)
    assert band.ll.y - band.ul.y < 2 * text_band.height + 2  # one row high, not a slanted box around it
    # slanted as the scan turned the page: cv2 turned it counter-clockwise by ``skew`` about its centre
    centre, turn = scanned.rect.width / 2, math.radians(skew)
    expected_y = scanned.rect.height / 2 - (band.ul.x - centre) * math.sin(turn) \
        + (text_band.y0 - scanned.rect.height / 2) * math.cos(turn)
    assert abs(band.ul.y - expected_y) < 4, (band.ul, expected_y)
    image = page_png(scan, 1, row.text)
    assert image.found
