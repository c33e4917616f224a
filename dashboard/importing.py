"""The 导入 page's work with the library: read an upload safely, add it, remove a document.

Reading happens in a separate process (library.sandbox) with a time and memory limit, so a
hostile file never takes the server down; the library (library.store) writes each document
atomically under a file lock, so two sessions importing at once never corrupt it. After a
change the merged tables are rebuilt (dashboard.data) and the new document is chosen in the
sidebar on the next run.
"""

from __future__ import annotations

import time

import polars as pl
import streamlit as st

from content.filters import PENDING_DOCUMENTS_KEY
from dashboard.data import clear_tables, get_library, get_tables
from library import Added, Entry, meta_of
from library.sandbox import read_untrusted
from reader.document import ReadResult
from reader.progress import PageProgress

SEED_SUFFIX = "导入"  # id suffix of an upload that is another file of a shipped document's year


def read_upload(name: str, data: bytes, overrides: dict | None = None) -> ReadResult:
    """Read in the sandbox, showing elapsed time against the limit (a scan: pages read by OCR and the
    time left); UnreadableDocument on failure."""
    bar = st.progress(0.0, text=f"正在读取 {name} …")
    ocr = OcrProgress(name)

    def on_wait(elapsed: float, limit: float) -> None:
        if ocr.total:
            bar.progress(ocr.share(), text=ocr.text(time.monotonic()))
        else:
            bar.progress(min(elapsed / limit, 1.0), text=f"正在读取 {name}：已用 {elapsed:.0f} 秒（最长 {limit:.0f} 秒）")

    def on_progress(progress: PageProgress) -> None:
        ocr.update(progress, time.monotonic())
        bar.progress(ocr.share(), text=ocr.text(time.monotonic()))

    try:
        return read_untrusted(name, data, overrides, on_wait=on_wait, on_progress=on_progress)
    finally:
        bar.empty()


class OcrProgress:
    """Pages of a scan read by OCR so far, and the time left at the pace so far."""

    def __init__(self, name: str) -> None:
        self.name, self.done, self.total, self.page, self.started = name, 0, 0, 0, 0.0

    def update(self, progress: PageProgress, now: float) -> None:
        if not self.total:
            self.started = now
        self.done, self.total, self.page = progress.ocr_done, progress.ocr_total, progress.done

    def share(self) -> float:
        return self.done / self.total if self.total else 0.0

    def text(self, now: float) -> str:
        head = f"正在用文字识别（OCR）读取扫描件 {self.name}：第 {self.done}/{self.total} 页"
        if not self.done:
            return head + "（正在识别第一页）"
        left = (now - self.started) / self.done * (self.total - self.done)
        return head + f"，约剩 {left:.0f} 秒"


def shipped_pair(result: ReadResult) -> str | None:
    """The shipped document this upload would shadow (same id and year), if any."""
    from loaders.registry import COUNTIES

    tables, _ = get_tables()
    counties = tables["counties"].filter((pl.col("county_id") == result.doc_id) & (pl.col("year") == result.meta.year))
    if result.doc_id in COUNTIES and counties.height:
        return f"{counties['county_name'].item()} {result.meta.year}"
    return None


def add_document(result: ReadResult, data: bytes, file_name: str, on_conflict: str = "ask") -> Added:
    """Store the read document; on success the dashboard shows it from the next run on."""
    meta = meta_of(result)
    if shipped_pair(result):  # a shipped document cannot be replaced: the upload is kept beside it
        meta["id"] = f"{result.doc_id}-{SEED_SUFFIX}"  # the library writes this id into every table
    added = get_library().add(result.tables, meta, data, file_name, on_conflict)
    if added.status in ("added", "replaced"):
        clear_tables()
        st.session_state[PENDING_DOCUMENTS_KEY] = [added.entry.doc_id]
    return added


def library_entries() -> list[Entry]:
    return get_library().entries()


def remove_document(key: str) -> Entry:
    entry = get_library().remove(key)
    clear_tables()
    return entry
