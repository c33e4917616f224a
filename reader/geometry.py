"""A PDF page's geometry: characters, text lines and drawn rules in the page's upright frame.

One module for the two readers of a page: ``reader.pdf`` cuts a page into rows of cells, and
``sources.page_image`` (查看原文) finds one of those rows again on its page. Both must see the
page alike (the same turn, lines, runs of characters and rules), so both take them from here.

* The upright frame is the one where most of the page's characters run left to right
  (a landscape table stored on a portrait page reads like any other). ``width`` and
  ``height`` (the page's) keep the turned page on the positive quarter; 0 turns it about
  the origin, and ``inverse`` turns it back.
* Characters whose baselines differ by less than half an em share a line; characters on
  a line closer than 0.12 em form one run (a word, a number).
* Rules are the page's horizontal ("h") and vertical ("v") strokes: lines, thin filled
  rectangles, and the edges of larger rectangles (never a page-sized background). A path
  painted only in white is invisible on paper and draws no rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import pymupdf

# Text as both read it: no synthesized spaces, nothing outside the media box.
TEXT_FLAGS = pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_INHIBIT_SPACES

LINE_TOL = 0.5  # em: characters whose baselines differ by less than this share a line
GAP_WORD = 0.12  # em: a gap this wide between two characters ends a run
THIN = 3.0  # points: a filled rectangle this thin is a drawn line
_WHITE = 0.95  # each RGB component at least this: white

# The direction most characters run in, a line's "dir" rounded: (1, 0) upright, (0, 1) down
# the page, (0, -1) up the page, (-1, 0) upside down.
Turn = tuple[int, int]
UPRIGHT: Turn = (1, 0)
_TURNS = ((1, 0), (0, 1), (0, -1), (-1, 0))


@dataclass(slots=True)
class Char:
    x0: float
    x1: float
    cx: float
    cy: float  # visual centre: baseline raised by a third of an em
    base: float  # baseline
    size: float
    c: str
    conf: float = 1.0  # recognition confidence (OCR); 1 for a text layer


@dataclass(slots=True)
class Seg:
    at: float  # y of a horizontal rule, x of a vertical one
    lo: float
    hi: float


# ---------------------------------------------------------------- the upright frame


def turn_of(raw: dict) -> Turn:
    """The writing direction of most characters of a ``get_text("rawdict")`` page, a right angle."""
    votes: dict[Turn, int] = {}
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            dx, dy = line["dir"]
            key = (round(dx), round(dy))
            votes[key] = votes.get(key, 0) + sum(len(span["chars"]) for span in line["spans"])
    best = max(votes, key=votes.__getitem__, default=UPRIGHT)
    return best if best in _TURNS else UPRIGHT


def point(x: float, y: float, turn: Turn, width: float = 0.0, height: float = 0.0) -> tuple[float, float]:
    """A page point in the frame where text of direction ``turn`` runs left to right."""
    if turn == (1, 0):
        return x, y
    if turn == (0, 1):  # text runs down the page: the page is turned clockwise
        return y, width - x
    if turn == (0, -1):
        return height - y, x
    return width - x, height - y


def inverse(turn: Turn) -> Turn:
    """The turn back to the page, for a frame turned about the origin (width and height 0)."""
    return turn[0], -turn[1]


def box(rect: Iterable[float], turn: Turn, width: float = 0.0,
        height: float = 0.0) -> tuple[float, float, float, float]:
    """A rectangle (x0, y0, x1, y1) turned: the rectangle around its turned corners."""
    x0, y0, x1, y1 = rect
    (ax, ay), (bx, by) = point(x0, y0, turn, width, height), point(x1, y1, turn, width, height)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


# ---------------------------------------------------------------- characters and lines


def chars(raw: dict, turn: Turn, width: float, height: float, *, fold: Mapping[int, str]) -> Iterator[Char]:
    """The printed characters of a ``get_text("rawdict")`` page in the upright frame, each ``translate``d by ``fold``."""
    upright = turn == UPRIGHT
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                size = span["size"] or 1.0
                for ch in span["chars"]:
                    c = ch["c"]
                    if not c.strip():
                        continue
                    x0, _, x1, _ = ch["bbox"]
                    ox, oy = ch["origin"]
                    if not upright:
                        x0, _, x1, _ = box(ch["bbox"], turn, width, height)
                        ox, oy = point(ox, oy, turn, width, height)
                    yield Char(x0, x1, (x0 + x1) / 2, oy - size / 3, oy, size, c.translate(fold))


def lines(items: Iterable[Char]) -> list[list[Char]]:
    """Characters grouped into text lines by baseline, top to bottom, each left to right.

    A line takes every character whose baseline lies within LINE_TOL em below its first
    (highest) baseline. Both sorts are stable: characters at one place keep their order.
    """
    out: list[list[Char]] = []
    base = 0.0
    for ch in sorted(items, key=lambda ch: ch.base):
        if out and ch.base - base <= LINE_TOL * ch.size:
            out[-1].append(ch)
        else:
            out.append([ch])
            base = ch.base
    for line in out:
        line.sort(key=lambda ch: ch.x0)
    return out


def runs(line: list[Char]) -> list[tuple[list[Char], float]]:
    """Runs of a line's characters without a space between them, each with the gap before it (0 for the first)."""
    out: list[tuple[list[Char], float]] = []
    for ch in line:
        if out:
            last = out[-1][0][-1]
            gap = ch.x0 - last.x1
            if gap <= GAP_WORD * max(ch.size, last.size):
                out[-1][0].append(ch)
                continue
            out.append(([ch], gap))
        else:
            out.append(([ch], 0.0))
    return out


