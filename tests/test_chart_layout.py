"""Charts laid out for document names of any length (issue 21, point 1) and the indicator-weight
histogram centred on the weights (point 4).

The library here is what a user has after importing real published PDFs beside the shipped
counties: two documents of one region (上海市), and the same 单位 edition kept twice under two
file names, so its name says which copy it is — the longest names a library holds (content.naming):
"上海市·上海科技大学附属学校（单位预算 · 2026 · 第2份）". Labels carrying a file name (an older
naming, still a fair test of wrapping) are wrapped by the same rules.
Every chart of every page is built with them and its layout checked as text is measured
(charts.layout: a CJK character 1 em, ASCII 0.55 em) at the narrowest screen width.
"""

from __future__ import annotations

import dataclasses
import io
import re
from functools import cache

import plotly.graph_objects as go
import polars as pl
import pytest

from benchmarks.golden import CORPUS
from charts.compare import COMPARE_METRICS, make_comparison_figure
from charts.context import ChartContext
from charts.indicators import make_weight_figure
from charts.layout import (
    EM_PX,
    LABEL_STANDOFF_PX,
    LINE_PX,
    SCREEN_WIDTH_PX,
    VALUE_PAD_PX,
    line_em,
    lines_of,
    text_em,
    text_px,
    wrap,
)
from charts.projects import PROJECT_LABEL_EM
from charts.style import (
    DATE_GAP_PX,
    DATE_PX,
    EDGE_PX,
    LEGEND_ENTRY_EM,
    NOTE_FONT_PX,
    SOURCE_FONT_PX,
    SOURCE_LINE_PX,
    SOURCE_WIDTH_PX,
    SUB_FONT_PX,
    TITLE_FONT_PX,
    TITLE_WIDTH_PX,
    source_footnote,
)
from content.catalog import PAGES, report_charts
from content.filters import Filters
from content.selection import select
from export.images import stamp_figure
from loaders import combine, load_all
from reader.document import read_document

PDF = CORPUS / "pdf"
# (file name the library holds, the corpus file, document id): the last two are one document kept twice
IMPORTED = (
    ("shanghai-yuwainongchang-2026-unit.pdf", "shanghai-yuwainongchang-2026-unit.pdf", None),
    ("shanghai-keda-fuxiao-2026-unit.pdf", "shanghai-keda-fuxiao-2026-unit.pdf", None),
    ("shanghai-keda-fuxiao-2026-unit_budget_copy.pdf", "shanghai-keda-fuxiao-2026-unit.pdf", "keda-copy"),
)
LONGEST = "上海市·上海科技大学附属学校（单位预算 · 2026 · 第2份）"
FILE_LABEL = "上海市·上海科技大学附属学校（shanghai-keda-fuxiao-2026-unit_budget_copy.pdf）"
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_CLOSING = "）)，。、；：·%"
_TICK_ABBREVIATION = re.compile(r"\d(\.\d+)?[kKMGB]$")  # Plotly's 10k, 200k, 1.2M


@cache
def library_tables() -> dict[str, pl.DataFrame]:
    documents = []
    for name, corpus_file, doc_id in IMPORTED:
        result = read_document(name, (PDF / corpus_file).read_bytes(), {"id": doc_id} if doc_id else None)
        documents.append(result.tables)
    return combine([load_all(), *documents])


def selection_and_context(unit: tuple[str, float] = ("万元", 1.0), share: bool = False):
    tables = library_tables()
    chosen = tuple(tables["counties"]["county_id"].unique(maintain_order=True))
    selection = select(tables, Filters(chosen, "latest"))
    return selection, selection.context(unit[0], unit[1], share)


@pytest.fixture(scope="module")
def library():
    if not PDF.is_dir():
        pytest.fail(f"the real corpus is missing: {PDF}")
    return selection_and_context()


def all_charts(unit=("万元", 1.0), share=False):
    selection, ctx = selection_and_context(unit, share)
    charts = report_charts(selection, ctx)
    charts += PAGES["compare"].build(selection, ctx)  # all three imported documents side by side
    return charts


# --- measuring and wrapping ---------------------------------------------------------------------


def half_split(lines: list[str]) -> bool:
    """A line ends inside an ASCII word that the next line goes on with ("unit_budg" / "et.pdf")."""
    return any(_ASCII_WORD.match(a[-1:] or " ") and _ASCII_WORD.match(b[:1] or " ") for a, b in zip(lines, lines[1:], strict=False))


