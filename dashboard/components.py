"""Layout pieces every page uses: the page context, a chart with its table and downloads, notices."""

from __future__ import annotations

import threading
from collections.abc import Callable

import plotly.graph_objects as go
import polars as pl
import pyarrow as pa
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from charts.context import ChartContext
from content.catalog import PAGES, Chart, Heading, Item, Notice, charts_of, file_stem, report_charts, sections
from content.filters import Filters
from content.labels import beside_amounts, display_formats, display_frame
from content.selection import Selection
from dashboard.data import get_selection
from dashboard.figcache import cached_arrow, cached_screen_figure, cached_transform
from export.images import (
    EXPORT_WIDTH,
    PRINT_SCALE,
    SCREEN_SCALE,
    ImageSpec,
    export_problem,
    figure_height,
    render,
    stamp_figure,
    warm_up,
)
from export.pack import ZIP_MIME, pack_bytes

FILTERS_KEY = "filters"
NOTICES_KEY = "page_notices"  # what app.py found while setting up (a link's unknown year, a file not read)
PAGE_CHARTS_KEY = "page_charts"  # (page context, charts of the page in this run): the page's report pack
# Draw only the chosen section of a page (choosing another reruns the page). Tests of what a page shows
# turn it off (tests/conftest.py) to see every section in one run; tests/test_sections.py keeps it on.
LAZY_SECTIONS = True
# The table under a chart sits in a collapsed expander and is drawn only when opened (a click reruns
# the page): the chart marks unconfirmed figures itself, and a table costs a page switch ~45 ms in the
# browser (docs/benchmarks.md). Tests that read a page's tables turn it off (tests/conftest.py).
LAZY_TABLES = True
__all__ = ["file_stem"]  # re-exported: pages and tests name chart files through this module


def page_title(text: str) -> None:
    """The page's title, then the notices of this run under it (a link naming a year a document
    lacks, a document that could not be read): they belong to the page, not above its title."""
    st.title(text)
    for level, message in st.session_state.get(NOTICES_KEY, ()):
        getattr(st, level)(message)


def current_filters() -> Filters:
    return st.session_state[FILTERS_KEY]


def page_context(title: str) -> tuple[Filters, Selection, ChartContext]:
    """The page's title and the filtered data for this run; the notices under the title; stops the
    page with a message when nothing is selected."""
    page_title(title)
    filters = current_filters()
    selection = get_selection(filters)
    if not filters.counties:
        st.info("请在左侧选择至少一个地区。")
        st.stop()
    if selection.missing:
        names = "、".join(selection.name(c) for c in selection.missing)
        st.info(f"{names}没有 {filters.year} 年的数据（公开文件仅覆盖其他年度）。")
    if selection.empty:
        st.warning(f"所选公开文件在 {filters.year} 年均没有数据，请选择其他年度。")
        st.stop()
    ctx = selection.context(filters.unit_label, filters.unit_factor, filters.share)
    st.session_state[PAGE_CHARTS_KEY] = (ctx, [])
    return filters, selection, ctx


def show_figure(fig: go.Figure, table: pl.DataFrame, ctx: ChartContext, what: str) -> None:
    """The chart (screen theme off so exports match), PNG/SVG downloads, then its numbers in a table
    under a collapsed expander (drawn when opened: ``folded``).

    The modebar camera saves the same file name at print scale and the fixed export size.
    """
    stem = file_stem(ctx, what)
    dated = cached_transform(stamp_figure, fig)
    st.plotly_chart(
        cached_screen_figure(dated), theme=None, width="stretch", key=f"chart_{stem}",
        config={"toImageButtonOptions": {"format": "png", "filename": stem, "scale": PRINT_SCALE,
                                         "width": EXPORT_WIDTH, "height": figure_height(fig)},
                "displaylogo": False},
    )
    image_downloads(dated, stem)
    shown = cached_arrow(display_frame, table, ctx.names, ctx.unit_label, ctx.factor)
    folded(f"图表数据（{shown.num_rows} 行）", lambda: st.dataframe(
        shown, hide_index=True, width="stretch", height=min(38 + 35 * shown.num_rows, 300),
        column_config=number_columns(table, shown, ctx.unit_label)), key=f"table_{stem}")


def folded(label: str, draw: Callable[[], None], key: str, icon: str = ":material/table_view:") -> None:
    """``draw`` under a collapsed expander labelled ``label``, run only once it is opened (opening
    reruns the page; it stays open across reruns) unless LAZY_TABLES is off."""
    box = st.expander(label, key=key, icon=icon,
                      on_change="rerun" if LAZY_TABLES else "ignore")
    if not LAZY_TABLES or box.open:
        with box:
            draw()


