"""Shared look: one colour per county on every page, titles and source footnotes."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from charts.layout import (
    EM_PX,
    MARGIN_L_MIN,
    MARGIN_R,
    SCREEN_WIDTH_PX,
    line_count,
    text_em,
    text_px,
    wrap,
    wrap_label,
    wrap_px,
)

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"

# Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"): told apart with every common
# colour-vision deficiency. The grey level of each (Pillow's "L": 0.299 R + 0.587 G + 0.114 B)
# is noted beside it: colours that must be told apart on one chart are ≥ 30 grey levels apart,
# so a grey-scale printout still separates them (tests/test_colours.py checks both).
BLUE, VERMILLION, SKY_BLUE, YELLOW = "#0072B2", "#D55E00", "#56B4E9", "#F0E442"  # 87, 119, 158, 213
ORANGE, GREEN, PURPLE, BLACK = "#E69F00", "#009E73", "#CC79A7", "#000000"  # 162, 106, 151, 0
LIGHT_GREY = "#D9D9D9"  # 217
# A document may have a colour of its own (its profile's, data/profiles: the shipped four take
# BLUE, VERMILLION, YELLOW and SKY_BLUE); the charts are given them (ChartContext.colours) and
# colour every other document from this palette.
_FALLBACK = (ORANGE, GREEN, PURPLE, BLACK, BLUE, VERMILLION, SKY_BLUE, YELLOW)
# Stacked pairs: 基本/项目 and 人员/公用 sit side by side in one bar.
PART_COLOURS = {"基本支出": BLUE, "项目支出": ORANGE, "人员经费": VERMILLION, "公用经费": SKY_BLUE}
# Pass/fail: colour, and a hatch pattern and a ✓/✗ label, so neither rests on colour alone.
PASS_STYLE = {"colour": BLUE, "pattern": "", "mark": "✓"}
FAIL_STYLE = {"colour": ORANGE, "pattern": "x", "mark": "✗"}
# Inferred categories (audit.taxonomy): the county colour, lighter and hatched.
INFERRED_PATTERN = "/"
INFERRED_OPACITY = 0.55
# Unconfirmed figures (contract/confirm.py: no second statement agrees, or a check failed): the
# fill kept, hatched in black or white (whichever stands out from the fill) with a black outline,
# so the mark shows in colour, for colour-blind readers and in grey print; "（未核实）" in the hover.
UNCONFIRMED_MARK = "（未核实）"
UNCONFIRMED_PATTERN = "\\"
UNCONFIRMED_OUTLINE = BLACK
UNCONFIRMED_LINE_PX = 2.5
UNCONFIRMED_SYMBOL = "diamond-wide"  # a point (trend line): another shape, outlined
UNCONFIRMED_NOTE = "反斜纹、黑框：未核实的数字（文件中没有第二处与之印证，或核对不一致）"
WARNING_COLOUR = "#8A4B00"  # notes on partial tables: dark orange, legible in grey (85)
SOURCE_NOTE = "来源：部门预算、单位预算公开文件，数据由本看板从原文解析"


def unconfirmed(flag: bool | None) -> bool:
    """A shown figure is marked when its row says it is not confirmed (None: nothing to mark)."""
    return flag is False


def hatch_colour(fill: str) -> str:
    """Black hatching on a light fill, white on a dark one (grey level as in tests/test_colours.py)."""
    red, green, blue = (int(fill.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return BLACK if 0.299 * red + 0.587 * green + 0.114 * blue >= 110 else "#FFFFFF"


def confirm_marker(colours: str | list[str], flags: list[bool | None]) -> dict:
    """A bar trace's ``marker``: each unconfirmed bar hatched and outlined, the others plain."""
    fills = [colours] * len(flags) if isinstance(colours, str) else list(colours)
    marked = [unconfirmed(f) for f in flags]
    return {
        "color": fills,
        "pattern": {"shape": [UNCONFIRMED_PATTERN if m else "" for m in marked], "fillmode": "overlay",
                    "fgcolor": [hatch_colour(c) for c in fills], "size": 7, "solidity": 0.35},
        "line": {"color": UNCONFIRMED_OUTLINE, "width": [UNCONFIRMED_LINE_PX if m else 0 for m in marked]},
    }


def confirm_hover(flags: list[bool | None]) -> list[str]:
    """Each figure's hover suffix: （未核实） or nothing."""
    return [UNCONFIRMED_MARK if unconfirmed(f) else "" for f in flags]


