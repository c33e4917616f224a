"""One PDF page as a PNG with one table row highlighted: every number to its source page.

A row read from a PDF carries its page and its cells as read (``Row.text``: the
cells joined by a tab). ``page_png`` finds that row again on its page and renders
the page with the row's band tinted yellow and outlined (the outline is dark, so
the band still shows when the image is printed in grey-scale).

Finding a row from its cells alone:

* The page's characters are put in the frame where its text runs left to right
  (a landscape table stored on a portrait page, with or without /Rotate, reads
  like any other), grouped into lines by baseline and into tokens (characters
  without a gap between them), as the reader sees them (reader.geometry).
* Each non-empty cell is looked up as a run of whole tokens on one line, compared
  without spaces and thousands separators. A cell the reader joined from a wrapped
  cell is found as its first line (a prefix of the cell) followed by the rest on
  the lines below, in the same column; when the rest cannot be followed the prefix
  alone counts, for less.
* Every place a cell is found proposes a band; a band collects the row's cells
  found on it (same line, or overlapping lines for wrapped cells), each weighted by
  how distinctive it is: names and codes count more than amounts, zeros least, and
  a text found n times on the page counts 1/n. "0.00" printed on forty rows cannot
  place a row; the row's name can.
* The best band must hold three in four of the row's cells, carry at least one
  distinctive cell's worth of weight (or be a line holding exactly the row: a row
  of zeros alone) and beat every band that does not overlap it; between equals,
  a line holding exactly the row wins ("合计" the row over "合计" in the header).
  Otherwise the row counts as not found and the page is rendered without a band.

The band is widened to the table (the horizontal rules around it, or the text
around it in an unruled table) and, in a ruled table, stretched to the rules above
and below the row unless a line of figures (another row) lies in between. It is
drawn on the page in memory; the caller's bytes are never changed.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pymupdf

from reader import geometry
from reader.geometry import Char, Seg, Turn

MAX_SIDE = 2000  # px: the rendered image's long side at most

FILL = (1.0, 0.84, 0.0)  # yellow, drawn translucent
FILL_OPACITY = 0.35
OUTLINE = (0.45, 0.28, 0.0)  # dark amber: a dark grey line in grey-scale
OUTLINE_WIDTH = 1.2  # points

_OPEN_ERRORS = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)
_PAGE_ERRORS = (RuntimeError, pymupdf.mupdf.FzErrorBase)  # not ValueError: that would hide our bugs

# Geometry, in em of the text concerned (lines and tokens: reader.geometry).
_WRAP_GAP = 2.0  # the next line of a wrapped cell lies at most this far below the last
_ALIGN_TOL = 0.2  # slack when deciding that two found cells lie on one band
_SNAP = 4.0  # a rule at most this far above/below the band's text may be the row's border
_PAD = 0.3  # padding around the band's text where no rule is close
_NEAR = 2.0  # rules this close to the band (vertically) give the table's width
_AROUND = 6.0  # unruled tables: the text this close to the band gives the table's width
_SNAP_PT = 2.0  # points: rules whose ends are this close touch

# How much one found cell counts, before dividing by the times its text is on the page.
_WEIGHT_NAME = 3.0  # any letter or Chinese character
_WEIGHT_CODE = 2.0  # three digits or more, nothing else
_WEIGHT_AMOUNT = 1.0
_WEIGHT_ZERO = 0.25  # an amount that is zero, a dash, a short number like "01"
_PARTIAL = 0.6  # a wrapped cell found by its first line only
_MIN_SCORE = 1.0  # a band needs one distinctive cell's worth (zeros alone never reach it)
_MIN_COVER = 0.75  # ... and this share of the row's cells (one in four may be read differently)

_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_SPACE = re.compile(r"\s+")
_CODE = re.compile(r"^\d{3,}$")
_AMOUNT = re.compile(r"^[-+−(]?\d*\.?\d+%?\)?$")

# PyMuPDF is not thread-safe, and Streamlit runs each session in its own thread.
_LOCK = threading.Lock()


class SourcePageError(ValueError):
    """The page cannot be shown: not a PDF, no such page, a damaged page. The message is Chinese."""


@dataclass(frozen=True)
class PageImage:
    """A rendered page: the PNG, which page of how many, and whether the row is highlighted on it."""

    png: bytes
    page: int  # 1-based
    pages: int  # pages in the document
    found: bool  # the row was located and highlighted


def page_png(data: bytes, page: int, row_text: str | None, *, dpi: int = 110) -> PageImage:
    """Page ``page`` (1-based) of the PDF ``data`` as a PNG, the row ``row_text`` highlighted when found.

    ``row_text`` is a row's cells joined by tabs, as the reader read them (``Row.text``);
    None renders the page alone. Raises SourcePageError (a ValueError) with a Chinese
    message when ``data`` is not a readable PDF or has no such page.
    """
    if dpi <= 0:
        raise SourcePageError(f"分辨率必须大于 0（收到 {dpi}）")
    with _LOCK:
        doc = _open(data)
        with doc:
            pages = doc.page_count
            if not 1 <= page <= pages:
                raise SourcePageError(f"原文第 {page} 页不存在（共 {pages} 页）")
            try:
                pdf_page = doc.load_page(page - 1)
                band = locate_row(pdf_page, row_text) if row_text else None
                draw = pdf_page.draw_quad if isinstance(band, pymupdf.Quad) else pdf_page.draw_rect
                if band is not None:
                    draw(band, color=OUTLINE, fill=FILL, width=OUTLINE_WIDTH, fill_opacity=FILL_OPACITY)
                png = _render(pdf_page, dpi)
            except _PAGE_ERRORS as exc:
                raise SourcePageError(f"原文第 {page} 页已损坏，无法显示（{exc}）") from exc
    return PageImage(png=png, page=page, pages=pages, found=band is not None)


def locate_row(page: pymupdf.Page, row_text: str) -> pymupdf.Rect | pymupdf.Quad | None:
    """The band of ``page`` holding the row whose cells are ``row_text`` (tab-separated), or None.

    The rectangle is in the page's unrotated coordinates, the ones ``get_text`` returns
    and ``draw_rect`` takes.
    """
    wanted = Counter(text for text in (_norm(cell) for cell in row_text.split("\t")) if text)
    if not wanted:
        return None
    raw = page.get_text("rawdict", flags=geometry.TEXT_FLAGS)
    turn = geometry.turn_of(raw)  # the upright frame is turned about the origin: no width, no height
    lines = _lines(raw, turn)
    if not lines:  # a scanned page: the row is where OCR reads it
        return _locate_scanned(page, wanted)
    hits = {text: _find(text, lines) for text in wanted}
    band = _best_band(wanted, hits, lines)
    if band is None:
        return None
    return pymupdf.Rect(geometry.box(_widen(band, _rules(page, turn), lines), geometry.inverse(turn)))


def _locate_scanned(page: pymupdf.Page, wanted: Counter[str]) -> pymupdf.Quad | None:
    """The row's band on a page without text: each text box OCR reads is a line of one token (the
    reader read the page the same way, reader/ocr.py), the band found among them as on a text page
    and turned back by the skew OCR undid (a slanted band: a Quad). A page OCR had to turn a quarter
    or half round is shown whole (None)."""
    from reader.ocr import OcrUnavailable, ocr_page

    try:
        read = ocr_page(page)
    except OcrUnavailable:
        return None
    if read.turned:
        return None
    lines = [_Line(base=box.y0 + 0.8 * (box.y1 - box.y0), size=box.y1 - box.y0,
                   tokens=[_Token(_norm(box.text), box.x0, box.x1)])
             for box in read.lines if _norm(box.text)]
    lines.sort(key=lambda line: line.base)
    band = _best_band(wanted, {text: _find(text, lines) for text in wanted}, lines)
    if band is None:
        return None
    rules = [Seg(y, x0, x1) for axis, y, x0, x1 in read.rules if axis == "h"]
    x0, y0, x1, y1 = _widen(band, rules, lines)
    return _unskewed((x0, y0, x1, y1), read.skew, read.width / 2, read.height / 2)


def _unskewed(box: tuple[float, float, float, float], degrees: float, cx: float, cy: float) -> pymupdf.Quad:
    """``box`` of the deskewed page (turned clockwise by ``degrees`` about its centre) on the page as
    scanned: its corners turned back about the centre."""
    angle = math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)

    def back(x: float, y: float) -> pymupdf.Point:
        return pymupdf.Point(cx + (x - cx) * cos + (y - cy) * sin, cy - (x - cx) * sin + (y - cy) * cos)
    x0, y0, x1, y1 = box
    return pymupdf.Quad(back(x0, y0), back(x1, y0), back(x0, y1), back(x1, y1))


# ---------------------------------------------------------------- opening and rendering


def _open(data: bytes) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=bytes(data), filetype="pdf")
    except _OPEN_ERRORS as exc:
        raise SourcePageError("原文不是 PDF 文件或已损坏，无法打开") from exc
    if not doc.is_pdf:  # PyMuPDF opens images and other formats by their content
        doc.close()
        raise SourcePageError("原文不是 PDF 文件，无法显示页面")
    if doc.needs_pass:
        doc.close()
        raise SourcePageError("原文 PDF 已加密，需要密码才能显示页面")
    return doc


def _render(page: pymupdf.Page, dpi: int) -> bytes:
    zoom = dpi / 72
    longest = max(page.rect.width, page.rect.height, 1.0)
    if longest * zoom > MAX_SIDE:
        zoom = (MAX_SIDE - 0.01) / longest  # the pixmap's size is rounded up
    pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
    return pixmap.tobytes("png")


# ---------------------------------------------------------------- the page's text


@dataclass(slots=True)
class _Token:
    text: str  # normalized (see _norm)
    x0: float
    x1: float


@dataclass(slots=True)
class _Line:
    base: float  # baseline, upright frame
    size: float  # font size (em), largest on the line
    tokens: list[_Token]

    @property
    def top(self) -> float:
        return self.base - 0.8 * self.size

    @property
    def bottom(self) -> float:
        return self.base + 0.2 * self.size


def _norm(text: str) -> str:
    """Text compared without spaces, compatibility forms (Kangxi radicals, full-width) or thousands separators."""
    return _DIGIT_COMMA.sub("", _SPACE.sub("", unicodedata.normalize("NFKC", text)))


def _lines(raw: dict, turn: Turn) -> list[_Line]:
    # Characters at one place in order of size and text: the same tokens whatever order the
    # page's content stream draws them in.
    chars = sorted(geometry.chars(raw, turn, 0.0, 0.0, fold={}),
                   key=lambda ch: (ch.base, ch.x0, ch.x1, ch.size, ch.c))
    return [_line(line) for line in geometry.lines(chars)]


def _line(chars: list[Char]) -> _Line:
    """A text line (left to right) as its tokens, normalized; the line's baseline is its first character's."""
    tokens = [_Token(_norm("".join(ch.c for ch in run)), run[0].x0, max(ch.x1 for ch in run))
              for run, _ in geometry.runs(chars)]
    return _Line(base=chars[0].base, size=max(ch.size for ch in chars), tokens=[t for t in tokens if t.text])


# ---------------------------------------------------------------- finding cells


@dataclass(frozen=True, slots=True)
class _Hit:
    """One place a cell's text is on the page (upright frame)."""

    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    full: bool  # the whole text; False: only the first line of a wrapped cell
    chars: int  # characters of the page it covers

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


