"""reader.geometry: a page's frame, characters, lines, runs, rules and joined items, on input built here."""

from __future__ import annotations

import pymupdf
import pytest
from fpdf import FPDF

from reader import geometry
from reader.geometry import Char

W, H = 600.0, 800.0  # a page (points)
AREA = W * H


def char(x0: float, base: float, c: str = "x", size: float = 10.0, width: float = 5.0) -> Char:
    return Char(x0, x0 + width, x0 + width / 2, base - size / 3, base, size, c)


def page_rules(drawings: list[dict], turn=geometry.UPRIGHT, colourless: bool = False) -> list[tuple]:
    found = geometry.rules(drawings, turn, AREA, W, H, colourless=colourless)
    return [(kind, seg.at, seg.lo, seg.hi) for kind, seg in found]


def stroked(*items: tuple, color=(0.0, 0.0, 0.0)) -> dict:
    return {"type": "s", "color": color, "items": list(items)}


def filled(*items: tuple, fill=(0.0, 0.0, 0.0)) -> dict:
    return {"type": "f", "fill": fill, "items": list(items)}


# ---------------------------------------------------------------- the upright frame

# Where the page point (100, 50) lies when the page is turned so that text of each direction
# runs left to right: text running down the page (0, 1) means the page is turned clockwise.
@pytest.mark.parametrize(("turn", "on_the_page", "about_the_origin"), [
    ((1, 0), (100, 50), (100, 50)),
    ((0, 1), (50, W - 100), (50, -100)),
    ((0, -1), (H - 50, 100), (-50, 100)),
    ((-1, 0), (W - 100, H - 50), (-100, -50)),
])
def test_point_turns_the_page_so_its_text_runs_left_to_right(turn, on_the_page, about_the_origin):
    assert geometry.point(100, 50, turn, W, H) == on_the_page
    assert geometry.point(100, 50, turn) == about_the_origin


@pytest.mark.parametrize("turn", [(1, 0), (0, 1), (0, -1), (-1, 0)])
def test_inverse_turns_back_and_box_spans_the_turned_corners(turn):
    x, y = geometry.point(123.5, 45.25, turn)
    assert geometry.point(x, y, geometry.inverse(turn)) == (123.5, 45.25)
    x0, y0, x1, y1 = geometry.box((10, 20, 30, 60), turn)
    assert x0 < x1 and y0 < y1
    assert {x1 - x0, y1 - y0} == {20, 40}
    assert geometry.box((x0, y0, x1, y1), geometry.inverse(turn)) == (10, 20, 30, 60)


def raw_page(*lines: tuple[tuple[float, float], str]) -> dict:
    """A get_text("rawdict") page: one line per (dir, text), its characters 10 pt apart."""
    blocks = []
    for n, (direction, text) in enumerate(lines):
        chars = [{"c": c, "bbox": (10 * i, 100 + 20 * n, 10 * i + 8, 112 + 20 * n),
                  "origin": (10 * i, 110 + 20 * n)} for i, c in enumerate(text)]
        blocks.append({"lines": [{"dir": direction, "spans": [{"size": 12.0, "chars": chars}]}]})
    return {"blocks": blocks + [{"type": 1}]}  # an image block has no lines


@pytest.mark.parametrize(("lines", "turn"), [
    ((), (1, 0)),  # no text: upright
    ((((1.0, 0.0), "abc"),), (1, 0)),
    ((((0.0, 1.0), "down"), ((1.0, 0.0), "up")), (0, 1)),  # the most characters decide
    ((((0.0, -1.0), "ab"), ((-1.0, 0.0), "abc")), (-1, 0)),
    ((((0.999, 0.02), "abc"),), (1, 0)),  # rounded to a right angle
    ((((0.7, 0.7), "slanted text"), ((0.0, 1.0), "ab")), (1, 0)),  # slanted text wins: no right angle
])
def test_turn_of_is_the_direction_of_most_characters(lines, turn):
    assert geometry.turn_of(raw_page(*lines)) == turn


def test_chars_skip_blanks_fold_and_measure():
    raw = raw_page(((1.0, 0.0), "a b⼀"))
    raw["blocks"][0]["lines"][0]["spans"][0]["size"] = 0  # a size of 0 counts as 1
    chars = list(geometry.chars(raw, (1, 0), W, H, fold={ord("⼀"): "一"}))
    assert [ch.c for ch in chars] == ["a", "b", "一"]
    first = chars[0]
    assert (first.x0, first.x1, first.cx, first.base, first.size) == (0, 8, 4, 110, 1.0)
    assert first.cy == pytest.approx(110 - 1 / 3)


