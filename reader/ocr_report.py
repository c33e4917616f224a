"""The read report's part about OCR: which pages were read by OCR, and the amounts it was unsure of."""

from __future__ import annotations

from reader.cells import is_money
from reader.rows import RowSource

# An amount read with less confidence than this is listed for checking against the page.
LOW_CONFIDENCE = 0.9


def ocr_summary(source: RowSource) -> dict:
    """{"ocr_pages": [1-based pages], "low_confidence": [{page, text, confidence}, …]}."""
    low = []
    for row in source.rows:
        if row.confidence is None:
            continue
        for cell, confidence in zip(row.cells, row.confidence, strict=True):
            if confidence < LOW_CONFIDENCE and _amount(cell):
                low.append({"page": row.page, "line": row.number, "text": cell,
                            "confidence": round(confidence, 3)})
    return {"ocr_pages": list(source.ocr_pages), "low_confidence": low}


def _amount(cell: str) -> bool:
    """An amount as tables print them: with a decimal point or a thousands comma (a bare integer
    is as often a code — 208, 2010101 — or a count)."""
    return ("." in cell or "," in cell) and is_money(cell)


def ocr_markdown(report: dict) -> list[str]:
    """Lines of the Markdown report (Chinese); none for a document read without OCR."""
    pages = report.get("ocr_pages") or []
    if not pages:
        return []
    out = [f"- 文字识别（OCR）读取的页：{_pages(pages)}（共 {len(pages)} 页）；"
           "识别出的金额只有在勾稽核对中与另一处数字一致时才算已核实"]
    low = report.get("low_confidence") or []
    if low:
        out.append(f"- 识别把握较低的金额（{len(low)} 个，请对照原页核对）：")
        out += [f"  - 第{item['page']}页 {item['text']}（置信度 {item['confidence']:.2f}）" for item in low]
    return out


def _pages(pages: list[int]) -> str:
    """[1, 2, 3, 5] -> '第1–3、5页'."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return "第" + "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs) + "页"
