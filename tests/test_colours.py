"""Colours for everyone and for print: the series a chart tells apart by colour stay apart for
colour-blind readers (simulated) and in a grey-scale printout (computed from the exported PNG).

Grey levels are Pillow's "L" conversion (ITU-R 601-2: 0.299 R + 0.587 G + 0.114 B), the same a
grey-scale printer driver applies; colour-vision deficiency is simulated with the matrices of
Machado, Oliveira & Fernandes (2009) at full severity, distances are CIE 1976 ΔE.
"""

from __future__ import annotations

import io
from itertools import combinations

import numpy as np
import plotly.graph_objects as go
import polars as pl
import pytest
from PIL import Image

from charts.audit import make_check_summary_figure
from charts.compare import make_comparison_figure
from charts.context import ChartContext
from charts.style import BLUE, FAIL_STYLE, PART_COLOURS, PASS_STYLE, SKY_BLUE, VERMILLION, YELLOW
from export import images
from reader.profiles import document_colours

ALL = ("hezheng", "qinglong", "huangyuan", "shizhu")
MIN_GREY_STEP = 30  # of 255: two fills closer than this print as the same grey
MIN_DELTA_E = 20  # simulated colour-blind view: clearly different colours
WHITE = "#FFFFFF"  # the chart background
SHIPPED = document_colours()  # the shipped documents' own colours (data/profiles)

# The pairs that share one chart and must be told apart.
GROUPS = {
    "counties": [SHIPPED[c] for c in ALL],
    "pass/fail": [PASS_STYLE["colour"], FAIL_STYLE["colour"]],
    "基本/项目": [PART_COLOURS["基本支出"], PART_COLOURS["项目支出"]],
    "人员/公用": [PART_COLOURS["人员经费"], PART_COLOURS["公用经费"]],
}
# Machado et al. 2009, severity 1.0, applied to linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def grey(colour: str) -> int:
    return Image.new("RGB", (1, 1), colour).convert("L").getpixel((0, 0))


def rgb(colour: str) -> tuple[int, int, int]:
    return Image.new("RGB", (1, 1), colour).getpixel((0, 0))


def _linear(c: int) -> float:
    c = c / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(linear: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, v)) for v in linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def seen_with(colour: str, matrix) -> tuple[float, float, float]:
    linear = [_linear(c) for c in rgb(colour)]
    return _lab([sum(m * v for m, v in zip(row, linear, strict=True)) for row in matrix])


def delta_e(a, b) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


# --- the palette ----------------------------------------------------------------------


@pytest.mark.parametrize("group", GROUPS)
def test_grey_levels_are_apart(group):
    levels = {c: grey(c) for c in GROUPS[group]}
    for a, b in combinations(GROUPS[group], 2):
        assert abs(levels[a] - levels[b]) >= MIN_GREY_STEP, (group, a, b, levels)
    for colour, level in levels.items():  # and every fill stands out from the white page
        assert grey(WHITE) - level >= MIN_GREY_STEP, (group, colour, level)


@pytest.mark.parametrize("deficiency", CVD)
@pytest.mark.parametrize("group", GROUPS)
def test_colours_apart_for_colour_blind_readers(group, deficiency):
    for a, b in combinations(GROUPS[group], 2):
        distance = delta_e(seen_with(a, CVD[deficiency]), seen_with(b, CVD[deficiency]))
        assert distance >= MIN_DELTA_E, (group, deficiency, a, b, round(distance, 1))


def test_pass_and_fail_differ_in_more_than_colour():
    assert PASS_STYLE["pattern"] != FAIL_STYLE["pattern"]
    assert PASS_STYLE["mark"] != FAIL_STYLE["mark"]


def test_yardstick_rejects_the_old_red_green_palette():
    """The former county colours (#1f77b4, #d62728, #2ca02c, #9467bd) fail both checks."""
    old = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    assert min(abs(grey(a) - grey(b)) for a, b in combinations(old, 2)) < MIN_GREY_STEP
    matrix = CVD["deuteranopia"]
    assert min(delta_e(seen_with(a, matrix), seen_with(b, matrix)) for a, b in combinations(old, 2)) < MIN_DELTA_E


# --- the exported PNG, converted to grey ----------------------------------------------------


@pytest.fixture(scope="module")
def exporter():
    if images.find_browser() is None:
        pytest.fail("no Chromium: run `bash scripts/setup.sh --dev` (Debian package chromium)")
    images.warm_up()


def context(tables, *county_ids) -> ChartContext:
    counties = tables["counties"]
    return ChartContext.from_tables(pl.concat([counties.filter(pl.col("county_id") == c) for c in county_ids]),
                                    colours=SHIPPED)


def printed(fig: go.Figure) -> tuple[Image.Image, Image.Image]:
    """The exported PNG as the screen shows it and as a grey-scale printer prints it."""
    png = images.render(images.stamp_figure(fig), images.ImageSpec("png", 1))
    colour = Image.open(io.BytesIO(png)).convert("RGB")
    return colour, colour.convert("L")