def test_chars_of_a_turned_page_are_in_the_upright_frame():
    raw = raw_page(((0.0, 1.0), "ab"))
    (a, b) = geometry.chars(raw, (0, 1), W, H, fold={})
    # (x, y) -> (y, W - x): the bbox (0, 100, 8, 112) spans x from 100 to 112
    assert (a.x0, a.x1, a.base) == (100, 112, W - 0)
    assert (b.x0, b.x1, b.base) == (100, 112, W - 10)


# ---------------------------------------------------------------- lines and runs


def test_lines_group_by_baseline_within_half_an_em_top_to_bottom_left_to_right():
    # 10 pt type: a line takes baselines up to 5 pt below its first
    chars = [char(50, 100.0, "b"), char(10, 104.9, "a"), char(70, 105.1, "e"), char(5, 125.0, "c"),
             char(30, 120.0, "d")]
    assert ["".join(ch.c for ch in line) for line in geometry.lines(chars)] == ["ab", "e", "cd"]


def test_a_line_is_measured_from_its_highest_baseline_not_its_last():
    chars = [char(0, 100.0, "a"), char(10, 104.0, "b"), char(20, 108.0, "c")]  # 4 pt steps, 10 pt type
    assert ["".join(ch.c for ch in line) for line in geometry.lines(chars)] == ["ab", "c"]


def test_lines_keep_the_order_of_characters_at_one_place():
    chars = [char(10, 100.0, "p"), char(10, 100.0, "q"), char(0, 100.0, "r")]
    assert ["".join(ch.c for ch in line) for line in geometry.lines(chars)] == ["rpq"]


def test_runs_split_at_a_gap_wider_than_the_word_gap():
    # 5 pt wide characters of 10 pt: a gap up to 1.2 pt (0.12 em) joins
    line = [char(0, 100, "a"), char(6, 100, "b"), char(12.25, 100, "c"), char(30, 100, "d")]
    runs = [("".join(ch.c for ch in run), gap) for run, gap in geometry.runs(line)]
    assert runs == [("ab", 0.0), ("c", 1.25), ("d", 12.75)]


def test_runs_take_the_larger_size_of_the_two_characters():
    line = [char(0, 100, "a", size=10), char(7, 100, "b", size=20)]  # a 2 pt gap: 0.2 em of 10, 0.1 em of 20
    assert len(geometry.runs(line)) == 1


# ---------------------------------------------------------------- white


@pytest.mark.parametrize(("color", "reader", "page_image"), [
    ((1.0, 1.0, 1.0), True, True),
    ((0.96, 0.95, 1.0), True, True),
    ((0.94, 1.0, 1.0), False, False),
    ((0.0, 0.0, 0.0), False, False),
    ((), False, True),  # PyMuPDF had no colour space: the two callers have always differed
    (None, False, True),
])
def test_white(color, reader, page_image):
    assert geometry.white(color, colourless=False) is reader
    assert geometry.white(color, colourless=True) is page_image


@pytest.mark.parametrize(("path", "invisible"), [
    ({"type": "s", "color": (1, 1, 1)}, True),
    ({"type": "s", "color": (0, 0, 0)}, False),
    ({"type": "f", "fill": (1, 1, 1)}, True),
    ({"type": "f", "fill": (0.5, 0.5, 0.5)}, False),
    ({"type": "fs", "color": (1, 1, 1), "fill": (1, 1, 1)}, True),
    ({"type": "fs", "color": (1, 1, 1), "fill": (0, 0, 0)}, False),  # a dark cell, white borders
    ({"type": "fs", "color": (0, 0, 0), "fill": (1, 1, 1)}, False),  # a white cell, dark borders
])
def test_painted_white_asks_every_colour_the_path_paints_with(path, invisible):
    for colourless in (False, True):
        assert geometry.painted_white(path, colourless=colourless) is invisible


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize(("path", "expected"), [
    (stroked(("l", (10, 100), (200, 100.5))), [("h", 100.25, 10, 200)]),
    (stroked(("l", (200, 100), (10, 100))), [("h", 100, 10, 200)]),  # drawn right to left
    (stroked(("l", (50, 300), (50.8, 20))), [("v", 50.4, 20, 300)]),
    (stroked(("l", (10, 10), (200, 200))), []),  # a diagonal is no rule
    (stroked(("l", (10, 10), (10.5, 10.5))), []),  # a dot
    (filled(("re", (10, 50, 300, 52))), [("h", 51, 10, 300)]),  # a thin bar: a rule at its middle
    (filled(("re", (10, 50, 12, 300))), [("v", 11, 50, 300)]),
    (filled(("re", (10, 50, 12, 52))), []),  # a speck
    (stroked(("re", (10, 50, 110, 80))), [("h", 50, 10, 110), ("h", 80, 10, 110),
                                          ("v", 10, 50, 80), ("v", 110, 50, 80)]),
    (filled(("qu", ((10, 50), (110, 50), (10, 80), (110, 80)))),
     [("h", 50, 10, 110), ("h", 80, 10, 110), ("v", 10, 50, 80), ("v", 110, 50, 80)]),
    (filled(("re", (0, 0, W, H - 100))), []),  # a page-sized background is no table
    (filled(("re", (0, 0, W, 1.5))), [("h", 0.75, 0, W)]),
    (filled(("re", (10, 50, 300, 52)), fill=(1, 1, 1)), []),  # white: invisible
    (stroked(("l", (10, 100), (200, 100)), color=(1, 1, 1)), []),
    (stroked(("c", (0, 0), (5, 5), (10, 5), (20, 0))), []),  # curves are no rules
])
def test_rules_of_drawn_paths(path, expected):
    assert page_rules([path]) == expected


