"""Laying charts out for names of any length: text measured, wrapped and given room.

Document names run long ("上海市·上海科技大学附属学校（shanghai-keda-fuxiao-2026-unit.pdf） 2026"),
so no chart rotates them or leaves their size to chance:

- text is measured: a CJK (wide or ambiguous-width) character ≈ 1 em, an ASCII character ≈ 0.55 em;
- a label longer than a line is wrapped at character boundaries — between CJK characters, after a
  separator (- _ . /) of a file name — never inside an ASCII word, never with a closing bracket or
  punctuation starting a line or an opening bracket ending one;
- names stand on the category axis of horizontal bars, the left margin as wide as their widest line
  and each bar as tall as its name's lines;
- a value axis reaches far enough past its longest bar for the value label beside it, and its ticks
  read as amounts (contract.formats.tick_label: 5,000万元, 1.2亿元), never "10k".

Widths are estimated for the narrowest chart the dashboard draws (SCREEN_WIDTH_PX, a laptop
screen); exports are wider (export.images.EXPORT_WIDTH), so what fits on screen fits there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import plotly.graph_objects as go

from contract.formats import d3_format, tick_label, tick_values

EM_PX = 13  # the charts' font size (charts.style apply_layout)
NARROW_EM = 0.55  # an ASCII character, in em
SCREEN_WIDTH_PX = 900  # the narrowest chart on screen (a laptop, sidebar open); exports are 1,200
LABEL_EM = 15.0  # a category label's line before it wraps (~195 px)
LINE_PX = 16  # one line of a 13 px tick label, as drawn in Chromium
TICK_PAD_PX = 14  # between a tick label and the axis line (LABEL_STANDOFF_PX and a little more)
# A category label's room beyond its own width as Plotly's automargin counts it in Chromium: 19 px
# for a line of CJK characters. A left margin narrower than that is widened by automargin after the
# first drawing, which then draws the whole chart again: twice the browser's time for a chart
# (docs/benchmarks.md, "Page switches in the browser").
CATEGORY_PAD_PX = 19
VALUE_SLACK_PX = 4
LABEL_STANDOFF_PX = 6
STACK_HEADROOM = 1.03  # an axis a little past the longest stack (bars without labels)
VALUE_PAD_PX = 10  # between a bar's end and its value label, and the label and the plot edge
BAR_ROW_MIN_PX = 26  # a category row of horizontal bars, at least
BAR_PX = 18  # a bar of a group, thick enough for a 13 px value label
THIN_BAR_PX = 10  # a bar of a group without a value label
BAR_GAP = 0.2  # Plotly's gap between rows (bargap)
MARGIN_L_MIN = 60  # the default left margin (charts.style apply_layout)
MARGIN_R = 30

_TAG = re.compile(r"<[^>]+>")
_TOKEN = re.compile(r"[A-Za-z0-9]+|\s+|.", re.S)
_NAME_TOKEN = re.compile(r"[A-Za-z0-9_.\-/\\]+|\s+|.", re.S)  # a file name as one piece
# glued to the token before them (a line never starts with them) …
_CLOSING = set("）)]】」』》〉，。、；：！？·%’”,;:!?")
# … or after them (a line never ends with them)
_OPENING = set("（([【「『《〈‘“")
# an ASCII separator stays with the word before it, so a file name breaks after "-", "_", "."
_JOINERS = set("-_./\\")


def char_em(ch: str) -> float:
    if ord(ch) < 0x80:
        return NARROW_EM
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else (NARROW_EM if ch.isascii() else 1.0)


def line_em(text: str) -> float:
    """Width of one line of text (tags removed) in em."""
    return sum(char_em(ch) for ch in _TAG.sub("", text))


def lines_of(text: str) -> list[str]:
    return str(text).split("<br>")


def text_em(text: str) -> float:
    """Width of the widest line of ``text`` ('<br>' separates lines) in em."""
    return max((line_em(line) for line in lines_of(text)), default=0.0)


def text_px(text: str, size: float = EM_PX) -> float:
    return text_em(text) * size


def line_count(text: str) -> int:
    return len(lines_of(text))


def _tokens(text: str, whole_names: bool = False) -> list[str]:
    """Pieces a line may break between: a CJK character, an ASCII word with the separators after
    it (with ``whole_names``, a whole file name), a run of spaces; closing punctuation glued to what
    precedes it, opening to what follows."""
    out: list[str] = []
    glue_next = False
    for match in (_NAME_TOKEN if whole_names else _TOKEN).finditer(text):
        piece = match.group()
        attach = out and (glue_next or piece in _CLOSING or piece in _JOINERS)
        if attach and piece in _CLOSING and out[-1].isspace() and len(out) > 1:
            space = out.pop()
            out[-1] += space + piece  # "预算 · 2026": the · stays with what precedes its space
        elif attach:
            out[-1] += piece
        else:
            out.append(piece)
        glue_next = piece in _OPENING
    return out


def _hard_cut(text: str, max_em: float) -> tuple[str, str]:
    """The longest head of ``text`` within ``max_em`` (at least one character), and the rest."""
    width, at = 0.0, 0
    for at, ch in enumerate(text):
        width += char_em(ch)
        if width > max_em and at:
            return text[:at], text[at:]
    return text, ""


def wrap(text: str, max_em: float = LABEL_EM, whole_names: bool = False) -> list[str]:
    """``text`` in lines of at most ``max_em``, broken only where _tokens allows (a word longer
    than a whole line is the one thing cut inside: it cannot stand on any line)."""
    text = _TAG.sub("", str(text).replace("<br>", " "))
    lines: list[str] = []
    current = ""
    for token in _tokens(text, whole_names):
        if current and line_em(current) + line_em(token) > max_em:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
        while line_em(current) > max_em:
            head, current = _hard_cut(current, max_em)
            lines.append(head.rstrip())
            current = current.lstrip()
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def wrap_label(text: str, max_em: float = LABEL_EM, whole_names: bool = False) -> str:
    """``wrap`` joined with '<br>' for Plotly."""
    return "<br>".join(wrap(text, max_em, whole_names))


def wrap_px(text: str, max_px: float, size: float = EM_PX, whole_names: bool = False) -> str:
    """Wrapped to a width in pixels at font ``size``."""
    return wrap_label(text, max_px / size, whole_names)


# ---------------------------------------------------------------- category axes


def category_labels(labels: Sequence[str], max_em: float = LABEL_EM) -> list[str]:
    """Each label wrapped to ``max_em`` (keeps them distinct: Plotly merges equal categories)."""
    return [wrap_label(label, max_em) for label in labels]


def labels_px(labels: Sequence[str], size: float = EM_PX) -> float:
    """Width of the widest line among ``labels``."""
    return max((text_px(label, size) for label in labels), default=0.0)


def left_margin(labels: Sequence[str], size: float = EM_PX, title: bool = False) -> int:
    """A left margin holding the widest line of ``labels`` beside the axis (and a title left of them)."""
    return max(MARGIN_L_MIN, int(labels_px(labels, size) + CATEGORY_PAD_PX + (LINE_PX + 8 if title else 0) + 0.999))


def value_margin(fig: go.Figure, axis: str = "y") -> int:
    """A left margin holding a vertical value axis's tick labels and its title (left_margin's room),
    and VALUE_SLACK_PX: '%' and digits are a little wider in Chromium than NARROW_EM says."""
    layout_axis = fig.layout[f"{axis}axis"]
    return left_margin([str(t) for t in layout_axis.ticktext or ()], title=bool(layout_axis.title.text)) + VALUE_SLACK_PX


def row_px(labels: Sequence[str], bars: int = 1, bar_px: float = BAR_PX) -> int:
    """Height of one category row of horizontal bars: its name's lines, and ``bars`` bars side by side,
    each ``bar_px`` thick (BAR_PX: enough for its value label at full size, Plotly shrinks a label
    to a thinner bar; bars without labels may be thinner)."""
    lines = max((line_count(label) for label in labels), default=1)
    return int(max(BAR_ROW_MIN_PX, LINE_PX * lines + 10, bar_px * bars / (1 - BAR_GAP)) + 0.999)


def plot_width_px(margin_l: int, margin_r: int = MARGIN_R, columns: int = 1, spacing: float = 0.0) -> float:
    """The narrowest width one plot (of ``columns`` side by side) gets on screen."""
    inner = SCREEN_WIDTH_PX - margin_l - margin_r
    return inner * (1 - spacing * (columns - 1)) / columns


# ---------------------------------------------------------------- value axes


def value_top(ends: Sequence[float | None], texts: Sequence[str] | None, plot_px: float,
              size: float = EM_PX, floor: float = 0.0) -> float:
    """An axis end far enough past every bar for the label beside it: each bar end ``v`` with its
    label of width w needs top ≥ v · plot / (plot − w − padding)."""
    top = max([floor, *(v for v in ends if v is not None)])
    if texts is None:
        return top or 1.0
    for end, text in zip(ends, texts, strict=True):
        if end is None or end <= 0:
            end = 0.0
        room = plot_px - text_px(text, size) - 2 * VALUE_PAD_PX
        if room <= plot_px * 0.2:  # a label wider than the plot: give the bar a fifth of it
            room = plot_px * 0.2
        top = max(top, end * plot_px / room)
    return top or 1.0


AMOUNT_TITLE, SHARE_TITLE = "金额", "占比"


TICK_GAP_PX = 16  # between two tick labels side by side


def spaced_ticks(low: float, top: float, unit: str, plot_px: float | None, ticks: int = 5) -> list[float]:
    """Round tick values, as many as fit side by side in ``plot_px`` (an x axis) without their
    labels touching; all ``ticks`` on a y axis (``plot_px`` None), where labels stand in a column."""
    values = tick_values(low, top, ticks)
    if plot_px is None:
        return values
    for count in range(ticks, 0, -1):
        values = tick_values(low, top, count)
        widest = max(text_px(tick_label(v, unit)) for v in values)
        if len(values) * (widest + TICK_GAP_PX) <= plot_px:
            break
    return values


def amount_axis(fig: go.Figure, axis: str, top: float, unit: str, title: str | None = "",
                low: float = 0.0, ticks: int = 5, plot_px: float | None = None, **where) -> go.Figure:
    """A value axis in ``unit`` (万元, 元 or %) from ``low`` to ``top``: round ticks written as
    amounts (5,000万元, 1.2亿元) or shares (20%), as many as fit in ``plot_px`` (an x axis), hovers
    in the unit's format. ``title``: '' for 金额 / 占比 (the ticks carry the unit), None for none."""
    if title == "":
        title = SHARE_TITLE if unit == "%" else AMOUNT_TITLE
    values = spaced_ticks(low, top, unit, plot_px, ticks)
    update = {"range": [min(low, 0.0), top], "tickmode": "array", "tickvals": values,
              "ticktext": [tick_label(v, unit) for v in values], "hoverformat": d3_format(unit),
              "automargin": True}
    if title is not None:
        update["title_text"] = title
    getattr(fig, f"update_{axis}axes")(**update, **where)
    return fig


