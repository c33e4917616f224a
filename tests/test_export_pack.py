"""Report pack: the catalog matches the pages, the ZIP holds every chart, workbook and deck open."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from charts.context import ChartContext
from content.catalog import PAGES, compare_charts, file_stem, report_charts, sangong_charts
from content.filters import Filters
from content.selection import select
from export import images
from export.__main__ import main as export_main
from export.pack import excel_frame, pack_bytes, pack_stem, sheet_names, unique_names, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
ALL = ("hezheng", "qinglong", "huangyuan", "shizhu")


def chosen(tables, *counties, year="latest"):
    selection = select(tables, Filters(counties=counties, year=year))
    return selection, ChartContext.from_tables(selection.table("counties"))


@pytest.fixture(scope="module")
def exporter():
    if images.find_browser() is None:
        pytest.fail("no Chromium: run `bash scripts/setup.sh --dev` (Debian package chromium)")
    images.warm_up()


@pytest.fixture(scope="module")
def small_pack(tables, exporter):
    """三公经费 and 县际对比 for all counties: 4 charts, rendered once for the module."""
    selection, ctx = chosen(tables, *ALL)
    charts = sangong_charts(selection, ctx) + compare_charts(selection, ctx)
    return charts, zipfile.ZipFile(io.BytesIO(pack_bytes(charts, "测试_报告包")))


@pytest.mark.parametrize("counties", [ALL, *((c,) for c in ALL)], ids=lambda c: "+".join(c))
@pytest.mark.parametrize("key", list(PAGES))
def test_catalog_builds_the_charts_the_page_shows(tables, key, counties):
    """Same titles, same order as the page at its default widget settings (guards against drift)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["county"] = ",".join(counties)
    at.run()
    at.switch_page(PAGES[key].script).run()
    assert not at.exception
    shown = [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")]
    selection, ctx = chosen(tables, *counties)
    assert shown == [chart.figure.layout.title.text for chart in PAGES[key].build(selection, ctx)]


@pytest.mark.parametrize("county", ALL)
def test_report_pack_has_no_empty_chart(tables, county):
    """A county lacking a table gets no chart for it, never an empty axis (e.g. 青龙 has no project amounts)."""
    selection, ctx = chosen(tables, county)
    for chart in report_charts(selection, ctx):
        values = []
        for trace in chart.figure.data:
            for attr in ("x", "y", "values", "value"):
                data = getattr(trace, attr, None)
                if data is not None and not isinstance(data, str):
                    values.extend(v for v in data if isinstance(v, int | float))
            if getattr(trace, "link", None) is not None and trace.link.value is not None:
                values.extend(trace.link.value)
        assert any(v for v in values), f"{county}: empty chart {chart.what}"


def test_report_charts_cover_every_page_and_skip_compare_for_one_county(tables):
    selection, ctx = chosen(tables, "qinglong")
    charts = report_charts(selection, ctx)
    assert "县际对比" not in [c.what for c in charts]
    assert {c.what for c in charts} >= {"三公经费分项", "收入来源构成", "项目分类", "一级指标分布"}
    assert all(c.stem.startswith("青龙满族自治县_2023_") for c in charts)


@pytest.mark.parametrize(("counties", "expected"), [
    (("qinglong",), "青龙满族自治县_2023_三公_经费_分项"),
    (("hezheng", "qinglong"), "和政县-青龙满族自治县_2023-2024_三公_经费_分项"),
    (("hezheng", "qinglong", "shizhu"), "和政县-青龙满族自治县-石柱土家族自治县_2023-2024_三公_经费_分项"),
    (ALL, "4个地区_2023-2024_三公_经费_分项"),
], ids=lambda v: "+".join(v) if isinstance(v, tuple) else None)
def test_file_stem_names_up_to_three_counties_then_counts(tables, counties, expected):
    _, ctx = chosen(tables, *counties)
    assert file_stem(ctx, "三公 经费/分项") == expected


def test_pack_stem_names_three_counties(tables):
    selection, ctx = chosen(tables, "hezheng", "qinglong", "shizhu")
    assert pack_stem(report_charts(selection, ctx)) == "和政县-青龙满族自治县-石柱土家族自治县_2023-2024_报告包"


@pytest.mark.parametrize(("names", "limit", "expected"), [
    (["a", "b"], None, ["a", "b"]),
    (["a", "a", "a"], None, ["a", "a(2)", "a(3)"]),
    (["x" * 40, "x" * 40], 31, ["x" * 31, "x" * 28 + "(2)"]),
])
def test_unique_names(names, limit, expected):
    assert unique_names(names, limit) == expected


def test_excel_headers_carry_units(tables):
    selection, ctx = chosen(tables, *ALL)
    charts = sangong_charts(selection, ctx)
    headers = [excel_frame(c.table, ctx.names).columns for c in charts]
    assert "金额（万元）" in headers[0]
    assert "上年金额（万元）" in headers[1]
    assert all(not h.endswith("_wan") for cols in headers for h in cols)


def test_zip_holds_png_and_svg_of_every_chart(small_pack):
    charts, archive = small_pack
    names = set(archive.namelist())
    for chart in charts:
        png, svg = archive.read(f"png/{chart.stem}.png"), archive.read(f"svg/{chart.stem}.svg")
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == images.EXPORT_WIDTH * images.PRINT_SCALE
        assert svg.lstrip().startswith(b"<svg")
    assert {"测试_报告包_数据.xlsx", "测试_报告包_幻灯片.pptx"} <= names
    assert len(names) == 2 * len(charts) + 2


def test_workbook_has_a_sheet_per_chart_table(small_pack):
    charts, archive = small_pack
    book = load_workbook(io.BytesIO(archive.read("测试_报告包_数据.xlsx")), read_only=True)
    assert book.sheetnames[0] == "目录"
    assert len(book.sheetnames) == len(charts) + 1
    for chart, sheet in zip(charts, book.sheetnames[1:], strict=True):
        rows = list(book[sheet].values)
        assert len(rows) == chart.table.height + 1
        assert list(rows[0]) == excel_frame(chart.table, chart.ctx.names).columns
    index = list(book["目录"].values)
    assert [r[2] for r in index[1:]] == [c.title for c in charts]


def test_deck_has_one_titled_sourced_slide_per_chart(small_pack):
    charts, archive = small_pack
    deck = Presentation(io.BytesIO(archive.read("测试_报告包_幻灯片.pptx")))
    slides = list(deck.slides)[1:]  # the first is the cover
    assert len(slides) == len(charts)
    for chart, slide in zip(charts, slides, strict=True):
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert texts[0] == chart.title
        assert chart.source in texts[1] and "导出日期" in texts[1]
        assert len(pictures) == 1
        assert pictures[0].left >= 0 and pictures[0].left + pictures[0].width <= deck.slide_width


def test_workbook_without_rendering(tables):
    """The workbook alone needs no browser."""
    selection, ctx = chosen(tables, "shizhu")
    charts = report_charts(selection, ctx)
    book = load_workbook(io.BytesIO(workbook_bytes(charts)), read_only=True)
    assert len(book.sheetnames) == len(charts) + 1


def test_sheet_names_say_which_chart_each_sheet_holds(tables):
    """Excel cuts a sheet name at 31 characters: with a document's long official name in front, every
    sheet of the pack read "上海市·上海科技大学附属学校（单位预算…" and not which chart it held (issue 21)."""
    selection, ctx = chosen(tables, "shizhu")
    long_ctx = dataclasses.replace(ctx, names={"shizhu": "重庆市石柱土家族自治县·中共石柱土家族自治县委组织部（部门预算）"})
    charts = report_charts(selection, long_ctx)
    sheets = sheet_names(charts)
    assert all(len(s) <= 31 for s in sheets)
    assert all(s.startswith(c.what[:25]) for c, s in zip(charts, sheets, strict=True)), sheets
    assert len(set(sheets)) == len(sheets)


def test_empty_pack_is_refused():
    with pytest.raises(ValueError, match="没有图表"):
        pack_bytes([])


def test_cli_writes_the_pack(exporter, tmp_path, capsys):
    assert export_main(["--county", "qinglong", "--year", "2023", "--page", "sangong", "--out", str(tmp_path)]) == 0
    archive = zipfile.ZipFile(tmp_path / "青龙满族自治县_2023_报告包.zip")
    assert "png/青龙满族自治县_2023_三公经费分项.png" in archive.namelist()
    assert "3 张图表" in capsys.readouterr().out


def test_cli_one_pack_per_county(exporter, tmp_path):
    argv = ["--county", "qinglong,shizhu", "--page", "sangong", "--each", "--out", str(tmp_path)]
    assert export_main(argv) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["石柱土家族自治县_2023_报告包.zip",
                                                          "青龙满族自治县_2023_报告包.zip"]


@pytest.mark.parametrize(("argv", "code", "said"), [
    (["--county", "nowhere"], 2, "无法识别的文件编号：nowhere"),
    (["--county", "qinglong", "--year", "1999"], 2, "没有 1999 年的数据"),
    (["--county", "hezheng", "--year", "2023"], 1, "和政县（hezheng）没有 2023 年的数据"),
])
def test_cli_errors(tmp_path, capsys, argv, code, said):
    assert export_main([*argv, "--out", str(tmp_path)]) == code
    assert said in capsys.readouterr().err


def test_cli_says_what_to_install(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(images, "export_problem", lambda: "服务器上未找到 Chromium 浏览器（Debian 软件包 chromium）")
    assert export_main(["--county", "qinglong", "--out", str(tmp_path)]) == 1
    assert "chromium" in capsys.readouterr().err


def test_dashboard_shows_install_hint_without_browser(monkeypatch):
    """No browser/font: the page still runs, no server-side buttons, the hint names the packages."""
    import dashboard.components as components

    hint = "服务器上未找到 Chromium 浏览器（Debian 软件包 chromium）"
    monkeypatch.setattr(components, "export_problem", lambda: hint)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("views/page_sangong.py").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    assert not [b for b in at.get("download_button") if "PNG" in b.proto.label or "报告包" in b.proto.label]
    assert sum(hint in c.value for c in at.main.caption) == 3
    assert any(hint in c.value for c in at.sidebar.caption)


def test_workbook_keeps_numbers_and_says_why_a_cell_is_empty(tables):
    """县际对比: 和政's 支出合计 5637.51 (hezheng_2024.txt line 14) stays a number Excel can sum;
    湟源 states no 支出合计 (only 项目支出, huangyuan_2024.txt line 7): 未公开, not a blank."""
    selection, ctx = chosen(tables, *ALL)
    charts = compare_charts(selection, ctx)
    book = load_workbook(io.BytesIO(workbook_bytes(charts)), read_only=True)
    header, *rows = list(book[book.sheetnames[1]].values)
    column = header.index("支出合计（万元）")
    by_county = {row[0]: row[column] for row in rows}
    assert by_county["和政县"] == pytest.approx(5637.51)
    assert by_county["湟源县"] == "未公开"
    assert all(cell is not None for row in rows for cell in row)