# ---------------------------------------------------------------- rules


def white(color: tuple | list | None, *, colourless: bool) -> bool:
    """An RGB colour white on paper; ``colourless`` says what a colour PyMuPDF could not give is.

    PyMuPDF gives ``()`` for a colour it cannot turn into RGB (a path painted without a colour
    space). reader.pdf counts it visible (``colourless=False``); sources.page_image has always
    counted it white, drawing no rule (``colourless=True``). None is taken the same way.
    """
    if not color:
        return colourless
    return all(v >= _WHITE for v in color)


def painted_white(path: dict, *, colourless: bool) -> bool:
    """Every colour a ``get_cdrawings()`` path is painted with (stroke "s", fill "f") is white."""
    paint = path.get("type", "")
    if "s" in paint and not white(path.get("color"), colourless=colourless):
        return False
    return "f" not in paint or white(path.get("fill"), colourless=colourless)


def rules(drawings: list[dict], turn: Turn, page_area: float, width: float = 0.0, height: float = 0.0,
          *, colourless: bool) -> list[tuple[str, Seg]]:
    """Horizontal ("h") and vertical ("v") rules of a page's ``get_cdrawings()``, in the upright frame.

    ``page_area`` tells a page-sized background (80 % of it or more), which is no table;
    ``colourless`` is passed to ``white``.
    """
    out: list[tuple[str, Seg]] = []
    for path in drawings:
        if painted_white(path, colourless=colourless):
            continue
        for item in path["items"]:
            op = item[0]
            if op == "l":
                (ax, ay), (bx, by) = item[1], item[2]
                _add_line(out, point(ax, ay, turn, width, height), point(bx, by, turn, width, height))
            elif op in ("re", "qu"):
                corners = (item[1][:2], item[1][2:]) if op == "re" else item[1]
                moved = [point(px, py, turn, width, height) for px, py in corners]
                _add_box(out, [p[0] for p in moved], [p[1] for p in moved], page_area)
    return out


def _add_line(out: list[tuple[str, Seg]], a: tuple[float, float], b: tuple[float, float]) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= 1 and abs(ax - bx) > 1:
        out.append(("h", Seg((ay + by) / 2, min(ax, bx), max(ax, bx))))
    elif abs(ax - bx) <= 1 and abs(ay - by) > 1:
        out.append(("v", Seg((ax + bx) / 2, min(ay, by), max(ay, by))))


def _add_box(out: list[tuple[str, Seg]], px: list[float], py: list[float], page_area: float) -> None:
    x0, x1, y0, y1 = min(px), max(px), min(py), max(py)
    w, h = x1 - x0, y1 - y0
    if w <= THIN and h <= THIN:
        return
    if h <= THIN:
        out.append(("h", Seg((y0 + y1) / 2, x0, x1)))
    elif w <= THIN:
        out.append(("v", Seg((x0 + x1) / 2, y0, y1)))
    elif w * h < 0.8 * page_area:  # a page-sized background is no table
        out += [("h", Seg(y0, x0, x1)), ("h", Seg(y1, x0, x1)),
                ("v", Seg(x0, y0, y1)), ("v", Seg(x1, y0, y1))]


# ---------------------------------------------------------------- joined items


def roots(count: int, links: Iterable[tuple[int, int]]) -> list[int]:
    """For each of ``count`` items (0 …), the smallest item joined to it by ``links`` (union-find).

    Rules that touch form one table; grid cells no rule separates form one merged cell,
    named by its top-left (smallest) cell.
    """
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:  # the smaller stays the root
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(count)]
