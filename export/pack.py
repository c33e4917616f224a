"""The report pack: one ZIP with every chart as PNG and SVG, the data as one Excel
workbook (a sheet per chart table, units in the headers) and a PowerPoint deck
(one chart per slide, titled and sourced)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

import polars as pl

from content.catalog import Chart, file_stem
from content.labels import beside_amounts, display_formats, display_frame, missing_text
from export.images import PRINT_SCALE, ImageSpec, render_many, stamp_figure

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ZIP_MIME = "application/zip"
DECK_TITLE = "部门预算公开图表"


@dataclass(frozen=True)
class ChartImages:
    chart: Chart
    png: bytes  # print resolution
    svg: bytes


def pack_stem(charts: list[Chart], what: str = "报告包") -> str:
    """'青龙满族自治县_2023_报告包': who and when, from the widest context among the charts."""
    widest = max((c.ctx for c in charts), key=lambda ctx: len(ctx.county_ids))
    return file_stem(widest, what)


def render_charts(charts: list[Chart], scale: float = PRINT_SCALE,
                  today: dt.date | None = None) -> list[ChartImages]:
    """PNG (print scale) and SVG of every chart, dated, in one browser call."""
    jobs = [(stamp_figure(c.figure, today), spec) for c in charts
            for spec in (ImageSpec("png", scale), ImageSpec("svg"))]
    images = render_many(jobs)
    return [ChartImages(chart, images[2 * i], images[2 * i + 1]) for i, chart in enumerate(charts)]


def unique_names(names: list[str], limit: int | None = None) -> list[str]:
    """Names made unique with ' (2)', ' (3)'… and cut to ``limit`` characters (Excel: 31)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        base = name[:limit] if limit else name
        count = seen.get(base, 0) + 1
        seen[base] = count
        if count > 1:
            suffix = f"({count})"
            base = (base[: limit - len(suffix)] if limit else base) + suffix
        out.append(base)
    return out


def excel_frame(table: pl.DataFrame, names: dict[str, str], fill: bool = True) -> pl.DataFrame:
    """Chinese headers with the unit in each amount column ('金额（万元）'), county names for ids;
    empty cells as 未公开 / — (with ``fill``; the workbook keeps numbers and writes those apart)."""
    shown = display_frame(table, names, fill=fill)
    return shown.rename({c: re.sub(r"_?amount_wan$|_wan$", "（万元）", c) for c in shown.columns
                         if c.endswith("_wan")})


def _write_sheet(workbook, name: str, table: pl.DataFrame, names: dict[str, str]) -> None:
    """The table as numbers, with 未公开 / — written into its empty cells (Excel can still sum)."""
    sheet = workbook.add_worksheet(name)
    table = table.select(beside_amounts(table.columns))  # the columns in the order excel_frame writes them
    shown = excel_frame(table, names, fill=False)
    formats = {header: excel_format(fmt) for header, fmt in display_formats(table).items() if header in shown.columns}
    shown.write_excel(workbook, worksheet=sheet, autofit=True, column_formats=formats or None)
    for col, column in enumerate(table.columns):
        if not table[column].null_count():
            continue
        marks = table.select(pl.when(pl.col(column).is_null()).then(missing_text(table, column)))[:, 0]
        for row, text in enumerate(marks):
            if text is not None:
                sheet.write_string(row + 1, col, text)


def excel_format(printf: str) -> str:
    """A printf number format (content.labels.column_format: '%,.2f') as Excel's ('#,##0.00'): the
    workbook keeps numbers and shows them as the dashboard does."""
    places = int(printf.split(".")[1][0]) if "." in printf else 0
    whole = "#,##0" if "," in printf else "0"
    return whole + ("." + "0" * places if places else "")


def sheet_names(charts: list[Chart]) -> list[str]:
    """Excel's 31 characters, the chart first ('三公经费分项_上海市·刑事科学技术研究…'): a long document
    name in front cut the chart's name off."""
    return unique_names([re.sub(r"[\[\]:*?/\\]", "_", c.sheet_stem) for c in charts], limit=31)


