"""Scans in the sandbox: per-page progress from the child, time that grows with each OCR'd page,
and a read that runs past it refused naming the page reached."""

from __future__ import annotations

import multiprocessing

import pymupdf
import pytest

from benchmarks.golden import CORPUS
from library.sandbox import _answer, read_untrusted
from reader.errors import UnreadableDocument
from reader.progress import PageProgress
from synthetic.scan import scan_pdf


def test_each_ocr_page_extends_the_time_and_an_overrun_names_the_page_reached():
    receive, send = multiprocessing.Pipe(duplex=False)
    send.send(("progress", PageProgress(0, 5, False, 0, 3)))
    send.send(("progress", PageProgress(3, 5, True, 1, 3)))  # page 3 done, two more to OCR
    seen = []
    with pytest.raises(UnreadableDocument) as caught:
        _answer("scan.pdf", receive, 0.2, None, seen.append, 0.4)
    assert [p.done for p in seen] == [0, 3]
    assert caught.value.code == "timeout"
    assert caught.value.page == 3
    assert "已读到第 3 页" in caught.value.zh


def test_an_answer_after_progress_is_returned():
    receive, send = multiprocessing.Pipe(duplex=False)
    send.send(("progress", PageProgress(1, 1, True, 1, 1)))
    send.send(("ok", "result"))
    assert _answer("scan.pdf", receive, 5.0, None, None, 5.0) == ("ok", "result")


def test_a_scan_is_read_in_the_sandbox_with_progress_per_page():
    doc = pymupdf.open(stream=(CORPUS / "pdf" / "jiangsu-renda-2019-dept.pdf").read_bytes())
    doc.select([8])  # 公开表九: the 三公 table (golden: 公务接待费 384.75, page 9)
    scan = scan_pdf(doc.tobytes(), dpi=150)
    seen: list[PageProgress] = []
    result = read_untrusted("scan.pdf", scan, {"year": 2019}, on_progress=seen.append)
    assert [(p.done, p.ocr_done, p.ocr_total) for p in seen] == [(0, 0, 1), (1, 1, 1)]
    assert result.report["ocr_pages"] == [1]
    sangong = {r["item"]: r["amount_wan"] for r in result.tables["sangong"].iter_rows(named=True)}
    assert sangong["公务接待费"] == pytest.approx(384.75)
