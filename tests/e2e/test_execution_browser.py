"""End to end in Chromium: a shared link to 预算执行 opens on a fresh server with a generated budget and its
决算 in the library, draws the charts and names the budget document as the basis."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from library import Library, meta_of
from reader.document import read_document
from synthetic.final import write_pair
from tests.e2e.conftest import running_app
from tests.e2e.test_export_browser import EXCEPTION, settle

pytestmark = pytest.mark.browser


def _library_with_a_pair(tmp_path) -> tuple:
    """A generated budget and its 决算 in a fresh library: (budget path, 决算 id)."""
    budget_path, final_path = write_pair(2301, tmp_path / "docs", "exec", text_basis="全年", function_bases=False)
    library = Library(tmp_path / "data" / "library")
    final_id = ""
    for path in (budget_path, final_path):
        result = read_document(path.name, path.read_bytes())
        library.add(result.tables, meta_of(result), path.read_bytes(), path.name)
        final_id = result.doc_id
    return budget_path, final_id


def _open(page: Page, url: str, path: str, heading: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{url}{path}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    settle(page)


def test_execution_link_shows_the_pair(page: Page, tmp_path):
    budget_path, final_id = _library_with_a_pair(tmp_path)
    with running_app(tmp_path / "streamlit.log", {"BUDGET_DATA_DIR": str(tmp_path / "data")}) as url:
        _open(page, url, f"/execution?county={quote(final_id)}", "预算执行")
        expect(page.get_by_text(f"同年度部门预算文件 {budget_path.name}")).to_be_visible()
        expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
        assert page.locator(EXCEPTION).count() == 0
        assert page.get_by_text("Page not found").count() == 0


def test_the_kind_choice_and_the_cross_document_checks(page: Page, tmp_path):
    """文件类别 in the sidebar writes kind= into the URL; 勾稽核对 lists the 决算 against its budget."""
    _, final_id = _library_with_a_pair(tmp_path)
    with running_app(tmp_path / "streamlit.log", {"BUDGET_DATA_DIR": str(tmp_path / "data")}) as url:
        _open(page, url, f"/checks?county={quote(final_id)}", "勾稽核对")
        page.get_by_role("radio", name="跨文件核对").click()  # drawn once chosen
        settle(page)
        expect(page.get_by_text("全部一致").first).to_be_visible()
        page.get_by_test_id("stSidebar").get_by_text("决算", exact=True).click()
        settle(page)
        page.wait_for_url("**kind=final**", timeout=30_000)
        assert page.locator(EXCEPTION).count() == 0
