"""End to end in Chromium: every page opens, county/year switch, PNG and report-pack downloads."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import IDLE

pytestmark = pytest.mark.browser
EXCEPTION = '[data-testid="stException"]'
PNG = b"\x89PNG\r\n\x1a\n"


def settle(page: Page, timeout: float = 60_000) -> None:
    """Let a rerun start, then wait for the script to finish."""
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)


def open_home(page: Page, app_url: str) -> None:
    """Open the default page (deep links on a fresh server: test_deep_links.py)."""
    page.goto(app_url + "/")
    expect(page.get_by_role("heading", name="总览")).to_be_visible(timeout=60_000)
    settle(page)


def query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query, keep_blank_values=True).items()}


def choose(page: Page, county_name: str, year: str) -> None:
    """Keep only ``county_name`` in the county multiselect, then pick ``year`` ('2023 年')."""
    sidebar = page.get_by_test_id("stSidebar")
    tags = sidebar.locator("[data-tag] [title]")
    # The multiselect draws its tags a moment after the run ends (~0.4 s measured): wait for
    # them before reading, or the loop below sees none and removes nothing.
    expect(tags.first).to_be_visible(timeout=30_000)
    for tag in tags.all_inner_texts():
        if tag != county_name:
            sidebar.get_by_role("button", name=f"Remove {tag}").click()
            expect(sidebar.locator(f'[data-tag] [title="{tag}"]')).to_have_count(0)
            settle(page)
    expect(tags).to_have_text([county_name])
    # A long navigation (11 pages) pushes 年度 below a 720 px sidebar: clicked while the sidebar still
    # scrolls it into view, the dropdown opened and closed again. Scroll first, let it stop, then click.
    box = sidebar.get_by_role("combobox", name="年度")
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box.click()
    page.get_by_role("option", name=year).click()
    settle(page)


def test_every_page_opens_without_exception(page: Page, app_url: str):
    open_home(page, app_url)
    links = page.get_by_test_id("stSidebarNavLink")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= 7
    for i, href in enumerate(hrefs):
        links.nth(i).click()
        expect(page).to_have_url(re.compile(re.escape(href.rstrip("/")) + r"/?(\?.*)?$"), timeout=30_000)
        settle(page)
        assert page.locator(EXCEPTION).count() == 0, f"exception on {href}"
        assert query(page)["county"] == "hezheng,qinglong,huangyuan,shizhu", f"filters lost on {href}"
    for path in ("/sangong", "/composition"):  # chart pages draw plots with export buttons
        page.goto(app_url + path)
        settle(page)
        expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible(timeout=30_000)
        expect(page.get_by_role("button", name="PNG 打印版").first).to_be_visible()


def test_switch_county_and_year_then_download_png_and_packs(page: Page, app_url: str):
    open_home(page, app_url)
    page.get_by_test_id("stSidebarNavLink").filter(has_text="三公经费").click()
    expect(page).to_have_url(re.compile(r"/sangong\?"), timeout=30_000)
    settle(page)
    choose(page, "青龙满族自治县", "2023 年")
    assert query(page)["county"] == "qinglong" and query(page)["year"] == "2023"
    # one section at a time (dashboard.components.render_items): three to choose from, the chosen one's
    # chart drawn; the page's report pack below still holds all three charts
    expect(page.get_by_role("radiogroup", name="本页内容").get_by_role("radio")).to_have_count(3, timeout=30_000)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(1, timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0

    with page.expect_download(timeout=60_000) as png_download:
        page.get_by_role("button", name="PNG 打印版").first.click()
    png = png_download.value
    assert png.suggested_filename == "青龙满族自治县_2023_三公经费分项.png"
    data = open(png.path(), "rb").read()
    assert data[:8] == PNG and int.from_bytes(data[16:20], "big") == 3600

    with page.expect_download(timeout=60_000) as svg_download:
        page.get_by_role("button", name="SVG 矢量图").first.click()
    assert svg_download.value.suggested_filename == "青龙满族自治县_2023_三公经费分项.svg"
    assert "青龙满族自治县 2023年" in open(svg_download.value.path(), encoding="utf-8").read()

    with page.expect_download(timeout=60_000) as pack_download:
        page.get_by_role("button", name="下载本页报告包（三公经费）").click()
    assert pack_download.value.suggested_filename == "青龙满族自治县_2023_三公经费_报告包.zip"
    names = zipfile.ZipFile(pack_download.value.path()).namelist()
    assert sorted(n for n in names if n.startswith("png/")) == [
        "png/青龙满族自治县_2023_三公经费分项.png", "png/青龙满族自治县_2023_三公经费占比.png",
        "png/青龙满族自治县_2023_三公经费本年与上年.png"]
    assert len([n for n in names if n.startswith("svg/")]) == 3
    assert {"青龙满族自治县_2023_三公经费_报告包_数据.xlsx", "青龙满族自治县_2023_三公经费_报告包_幻灯片.pptx"} <= set(names)
    assert page.locator(EXCEPTION).count() == 0


@pytest.mark.parametrize("county", ["石柱土家族自治县"])
def test_full_report_pack_for_chosen_county(page: Page, app_url: str, county: str):
    open_home(page, app_url)
    choose(page, county, "2023 年")
    with page.expect_download(timeout=120_000) as pack_download:
        page.get_by_role("button", name="下载报告包（所选文件的全部图表）").click()
    assert pack_download.value.suggested_filename == f"{county}_2023_报告包.zip"
    archive = zipfile.ZipFile(pack_download.value.path())
    pngs = [n for n in archive.namelist() if n.startswith("png/")]
    assert len(pngs) >= 10 and all(n.startswith(f"png/{county}_2023_") for n in pngs)
    for name in pngs:
        with archive.open(name) as f:
            assert f.read(8) == PNG
    from pptx import Presentation

    deck = Presentation(io.BytesIO(archive.read(f"{county}_2023_报告包_幻灯片.pptx")))
    assert len(deck.slides) == len(pngs) + 1
    assert page.locator(EXCEPTION).count() == 0