def test_text_is_measured_cjk_one_em_ascii_055():
    assert text_em("上海市") == 3.0
    assert text_em("unit.pdf") == pytest.approx(8 * 0.55)
    assert text_em("上海市·司法局<br>（unit_budget.pdf）") == pytest.approx(2 + 0.55 * 15)  # the wider line


@pytest.mark.parametrize("width", [6, 10, 15, 20])
@pytest.mark.parametrize("text", [
    LONGEST,
    FILE_LABEL + " 2026",
    "上海市普陀区·司法局（unit_budget.pdf）",
    "合成区·中共合成区委组织部（syn07_041.xlsx）",
    "其余 12 县合计",
])
def test_wrapping_keeps_words_whole_and_lines_short(text, width):
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert all(line_em(line) <= width for line in lines), lines
    assert not half_split(lines), lines
    assert not any(line[:1] in _CLOSING for line in lines[1:]), lines  # no line starts with ）or ，
    assert not any(line[-1:] in "（(" for line in lines[:-1]), lines


def test_a_file_name_breaks_after_one_of_its_separators():
    lines = wrap(FILE_LABEL, 15)
    assert lines == ["上海市·上海科技大学附属学校", "（shanghai-keda-fuxiao-", "2026-unit_budget_copy.pdf）"]


# --- every chart of every page, with the longest names ------------------------------------------


def plot_px(fig: go.Figure, axis: str) -> float:
    """The plot's width (x) or height (y) on the narrowest screen, for one axis's domain."""
    layout = fig.layout
    name = axis.replace("x", "xaxis").replace("y", "yaxis") if len(axis) > 1 else f"{axis}axis"
    domain = getattr(layout, name).domain or (0, 1)
    if axis.startswith("x"):
        return (SCREEN_WIDTH_PX - layout.margin.l - layout.margin.r) * (domain[1] - domain[0])
    return (layout.height - layout.margin.t - layout.margin.b) * (domain[1] - domain[0])


def axis_of(fig: go.Figure, ref: str):
    return getattr(fig.layout, ref.replace("x", "xaxis").replace("y", "yaxis"))


def category_labels_of(trace) -> list[str]:
    values = trace.y if trace.orientation == "h" else trace.x
    if values is None or not len(values):
        return []
    first = values[0]
    if isinstance(first, (list, tuple)):  # a two-level axis: the names, then the years
        return [str(v) for v in values[0]]
    return [str(v) for v in values if isinstance(v, str)]


def horizontal(trace) -> bool:
    return trace.type in ("bar", "box") and trace.orientation == "h"


def check_category_labels(fig: go.Figure, what: str) -> None:
    for trace in fig.data:
        if not horizontal(trace):
            continue
        for label in category_labels_of(trace):
            lines = lines_of(label)
            assert all(line_em(line) <= PROJECT_LABEL_EM for line in lines), (what, label)
            assert not half_split(lines), (what, label)
            # the left margin holds the label's widest line beside the axis
            assert fig.layout.margin.l >= text_px(label) + LABEL_STANDOFF_PX, (what, label, fig.layout.margin.l)


def check_vertical_names_fit_their_slots(fig: go.Figure, what: str) -> None:
    """Names under vertical bars stand level, each within its share of the plot's width."""
    names = {str(v) for t in fig.data if t.type == "bar" and t.orientation != "h" and t.x is not None
             for v in t.x if isinstance(v, str)}
    if names:
        slot = plot_px(fig, "x") / len(names)
        assert all(text_px(name) <= slot for name in names), (what, names, slot)


def check_rows_hold_their_names(fig: go.Figure, what: str) -> None:
    """Each category row of horizontal bars is at least as tall as its name's lines."""
    for trace in fig.data:
        if trace.type != "bar" or not horizontal(trace):
            continue
        labels = category_labels_of(trace)
        if not labels:
            continue
        rows = len(set(labels)) if not isinstance(trace.y[0], (list, tuple)) else len(trace.y[0])
        lines = max(len(lines_of(label)) for label in labels)
        assert plot_px(fig, (trace.yaxis or "y")) / rows >= LINE_PX * lines, (what, rows, lines)


