"""Render a Disclosure as a PDF in the national template (ruled tables, CJK text layer).

Each table starts on its own page: a centered title, a 编制部门/单位 line, then a
ruled grid whose header rows repeat when the table runs over a page. The font
is a subset of Noto Sans CJK SC holding every character this package can
print, built once and cached, so a document renders in well under a second.

Layouts of real documents (Variant, REAL_LAYOUT_CHOICES): a 目录 page; on a
continuation page the title again (with a "表5" line above it) or nothing at
all; tables packed one under another; pages stored with /Rotate 90.
"""

from __future__ import annotations

import hashlib
import string
import tempfile
from pathlib import Path

import pymupdf
from fpdf import FPDF

from synthetic.disclosure import Amount, Disclosure, Grid, Name, explanatory_text, format_amount, table_grids

FONT_PATH = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_INDEX = 2  # Noto Sans CJK SC inside the collection
MARGIN = 12.0
HEADER_H = 7.0
ROW_H = 6.5
BODY_SIZE = 8.5
INDENT_MM = 4.0  # per level when names are indented instead of coded

_font_file: Path | None = None


class FontError(RuntimeError):
    """The CJK font is missing (install fonts-noto-cjk, see scripts/setup.sh)."""


def _charset() -> str:
    here = Path(__file__).parent
    text = "".join((here / name).read_text(encoding="utf-8")
                   for name in ("disclosure.py", "render_pdf.py", "final.py"))  # final.py: 决算 words
    return "".join(sorted(set(text) | set(string.printable) | set("（）：，。“”≥≤、％")))


def font_file() -> Path:
    """A cached subset of the CJK font covering every character the generator can emit."""
    global _font_file
    if _font_file is not None:
        return _font_file
    if not FONT_PATH.exists():
        raise FontError(f"{FONT_PATH} not found")
    chars = _charset()
    digest = hashlib.sha1(chars.encode()).hexdigest()[:12]
    path = Path(tempfile.gettempdir()) / f"synthetic-noto-sc-{digest}.otf"
    if not path.exists():
        from fontTools import subset
        from fontTools.ttLib import TTFont

        font = TTFont(str(FONT_PATH), fontNumber=FONT_INDEX)
        options = subset.Options()
        options.name_IDs = ["*"]
        options.layout_features = []
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        partial = path.with_suffix(f".{digest}.tmp")
        font.save(str(partial))
        partial.replace(path)
    _font_file = path
    return path