def grey_of_fill(colour_image: Image.Image, grey_image: Image.Image, fill: str, min_pixels: int = 200) -> int:
    """The grey level the printout gives the pixels drawn in ``fill`` (there must be a solid area of them)."""
    drawn = (np.asarray(colour_image) == rgb(fill)).all(axis=2)
    assert drawn.sum() >= min_pixels, (fill, int(drawn.sum()))
    levels = np.unique(np.asarray(grey_image)[drawn])
    assert len(levels) == 1, levels
    return int(levels[0])


def test_exported_county_bars_stay_apart_in_grey(tables, exporter):
    """项目支出 for all four counties: 4875.72 (hezheng line 13), 8431.36 (qinglong line 157),
    833.39 (huangyuan line 7), 1,417.57 (shizhu line 114) — four bars, four grey levels."""
    fig = make_comparison_figure(tables["summary"], context(tables, *ALL), ("项目支出",))
    colour_image, grey_image = printed(fig)
    levels = {c: grey_of_fill(colour_image, grey_image, SHIPPED[c]) for c in ALL}
    for a, b in combinations(ALL, 2):
        assert abs(levels[a] - levels[b]) >= MIN_GREY_STEP, levels


def test_exported_pass_fail_stay_apart_in_grey(tables, exporter):
    """和政 and 石柱 both fail checks (README: income 761.79 of 5637.51; projects short of 项目支出)."""
    fig = make_check_summary_figure(tables["checks"], context(tables, "hezheng", "shizhu"))
    colour_image, grey_image = printed(fig)
    passed = grey_of_fill(colour_image, grey_image, PASS_STYLE["colour"])
    failed = grey_of_fill(colour_image, grey_image, FAIL_STYLE["colour"], min_pixels=50)
    assert abs(passed - failed) >= MIN_GREY_STEP
    svg = images.render(fig, images.ImageSpec("svg")).decode()
    assert PASS_STYLE["mark"] in svg and FAIL_STYLE["mark"] in svg  # the ✓ / ✗ counts are drawn in
    assert "<pattern" in svg  # the failures are hatched


def test_documents_shown_together_never_share_a_colour():
    """Imported documents took a colour from a hash of their id: two of them, or one and a shipped
    document (和政's blue), could look alike. Now they take the colours no shown document uses."""
    from charts.style import colours_for

    imported = ("甲县-教育局-部门", "乙县-教育局-部门", "丙县-财政局-单位", "丁县-水利局-部门")
    both = colours_for(("hezheng", "qinglong", "huangyuan", "shizhu", *imported), SHIPPED)
    assert len(set(both.values())) == 8
    assert {c: both[c] for c in SHIPPED} == SHIPPED  # the shipped four keep theirs
    alone = colours_for(imported[:2], SHIPPED)
    assert len(set(alone.values())) == 2
    with_hezheng = colours_for(("hezheng", imported[0]), SHIPPED)
    assert with_hezheng[imported[0]] != SHIPPED["hezheng"]
    many = colours_for(tuple(f"syn{i:04d}" for i in range(1, 13)))
    assert len(set(list(many.values())[:8])) == 8  # eight apart, then they repeat


def test_a_document_keeps_its_colour_on_every_chart_of_a_page():
    """A chart of a subset (e.g. only the documents that disclose 三公) colours them as the page does."""
    from charts.context import ChartContext

    ids = ("hezheng", "甲县-教育局-部门", "乙县-教育局-部门")
    ctx = ChartContext(ids, {i: i for i in ids}, {i: 2024 for i in ids}, {i: f"{i}.pdf" for i in ids},
                       colours=SHIPPED)
    part = ctx.subset(("乙县-教育局-部门",))
    assert part.colour("乙县-教育局-部门") == ctx.colour("乙县-教育局-部门")
    assert ctx.colour("甲县-教育局-部门") != ctx.colour("乙县-教育局-部门") != ctx.colour("hezheng")
    assert part.subset(("乙县-教育局-部门",)).colour("乙县-教育局-部门") == ctx.colour("乙县-教育局-部门")


def test_the_shipped_documents_keep_their_colours():
    """Each shipped document's colour is written once, in its profile (data/profiles), and a page's
    charts are given it through the chart context; the charts know no document ids."""
    from content.filters import Filters
    from content.selection import select
    from loaders import load_all

    assert SHIPPED == {"hezheng": BLUE, "qinglong": VERMILLION, "huangyuan": YELLOW, "shizhu": SKY_BLUE}
    ctx = select(load_all(), Filters(ALL, "latest")).context()
    assert {c: ctx.colour(c) for c in ALL} == SHIPPED
    assert {c: ctx.only(c).colour(c) for c in ALL} == SHIPPED