def _find(text: str, lines: list[_Line]) -> list[_Hit]:
    """Every run of whole tokens on one line spelling ``text``, or its first line when wrapped."""
    hits = []
    named = _kind_weight(text) == _WEIGHT_NAME
    for n, line in enumerate(lines):
        tokens = line.tokens
        for i, token in enumerate(tokens):
            if not text.startswith(token.text):
                continue
            seen, j = token.text, i
            while seen != text and j + 1 < len(tokens) and text.startswith(seen + tokens[j + 1].text):
                j += 1
                seen += tokens[j].text
            x0, x1 = token.x0, tokens[j].x1
            if seen == text:
                hits.append(_Hit(line.top, line.bottom, x0, x1, line.size, True, len(text)))
                continue
            if not named:
                continue  # only names wrap
            last = _wrapped(text[len(seen):], lines, n, x0, x1)
            if last is not None:
                hits.append(_Hit(line.top, lines[last].bottom, x0, x1, line.size, True, len(text)))
            elif len(seen) >= max(2, len(text) // 4):
                hits.append(_Hit(line.top, line.bottom, x0, x1, line.size, False, len(seen)))
    return hits


def _wrapped(rest: str, lines: list[_Line], first: int, x0: float, x1: float) -> int | None:
    """The last line of a wrapped cell whose first line is ``lines[first]`` and whose remaining text is ``rest``.

    Lines below that have nothing in the cell's column (amounts centred beside a
    wrapped name form lines of their own) are stepped over.
    """
    size = lines[first].size
    base = lines[first].base
    for n in range(first + 1, len(lines)):
        line = lines[n]
        if line.base - base > _WRAP_GAP * size:
            return None
        column = [t for t in line.tokens if t.x1 > x0 - size and t.x0 < x1 + size]
        if not column:
            continue
        taken = ""
        for token in column:
            if not rest.startswith(taken + token.text):
                break
            taken += token.text
        if not taken:
            return None
        rest, base = rest[len(taken):], line.base
        if not rest:
            return n
    return None


def _kind_weight(text: str) -> float:
    if any(c.isalpha() for c in text):  # Chinese characters are alphabetic to Python
        return _WEIGHT_NAME
    if _CODE.match(text):
        return _WEIGHT_CODE
    if _AMOUNT.match(text) and any(c in "123456789" for c in text) and (len(text) > 2 or "." in text):
        return _WEIGHT_AMOUNT
    return _WEIGHT_ZERO


# ---------------------------------------------------------------- choosing the band


@dataclass(slots=True)
class _Band:
    score: float
    matched: int  # cells of the row found on the band
    exact: bool  # the band's lines hold the row's text and nothing else
    hits: list[_Hit]

    @property
    def top(self) -> float:
        return min(h.top for h in self.hits)

    @property
    def bottom(self) -> float:
        return max(h.bottom for h in self.hits)

    def rank(self) -> tuple[float, int, bool]:
        return self.score, self.matched, self.exact


def _best_band(wanted: Counter[str], hits: dict[str, list[_Hit]], lines: list[_Line]) -> _Band | None:
    """The band where most of the row's cells are found together, if it stands out."""
    bands = _bands(wanted, hits, lines)
    if not bands:
        return None
    best = max(bands, key=_Band.rank)
    return best if _stands_out(best, bands, sum(wanted.values())) else None


def _bands(wanted: Counter[str], hits: dict[str, list[_Hit]], lines: list[_Line]) -> list[_Band]:
    """One band for each place a cell is found (places with the same top and bottom count once)."""
    every = [h for found in hits.values() for h in found]
    if not every:
        return []
    weights = {}
    for text, found in hits.items():
        base = _kind_weight(text) / max(1, len(found))
        weights[text] = (base, base * _PARTIAL)
    sorted_hits = {text: sorted(found, key=lambda h: h.mid) for text, found in hits.items()}
    mids = {text: [h.mid for h in found] for text, found in sorted_hits.items()}
    tallest = max(h.bottom - h.top for h in every)
    bases = [line.base for line in lines]
    chars = [0]  # characters on the lines above each line
    for line in lines:
        chars.append(chars[-1] + sum(len(t.text) for t in line.tokens))
    bands: list[_Band] = []
    seen: set[tuple[float, float]] = set()
    for probe in every:
        key = (round(probe.top, 1), round(probe.bottom, 1))
        if key in seen:
            continue
        seen.add(key)
        band = _band_at(probe, wanted, weights, sorted_hits, mids, tallest)
        lo, hi = bisect.bisect_left(bases, band.top), bisect.bisect_right(bases, band.bottom)
        band.exact = chars[hi] - chars[lo] == sum(h.chars for h in band.hits)
        bands.append(band)
    return bands


def _stands_out(best: _Band, bands: list[_Band], cells: int) -> bool:
    """The best band holds enough of the row's cells, and no band apart from it is as good."""
    if best.matched < _MIN_COVER * cells:
        return False
    if best.score < _MIN_SCORE and not (best.exact and best.matched == cells):
        return False  # weak cells (zeros) place a row only where a line holds exactly them
    for band in bands:  # as good a band elsewhere: the row cannot be told apart
        apart = band.bottom <= best.top or band.top >= best.bottom
        if apart and band.score >= best.score - 1e-9 and band.rank()[1:] >= best.rank()[1:]:
            return False
    return True


def _band_at(probe: _Hit, wanted: Counter[str], weights: dict[str, tuple[float, float]],
             hits: dict[str, list[_Hit]], mids: dict[str, list[float]], tallest: float) -> _Band:
    """The row's cells found on the band of ``probe``: for each text its best places, as many as the row has."""
    score, matched, chosen = 0.0, 0, []
    reach = _ALIGN_TOL * probe.size + tallest / 2
    for text, count in wanted.items():
        lo = bisect.bisect_left(mids[text], probe.top - reach)
        hi = bisect.bisect_right(mids[text], probe.bottom + reach)
        full, partial = weights[text]
        near = [h for h in hits[text][lo:hi] if _together(probe, h)]
        near.sort(key=lambda h: (not h.full, abs(h.mid - probe.mid)))
        for hit in near[:count]:
            score += full if hit.full else partial
            matched += 1
            chosen.append(hit)
    return _Band(score, matched, False, chosen or [probe])


def _together(a: _Hit, b: _Hit) -> bool:
    """Two found cells on one band: either's middle lies within the other's lines."""
    tol = _ALIGN_TOL * min(a.size, b.size)
    return a.top - tol <= b.mid <= a.bottom + tol or b.top - tol <= a.mid <= b.bottom + tol


# ---------------------------------------------------------------- the band's extent


def _rules(page: pymupdf.Page, turn: Turn) -> list[Seg]:
    """Horizontal rules of the page in the upright frame: lines, thin bars, box edges (reader.geometry)."""
    area = abs(page.rect.width * page.rect.height)
    # A path painted in a colour PyMuPDF gives as () draws no rule here (the reader takes it as
    # visible): how this module has always taken it; see geometry.white.
    found = geometry.rules(page.get_cdrawings(), turn, area, colourless=True)
    return [seg for axis, seg in found if axis == "h"]


def _widen(band: _Band, rules: list[Seg], lines: list[_Line]) -> tuple[float, float, float, float]:
    """The row's band across its table, up to the row's rules where the table has them."""
    top, bottom = band.top, band.bottom
    size = max(h.size for h in band.hits)
    x0, x1 = min(h.x0 for h in band.hits), max(h.x1 for h in band.hits)
    level = [r for r in rules if top - _NEAR * size <= r.at <= bottom + _NEAR * size]
    if any(r.lo < x1 and r.hi > x0 for r in level):
        left, right = _follow(level, x0, x1)
    else:
        left, right = _around(lines, top, bottom, size, x0, x1)
    crossing = [r for r in rules if r.lo < x1 and r.hi > x0]
    above = _border(top, -1, size, crossing, lines, left, right)
    below = _border(bottom, 1, size, crossing, lines, left, right)
    if above is None or below is None:  # not a ruled row (a line above a table's top rule)
        return left, top - _PAD * size, right, bottom + _PAD * size
    return left, above, right, below


def _follow(level: list[Seg], left: float, right: float) -> tuple[float, float]:
    """From the band's text out along the rules level with it: each cell may draw its own rules,
    so those that touch are followed across the table."""
    grown = True
    while grown:
        grown = False
        for rule in level:
            if rule.lo <= right + _SNAP_PT and rule.hi >= left - _SNAP_PT and (rule.lo < left or rule.hi > right):
                left, right, grown = min(left, rule.lo), max(right, rule.hi), True
    return left, right


def _around(lines: list[_Line], top: float, bottom: float, size: float, x0: float,
            x1: float) -> tuple[float, float]:
    """An unruled table's width: the text near the band, padded."""
    around = [t for line in lines if top - _AROUND * size <= line.base <= bottom + _AROUND * size
              for t in line.tokens]
    left = min([x0] + [t.x0 for t in around]) - _PAD * size
    right = max([x1] + [t.x1 for t in around]) + _PAD * size
    return left, right


def _border(edge: float, direction: int, size: float, crossing: list[Seg],
            lines: list[_Line], left: float, right: float) -> float | None:
    """The nearest rule beyond ``edge`` (direction -1: above, 1: below), unless figures lie in between.

    The rest of a wrapped name may lie between the band's text and the row's rule; a
    line with figures there is another row (a ruled frame around unruled rows).
    """
    beyond = [r.at for r in crossing if -_ALIGN_TOL * size <= (r.at - edge) * direction <= _SNAP * size]
    if not beyond:
        return None
    rule = min(beyond, key=lambda y: (y - edge) * direction)
    lo, hi = min(edge, rule), max(edge, rule)
    for line in lines:
        if lo < line.base < hi and any(t.x1 > left and t.x0 < right and any(c.isdigit() for c in t.text)
                                       for t in line.tokens):
            return None
    return rule