def confirm_notes(*flags: list[bool | None]) -> list[str]:
    """The note under the title (so exports carry it) when any figure shown is unconfirmed."""
    return [UNCONFIRMED_NOTE] if any(unconfirmed(f) for group in flags for f in group) else []


def all_confirmed(values) -> bool | None:
    """One figure made of several (a sum, a share): confirmed only if every part is; None if none."""
    values = [v for v in values if v is not None]
    return all(values) if values else None


def county_colour(county_id: str, own: Mapping[str, str] | None = None) -> str:
    """A document's colour on its own (no other documents known): its own colour (``own``:
    county_id -> colour, see ChartContext.colours) if it has one."""
    if own and county_id in own:
        return own[county_id]
    return _FALLBACK[sum(map(ord, county_id)) % len(_FALLBACK)]


def colours_for(county_ids: tuple[str, ...] | list[str], own: Mapping[str, str] | None = None) -> dict[str, str]:
    """Colours for documents shown together: a document with a colour of its own (``own``, the
    shipped four's) keeps it; the others take, in order, the palette's colours no shown document
    owns, so up to eight documents never share a colour (a hash of the id gave two imported
    documents the same colour one time in eight, or a shipped document's). Past eight the colours
    repeat, in the same order."""
    own = own or {}
    taken = {own[c] for c in county_ids if c in own}
    free = [c for c in _FALLBACK if c not in taken]
    out, n = {}, 0
    for county_id in dict.fromkeys(county_ids):
        if county_id in own:
            out[county_id] = own[county_id]
        else:
            out[county_id] = free[n % len(free)]
            n += 1
    return out


def count_text(regions: list[str], departments: list[str], document_kinds: list[str] | tuple[str, ...] = ()) -> str:
    """How many documents, in the words that fit them: '4 个地区' (one document of each region),
    '3 个部门' (several departments of a region), else '5 份预算' (editions of one department), '2 份决算',
    or '8 份公开文件' where budgets and 决算 are shown together."""
    n = len(regions)
    if len(set(regions)) == n:
        return f"{n} 个地区"
    if len(set(zip(regions, departments, strict=True))) == n:
        return f"{n} 个部门"
    kinds = {k or "预算" for k in document_kinds} or {"预算"}
    return f"{n} 份{kinds.pop()}" if len(kinds) == 1 else f"{n} 份公开文件"


def scope_label(names: list[str], years: list[int], count: str | None = None) -> str:
    """'青龙满族自治县 2023' or '4 个地区 2023–2024' (``count``: how many, in words; default 'N 份预算')."""
    span = f"{min(years)}" if len(set(years)) == 1 else f"{min(years)}–{max(years)}"
    who = "、".join(names) if len(names) <= 2 else (count or f"{len(names)} 份预算")
    return f"{who} {span}年"


def title_text(what: str, names: list[str], years: list[int], unit: str | None, count: str | None = None) -> str:
    unit_part = f" · 单位：{unit}" if unit else ""
    return f"{what}<br><sup>{scope_label(names, years, count)}{unit_part}</sup>"


NOTE_LINE_PX = 20  # height of one note line under the title
NOTE_FONT_PX = 12
TITLE_FONT_PX = 18  # Plotly's title: 1.4 × the 13 px font
SUB_FONT_PX = 13  # a <sup> line of the title, as drawn (~0.7 × the title font), rounded up
TITLE_LINE_PX = 20  # a wrapped title or subtitle line beyond the two the top margin holds
LEGEND_ROW_PX = 30  # height of one row of a horizontal legend (font 13, as drawn in Chromium)
LEGEND_LINE_PX = 17  # each further line of a legend entry wrapped in lines
# The width the legend is estimated for: a chart on a laptop screen (~900 px) less the side margins
# (the legend stands over the plot: a wide left margin for long category labels narrows it).
# Exports are wider (1,200 px), so their legend takes no more rows than estimated.
LEGEND_WIDTH_PX = 810
LEGEND_ENTRY_EM = 24.0  # a legend entry's line before it wraps (two long names still share a row)
LEGEND_SYMBOL_PX = 40  # the symbol and the gap before the text (plotly.js textGap)
LEGEND_GAP_PX = 5  # between entries (plotly.js itemGap)
_LEGEND_TYPES = {"bar", "scatter", "scattergl", "histogram", "box"}  # traces with a legend entry by default
SOURCE_FONT_PX = 10
SOURCE_LINE_PX = 14  # one line of the source footnote (font 10)
EDGE_PX = 10  # the footnote and the export date stand this far from the figure's edges
DATE_PX = 110  # "导出日期：2026-12-07" at the footnote's font (export.images.stamp_figure)
DATE_GAP_PX = 20
# the footnote's lines leave room for the export date at the right of its first line
SOURCE_WIDTH_PX = SCREEN_WIDTH_PX - 2 * EDGE_PX - DATE_PX - DATE_GAP_PX
TITLE_WIDTH_PX = SCREEN_WIDTH_PX - 2 * EDGE_PX - 20  # the title stands 12 px in (title_pad) on export
MARGIN_T, MARGIN_B = 120, 100
# A title hung from the top: its anchor this far below the figure's edge. Plotly draws a title of
# several lines (ours: heading, then <sup> lines) ~13 px above its anchor, so its ink starts ~17 px down.
TITLE_TOP_PX = 30