def check_value_labels(fig: go.Figure, what: str) -> None:
    """A value written beside its bar stays inside the plot: the axis reaches past it. A bar in
    one of several panels along an axis (its extent in ``meta["panel"]``) stays inside its panel."""
    for trace in fig.data:
        if trace.type != "bar" or trace.text is None or trace.textposition != "outside":
            continue
        h = trace.orientation == "h"
        ref = (trace.xaxis or "x") if h else (trace.yaxis or "y")
        axis = axis_of(fig, ref)
        assert axis.range is not None, (what, "the value axis has a range of its own")
        top = axis.range[1]
        size = plot_px(fig, ref)
        panel_end = trace.meta["panel"][1] / top * size if isinstance(trace.meta, dict) else size
        values = trace.x if h else trace.y
        base = trace.base if trace.base is not None else [0] * len(values)
        if not isinstance(base, (list, tuple)):
            base = [base] * len(values)
        for value, start, text in zip(values, base, trace.text, strict=True):
            end = (value or 0) + (start or 0)
            room = text_px(str(text)) if h else LINE_PX
            assert end / top * size + room + VALUE_PAD_PX <= panel_end + 1, (what, text, end, top)


def check_ticks(fig: go.Figure, what: str) -> None:
    for name in dir(fig.layout):
        if not re.fullmatch(r"[xy]axis\d*", name):
            continue
        axis = getattr(fig.layout, name)
        if axis.ticktext is None:
            continue
        assert not [t for t in axis.ticktext if _TICK_ABBREVIATION.search(str(t))], (what, axis.ticktext)
        if name.startswith("x"):  # side by side: they must not touch
            ref = name.replace("axis", "")
            widest = max(text_px(str(t)) for t in axis.ticktext)
            assert len(axis.ticktext) * widest <= plot_px(fig, ref), (what, axis.ticktext)


def check_text_around(fig: go.Figure, what: str) -> None:
    """Title, notes, legend and footnote in lines that fit the narrowest chart; the export date
    on the footnote's first line, clear of it."""
    for line in fig.layout.title.text.split("<br>"):
        if "font-size:12px" in line:
            size = NOTE_FONT_PX
        elif line.startswith("<sup>"):
            size = SUB_FONT_PX
        else:
            size = TITLE_FONT_PX
        assert text_px(line, size) <= TITLE_WIDTH_PX, (what, line)
    for trace in fig.data:
        if trace.name and trace.showlegend is not False and fig.layout.showlegend is not False:
            assert all(line_em(line) <= LEGEND_ENTRY_EM for line in lines_of(trace.name)), (what, trace.name)
    source = source_footnote(fig)
    assert source is not None, what
    assert all(text_px(line, SOURCE_FONT_PX) <= SOURCE_WIDTH_PX for line in lines_of(source.text)), what
    assert not half_split(lines_of(source.text)), what  # a file name stays whole
    assert source.xshift == EDGE_PX - fig.layout.margin.l  # from the figure's left edge
    dated = stamp_figure(fig)
    date = next(a for a in dated.layout.annotations if str(a.text).startswith("导出日期"))
    assert date.yshift == source.yshift and date.xanchor == "right"
    assert EDGE_PX + SOURCE_WIDTH_PX + DATE_GAP_PX + DATE_PX + EDGE_PX <= SCREEN_WIDTH_PX


@pytest.mark.parametrize(("unit", "share"), [(("万元", 1.0), False), (("元", 10_000.0), False), (("万元", 1.0), True)])
def test_every_chart_fits_the_longest_names(library, unit, share):
    charts = all_charts(unit, share)
    drawn = [str(t.to_plotly_json().get(key)) for c in charts for t in c.figure.data for key in ("x", "y", "name", "labels")]
    assert not [d for d in drawn if LONGEST in d]  # too long to stand on one line anywhere …
    assert LONGEST in " ".join(drawn).replace("<br>", "")  # … but there, in lines
    for chart in charts:
        what = f"{chart.what} ({unit[0]}, {'share' if share else 'amount'})"
        check_category_labels(chart.figure, what)
        check_vertical_names_fit_their_slots(chart.figure, what)
        check_rows_hold_their_names(chart.figure, what)
        check_value_labels(chart.figure, what)
        check_ticks(chart.figure, what)
        check_text_around(chart.figure, what)


