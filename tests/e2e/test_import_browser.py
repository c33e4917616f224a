"""End to end in Chromium: upload a generated disclosure on 导入, add it, see it on 总览 and 三公经费,
export a PNG of a chart that includes it, restart the server: it is still there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from synthetic.corpus import write_corpus
from synthetic.disclosure import read_truth
from tests.e2e.conftest import running_app
from tests.e2e.test_export_browser import EXCEPTION, PNG, settle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def disclosure(tmp_path_factory):
    """A generated PDF that discloses a 三公 table, with its truth."""
    folder = tmp_path_factory.mktemp("upload")
    for path in write_corpus(folder, 2, seed=5):
        truth = read_truth(path.with_suffix(".truth.json"))
        if path.suffix == ".pdf" and truth["sangong"]:
            return path, truth
    raise AssertionError("the corpus has no PDF with a 三公 table")


def heading(region: str, truth: dict) -> re.Pattern:
    """总览's heading of the document: its official name, 样例县·教育局（部门预算 · 2024）."""
    return re.compile(f"^{re.escape(region)}·.+（[部单][门位]预算 · {truth['meta']['year']}）$")


def test_upload_add_export_and_restart(page: Page, tmp_path, disclosure):
    path, truth = disclosure
    region = truth["meta"]["region"]  # the cover names province and county; the reader keeps both
    env = {"BUDGET_DATA_DIR": str(tmp_path / "data")}
    with running_app(tmp_path / "first.log", env) as url:
        page.goto(url + "/import")
        expect(page.get_by_role("heading", name="导入公开文件")).to_be_visible(timeout=60_000)
        settle(page)
        page.locator('input[type="file"]').set_input_files(str(path))
        add = page.get_by_role("button", name="加入看板")
        expect(add).to_be_visible(timeout=90_000)
        assert page.locator(EXCEPTION).count() == 0
        add.click()
        expect(page.get_by_text("已加入看板")).to_be_visible(timeout=60_000)
        page.get_by_role("link", name="在总览中查看").click()
        expect(page.get_by_role("heading", name="总览")).to_be_visible(timeout=30_000)  # the default page: "/"
        settle(page)
        expect(page.get_by_role("heading", name=heading(region, truth))).to_be_visible()

        page.get_by_test_id("stSidebarNavLink").filter(has_text="三公经费").click()
        expect(page).to_have_url(re.compile(r"/sangong\?"), timeout=30_000)
        settle(page)
        expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible(timeout=30_000)
        assert page.locator(EXCEPTION).count() == 0
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="PNG 打印版").first.click()
        assert region in download.value.suggested_filename  # the chart names the new document
        assert open(download.value.path(), "rb").read(8) == PNG

    with running_app(tmp_path / "second.log", env) as url:  # a restarted server reads the same library
        page.goto(url + "/")
        expect(page.get_by_role("heading", name="总览")).to_be_visible(timeout=60_000)
        settle(page)
        expect(page.get_by_role("heading", name=heading(region, truth))).to_be_visible()
        assert page.locator(EXCEPTION).count() == 0