class _Doc:
    def __init__(self, disclosure: Disclosure):
        self.d = disclosure
        self.v = disclosure.variant
        self.pdf = FPDF(orientation=self.v.orientation, unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.add_font("noto", "", str(font_file()))
        self.pdf.set_font("noto", size=BODY_SIZE)
        self.pdf.set_creator("synthetic.render_pdf (generated test data)")
        self.width = self.pdf.w - 2 * MARGIN
        self.first_table_page = 10**6  # set by the first table

    # ---- primitives ----
    def text_cell(self, x: float, y: float, w: float, h: float, text: str, align: str = "C",
                  size: float = BODY_SIZE, border: int = 1, indent: float = 0.0) -> None:
        pdf = self.pdf
        if border:
            pdf.rect(x, y, w, h)
        fit = size
        pdf.set_font_size(fit)
        while fit > 4.5 and pdf.get_string_width(text) > w - indent - 1.5:
            fit -= 0.5
            pdf.set_font_size(fit)
        pdf.set_xy(x + indent, y)
        pdf.cell(w - indent, h, text, border=0, align=align)
        pdf.set_font_size(BODY_SIZE)

    def title(self, text: str, number: int | None = None, top: float = MARGIN) -> None:
        """The title at ``top`` (a new page: the margin), under a "表5" line when numbered."""
        pdf = self.pdf
        if number is not None:
            self.text_cell(MARGIN, top, self.width, 6, f"表{number}", align="L", size=10, border=0)
            top += 7
        pdf.set_xy(MARGIN, top)
        self.text_cell(MARGIN, top, self.width, 11, text, size=16, border=0)
        pdf.set_y(top + 13)

    def unit_line(self, grid: Grid) -> None:
        y = self.pdf.get_y()
        self.text_cell(MARGIN, y, self.width * 0.7, 6, self.d.preparer(), align="L", size=9, border=0)
        unit = f"{self.v.unit_label}{grid.unit}"
        self.text_cell(MARGIN + self.width * 0.7, y, self.width * 0.3, 6, unit, align="R", size=9,
                       border=0)
        self.pdf.set_y(y + 7)

    # ---- pages ----
    def cover(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        top = pdf.h * 0.3
        for i, line in enumerate((self.d.region, self.d.department,
                                  f"{self.d.year}年{self.d.edition}预算")):
            self.text_cell(MARGIN, top + i * 16, self.width, 14, line, size=22, border=0)

    def contents(self, titles: list[str]) -> None:
        """目录: every table's title, numbered, with or without a "目录" heading line."""
        pdf = self.pdf
        pdf.add_page()
        y = MARGIN
        if self.v.contents == "heading":
            self.text_cell(MARGIN, y, self.width, 11, "目录", size=16, border=0)
            y += 15
        for i, text in enumerate(titles):
            self.text_cell(MARGIN + 10, y, self.width - 20, 8, f"{_ordinal(i + 1)}、{text}", align="L",
                           size=11, border=0)
            y += 9

    def explanation(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        self.title(f"{self.d.department}{self.d.year}年{self.d.edition}预算情况说明")
        pdf.set_font_size(11)
        for paragraph in explanatory_text(self.d):
            pdf.set_x(MARGIN)
            pdf.multi_cell(self.width, 7, "　　" + paragraph)
            pdf.ln(2)
        pdf.set_font_size(BODY_SIZE)

    def table(self, grid: Grid, number: int) -> None:
        pdf = self.pdf
        numbered = number if self.v.continued_title == "numbered" else None
        top = pdf.get_y() + 4
        room = (20 if numbered else 13) + 7 + (len(grid.head_block) + grid.header_rows) * HEADER_H + ROW_H
        if self.v.packed and pdf.page > self.first_table_page and top + room < pdf.h - MARGIN:
            self.title(grid.title, numbered, top)  # right under the last table's last row
        else:
            pdf.add_page()
            self.first_table_page = min(self.first_table_page, pdf.page)
            self.title(grid.title, numbered)
        self.unit_line(grid)
        xs = self._columns(grid)
        for label, value in grid.head_block:
            self._head_row(label, value, grid.unit)
        self._header(grid, xs)
        if grid.note:
            y = pdf.get_y()
            self.text_cell(MARGIN, y, self.width, ROW_H, grid.note)
            pdf.set_y(y + ROW_H)
        bottom = pdf.h - MARGIN
        for row in grid.rows:
            if pdf.get_y() + ROW_H > bottom:
                pdf.add_page()
                self._continuation(grid, xs, numbered)
            self._row(row, xs, grid.unit)

    def _continuation(self, grid: Grid, xs: list[float], numbered: int | None) -> None:
        """The top of a page a table goes on to: 续 title | the same title (under its number) |
        header only ("none") | nothing at all ("bare")."""
        style = self.v.continued_title
        if style == "续":
            self.title(grid.title + "（续）")
        elif style in ("repeat", "numbered"):
            self.title(grid.title, numbered)
        else:
            self.pdf.set_y(MARGIN)
        if style != "bare":
            self._header(grid, xs)

    def _columns(self, grid: Grid) -> list[float]:
        scale = self.width / sum(grid.widths)
        xs = [MARGIN]
        for w in grid.widths:
            xs.append(xs[-1] + w * scale)
        return xs

    def _head_row(self, label: str, value, unit: str) -> None:
        y = self.pdf.get_y()
        text = format_amount(value.fen, unit, self.v) if isinstance(value, Amount) else value
        self.text_cell(MARGIN, y, self.width * 0.2, HEADER_H, label)
        self.text_cell(MARGIN + self.width * 0.2, y, self.width * 0.8, HEADER_H, text, align="L",
                       indent=1)
        self.pdf.set_y(y + HEADER_H)

    def _header(self, grid: Grid, xs: list[float]) -> None:
        y = self.pdf.get_y()
        for cell in grid.header:
            x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
            self.text_cell(x0, y + cell.row * HEADER_H, x1 - x0, cell.rowspan * HEADER_H, cell.text)
        self.pdf.set_y(y + grid.header_rows * HEADER_H)

    def _row(self, row: list, xs: list[float], unit: str) -> None:
        y = self.pdf.get_y()
        for i, cell in enumerate(row):
            w = xs[i + 1] - xs[i]
            if isinstance(cell, Amount):
                self.text_cell(xs[i], y, w, ROW_H, format_amount(cell.fen, unit, self.v), align="R")
            elif isinstance(cell, Name):
                self.text_cell(xs[i], y, w, ROW_H, cell.text, align="L", indent=1 + cell.depth * INDENT_MM)
            else:
                self.text_cell(xs[i], y, w, ROW_H, cell)
        self.pdf.set_y(y + ROW_H)


def _ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二, 21 -> 二十一."""
    digits = "一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")
    return head + (digits[ones - 1] if ones else "")


def contents_titles(disclosure: Disclosure) -> list[str]:
    """The titles a 目录 lists: every table once (the project target tables under one title)."""
    out: list[str] = []
    for grid in table_grids(disclosure):
        if grid.title not in out:
            out.append(grid.title)
    return out


def render_pdf(disclosure: Disclosure, path: Path) -> Path:
    """Write ``disclosure`` as a PDF at ``path`` (cover, [目录,] 情况说明, then every table)."""
    doc = _Doc(disclosure)
    doc.cover()
    if disclosure.variant.contents != "none":
        doc.contents(contents_titles(disclosure))
    doc.explanation()
    for number, grid in enumerate(table_grids(disclosure), start=1):
        doc.table(grid, number)
    if disclosure.variant.rotation == "none":
        doc.pdf.output(str(path))
        return path
    data = bytes(doc.pdf.output())
    rotated = set(range(1, doc.pdf.page + 1))
    if disclosure.variant.rotation == "mixed":  # 江苏 2018: the cover and text upright, the tables not
        rotated = {n for n in rotated if n >= doc.first_table_page}
    path.write_bytes(stored_rotated(data, rotated))
    return path


def stored_rotated(data: bytes, pages: set[int]) -> bytes:
    """The PDF with each of ``pages`` (1-based) stored as 江苏 2018/2019 store their tables: the
    content turned onto a page of swapped width and height, and the page given /Rotate 90, so a
    viewer shows it as before while its text runs up the stored page."""
    with pymupdf.open(stream=data, filetype="pdf") as src, pymupdf.open() as out:
        for index, page in enumerate(src):
            if index + 1 not in pages:
                out.insert_pdf(src, from_page=index, to_page=index)
                continue
            stored = out.new_page(width=page.rect.height, height=page.rect.width)
            stored.show_pdf_page(stored.rect, src, index, rotate=90)
            stored.set_rotation(90)
        return out.tobytes(garbage=3, deflate=True)
