"""Shared look: one colour per county on every page, titles and source footnotes."""

from __future__ import annotations

import plotly.graph_objects as go

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"

# Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"): told apart with every common
# colour-vision deficiency. The grey level of each (Pillow's "L": 0.299 R + 0.587 G + 0.114 B)
# is noted beside it: colours that must be told apart on one chart are ≥ 30 grey levels apart,
# so a grey-scale printout still separates them (tests/test_colours.py checks both).
BLUE, VERMILLION, SKY_BLUE, YELLOW = "#0072B2", "#D55E00", "#56B4E9", "#F0E442"  # 87, 119, 158, 213
ORANGE, GREEN, PURPLE, BLACK = "#E69F00", "#009E73", "#CC79A7", "#000000"  # 162, 106, 151, 0
LIGHT_GREY = "#D9D9D9"  # 217
COUNTY_COLOURS = {
    "hezheng": BLUE,
    "qinglong": VERMILLION,
    "huangyuan": YELLOW,
    "shizhu": SKY_BLUE,
}
_FALLBACK = (ORANGE, GREEN, PURPLE, BLACK, BLUE, VERMILLION, SKY_BLUE, YELLOW)
# Stacked pairs: 基本/项目 and 人员/公用 sit side by side in one bar.
PART_COLOURS = {"基本支出": BLUE, "项目支出": ORANGE, "人员经费": VERMILLION, "公用经费": SKY_BLUE}
# Pass/fail: colour, and a hatch pattern and a ✓/✗ label, so neither rests on colour alone.
PASS_STYLE = {"colour": BLUE, "pattern": "", "mark": "✓"}
FAIL_STYLE = {"colour": ORANGE, "pattern": "x", "mark": "✗"}
# Inferred categories (audit.taxonomy): the county colour, lighter and hatched.
INFERRED_PATTERN = "/"
INFERRED_OPACITY = 0.55
# Unconfirmed figures (loaders/confirm.py: no second statement agrees, or a check failed): the
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


def county_colour(county_id: str) -> str:
    """A document's colour on its own (no other documents known): the shipped four keep theirs."""
    if county_id in COUNTY_COLOURS:
        return COUNTY_COLOURS[county_id]
    return _FALLBACK[sum(map(ord, county_id)) % len(_FALLBACK)]


