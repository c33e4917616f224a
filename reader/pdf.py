"""PDF disclosures as rows: ruled tables cut along their drawn rules, other text by line.

One ``get_text("rawdict")`` and one ``get_cdrawings()`` per page, then pure geometry (the page's
characters, lines and rules come from reader.geometry, shared with 查看原文: sources.page_image):

* Rules are the page's horizontal and vertical strokes (lines, thin filled
  rectangles, and the edges of stroked or shaded cell rectangles). Rules that
  touch each other form a table; its column and row boundaries are the
  distinct positions of its rules.
* A character goes into the grid cell holding its centre. Where no rule
  separates two neighbouring grid cells they are one merged cell: its text
  goes to its top-left grid cell and the others it covers read "" — so every
  row of a table has as many cells as the table has columns. Text on several
  lines of one cell is joined into one cell (no space between Chinese
  characters, one space between two Latin/number tokens).
* A ruled row band holding several lines of amounts in one cell has no rules
  between its rows (a ruled frame around an unruled body): it is split into
  one row per text line.
* Text outside ruled tables becomes one row per text line, split into cells
  at wide gaps (2 em; 1 em next to a number; any space between two numbers),
  which also reads unruled tables whose amounts stand in aligned columns.

Rows of a page are ordered top to bottom (tables and text interleaved by
their y), pages in order.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pymupdf

from reader import geometry
from reader.errors import UnreadableDocument
from reader.geometry import Char, Seg
from reader.progress import PageProgress, page_done
from reader.rows import Row, RowSource
from reader.text_layer import MIN_CHARS, needs_ocr, undecodable, usable_text

MAX_PAGES = 2000

# Rules whose positions are this close (points) are one boundary, whose ends are this close touch.
# What a rule, a line and a space are: reader.geometry, shared with sources.page_image.
_SNAP = 2.0
# Gaps (em) that split a text line outside tables into cells.
_GAP_TEXT = 2.0
_GAP_NUMBER = 1.0

_PYMUPDF_ERRORS = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)
_NUMBER = re.compile(r"^[-+−(（]?[\d.,，]*\d[\d.,，]*%?[)）]?$")


def _radical_map() -> dict[int, str]:
    """Kangxi radicals and compatibility ideographs some PDF producers emit for ordinary characters."""
    table: dict[int, str] = {}
    for low, high in ((0x2E80, 0x2FDF), (0xF900, 0xFAFF)):
        for code in range(low, high + 1):
            folded = unicodedata.normalize("NFKC", chr(code))
            if folded != chr(code) and len(folded) == 1:
                table[code] = folded
    return table


_RADICALS = _radical_map()


# a row as cut from a page: (top y, cells, x of each cell, confidence of each cell)
_Placed = tuple[float, tuple[str, ...], tuple[float, ...], tuple[float, ...]]


@dataclass(slots=True)
class _Table:
    xs: list[float]
    ys: list[float]
    cols: int
    anchor: list[int]  # grid cell -> its merged cell's top-left grid cell
    bottom: list[int]  # merged cell (by anchor) -> last row band it covers

    def holds(self, x: float, y: float) -> bool:
        return self.xs[0] - 1 <= x <= self.xs[-1] + 1 and self.ys[0] - 1 <= y <= self.ys[-1] + 1

    def cell_of(self, x: float, y: float) -> int:
        col = min(max(bisect.bisect_right(self.xs, x) - 1, 0), self.cols - 1)
        row = min(max(bisect.bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.anchor[row * self.cols + col]


# ---------------------------------------------------------------- document


def read_pdf(name: str, data: bytes) -> RowSource:
    """Rows of every page of a PDF; UnreadableDocument when it cannot be read.

    Page by page: a usable text layer is read as it is; a page without one (a scan, fonts
    without a Unicode map, mojibake) is read by OCR (reader.ocr) into the same rows, each cell
    with its recognition confidence, and the page is listed in ``RowSource.ocr_pages``."""
    doc = _open(name, data)
    with doc:
        pages = doc.page_count
        content = [_page_content(name, doc, index) for index in range(pages)]
        chars_seen = sum(len(chars) for chars, _ in content)
        bad = sum(1 for chars, _ in content for ch in chars if _undecodable(ch.c))
        if chars_seen and bad > chars_seen // 2 and doc.is_repaired:
            raise UnreadableDocument(name, "damaged", "PDF 文件已损坏（可能不完整），文字无法读取",
                                     "the PDF is damaged (perhaps truncated) and its text cannot be read")
        to_ocr = [index for index, (chars, rules) in enumerate(content) if _needs_ocr(doc, index, chars, rules)]
        scans = _ocr_pages(name, doc, to_ocr)
        rows: list[Row] = []
        for index in range(pages):
            chars, rules = content[index]
            ocr = index in scans
            if ocr:
                chars, rules = scans[index]
            elif index in to_ocr:
                chars = []  # OCR not installed: the page reads as blank
            for cells, xs, confs in _page_rows(chars, rules):
                rows.append(Row(cells=cells, number=len(rows) + 1, page=index + 1, x=xs,
                                confidence=confs if ocr else None))
        if not rows:
            raise _no_text(name, doc, ocr_missing=bool(to_ocr))
    return RowSource(name=name, file_type="pdf", rows=tuple(rows), pages=pages,
                     ocr_pages=tuple(sorted(i + 1 for i in scans)))


def _needs_ocr(doc: pymupdf.Document, index: int, chars: list[Char], rules: list) -> bool:
    text = "".join(ch.c for ch in chars)
    if len(chars) >= MIN_CHARS and usable_text(text):
        return False  # the common case, decided without looking at the page's images
    page = doc.load_page(index)
    images = page.get_image_info()
    area = abs(page.rect) or 1.0
    share = sum(abs(pymupdf.Rect(i["bbox"]) & page.rect) for i in images) / area
    if not chars and not images and not _curves(page):
        return False  # a blank page (or rules only)
    return needs_ocr(text, share)


def _curves(page: pymupdf.Page) -> bool:
    return any(item[0] == "c" for path in page.get_cdrawings() for item in path["items"])


def _ocr_pages(name: str, doc: pymupdf.Document, indexes: list[int]) -> dict[int, tuple[list[Char], list]]:
    """Characters and rules of each page to be read by OCR; {} when OCR is not installed."""
    if not indexes:
        return {}
    from reader import ocr

    try:
        ocr.engine()
    except ocr.OcrUnavailable:
        return {}
    out = {}
    page_done(PageProgress(0, doc.page_count, False, 0, len(indexes)))
    for n, index in enumerate(indexes):
        try:
            scan = ocr.ocr_page(doc.load_page(index))
        except _PYMUPDF_ERRORS as exc:
            raise UnreadableDocument(name, "damaged", "PDF 页面已损坏，无法读取",
                                     f"the page is damaged and cannot be read ({exc})", page=index + 1) from exc
        out[index] = _ocr_content(scan)
        page_done(PageProgress(index + 1, doc.page_count, True, n + 1, len(indexes)))
    return out


def _ocr_content(scan) -> tuple[list[Char], list[tuple[str, Seg]]]:
    """OCR'd lines as characters laid out across each line's box; the image's rules as rules."""
    chars: list[Char] = []
    for line in scan.lines:
        units = [_width(c) for c in line.text]
        unit = (line.x1 - line.x0) / (sum(units) or 1.0)
        size = (line.y1 - line.y0) / 1.3  # a detected box holds the em and some margin
        centre = (line.y0 + line.y1) / 2
        x = line.x0
        for c, w in zip(line.text, units, strict=True):
            if not c.isspace():
                chars.append(Char(x, x + w * unit, x + w * unit / 2, centre, centre + size / 3, size,
                                  c.translate(_RADICALS), line.confidence))
            x += w * unit
    rules = [(axis, Seg(at, lo, hi)) for axis, at, lo, hi in scan.rules]
    return chars, rules


