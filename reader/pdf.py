"""PDF disclosures as rows: ruled tables cut along their drawn rules, other text by line.

One ``get_text("rawdict")`` and one ``get_cdrawings()`` per page, then pure geometry:

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

from reader.errors import UnreadableDocument
from reader.progress import PageProgress, page_done
from reader.rows import Row, RowSource
from reader.text_layer import MIN_CHARS, needs_ocr, undecodable, usable_text

MAX_PAGES = 2000

# Rules: a stroke this close to horizontal/vertical (points) is a rule; positions
# this close are one boundary; a filled rectangle this thin is a drawn line.
_SNAP = 2.0
_THIN = 3.0
# Text: characters whose baselines differ by less than this share a line (em).
_LINE_TOL = 0.5
# Gaps (em) that split a text line outside tables into cells.
_GAP_TEXT = 2.0
_GAP_NUMBER = 1.0
_GAP_WORD = 0.12  # a gap this wide between two characters is a space

_TEXT_FLAGS = pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_INHIBIT_SPACES
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


@dataclass(slots=True)
class _Char:
    x0: float
    x1: float
    cx: float
    cy: float  # visual centre: baseline raised by a third of an em
    base: float  # baseline
    size: float
    c: str
    conf: float = 1.0  # recognition confidence (OCR); 1 for a text layer


# a row as cut from a page: (top y, cells, x of each cell, confidence of each cell)
_Placed = tuple[float, tuple[str, ...], tuple[float, ...], tuple[float, ...]]


@dataclass(slots=True)
class _Seg:
    at: float  # y of a horizontal rule, x of a vertical one
    lo: float
    hi: float


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
    return RowSource(name=name, kind="pdf", rows=tuple(rows), pages=pages,
                     ocr_pages=tuple(sorted(i + 1 for i in scans)))


def _needs_ocr(doc: pymupdf.Document, index: int, chars: list[_Char], rules: list) -> bool:
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


def _ocr_pages(name: str, doc: pymupdf.Document, indexes: list[int]) -> dict[int, tuple[list[_Char], list]]:
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


def _ocr_content(scan) -> tuple[list[_Char], list[tuple[str, _Seg]]]:
    """OCR'd lines as characters laid out across each line's box; the image's rules as rules."""
    chars: list[_Char] = []
    for line in scan.lines:
        units = [_width(c) for c in line.text]
        unit = (line.x1 - line.x0) / (sum(units) or 1.0)
        size = (line.y1 - line.y0) / 1.3  # a detected box holds the em and some margin
        centre = (line.y0 + line.y1) / 2
        x = line.x0
        for c, w in zip(line.text, units, strict=True):
            if not c.isspace():
                chars.append(_Char(x, x + w * unit, x + w * unit / 2, centre, centre + size / 3, size,
                                   c.translate(_RADICALS), line.confidence))
            x += w * unit
    rules = [(kind, _Seg(at, lo, hi)) for kind, at, lo, hi in scan.rules]
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


def _page_content(name: str, doc: pymupdf.Document, index: int) -> tuple[list[_Char], list[_Seg]]:
    try:
        page = doc.load_page(index)
        raw = page.get_text("rawdict", flags=_TEXT_FLAGS)
        drawings = page.get_cdrawings()
    except _PYMUPDF_ERRORS as exc:
        raise UnreadableDocument(name, "damaged", "PDF 页面已损坏，无法读取",
                                 f"the page is damaged and cannot be read ({exc})", page=index + 1) from exc
    width, height = raw["width"], raw["height"]
    turn = _turn(raw)
    chars = list(_chars(raw, turn, width, height))
    rules = _rules(drawings, turn, width, height)
    return chars, rules


def _no_text(name: str, doc: pymupdf.Document, ocr_missing: bool) -> UnreadableDocument:
    """No row on any page: a scan that OCR read nothing from (or OCR is not installed), or blank pages."""
    if ocr_missing:
        return UnreadableDocument(name, "scanned", "PDF 没有可用的文字层（扫描件），文字识别（OCR）也未读出文字",
                                  "the PDF has no usable text layer (a scan) and OCR read no text from it")
    return UnreadableDocument(name, "empty", "PDF 的页面都是空白", "every page of the PDF is blank")


# ---------------------------------------------------------------- page geometry


def _turn(raw: dict) -> tuple[int, int]:
    """Writing direction of most characters on the page, rounded to a right angle."""
    votes: dict[tuple[int, int], int] = {}
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            dx, dy = line["dir"]
            key = (round(dx), round(dy))
            votes[key] = votes.get(key, 0) + sum(len(span["chars"]) for span in line["spans"])
    if not votes:
        return (1, 0)
    best = max(votes, key=votes.__getitem__)
    return best if best in ((1, 0), (0, 1), (0, -1), (-1, 0)) else (1, 0)