def test_comparison_names_stand_beside_the_bars_once_a_row(library):
    """横向对比: six panels in two rows; a row's three panels share one subplot, side by side along
    its value axis, each on the same scale with its own ticks and title."""
    selection, ctx = library
    (chart,) = [c for c in PAGES["compare"].build(selection, ctx) if c.what == "横向对比"]
    fig = chart.figure
    assert len(fig.data) == 6 and all(t.orientation == "h" for t in fig.data)
    labels = list(fig.data[0].y)
    assert len(labels) == len(ctx.county_ids) and any("<br>" in label for label in labels)
    assert all(list(t.y) == labels for t in fig.data)
    rows = [(fig.layout.xaxis, fig.layout.yaxis), (fig.layout.xaxis2, fig.layout.yaxis2)]
    assert "xaxis3" not in fig.layout.to_plotly_json()  # two subplots, not six
    assert [t.xaxis for t in fig.data] == ["x", "x", "x", "x2", "x2", "x2"]
    assert all(y.autorange == "reversed" for _, y in rows)  # names once a row, the first on top
    assert fig.layout.barmode == "overlay"
    panels = [tuple(t.meta["panel"]) for t in fig.data]
    spans = {round(end - start, 6) for start, end in panels}
    assert len(spans) == 1  # one scale in every panel: they compare directly
    for row in (panels[:3], panels[3:]):
        assert row[0][0] == 0 and all(a[1] < b[0] for a, b in zip(row, row[1:], strict=False))  # apart
    for (x, _), row, traces in zip(rows, (panels[:3], panels[3:]), (fig.data[:3], fig.data[3:]), strict=True):
        assert x.range[0] == 0 and x.range[1] >= row[-1][1]
        assert [t.base for t in traces] == [start for start, _ in row]
        per_panel = len(x.tickvals) // 3
        assert per_panel >= 2 and list(x.ticktext) == list(x.ticktext[:per_panel]) * 3
        for i, (start, end) in enumerate(row):  # each panel's ticks from its own 0, within it
            ticks = x.tickvals[i * per_panel:(i + 1) * per_panel]
            assert ticks[0] == pytest.approx(start) and ticks[-1] <= end
    titles = {a.text: a for a in fig.layout.annotations if a.text in COMPARE_METRICS}
    assert list(titles) == list(COMPARE_METRICS)
    for trace, (start, end) in zip(fig.data, panels, strict=True):  # each title centred over its panel
        x = fig.layout[trace.xaxis.replace("x", "xaxis")]
        assert titles[trace.name].x == pytest.approx((start + end) / 2 / x.range[1])


def test_comparison_ticks_stand_only_under_drawn_panels(library):
    """Four metrics: three panels in the first row, one in the second; the second row's axis has the
    first row's width (the panels line up) but ticks under its one panel only, no empty panels."""
    selection, ctx = library
    metrics = COMPARE_METRICS[:4]
    fig = make_comparison_figure(selection.table("summary"), ctx, metrics)
    first, second = fig.layout.xaxis, fig.layout.xaxis2
    assert tuple(first.range) == tuple(second.range)
    per_panel = len(first.tickvals) // 3
    assert list(second.tickvals) == list(first.tickvals[:per_panel])
    assert list(second.ticktext) == list(first.ticktext[:per_panel])
    (last,) = [t for t in fig.data if t.xaxis == "x2"]
    assert last.name == metrics[3] and last.base == 0


def test_check_marks_stand_past_the_bars(library):
    """勾稽核对: "✓ n ✗ m" past each bar's end, the axis long enough for it (measured at 14 px)."""
    selection, ctx = library
    (chart,) = PAGES["checks"].build(selection, ctx)
    fig = chart.figure
    top, size = fig.layout.xaxis.range[1], plot_px(fig, "x")
    marks = [a for a in fig.layout.annotations if str(a.text).startswith("✓")]
    assert len(marks) == len(ctx.county_ids)
    for mark in marks:
        assert mark.x / top * size + mark.xshift + text_px(mark.text, 14) <= size + 1, mark.text


def test_the_highest_score_is_not_clipped(library):
    """指标质量: the highest mean score (the issue saw 98.8 cut at the top) stands past its bar, inside
    an axis that reaches past 100 while its ticks stop at 100."""
    selection, ctx = library
    fig = PAGES["quality"].build(selection, ctx)[0].figure
    bars = fig.data[0]
    assert all(re.fullmatch(r"\d+\.\d", t) for t in bars.text)  # one decimal
    assert fig.layout.xaxis.range[1] > 100 and list(fig.layout.xaxis.tickvals)[-1] == 100
    check_value_labels(fig, "score")


# --- point 4: weights -------------------------------------------------------------------------