def _width(c: str) -> float:
    """Advance of a character in ems: Chinese and full-width forms 1, a space 0.5, others 0.55."""
    if c.isspace():
        return 0.5
    return 1.0 if _cjk(c) or "＀" <= c <= "￯" else 0.55


_undecodable = undecodable


def _open(name: str, data: bytes) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except _PYMUPDF_ERRORS as exc:
        raise UnreadableDocument(name, "damaged", "PDF 文件已损坏或不是 PDF，无法打开",
                                 f"the PDF is damaged or not a PDF ({exc})") from exc
    if doc.needs_pass:
        doc.close()
        raise UnreadableDocument(name, "encrypted", "PDF 已加密，需要密码才能打开",
                                 "the PDF is encrypted and needs a password")
    if doc.page_count == 0:
        doc.close()
        raise UnreadableDocument(name, "empty", "PDF 没有任何页面", "the PDF has no pages")
    if doc.page_count > MAX_PAGES:
        count = doc.page_count
        doc.close()
        raise UnreadableDocument(name, "too_large", f"PDF 有 {count} 页，超过 {MAX_PAGES} 页的上限",
                                 f"the PDF has {count} pages, more than the limit of {MAX_PAGES}")
    return doc


def _page_content(name: str, doc: pymupdf.Document, index: int) -> tuple[list[Char], list[Seg]]:
    try:
        page = doc.load_page(index)
        raw = page.get_text("rawdict", flags=geometry.TEXT_FLAGS)
        drawings = page.get_cdrawings()
    except _PYMUPDF_ERRORS as exc:
        raise UnreadableDocument(name, "damaged", "PDF 页面已损坏，无法读取",
                                 f"the page is damaged and cannot be read ({exc})", page=index + 1) from exc
    width, height = raw["width"], raw["height"]
    turn = geometry.turn_of(raw)
    chars = list(geometry.chars(raw, turn, width, height, fold=_RADICALS))
    # A path painted in a colour PyMuPDF gives as () is taken as visible: it may draw a rule.
    rules = geometry.rules(drawings, turn, width * height, width, height, colourless=False)
    return chars, rules