def count_axis(fig: go.Figure, axis: str, top: float, title: str | None = None, ticks: int = 5,
               **where) -> go.Figure:
    """A count axis (项目个数, 指标个数): whole-number ticks with separators, from 0 to ``top``."""
    step_floor = [v for v in tick_values(0, max(top, 1.0), ticks)]
    values = [v for v in step_floor if float(v).is_integer()] or [0.0]
    update = {"range": [0, max(top, 1.0)], "tickmode": "array", "tickvals": values,
              "ticktext": [f"{v:,.0f}" for v in values], "hoverformat": ",.0f", "automargin": True}
    if title is not None:
        update["title_text"] = title
    getattr(fig, f"update_{axis}axes")(**update, **where)
    return fig


def share_axis(fig: go.Figure, axis: str, top: float, title: str | None = "", plot_px: float | None = None,
               **where) -> go.Figure:
    """A percentage axis: ticks 0%, 20%…; hovers with two decimals."""
    return amount_axis(fig, axis, top, "%", title, plot_px=plot_px, **where)


def category_axis(fig: go.Figure, axis: str = "y", reversed_: bool = True, **where) -> go.Figure:
    """The category axis of horizontal bars: first category on top, labels a little off the bars."""
    update = {"automargin": True, "ticklabelstandoff": LABEL_STANDOFF_PX}
    if reversed_:
        update["autorange"] = "reversed"
    getattr(fig, f"update_{axis}axes")(**update, **where)
    return fig