def workbook_bytes(charts: list[Chart], today: dt.date | None = None,
                   stems: list[str] | None = None) -> bytes:
    """A 目录 sheet listing every chart, then one sheet per chart with the table behind it."""
    import xlsxwriter

    today = today or dt.date.today()
    stems = stems or unique_names([c.stem for c in charts])
    sheets = sheet_names(charts)
    index = pl.DataFrame({
        "序号": list(range(1, len(charts) + 1)),
        "工作表": sheets,
        "图表": [c.title for c in charts],
        "图片文件": [f"png/{stem}.png" for stem in stems],
        "来源": [c.source for c in charts],
        "导出日期": [today.isoformat()] * len(charts),
    }, schema={"序号": pl.Int64, "工作表": pl.String, "图表": pl.String, "图片文件": pl.String,
               "来源": pl.String, "导出日期": pl.String})
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        index.write_excel(workbook, worksheet="目录", autofit=True)
        for chart, sheet in zip(charts, sheets, strict=True):
            _write_sheet(workbook, sheet, chart.table, chart.ctx.names)
    return buffer.getvalue()


def _textbox(slide, left, top, width, height, text: str, size: int, bold: bool = False,
             colour: tuple[int, int, int] = (0x33, 0x33, 0x33)) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor(*colour)


def deck_bytes(images: list[ChartImages], subtitle: str, today: dt.date | None = None) -> bytes:
    """16:9 deck: a cover slide, then one slide per chart with its title, the image and its source."""
    from pptx import Presentation
    from pptx.util import Emu, Inches

    today = today or dt.date.today()
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    cover = deck.slides.add_slide(blank)
    _textbox(cover, Inches(0.8), Inches(2.6), Inches(11.7), Inches(1.0), DECK_TITLE, 36, bold=True)
    _textbox(cover, Inches(0.8), Inches(3.7), Inches(11.7), Inches(1.2),
             f"{subtitle}\n导出日期：{today.isoformat()} · 共 {len(images)} 张图表", 18)
    box_left, box_top, box_width, box_height = Inches(0.5), Inches(1.05), Inches(12.33), Inches(5.65)
    for item in images:
        slide = deck.slides.add_slide(blank)
        _textbox(slide, Inches(0.5), Inches(0.25), Inches(12.33), Inches(0.75), item.chart.title, 22, bold=True)
        width_px, height_px = _png_size(item.png)
        ratio = min(box_width / width_px, box_height / height_px)
        width, height = Emu(int(width_px * ratio)), Emu(int(height_px * ratio))
        slide.shapes.add_picture(io.BytesIO(item.png), box_left + (box_width - width) // 2, box_top,
                                 width, height)
        _textbox(slide, Inches(0.5), Inches(6.8), Inches(12.33), Inches(0.5),
                 f"{item.chart.source} · 导出日期：{today.isoformat()}", 11, colour=(0x66, 0x66, 0x66))
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def pack_bytes(charts: list[Chart], name: str | None = None, today: dt.date | None = None) -> bytes:
    """The ZIP: png/*.png (print scale), svg/*.svg, <name>_数据.xlsx, <name>_幻灯片.pptx."""
    if not charts:
        raise ValueError("报告包中没有图表：所选公开文件和年度没有可绘制的数据。")
    today = today or dt.date.today()
    name = name or pack_stem(charts)
    images = render_charts(charts, today=today)
    stems = unique_names([c.stem for c in charts])
    subtitle = "、".join(dict.fromkeys(c.ctx.label(i) for c in charts for i in c.ctx.county_ids))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for stem, item in zip(stems, images, strict=True):
            archive.writestr(f"png/{stem}.png", item.png)
            archive.writestr(f"svg/{stem}.svg", item.svg)
        archive.writestr(f"{name}_数据.xlsx", workbook_bytes(charts, today, stems))
        archive.writestr(f"{name}_幻灯片.pptx", deck_bytes(images, subtitle, today))
    return buffer.getvalue()
