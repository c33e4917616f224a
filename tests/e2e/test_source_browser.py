"""End to end in Chromium: on 数据, ticking a row of an imported PDF's table shows its source page
with the row highlighted (Streamlit's row selection only happens in a browser)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from library import Library, meta_of
from reader.document import read_document
from synthetic.corpus import write_corpus
from tests.e2e.conftest import running_app
from tests.e2e.test_export_browser import EXCEPTION, settle

pytestmark = pytest.mark.browser


def test_ticking_a_row_shows_its_page(page: Page, tmp_path):
    path = next(p for p in write_corpus(tmp_path / "docs", 2, seed=5) if p.suffix == ".pdf")
    result = read_document(path.name, path.read_bytes())
    meta = meta_of(result)
    Library(tmp_path / "data" / "library").add(result.tables, meta, path.read_bytes(), path.name)
    first = result.tables["summary"].row(0, named=True)  # the first row of 主要数字 as the page lists it
    with running_app(tmp_path / "streamlit.log", {"BUDGET_DATA_DIR": str(tmp_path / "data")}) as url:
        page.set_viewport_size({"width": 1400, "height": 1600})
        page.goto(f"{url}/data?county={quote(result.doc_id)}")
        expect(page.get_by_role("heading", name="数据")).to_be_visible(timeout=60_000)
        settle(page)
        page.get_by_role("combobox", name="表格").click()
        page.get_by_role("option", name="主要数字").click()
        settle(page)
        expect(page.get_by_text("点选表中一行左侧的方框")).to_be_visible()
        grid = page.get_by_test_id("stDataFrame").first
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # the first body row's tick box
        settle(page)
        caption = page.locator("p", has_text=f"原文第 {first['page']} / ")
        expect(caption).to_be_visible(timeout=60_000)
        expect(caption).to_contain_text("黄色为该行")
        assert page.get_by_test_id("stImage").count() == 1
        assert page.locator(EXCEPTION).count() == 0