def _no_text(name: str, doc: pymupdf.Document, ocr_missing: bool) -> UnreadableDocument:
    """No row on any page: a scan that OCR read nothing from (or OCR is not installed), or blank pages."""
    if ocr_missing:
        return UnreadableDocument(name, "scanned", "PDF 没有可用的文字层（扫描件），文字识别（OCR）也未读出文字",
                                  "the PDF has no usable text layer (a scan) and OCR read no text from it")
    return UnreadableDocument(name, "empty", "PDF 的页面都是空白", "every page of the PDF is blank")


# ---------------------------------------------------------------- rules


def _merge(segs: list[Seg]) -> list[Seg]:
    """Collinear rules that overlap or touch become one rule."""
    merged: list[Seg] = []
    for group in _clusters(sorted(segs, key=lambda s: s.at), key=lambda s: s.at):
        at = sum(s.at for s in group) / len(group)
        group.sort(key=lambda s: s.lo)
        current = Seg(at, group[0].lo, group[0].hi)
        for seg in group[1:]:
            if seg.lo <= current.hi + _SNAP:
                current.hi = max(current.hi, seg.hi)
            else:
                merged.append(current)
                current = Seg(at, seg.lo, seg.hi)
        merged.append(current)
    return merged


def _clusters(items: list, key) -> list[list]:
    """Sorted items in runs whose keys lie within _SNAP of the run's first key."""
    groups: list[list] = []
    for item in items:
        if groups and key(item) - key(groups[-1][0]) <= _SNAP:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


# ---------------------------------------------------------------- tables


