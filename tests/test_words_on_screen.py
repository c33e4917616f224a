"""Chinese on screen, and 未公开 where a document says nothing (issue 21, points 5 and 6).

What Streamlit draws by itself in English (the uploader's words, the "Choose options" placeholder,
the toolbar's "Deploy") is replaced or hidden; table names, page notes and the command line speak
to officials, not developers (no "（counties）", no data/raw paths; Chinese with the English beside)."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

from content.import_report import MAX_UPLOAD_MB, uploader_css
from export.workbook import TABLE_LABELS
from library.batch import REPORT_FIELDS, REPORT_HEADERS, Outcome, write_report
from loaders.__main__ import batch_summary, read_summary
from tests.conftest import ROOT
from tests.test_pages import goto, new_app

ENGLISH_UPLOADER = ("Upload", "per file", "Drag and drop")


def test_the_toolbar_is_minimal_no_deploy_button():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "minimal"


def test_the_uploader_css_puts_chinese_in_place_of_each_english_text():
    css = uploader_css()
    for test_id in ("stFileUploaderDropzone", "stFileUploaderDropzoneInstructions"):
        assert f'[data-testid="{test_id}"]' in css
    for chinese in ("选择文件", f"每个文件不超过 {MAX_UPLOAD_MB} MB · PDF、XLSX、XLS、TXT", "将文件拖放到此处"):
        assert f'content: "{chinese}"' in css
    shown = css.replace("stFileUploader", "")  # the test ids are not shown
    assert not any(word in shown for word in ENGLISH_UPLOADER)


def test_the_import_page_carries_the_uploader_css():
    at = goto(new_app(), "page_import")
    styles = [h.proto.body for h in at.get("html")]
    assert any("stFileUploaderDropzoneInstructions" in body and "选择文件" in body for body in styles)


def test_every_multiselect_has_a_chinese_placeholder():
    for page in ("page_overview", "page_compare", "page_indicators", "page_quality"):
        at = goto(new_app(county="hezheng,qinglong"), page)
        for widget in at.multiselect:
            assert widget.placeholder and widget.placeholder != "Choose options", (page, widget.label)
            assert all(ord(ch) > 0x2E80 for ch in widget.placeholder), widget.placeholder


def test_the_data_page_names_tables_in_chinese_and_its_notes_name_no_paths():
    at = goto(new_app(), "page_data")
    assert at.selectbox[0].options == list(TABLE_LABELS.values())  # not "县（区）与文件（counties）"
    notes = " ".join(c.value for c in at.caption)
    assert "data/" not in notes and ".csv" not in notes
    quality = goto(new_app(county="qinglong"), "page_quality")
    assert all("data/" not in c.value for c in quality.caption)


def test_projects_without_amounts_read_not_disclosed_not_zero():
    """青龙's project tables state no amounts: the 项目分类 table says 未公开 where it said 0."""
    at = goto(new_app(county="qinglong"), "page_projects")
    table = next(d.value for d in at.dataframe if "项目个数" in d.value.columns)
    assert set(table["金额（万元）"]) == {"未公开"}


def test_the_batch_summary_is_chinese_with_the_english_beside():
    line = batch_summary(["added", "failed", "added", "failed"], Path("r.csv"))
    assert line == "共 4 个文件：已加入 2，失败 2 / 4 files: added 2, failed 2 — 报告 / report: r.csv"
    report = {"tables": [{"status": "已读取"}, {"status": "未找到"}], "warnings": [{}],
              "checks": {"total": 5, "failed": 1}}
    assert read_summary("a.pdf", "x-y-部门", 2026, report) == (
        "a.pdf：x-y-部门 2026 — 读取 1 张表，核对 5 项中 1 项未通过，提示 1 条 / "
        "1 tables read, 1 of 5 checks failed, 1 warnings")


def test_the_import_report_names_columns_and_statuses_in_chinese_with_english(tmp_path):
    path = tmp_path / "report.csv"
    write_report([Outcome("a.pdf", "added", document="x-2026"), Outcome("b.pdf", "failed", "损坏 / damaged")],
                 path)
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["文件 file", "结果 status", "原因 reason", "文档编号 document", "用时（秒） seconds"]
    assert [r[1] for r in rows[1:]] == ["已加入 added", "失败 failed"]
    assert list(REPORT_HEADERS) == list(REPORT_FIELDS)