def number_columns(table: pl.DataFrame, shown: pl.DataFrame | pa.Table, unit_label: str = "万元") -> dict:
    """How the numbers of a table display_frame made read: amounts kept as numbers written as
    officials write them (9,628.22 万元, 96,282,213 元; scores 96.8: content.labels.display_formats,
    so they still sort as numbers), and numbers display_frame turned into text (a column with
    未公开 / — in it) aligned right like the others."""
    if isinstance(shown, pa.Table):
        text = [pa.types.is_string(t) or pa.types.is_large_string(t) for t in shown.schema.types]
    else:
        text = [dtype == pl.String for dtype in shown.schema.values()]
    names = shown.column_names if isinstance(shown, pa.Table) else shown.columns
    source = beside_amounts(table.columns)  # the table's columns in the order display_frame shows them
    out = {names[i]: st.column_config.Column(alignment="right")
           for i, column in enumerate(source) if table.schema[column].is_numeric() and text[i]}
    formats = display_formats(table, unit_label)
    out |= {name: st.column_config.NumberColumn(format=fmt) for i, name in enumerate(names)
            if (fmt := formats.get(name)) and not text[i]}
    return out


def render_items(items: list[Item], more: list[tuple[str, Callable[[], None]]] = ()) -> None:
    """Show a page's catalog items: page-wide notices, then its sections (content.catalog.sections),
    then ``more`` (a label, the function that draws it: a page's own tables); with several, one at a
    time, chosen above them (``sectioned``). A page switch then draws one section, not all of a
    page's charts and tables (docs/benchmarks.md, "Page switches in the browser"). Every chart of the
    page goes into its report pack, drawn or not."""
    lead, parts = sections(items)
    register_charts(items)
    _show_items(lead)
    if len(parts) + len(more) <= 1:
        _show_items([item for _, part in parts for item in part])
        for _, draw in more:
            draw()
        return
    sectioned([*((label, lambda part=part: _show_items(part, labelled=True)) for label, part in parts), *more])


def register_charts(items: list[Item]) -> None:
    """Put the items' charts into the page's report pack (its button in the sidebar), drawn or not."""
    for chart in charts_of(items):
        _page_pack_button(chart)


def sectioned(parts: list[tuple[str, Callable[[], None]]]) -> None:
    """Parts (a label, the function that draws it) one at a time: a row of their labels chooses the
    part drawn under it (choosing reruns the page), the first at first; every part when LAZY_SECTIONS
    is off. The choice is kept under the page's key (section_<page title>).

    Not st.tabs: a tab panel (react-aria) walks everything in it for a focusable element on every DOM
    change, and a Plotly chart drawing in it changes the DOM in many steps. Drawn under a row of
    buttons instead, a chart page switched 10–115 ms sooner on a loaded machine; on a quiet one the
    gain is within the noise (docs/benchmarks.md, round 4)."""
    labels = [label for label, _ in parts]
    chosen = st.segmented_control("本页内容", labels, default=labels[0], required=True, label_visibility="collapsed",
                                  key=f"section_{_current_page_title()}")
    for label, draw in parts:
        if label == chosen or not LAZY_SECTIONS:
            draw()


def show_section(items: list[Item]) -> None:
    """One section's items under a label of its own (its heading is the label); their charts
    registered apart (register_charts)."""
    _show_items(items, labelled=True)


def _show_items(items: list[Item], labelled: bool = False) -> None:
    """Items in order: headings (unless a label above the section says it), notices in place,
    charts with their tables."""
    for item in items:
        if isinstance(item, Heading):
            if not labelled:
                st.header(item.text)
        elif isinstance(item, Notice):
            {"info": st.info, "caption": st.caption, "warning": st.warning}[item.level](item.text)
        else:
            show_figure(item.figure, item.table, item.ctx, item.what)


def controls(what: str, key: str, options: tuple[str, ...], note: str = ""):
    """A popover for a page's own controls, its label saying what ``key`` (a multiselect drawn in it)
    has chosen: 对比指标：全部 6 项 / 对比指标：支出合计、基本支出. Closed, the browser does not draw the
    widgets in it (a multiselect's tags cost a page switch ~40 ms: docs/benchmarks.md)."""
    chosen = st.session_state.get(key, list(options))
    said = f"全部 {len(options)} 项" if len(chosen) == len(options) else "、".join(chosen) or "未选择"
    return st.popover(f"{what}：{said}{note}", icon=":material/tune:")