def _point(x: float, y: float, turn: tuple[int, int], width: float, height: float) -> tuple[float, float]:
    """A page point in the frame where the page's text runs left to right."""
    if turn == (1, 0):
        return x, y
    if turn == (0, 1):  # text runs down the page: the page is turned clockwise
        return y, width - x
    if turn == (0, -1):
        return height - y, x
    return width - x, height - y


def _chars(raw: dict, turn: tuple[int, int], width: float, height: float) -> Iterable[_Char]:
    upright = turn == (1, 0)
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                size = span["size"] or 1.0
                for ch in span["chars"]:
                    c = ch["c"]
                    if not c.strip():
                        continue
                    x0, y0, x1, y1 = ch["bbox"]
                    ox, oy = ch["origin"]
                    if not upright:
                        (x0, y0), (x1, y1) = (_point(x0, y0, turn, width, height),
                                              _point(x1, y1, turn, width, height))
                        x0, x1 = min(x0, x1), max(x0, x1)
                        ox, oy = _point(ox, oy, turn, width, height)
                    yield _Char(x0, x1, (x0 + x1) / 2, oy - size / 3, oy, size, c.translate(_RADICALS))


def _rules(drawings: list[dict], turn: tuple[int, int], width: float, height: float) -> list[tuple[str, _Seg]]:
    """Horizontal ("h") and vertical ("v") rules drawn on the page, in the upright frame."""
    out: list[tuple[str, _Seg]] = []
    page_area = width * height
    for path in drawings:
        kind = path.get("type", "")
        if "s" in kind and _white(path.get("color")) and ("f" not in kind or _white(path.get("fill"))):
            continue
        if kind == "f" and _white(path.get("fill")):
            continue
        for item in path["items"]:
            op = item[0]
            if op == "l":
                (ax, ay), (bx, by) = item[1], item[2]
                _add_line(out, _point(ax, ay, turn, width, height), _point(bx, by, turn, width, height))
            elif op in ("re", "qu"):
                points = (item[1][:2], item[1][2:]) if op == "re" else item[1]
                moved = [_point(px, py, turn, width, height) for px, py in points]
                _add_box(out, [p[0] for p in moved], [p[1] for p in moved], page_area)
    return out


def _white(color: object) -> bool:
    return isinstance(color, (tuple, list)) and len(color) > 0 and all(v >= 0.95 for v in color)


def _add_line(out: list[tuple[str, _Seg]], a: tuple[float, float], b: tuple[float, float]) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= 1 and abs(ax - bx) > 1:
        out.append(("h", _Seg((ay + by) / 2, min(ax, bx), max(ax, bx))))
    elif abs(ax - bx) <= 1 and abs(ay - by) > 1:
        out.append(("v", _Seg((ax + bx) / 2, min(ay, by), max(ay, by))))


def _add_box(out: list[tuple[str, _Seg]], px: list[float], py: list[float], page_area: float) -> None:
    x0, x1, y0, y1 = min(px), max(px), min(py), max(py)
    w, h = x1 - x0, y1 - y0
    if w <= _THIN and h <= _THIN:
        return
    if h <= _THIN:
        out.append(("h", _Seg((y0 + y1) / 2, x0, x1)))
    elif w <= _THIN:
        out.append(("v", _Seg((x0 + x1) / 2, y0, y1)))
    elif w * h < 0.8 * page_area:  # a page-sized background is no table
        out += [("h", _Seg(y0, x0, x1)), ("h", _Seg(y1, x0, x1)),
                ("v", _Seg(x0, y0, y1)), ("v", _Seg(x1, y0, y1))]


def _merge(segs: list[_Seg]) -> list[_Seg]:
    """Collinear rules that overlap or touch become one rule."""
    merged: list[_Seg] = []
    for group in _clusters(sorted(segs, key=lambda s: s.at), key=lambda s: s.at):
        at = sum(s.at for s in group) / len(group)
        group.sort(key=lambda s: s.lo)
        current = _Seg(at, group[0].lo, group[0].hi)
        for seg in group[1:]:
            if seg.lo <= current.hi + _SNAP:
                current.hi = max(current.hi, seg.hi)
            else:
                merged.append(current)
                current = _Seg(at, seg.lo, seg.hi)
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


def _tables(rules: list[tuple[str, _Seg]]) -> list[_Table]:
    hs = _merge([s for k, s in rules if k == "h"])
    vs = _merge([s for k, s in rules if k == "v"])
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.lo - _SNAP <= v.at <= h.hi + _SNAP and v.lo - _SNAP <= h.at <= v.hi + _SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[_Seg], list[_Seg]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    tables = []
    for ghs, gvs in groups.values():
        if ghs and gvs:
            table = _grid(ghs, gvs)
            if table is not None:
                tables.append(table)
    return tables


