"""A shared link is the first request a server sees: it must open the linked page cleanly.

Streamlit treats a `pages/` folder beside the entry script as a legacy (v1) multipage app
and runs the first script run of a fresh server through it, where `/sangong` is unknown:
the "Page not found" modal. The page modules live in `views/` for that reason.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import IDLE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("link", "heading", "county"), [
    ("/sangong?county=qinglong", "三公经费", "青龙满族自治县"),
    ("/checks?county=shizhu&year=2023", "勾稽核对", "石柱土家族自治县"),
])
def test_deep_link_on_fresh_server_opens_linked_page(page: Page, fresh_app_url: str, link: str,
                                                     heading: str, county: str):
    page.goto(fresh_app_url + link)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_timeout(500)  # the modal arrives with the first run's messages; give it time to draw
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").locator("[data-tag] [title]")).to_have_text([county])
    assert page.url.startswith(fresh_app_url + link.split("?")[0] + "?")


def test_the_default_page_answers_at_its_own_path(page: Page, fresh_app_url: str):
    """/overview showed "Page not found": Streamlit serves the default page at `/` only. A hidden page
    at /overview hands over to it, the link's filters kept."""
    page.goto(fresh_app_url + "/overview?county=qinglong&unit=yuan")
    expect(page.get_by_role("heading", name="总览", exact=True)).to_be_visible(timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_timeout(500)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").locator("[data-tag] [title]")).to_have_text(["青龙满族自治县"])
    assert page.url.startswith(fresh_app_url + "/?") and "county=qinglong" in page.url and "unit=yuan" in page.url
    active = page.get_by_test_id("stSidebarNavLink").filter(has_text="总览")
    expect(active).to_have_attribute("aria-current", "page")