def not_disclosed(name: str, what: str) -> None:
    st.info(f"{name}公开文件未包含{what}。")


def counties_with(frame: pl.DataFrame, ctx: ChartContext, what: str) -> ChartContext | None:
    """Say 'not disclosed' for each chosen county absent from ``frame``; the rest as a context."""
    have = set(frame["county_id"].to_list())
    for county_id in ctx.county_ids:
        if county_id not in have:
            not_disclosed(ctx.names[county_id], what)
    present = tuple(c for c in ctx.county_ids if c in have)
    return ctx.subset(present) if present else None


def _image_bytes(fig: go.Figure, spec: ImageSpec):
    """Deferred: Streamlit calls this on click, on its own thread (export.images serialises)."""
    return lambda: render(fig, spec)


def image_downloads(fig: go.Figure, stem: str) -> None:
    """PNG (print, screen) and SVG rendered on the server when clicked, or what to install."""
    if problem := export_problem():
        st.caption(f":material/info: 服务器端导出不可用：{problem}")
        return
    buttons = (
        ("PNG 打印版", ImageSpec("png", PRINT_SCALE), f"{stem}.png", "image/png", "print"),
        ("PNG 屏幕版", ImageSpec("png", SCREEN_SCALE), f"{stem}_屏幕.png", "image/png", "screen"),
        ("SVG 矢量图", ImageSpec("svg"), f"{stem}.svg", "image/svg+xml", "svg"),
    )
    with st.container(horizontal=True):
        for label, spec, name, mime, key in buttons:
            st.download_button(label, _image_bytes(fig, spec), file_name=name, mime=mime,
                               key=f"{key}_{stem}", on_click="ignore", icon=":material/download:",
                               help=f"{EXPORT_WIDTH * int(spec.scale)} 像素宽，含标题、单位、来源和日期"
                               if spec.format == "png" else "矢量图，可在 Word/PPT 中无损缩放")


def _current_page_title() -> str:
    """The navigation title of the running page ('三公经费'), from its script path."""
    run = get_script_run_ctx()
    info = run.pages_manager.get_pages().get(run.page_script_hash, {}) if run else {}
    script = str(info.get("script_path", "")).replace("\\", "/")
    # the export catalogue's title, else the page's own navigation title (总览 is not in PAGES)
    return next((p.title for p in PAGES.values() if script.endswith(p.script)), info.get("page_name") or "本页")


def _page_pack_button(chart: Chart) -> None:
    """Register the chart; on the page's first chart, put its report-pack button in the sidebar."""
    page_ctx, charts = st.session_state.setdefault(PAGE_CHARTS_KEY, (chart.ctx, []))
    charts.append(chart)
    if len(charts) > 1 or export_problem():
        return
    # The list fills up as the page runs; the pack is built from it only when clicked.
    name = file_stem(page_ctx, f"{_current_page_title()}_报告包")
    st.sidebar.download_button(
        f"下载本页报告包（{_current_page_title()}）", lambda: pack_bytes(charts, name),
        file_name=f"{name}.zip", mime=ZIP_MIME, on_click="ignore",
        icon=":material/folder_zip:", key="page_pack", width="stretch",
        help="本页所有图表的 PNG 与 SVG、图表数据 Excel、每页一图的 PowerPoint，打包为 ZIP")


@st.cache_resource(show_spinner=False)
def _start_export_browser() -> threading.Thread:
    """Start kaleido's browser in the background once per server: the first click then takes ~0.2 s, not ~2.5 s."""
    thread = threading.Thread(target=warm_up, name="kaleido-warm-up", daemon=True)
    thread.start()
    return thread


def report_pack_button(filters: Filters) -> None:
    """Sidebar: every dashboard chart for the chosen counties and year as one ZIP."""
    st.subheader("报告包")
    if problem := export_problem():
        st.caption(f":material/info: 服务器端导出不可用：{problem}")
        return
    _start_export_browser()
    selection = get_selection(filters)
    if selection.empty:
        st.caption("所选公开文件和年度没有数据。")
        return
    ctx = selection.context(filters.unit_label, filters.unit_factor, filters.share)
    name = file_stem(ctx, "报告包")
    st.download_button(
        "下载报告包（所选文件的全部图表）", lambda: pack_bytes(report_charts(selection, ctx), name),
        file_name=f"{name}.zip", mime=ZIP_MIME, on_click="ignore",
        icon=":material/folder_zip:", key="report_pack", width="stretch",
        help="各页全部图表的 PNG 与 SVG、图表数据 Excel、每页一图的 PowerPoint，打包为 ZIP")
