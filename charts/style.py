"""Shared look: one colour per county on every page, titles and source footnotes."""

from __future__ import annotations

import plotly.graph_objects as go

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
COUNTY_COLOURS = {
    "hezheng": "#1f77b4",
    "qinglong": "#d62728",
    "huangyuan": "#2ca02c",
    "shizhu": "#9467bd",
}
_FALLBACK = ("#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#ff7f0e")
PART_COLOURS = {"基本支出": "#4c78a8", "项目支出": "#f58518", "人员经费": "#54a24b", "公用经费": "#e45756"}
SOURCE_NOTE = "来源：各县（区）部门预算公开文件，数据由本看板从原文解析"


def county_colour(county_id: str) -> str:
    if county_id in COUNTY_COLOURS:
        return COUNTY_COLOURS[county_id]
    return _FALLBACK[sum(map(ord, county_id)) % len(_FALLBACK)]


def scope_label(names: list[str], years: list[int]) -> str:
    """'青龙满族自治县 2023' or '4 县（区） 2023–2024'."""
    span = f"{min(years)}" if len(set(years)) == 1 else f"{min(years)}–{max(years)}"
    who = "、".join(names) if len(names) <= 2 else f"{len(names)} 县（区）"
    return f"{who} {span}年"


def title_text(what: str, names: list[str], years: list[int], unit: str | None) -> str:
    unit_part = f" · 单位：{unit}" if unit else ""
    return f"{what}<br><sup>{scope_label(names, years)}{unit_part}</sup>"


def apply_layout(fig: go.Figure, title: str, source: str = SOURCE_NOTE, height: int = 460) -> go.Figure:
    """Title, source footnote, CJK font and white background (exports match the screen)."""
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13},
        template="plotly_white",
        height=height,
        margin={"l": 60, "r": 30, "t": 120, "b": 100},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left"},
    )
    # The footnote sits a fixed number of pixels below the plot area, clear of axis titles.
    fig.add_annotation(
        text=source, xref="paper", yref="paper", x=0, y=0, yshift=-62, showarrow=False,
        xanchor="left", yanchor="top", font={"size": 10, "color": "#666"},
    )
    return fig


def source_note(documents: list[str]) -> str:
    return f"{SOURCE_NOTE}（{'、'.join(dict.fromkeys(documents))}）"  # each file once