def test_weight_bars_stand_on_the_weights_they_count():
    """Weights 5/10/15/20/25/30 read 5/10/15/20/25/30 (not 7/12/17 … the centres of 5-wide bins)."""
    weights = [5.0, 10.0, 10.0, 15.0, 20.0, 20.0, 20.0, 25.0, 30.0]
    indicators = pl.DataFrame({"county_id": ["a"] * len(weights), "weight": weights})
    ctx = ChartContext(("a",), {"a": "甲县"}, {"a": 2024}, {"a": "a.txt"})
    fig = make_weight_figure(indicators, ctx)
    (bars,) = fig.data
    assert bars.type == "bar" and list(bars.x) == [5, 10, 15, 20, 25, 30]  # each bar centred on its weight
    assert list(bars.y) == [1, 2, 1, 3, 1, 1]
    assert list(fig.layout.xaxis.tickvals) == [5, 10, 15, 20, 25, 30]
    assert list(fig.layout.xaxis.ticktext) == ["5", "10", "15", "20", "25", "30"]
    exported = stamp_figure(fig)  # the export draws the same axis
    assert list(exported.layout.xaxis.tickvals) == [5, 10, 15, 20, 25, 30]


def test_real_weights_have_their_own_ticks(library):
    selection, ctx = library
    (chart,) = [c for c in PAGES["indicators"].build(selection, ctx) if c.what == "指标权重"]
    weights = sorted(set(chart.table["weight"].to_list()))
    assert list(chart.figure.layout.xaxis.tickvals) == weights
    assert all(sorted(t.x) == sorted(weights) for t in chart.figure.data)


# --- the export: the source line and the date apart, on the picture itself ---------------------


@pytest.fixture(scope="module")
def exporter():
    from export import images

    if images.find_browser() is None:
        pytest.fail("no Chromium: run `bash scripts/setup.sh --dev` (Debian package chromium)")
    images.warm_up()


def ink_runs(row_band, threshold: int = 200, gap: int = 15) -> list[tuple[int, int]]:
    """Column runs with ink in a band of rows, runs closer than ``gap`` px merged."""
    import numpy as np

    columns = np.where((row_band < threshold).any(axis=0))[0]
    runs: list[list[int]] = []
    for c in columns:
        if runs and c - runs[-1][1] <= gap:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return [(a, b) for a, b in runs]


@pytest.mark.parametrize("what", ["收入来源构成", "横向对比", "勾稽核对结果"])
def test_exported_source_line_stands_clear_of_the_export_date(library, exporter, what):
    """On the exported PNG the export date is its own run of ink at the right end of the footnote's
    first line, with a gap before it: the source line (six file names long) does not run into it."""
    import numpy as np
    from PIL import Image

    from export.images import EXPORT_WIDTH, render_png

    chart = next(c for c in all_charts() if c.what == what)
    fig = stamp_figure(chart.figure)
    image = np.asarray(Image.open(io.BytesIO(render_png(fig))).convert("L"))
    source = source_footnote(fig)
    top = fig.layout.height - fig.layout.margin.b - source.yshift  # yanchor top, yshift below the plot
    first = int(top) + SOURCE_LINE_PX + 2  # the first line's box (its glyphs ~4–15 px below its top)
    band = image[int(top): first]
    runs = ink_runs(band)
    date_start, date_end = runs[-1]
    assert date_end > EXPORT_WIDTH - fig.layout.margin.r  # the date, at the right edge
    assert date_end - date_start <= DATE_PX  # nothing else run into it
    assert len(runs) >= 2 and date_start - runs[-2][1] > 15  # the source ends well before it
    # and the lines below (the rest of the source) stay left of the date's column too
    rest = image[first: first + SOURCE_LINE_PX * (len(lines_of(source.text)) - 1)]
    if rest.size:
        assert all(b < date_start - 15 for _, b in ink_runs(rest))


def test_em_px_is_the_charts_font():
    assert EM_PX == 13


def test_a_wrapped_subtitle_is_one_line_again_in_slide_titles(library):
    """The pack's slides and workbook name a chart by its title in one line: the subtitle charts.style
    wrapped for the picture (two long names) reads as one again, after the one ' — '."""
    selection, ctx = library
    two = ctx.subset(tuple(c for c in ctx.county_ids if "keda" in c or "科技大学" in c))
    # two departments' names longer than the subtitle's line (names of any length: a 部门 may be long)
    longer = {c: f"{name}（教育装备与信息化管理中心）" for c, name in two.names.items()}
    two = dataclasses.replace(two, names=longer)
    chart = PAGES["sangong"].build(selection, two)[0]
    assert chart.figure.layout.title.text.count("<sup>") >= 2  # wrapped in the figure
    assert chart.title.count(" — ") == 1 and longer["keda-copy"] in chart.title