def _legend_entries(fig: go.Figure) -> list[tuple[float, int]]:
    """(width px, lines) of each legend entry, in order."""
    seen, out = set(), []
    if fig.layout.showlegend is False:
        return out
    for trace in fig.data:
        flag = getattr(trace, "showlegend", None)  # a treemap or a sankey has no legend at all
        shown = trace.type in _LEGEND_TYPES if flag is None else flag
        key = getattr(trace, "legendgroup", None) or trace.name
        if not shown or not trace.name or key in seen:
            continue
        seen.add(key)
        out.append((LEGEND_SYMBOL_PX + text_px(trace.name), line_count(trace.name)))
    return out


def legend_width(margin_l: int = MARGIN_L_MIN) -> float:
    """The width the legend has over a plot with this left margin, on the narrowest screen."""
    return LEGEND_WIDTH_PX - (margin_l - MARGIN_L_MIN)


def _legend_layout(fig: go.Figure, margin_l: int = MARGIN_L_MIN) -> list[int]:
    """The legend's rows at legend_width, each as the most lines an entry in it takes.

    As Plotly lays a horizontal legend out: all entries in one row when they fit; otherwise a grid,
    every entry as wide as the widest (plotly.js legend/draw.js), as many a row as fit."""
    entries = _legend_entries(fig)
    if not entries:
        return []
    room = legend_width(margin_l)
    widths = [w for w, _ in entries]
    if sum(widths) + LEGEND_GAP_PX * (len(widths) - 1) < room:
        return [max(lines for _, lines in entries)]
    per_row = max(1, int((room + LEGEND_GAP_PX) // (max(widths) + LEGEND_GAP_PX)))
    return [max(lines for _, lines in entries[i:i + per_row]) for i in range(0, len(entries), per_row)]


def legend_rows(fig: go.Figure, margin_l: int = MARGIN_L_MIN) -> int:
    """How many rows the horizontal legend above the plot takes at most (legend_width), estimated
    from its entries' measured text (charts.layout: a CJK character 1 em, ASCII 0.55 em, plus the symbol)."""
    return len(_legend_layout(fig, margin_l))


def legend_height(fig: go.Figure, margin_l: int = MARGIN_L_MIN) -> int:
    """Height of the legend: a row each, and a line more for each further line of a wrapped entry."""
    return sum(LEGEND_ROW_PX + LEGEND_LINE_PX * (lines - 1) for lines in _legend_layout(fig, margin_l))


def wrap_legend_names(fig: go.Figure, max_em: float = LEGEND_ENTRY_EM) -> None:
    """Legend entries longer than ``max_em`` in lines (a document name of any length stays inside
    the chart); hovers show the same name."""
    for trace in fig.data:
        if trace.name and text_em(trace.name) > max_em:
            trace.name = wrap_label(trace.name, max_em)


def note_lines(notes: list[str] | tuple[str, ...], width_px: float = TITLE_WIDTH_PX) -> tuple[str, int]:
    """Notes as extra title lines (in the figure, so every export carries them), each wrapped to the
    chart's width; and how many lines they take."""
    out, count = "", 0
    for note in notes:
        for line in wrap(f"⚠ {note}", width_px / NOTE_FONT_PX):
            out += f"<br><span style='font-size:{NOTE_FONT_PX}px;color:{WARNING_COLOUR}'>{line}</span>"
            count += 1
    return out, count


def wrap_title(title: str, width_px: float = TITLE_WIDTH_PX) -> tuple[str, int]:
    """The title's lines (the heading, then <sup> lines: who, when, unit) each wrapped to the
    chart's width; and how many lines it takes."""
    out, count = [], 0
    for part in title.split("<br>"):
        sup = part.startswith("<sup>") and part.endswith("</sup>")
        inner = part[5:-6] if sup else part
        size = SUB_FONT_PX if sup else TITLE_FONT_PX
        lines = wrap(inner, width_px / size, whole_names=True)
        out += [f"<sup>{line}</sup>" if sup else line for line in lines]
        count += len(lines)
    return "<br>".join(out), count


def apply_layout(fig: go.Figure, title: str, source: str = SOURCE_NOTE, height: int = 460,
                 notes: list[str] | tuple[str, ...] = (), margin_l: int = MARGIN_L_MIN) -> go.Figure:
    """Title, source footnote, CJK font and white background (exports match the screen).

    ``height`` is the figure's height with the usual margins (MARGIN_T, MARGIN_B): whatever takes
    more room is added to it so the plot keeps its size — ``notes`` (e.g. that a table covers only
    part of a stated total) under the title, a title or legend wrapped into more lines (long
    document names), a footnote in several lines. ``margin_l``: room for the category labels left
    of the plot (charts.layout.left_margin).
    """
    wrap_legend_names(fig, min(LEGEND_ENTRY_EM, (legend_width(margin_l) - LEGEND_SYMBOL_PX) / EM_PX))
    title, title_count = wrap_title(title)
    note_text, note_count = note_lines(notes)
    # A legend of many entries (20 counties) wraps into rows that grow up from the plot: the margin
    # grows with them, so they never run into the title.
    legend = legend_height(fig, margin_l)
    extra = (NOTE_LINE_PX * note_count + max(legend - LEGEND_ROW_PX, 0)
             + TITLE_LINE_PX * max(title_count - 2, 0))
    source_text = wrap_px(source, SOURCE_WIDTH_PX, SOURCE_FONT_PX, whole_names=True)
    below = SOURCE_LINE_PX * (line_count(source_text) - 1)
    # Plotly centres the title in the top margin; with notes or a tall legend, hang it from the top
    # instead so the extra lines grow down towards the legend by no more than the margin grows
    # (a position, not title.pad: kaleido's export ignores the pad and drew the title at the very edge).
    total = height + extra + below
    place = {"y": 1.0 - TITLE_TOP_PX / total, "yref": "container", "yanchor": "top"} if extra else {}
    fig.update_layout(
        title={"text": title + note_text, "x": 0.0, "xanchor": "left", **place},
        font={"family": FONT_FAMILY, "size": EM_PX},
        template="plotly_white",
        height=total,
        margin={"l": margin_l, "r": MARGIN_R, "t": MARGIN_T + extra, "b": MARGIN_B + below},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left"},
    )
    # The footnote sits a fixed number of pixels below the plot area, clear of axis titles, from the
    # figure's left edge (not the plot's: long labels widen the left margin).
    fig.add_annotation(
        text=source_text, name=SOURCE_NAME, xref="paper", yref="paper", x=0, y=0, yshift=SOURCE_SHIFT_PX,
        xshift=EDGE_PX - margin_l, showarrow=False, xanchor="left", yanchor="top", align="left",
        font={"size": SOURCE_FONT_PX, "color": "#666"},
    )
    return fig


SOURCE_NAME = "source"
SOURCE_SHIFT_PX = -62  # the source footnote's offset below the plot area, clear of one row of tick labels


def source_footnote(fig: go.Figure):
    """The source footnote apply_layout drew (an annotation), or None."""
    return next((note for note in fig.layout.annotations
                 if note.name == SOURCE_NAME or str(note.text).startswith(SOURCE_NOTE)), None)


# what the footnote calls the documents, by the kinds of document shown (counties.document_kind)
_SOURCE_WORDS = {frozenset({"决算"}): "部门决算、单位决算", frozenset({"预算", "决算"}): "部门预算、单位预算与决算"}


def source_note(documents: list[str], document_kinds: list[str] | tuple[str, ...] = ()) -> str:
    """'来源：部门预算、单位预算公开文件，数据由本看板从原文解析（a.pdf、b.pdf）'; 决算 named as 决算.
    ``document_kinds``: each document's 预算 / 决算 (both, '决算、预算', where a chart draws on a 决算 and its budget)."""
    words = _SOURCE_WORDS.get(frozenset(part for k in document_kinds for part in (k or "预算").split("、")))
    head = SOURCE_NOTE.replace("部门预算、单位预算", words) if words else SOURCE_NOTE
    return f"{head}（{'、'.join(dict.fromkeys(documents))}）"  # each file once