def colours_for(county_ids: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Colours for documents shown together: the shipped four keep theirs; the others take, in
    order, the palette's colours no shown shipped document uses, so up to eight documents never
    share a colour (a hash of the id gave two imported documents the same colour one time in eight,
    or a shipped document's). Past eight the colours repeat, in the same order."""
    taken = {COUNTY_COLOURS[c] for c in county_ids if c in COUNTY_COLOURS}
    free = [c for c in _FALLBACK if c not in taken]
    out, n = {}, 0
    for county_id in dict.fromkeys(county_ids):
        if county_id in COUNTY_COLOURS:
            out[county_id] = COUNTY_COLOURS[county_id]
        else:
            out[county_id] = free[n % len(free)]
            n += 1
    return out


def count_text(regions: list[str], departments: list[str]) -> str:
    """How many documents, in the words that fit them: '4 个地区' (one document of each region),
    '3 个部门' (several departments of a region), else '5 份预算' (editions of one department)."""
    n = len(regions)
    if len(set(regions)) == n:
        return f"{n} 个地区"
    if len(set(zip(regions, departments, strict=True))) == n:
        return f"{n} 个部门"
    return f"{n} 份预算"


def scope_label(names: list[str], years: list[int], count: str | None = None) -> str:
    """'青龙满族自治县 2023' or '4 个地区 2023–2024' (``count``: how many, in words; default 'N 份预算')."""
    span = f"{min(years)}" if len(set(years)) == 1 else f"{min(years)}–{max(years)}"
    who = "、".join(names) if len(names) <= 2 else (count or f"{len(names)} 份预算")
    return f"{who} {span}年"


def title_text(what: str, names: list[str], years: list[int], unit: str | None, count: str | None = None) -> str:
    unit_part = f" · 单位：{unit}" if unit else ""
    return f"{what}<br><sup>{scope_label(names, years, count)}{unit_part}</sup>"


NOTE_LINE_PX = 20  # height of one note line under the title
LEGEND_ROW_PX = 30  # height of one row of a horizontal legend (font 13, as drawn in Chromium)
# The width the legend is estimated for: a chart on a laptop screen (~900 px) less the side margins.
# Exports are wider (1,200 px), so their legend takes no more rows than estimated.
LEGEND_WIDTH_PX = 810
_LEGEND_TYPES = {"bar", "scatter", "scattergl", "histogram", "box"}  # traces with a legend entry by default


def legend_rows(fig: go.Figure) -> int:
    """How many rows the horizontal legend above the plot takes at most (LEGEND_WIDTH_PX), estimated
    from its entries' text (a CJK character ~13 px, others ~7.5 px, plus ~40 px for the symbol)."""
    seen, widths = set(), []
    for trace in fig.data:
        flag = getattr(trace, "showlegend", None)  # a treemap or a sankey has no legend at all
        shown = trace.type in _LEGEND_TYPES if flag is None else flag
        key = getattr(trace, "legendgroup", None) or trace.name
        if not shown or not trace.name or key in seen:
            continue
        seen.add(key)
        widths.append(40 + sum(13 if ord(ch) > 0x2E80 else 7.5 for ch in trace.name))
    rows, used = (1, 0.0) if widths else (0, 0.0)
    for width in widths:
        if used and used + width > LEGEND_WIDTH_PX:
            rows, used = rows + 1, 0.0
        used += width
    return rows


def note_lines(notes: list[str] | tuple[str, ...]) -> str:
    """Notes as extra title lines (in the figure, so every export carries them)."""
    return "".join(f"<br><span style='font-size:12px;color:{WARNING_COLOUR}'>⚠ {n}</span>" for n in notes)


def apply_layout(fig: go.Figure, title: str, source: str = SOURCE_NOTE, height: int = 460,
                 notes: list[str] | tuple[str, ...] = ()) -> go.Figure:
    """Title, source footnote, CJK font and white background (exports match the screen).

    ``notes`` (e.g. that a table covers only part of a stated total) are drawn under the
    title; the top margin and the height grow with them so the plot keeps its size.
    """
    # A legend of many entries (20 counties) wraps into rows that grow up from the plot: the margin
    # grows with them, so they never run into the title.
    extra = NOTE_LINE_PX * len(notes) + LEGEND_ROW_PX * max(legend_rows(fig) - 1, 0)
    # Plotly centres the title in the top margin; with notes or a tall legend, hang it from the top
    # instead so the extra lines grow down towards the legend by no more than the margin grows.
    place = {"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 18}} if extra else {}
    fig.update_layout(
        title={"text": title + note_lines(notes), "x": 0.0, "xanchor": "left", **place},
        font={"family": FONT_FAMILY, "size": 13},
        template="plotly_white",
        height=height + extra,
        margin={"l": 60, "r": 30, "t": 120 + extra, "b": 100},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left"},
    )
    # The footnote sits a fixed number of pixels below the plot area, clear of axis titles.
    fig.add_annotation(
        text=source, xref="paper", yref="paper", x=0, y=0, yshift=SOURCE_SHIFT_PX, showarrow=False,
        xanchor="left", yanchor="top", font={"size": 10, "color": "#666"},
    )
    return fig


TICK_LINE_PX = 17  # one line of a tick label (font 13)
SOURCE_SHIFT_PX = -62  # the source footnote's offset below the plot area, clear of one row of tick labels


def source_footnote(fig: go.Figure):
    """The source footnote apply_layout drew (an annotation), or None."""
    return next((note for note in fig.layout.annotations if str(note.text).startswith(SOURCE_NOTE)), None)


def wrap_label(text: str, width: int = 10) -> str:
    """A long label broken into lines of ``width`` characters, so it can stand horizontally."""
    return "<br>".join(text[i:i + width] for i in range(0, len(text), width)) or text


def room_below(fig: go.Figure, lines: int) -> go.Figure:
    """Make room under the plot for tick labels of ``lines`` lines beyond one: the bottom margin and
    the height grow (the plot keeps its size) and the source footnote moves down with them."""
    extra = TICK_LINE_PX * max(lines - 1, 0)
    if extra:
        fig.update_layout(margin_b=fig.layout.margin.b + extra, height=fig.layout.height + extra)
        if (note := source_footnote(fig)) is not None:
            note.yshift = note.yshift - extra
    return fig


def source_note(documents: list[str]) -> str:
    return f"{SOURCE_NOTE}（{'、'.join(dict.fromkeys(documents))}）"  # each file once
