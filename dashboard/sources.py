"""「查看原文」: the source page of an imported PDF as an image, the row highlighted.

The page is rendered in a child process with a time and memory limit (library.sandbox): the
file's text was read safely on import, but its images are decoded only when a page is drawn.
Shipped documents are extracted text: they keep their line quotes.
"""

from __future__ import annotations

import streamlit as st

from dashboard.data import get_library
from library import LibraryError
from library.sandbox import render_page_untrusted
from reader.errors import UnreadableDocument


@st.cache_data(show_spinner="正在绘制原文页面…", max_entries=64)
def _page_image(key: str, stamp: str, page: int, row_text: str | None):
    library = get_library()
    path = library.original(key)
    return render_page_untrusted(path.name, path.read_bytes(), page, row_text)


def original_key(county_id: str, year: int) -> str | None:
    """The library key of this document-year when its original is a PDF (None for the shipped ones)."""
    entry = next((e for e in get_library().entries() if e.doc_id == county_id and e.year == year), None)
    if entry is None or not entry.file.lower().endswith(".pdf"):
        return None
    return entry.key


def show_source_page(county_id: str, year: int, page: int | None, row_text: str | None, what: str) -> bool:
    """Draw the page with ``row_text`` highlighted; False when there is no PDF page to show."""
    key = original_key(county_id, year)
    if key is None or page is None:
        return False
    try:
        image = _page_image(key, key, int(page), row_text)
    except (UnreadableDocument, LibraryError) as exc:
        st.warning(f"原文第 {page} 页无法显示：{getattr(exc, 'zh', exc)}")
        return True
    note = "黄色为该行" if image.found else "未能在该页准确定位该行，显示整页"
    st.image(image.png, caption=f"{what} · 原文第 {image.page} / {image.pages} 页（{note}）", width="stretch")
    return True