def test_rules_of_a_colourless_path_follow_the_callers_choice():
    path = filled(("re", (10, 50, 300, 52)), fill=())
    assert page_rules([path], colourless=False) == [("h", 51, 10, 300)]
    assert page_rules([path], colourless=True) == []


def test_rules_of_a_turned_page_are_in_the_upright_frame():
    # a vertical line on a page whose text runs down it is a horizontal rule: (x, y) -> (y, W - x)
    assert page_rules([stroked(("l", (100, 20), (100, 300)))], turn=(0, 1)) == [("h", W - 100, 20, 300)]


def test_rules_of_a_table_drawn_by_fpdf2():
    pdf = FPDF(unit="pt", format=(W, H))
    pdf.add_page()
    pdf.set_line_width(0.5)
    pdf.rect(50, 100, 200, 40)  # a stroked cell
    pdf.line(50, 160, 250, 160)  # a line
    pdf.set_fill_color(0, 0, 0)
    pdf.rect(50, 200, 200, 1, style="F")  # a thin filled bar
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(50, 300, 200, 40, style="F")  # a white box: nothing on paper
    page = pymupdf.open(stream=bytes(pdf.output()), filetype="pdf")[0]
    found = geometry.rules(page.get_cdrawings(), (1, 0), AREA, W, H, colourless=False)
    got = sorted((kind, round(s.at, 3), round(s.lo, 3), round(s.hi, 3)) for kind, s in found)
    assert got == sorted([("h", 100, 50, 250), ("h", 140, 50, 250), ("v", 50, 100, 140), ("v", 250, 100, 140),
                          ("h", 160, 50, 250), ("h", 200.5, 50, 250)])


def test_chars_and_lines_of_text_written_by_pymupdf_on_a_turned_line():
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.insert_text((100, 700), "12 345", fontsize=10, rotate=90)  # runs up the page
    page.insert_text((300, 400), "67", fontsize=10)  # a shorter line runs across
    raw = page.get_text("rawdict", flags=geometry.TEXT_FLAGS)
    turn = geometry.turn_of(raw)
    assert turn == (0, -1)
    lines = geometry.lines(geometry.chars(raw, turn, W, H, fold={}))
    texts = [[("".join(ch.c for ch in run)) for run, _ in geometry.runs(line)] for line in lines]
    assert ["12", "345"] in texts  # one line, read left to right in the upright frame
    line = lines[texts.index(["12", "345"])]
    assert line[0].base == pytest.approx(100)  # (x, y) -> (H - y, x): the baseline was x = 100


# ---------------------------------------------------------------- joined items


@pytest.mark.parametrize(("count", "links", "roots"), [
    (0, [], []),
    (3, [], [0, 1, 2]),
    (4, [(3, 2), (2, 1)], [0, 1, 1, 1]),  # the smallest is the root, whichever way a link runs
    (5, [(0, 4), (1, 3), (3, 4)], [0, 0, 2, 0, 0]),  # two groups joined through 3 and 4
    (6, [(5, 4), (3, 2), (4, 3), (1, 0)], [0, 0, 2, 2, 2, 2]),
    (3, [(1, 1), (2, 1), (1, 2)], [0, 1, 1]),  # a link to itself, a link twice
])
def test_roots_name_each_group_by_its_smallest_item(count, links, roots):
    assert geometry.roots(count, iter(links)) == roots


def test_roots_of_a_long_chain():
    assert geometry.roots(1000, ((i + 1, i) for i in reversed(range(999)))) == [0] * 1000

