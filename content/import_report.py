"""What the 导入 page shows about a read document, as plain frames and texts (no Streamlit).

The read report (reader/document.py ``_report``) becomes: the tables found / not disclosed / not
found, the checks that failed with their pages, the warnings with where they are, and the
headline figures. Text from a document is shown as data (tables, plain text), never as HTML
or Markdown: ``plain`` escapes what Markdown would interpret.
"""

from __future__ import annotations

import re

import polars as pl

from contract.tables import EDITIONS, SUMMARY_METRICS

__all__ = ["EDITIONS"]  # the 导入 page's 版本 choices
MAX_UPLOAD_MB = 50  # also server.maxUploadSize in .streamlit/config.toml
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


UPLOAD_TYPES = ("pdf", "xlsx", "xls", "txt")


def uploader_css(max_mb: int = MAX_UPLOAD_MB, types: tuple[str, ...] = UPLOAD_TYPES) -> str:
    """CSS that puts Chinese in place of st.file_uploader's own English words.

    Streamlit (1.67) draws "Upload", "50MB per file • PDF, XLSX, XLS, TXT" and, while a file is
    dragged over it, "Drag and drop files here" itself: it has no locale setting, and parameters for
    these words do not exist (streamlit/streamlit#13500 asks for them). The elements carry
    data-testid attributes, a part of the page Streamlit's own tests rely on: each English text is
    set to size 0 and a Chinese one drawn in its place (::after). The drag notice has no test id of
    its own: it is the dropzone's only child that is neither the file input, the button nor the
    instructions."""
    kinds = "、".join(t.upper() for t in types)
    zone = '[data-testid="stFileUploaderDropzone"]'
    return "\n".join((
        f'{zone} button [data-testid="stMarkdownContainer"] p {{font-size: 0;}}',
        f'{zone} button [data-testid="stMarkdownContainer"] p::after {{content: "选择文件"; font-size: 0.875rem;}}',
        '[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0;}',
        f'[data-testid="stFileUploaderDropzoneInstructions"] span::after {{content: "每个文件不超过 {max_mb} MB · '
        f'{kinds}"; font-size: 0.875rem;}}',
        f'{zone} > div:not([data-testid]) > span {{font-size: 0;}}',
        f'{zone} > div:not([data-testid]) > span::after {{content: "将文件拖放到此处"; font-size: 1rem;}}',
    ))


def plain(text: object) -> str:
    """Text from a document made safe to put inside Markdown (st.success, st.info …)."""
    return _MARKDOWN.sub(r"\\\1", str(text if text is not None else ""))


def tables_frame(report: dict) -> pl.DataFrame:
    """One row per table kind the reader looks for, with what became of it."""
    rows = [{"表": t["table"], "状态": "未找到（目录列出，文件中没有）" if t.get("listed") else t["status"], "标题": t.get("title") or "", "单位": t.get("unit") or "",
             "读入行数": t.get("rows_read") or 0, "位置": t.get("where") or ""}
            for t in report.get("tables", []) if t["status"] != "未找到" or t.get("expected") or t.get("listed")]
    return pl.DataFrame(rows, schema={"表": pl.String, "状态": pl.String, "标题": pl.String, "单位": pl.String,
                                      "读入行数": pl.Int64, "位置": pl.String})


def status_counts(report: dict) -> dict[str, int]:
    """How many expected tables were read, disclosed empty, or not found."""
    counts = {"已读取": 0, "未公开（空表）": 0, "未找到": 0}
    for t in report.get("tables", []):
        if t.get("expected") and t["status"] in counts:
            counts[t["status"]] += 1
    return counts


def failed_checks_frame(report: dict) -> pl.DataFrame:
    rows = [{"核对": c["check"], "表列数（万元）": c.get("stated_wan"), "加总数（万元）": c.get("computed_wan"),
             "页": c.get("stated_page")} for c in report.get("checks", {}).get("failed_list", [])]
    return pl.DataFrame(rows, schema={"核对": pl.String, "表列数（万元）": pl.Float64, "加总数（万元）": pl.Float64,
                                      "页": pl.Int64})


def warnings_frame(report: dict) -> pl.DataFrame:
    rows = [{"位置": w.get("where") or "", "说明": w["message"]} for w in report.get("warnings", [])]
    return pl.DataFrame(rows, schema={"位置": pl.String, "说明": pl.String})


def ocr_notice(report: dict) -> str | None:
    """One sentence naming the pages read by OCR (a scan), or None for a document with a text layer."""
    pages = report.get("ocr_pages") or []
    if not pages:
        return None
    shown = "、".join(str(p) for p in pages[:20]) + ("…" if len(pages) > 20 else "")
    low = len(report.get("low_confidence") or [])
    return (f"第 {shown} 页是扫描图像（共 {len(pages)} 页），已用文字识别（OCR）读取。识别出的数字只有在勾稽核对中"
            "与另一处数字一致时才算已核实，其余在看板中标为「未核实」"
            + (f"；{low} 个金额识别把握较低，列在下方，请对照原页核对。" if low else "。"))


def low_confidence_frame(report: dict) -> pl.DataFrame:
    rows = [{"页": item["page"], "识别出的金额": item["text"], "置信度": item["confidence"]}
            for item in report.get("low_confidence") or []]
    return pl.DataFrame(rows, schema={"页": pl.Int64, "识别出的金额": pl.String, "置信度": pl.Float64})


def headline_frame(summary: pl.DataFrame) -> pl.DataFrame:
    """The document's summary figures in the contract's order, with the page each was read on."""
    order = {m: i for i, m in enumerate(SUMMARY_METRICS)}
    page = summary["page"] if "page" in summary.columns else pl.Series([None] * summary.height, dtype=pl.Int64)
    return (summary.with_columns(page.alias("page"))
            .sort(pl.col("metric").replace_strict(order, default=len(order)))
            .select(pl.col("metric").alias("指标"), pl.col("amount_wan").alias("金额（万元）"), pl.col("page").alias("页")))


def overrides_from(report: dict, region: str, department: str, edition: str, year: int) -> dict:
    """The metadata the user changed (empty when they kept what the reader found)."""
    edited = {"region": region.strip(), "department": department.strip(), "edition": edition, "year": int(year)}
    found = {"region": report.get("region") or "", "department": report.get("department") or "",
             "edition": report.get("edition") or "", "year": report.get("year")}
    return {k: v for k, v in edited.items() if v and v != found[k]}