def _tables(rules: list[tuple[str, Seg]]) -> list[_Table]:
    hs = _merge([s for k, s in rules if k == "h"])
    vs = _merge([s for k, s in rules if k == "v"])
    touching = ((i, len(hs) + j) for i, h in enumerate(hs) for j, v in enumerate(vs)
                if h.lo - _SNAP <= v.at <= h.hi + _SNAP and v.lo - _SNAP <= h.at <= v.hi + _SNAP)
    root = geometry.roots(len(hs) + len(vs), touching)
    groups: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(root[i], ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(root[len(hs) + j], ([], []))[1].append(v)
    tables = []
    for ghs, gvs in groups.values():
        if ghs and gvs:
            table = _grid(ghs, gvs)
            if table is not None:
                tables.append(table)
    return tables


def _grid(hs: list[Seg], vs: list[Seg]) -> _Table | None:
    left, right = min(h.lo for h in hs), max(h.hi for h in hs)
    top, bottom = min(v.lo for v in vs), max(v.hi for v in vs)
    xs = _positions([v.at for v in vs] + [left, right])
    ys = _positions([h.at for h in hs] + [top, bottom])
    cols, bands = len(xs) - 1, len(ys) - 1
    if cols < 1 or bands < 1:
        return None
    anchor = geometry.roots(cols * bands, _unruled(hs, vs, xs, ys))  # the smallest is the top-left
    if len(set(anchor)) < 2:  # one box around some text is a frame, not a table
        return None
    bottom_band: dict[int, int] = {}
    for i, a in enumerate(anchor):
        bottom_band[a] = max(bottom_band.get(a, 0), i // cols)
    return _Table(xs, ys, cols, anchor, [bottom_band.get(i, i // cols) for i in range(cols * bands)])


def _unruled(hs: list[Seg], vs: list[Seg], xs: list[float], ys: list[float]) -> Iterable[tuple[int, int]]:
    """Neighbouring grid cells (numbered row by row) that no rule separates: parts of one merged cell."""
    cols, bands = len(xs) - 1, len(ys) - 1
    for r in range(bands):
        mid = (ys[r] + ys[r + 1]) / 2
        for c in range(1, cols):
            if not _covered(vs, xs[c], mid):
                yield r * cols + c - 1, r * cols + c
    for c in range(cols):
        mid = (xs[c] + xs[c + 1]) / 2
        for r in range(1, bands):
            if not _covered(hs, ys[r], mid):
                yield (r - 1) * cols + c, r * cols + c


def _positions(values: list[float]) -> list[float]:
    return [sum(g) / len(g) for g in _clusters(sorted(values), key=float)]


def _covered(segs: list[Seg], at: float, point: float) -> bool:
    return any(abs(s.at - at) <= _SNAP and s.lo - _SNAP <= point <= s.hi + _SNAP for s in segs)


def _table_rows(table: _Table, chars: list[Char]) -> list[_Placed]:
    """(top y, cells, x, confidence) for each row band of a table that holds text."""
    cols, bands = table.cols, len(table.ys) - 1
    by_cell: dict[int, list[Char]] = {}
    for ch in chars:
        by_cell.setdefault(table.cell_of(ch.cx, ch.cy), []).append(ch)
    out = []
    for r in range(bands):
        anchors = [r * cols + c for c in range(cols)]
        own = [a for a in anchors if table.anchor[a] == a]
        if not any(a in by_cell for a in own):
            continue
        if any(table.bottom[a] == r and _number_lines(by_cell.get(a, ())) >= 2 for a in own):
            out += _split_band(table, r, own, by_cell)
            continue
        cells, xs, confs = [], [], []
        for c, a in enumerate(anchors):
            mine = by_cell.get(a, []) if table.anchor[a] == a else []
            cells.append(_cell_text(mine))
            xs.append(min((ch.x0 for ch in mine), default=table.xs[c]))
            confs.append(_confidence(mine))
        out.append((table.ys[r], tuple(cells), tuple(xs), tuple(confs)))
    return out


def _split_band(table: _Table, r: int, own: list[int], by_cell: dict[int, list[Char]]):
    """A ruled band with several rows of amounts and no rules between them: one row per text line."""
    cols = table.cols
    first = r * cols
    lines = geometry.lines([ch for a in own if table.bottom[a] == r for ch in by_cell.get(a, ())])
    out = []
    for n, line in enumerate(lines):
        per_col: dict[int, list[Char]] = {}
        for ch in line:
            per_col.setdefault(table.cell_of(ch.cx, ch.cy) - first, []).append(ch)
        if n == 0:  # a cell reaching below this band keeps its text in the band's first row
            for a in own:
                if table.bottom[a] != r:
                    per_col.setdefault(a - first, []).extend(by_cell.get(a, ()))
        cells = tuple(_cell_text(per_col.get(c, [])) for c in range(cols))
        xs = tuple(min((ch.x0 for ch in per_col.get(c, [])), default=table.xs[c]) for c in range(cols))
        confs = tuple(_confidence(per_col.get(c, [])) for c in range(cols))
        out.append((table.ys[r] + n * 1e-3, cells, xs, confs))
    return out


def _number_lines(chars: Iterable[Char]) -> int:
    return sum(1 for line in geometry.lines(list(chars)) if _NUMBER.match(_join_line(line)))


# ---------------------------------------------------------------- text


def _join(parts: list[str]) -> str:
    """Pieces of one cell: no space next to a Chinese character, one space between Latin/number pieces."""
    text = ""
    for part in parts:
        if text and not _cjk(text[-1]) and not _cjk(part[0]):
            text += " "
        text += part
    return text


def _cjk(c: str) -> bool:
    return c >= "\u2e80"


def _join_line(line: list[Char]) -> str:
    return _join(["".join(ch.c for ch in run) for run, _ in geometry.runs(line)])


def _confidence(chars: Iterable[Char]) -> float:
    """A cell's confidence: its least certain character's (1 for an empty cell or a text layer)."""
    return min((ch.conf for ch in chars), default=1.0)


def _cell_text(chars: list[Char]) -> str:
    return _join([_join_line(line) for line in geometry.lines(chars)]) if chars else ""


def _text_rows(chars: list[Char]) -> list[_Placed]:
    """Text outside tables: one row per line, cut into cells at wide gaps."""
    out = []
    for line in geometry.lines(chars):
        cells: list[list[str]] = []
        xs: list[float] = []
        confs: list[float] = []
        previous = ""
        for run, gap in geometry.runs(line):
            word = "".join(ch.c for ch in run)
            if not cells or _splits(previous, word, gap / max(run[0].size, 1.0)):
                cells.append([])
                xs.append(run[0].x0)
                confs.append(1.0)
            cells[-1].append(word)
            confs[-1] = min(confs[-1], _confidence(run))
            previous = word
        top = min(ch.base - ch.size for ch in line)
        out.append((top, tuple(_join(parts) for parts in cells), tuple(xs), tuple(confs)))
    return out


def _splits(before: str, after: str, gap_em: float) -> bool:
    left, right = bool(_NUMBER.match(before)), bool(_NUMBER.match(after))
    if left and right:
        return True
    if left or right:
        return gap_em > _GAP_NUMBER
    return gap_em > _GAP_TEXT


# ---------------------------------------------------------------- page


def _page_rows(chars: list[Char], rules: list[tuple[str, Seg]]) -> list[tuple[tuple[str, ...], tuple[float, ...],
                                                                             tuple[float, ...]]]:
    """(cells, x of each cell, confidence of each cell) for every row of a page, top to bottom."""
    tables = _tables(rules) if rules else []
    inside: list[list[Char]] = [[] for _ in tables]
    outside: list[Char] = []
    for ch in chars:
        for n, table in enumerate(tables):
            if table.holds(ch.cx, ch.cy):
                inside[n].append(ch)
                break
        else:
            outside.append(ch)
    placed = [(top, 1, n, i, cells, xs, confs)
              for n, table in enumerate(tables)
              for i, (top, cells, xs, confs) in enumerate(_table_rows(table, inside[n]))]
    placed += [(top, 0, 0, i, cells, xs, confs) for i, (top, cells, xs, confs) in enumerate(_text_rows(outside))]
    placed.sort(key=lambda item: item[:4])
    return [(cells, xs, confs) for *_, cells, xs, confs in placed]