def _grid(hs: list[_Seg], vs: list[_Seg]) -> _Table | None:
    left, right = min(h.lo for h in hs), max(h.hi for h in hs)
    top, bottom = min(v.lo for v in vs), max(v.hi for v in vs)
    xs = _positions([v.at for v in vs] + [left, right])
    ys = _positions([h.at for h in hs] + [top, bottom])
    cols, bands = len(xs) - 1, len(ys) - 1
    if cols < 1 or bands < 1:
        return None
    parent = list(range(cols * bands))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:  # the smaller index (top-left) stays the root
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(bands):
        mid = (ys[r] + ys[r + 1]) / 2
        for c in range(1, cols):
            if not _covered(vs, xs[c], mid):
                union(r * cols + c - 1, r * cols + c)
    for c in range(cols):
        mid = (xs[c] + xs[c + 1]) / 2
        for r in range(1, bands):
            if not _covered(hs, ys[r], mid):
                union((r - 1) * cols + c, r * cols + c)
    anchor = [find(i) for i in range(cols * bands)]
    if len(set(anchor)) < 2:  # one box around some text is a frame, not a table
        return None
    bottom_band: dict[int, int] = {}
    for i, a in enumerate(anchor):
        bottom_band[a] = max(bottom_band.get(a, 0), i // cols)
    return _Table(xs, ys, cols, anchor, [bottom_band.get(i, i // cols) for i in range(cols * bands)])


def _positions(values: list[float]) -> list[float]:
    return [sum(g) / len(g) for g in _clusters(sorted(values), key=float)]


def _covered(segs: list[_Seg], at: float, point: float) -> bool:
    return any(abs(s.at - at) <= _SNAP and s.lo - _SNAP <= point <= s.hi + _SNAP for s in segs)


def _table_rows(table: _Table, chars: list[_Char]) -> list[_Placed]:
    """(top y, cells, x, confidence) for each row band of a table that holds text."""
    cols, bands = table.cols, len(table.ys) - 1
    by_cell: dict[int, list[_Char]] = {}
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


def _split_band(table: _Table, r: int, own: list[int], by_cell: dict[int, list[_Char]]):
    """A ruled band with several rows of amounts and no rules between them: one row per text line."""
    cols = table.cols
    first = r * cols
    lines = _lines([ch for a in own if table.bottom[a] == r for ch in by_cell.get(a, ())])
    out = []
    for n, line in enumerate(lines):
        per_col: dict[int, list[_Char]] = {}
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


def _number_lines(chars: Iterable[_Char]) -> int:
    return sum(1 for line in _lines(list(chars)) if _NUMBER.match(_join_line(line)))


# ---------------------------------------------------------------- text


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into text lines by baseline, top to bottom, each left to right."""
    lines: list[list[_Char]] = []
    base = 0.0
    for ch in sorted(chars, key=lambda ch: ch.base):
        if lines and ch.base - base <= _LINE_TOL * ch.size:
            lines[-1].append(ch)
        else:
            lines.append([ch])
            base = ch.base
    for line in lines:
        line.sort(key=lambda ch: ch.x0)
    return lines


def _tokens(line: list[_Char]) -> list[tuple[list[_Char], float]]:
    """Runs of characters without a space between them, each with the gap before it."""
    tokens: list[tuple[list[_Char], float]] = []
    for ch in line:
        if tokens:
            gap = ch.x0 - tokens[-1][0][-1].x1
            if gap <= _GAP_WORD * max(ch.size, tokens[-1][0][-1].size):
                tokens[-1][0].append(ch)
                continue
            tokens.append(([ch], gap))
        else:
            tokens.append(([ch], 0.0))
    return tokens


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


def _join_line(line: list[_Char]) -> str:
    return _join(["".join(ch.c for ch in run) for run, _ in _tokens(line)])


def _confidence(chars: Iterable[_Char]) -> float:
    """A cell's confidence: its least certain character's (1 for an empty cell or a text layer)."""
    return min((ch.conf for ch in chars), default=1.0)


def _cell_text(chars: list[_Char]) -> str:
    return _join([_join_line(line) for line in _lines(chars)]) if chars else ""


def _text_rows(chars: list[_Char]) -> list[_Placed]:
    """Text outside tables: one row per line, cut into cells at wide gaps."""
    out = []
    for line in _lines(chars):
        cells: list[list[str]] = []
        xs: list[float] = []
        confs: list[float] = []
        previous = ""
        for run, gap in _tokens(line):
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


def _page_rows(chars: list[_Char], rules: list[tuple[str, _Seg]]) -> list[tuple[tuple[str, ...], tuple[float, ...],
                                                                             tuple[float, ...]]]:
    """(cells, x of each cell, confidence of each cell) for every row of a page, top to bottom."""
    tables = _tables(rules) if rules else []
    inside: list[list[_Char]] = [[] for _ in tables]
    outside: list[_Char] = []
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
