"""Chinese on screen in Chromium (issue 21): Streamlit's own English words on the uploader and the
toolbar's "Deploy" are not shown; the Chinese drawn in their place is."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import IDLE

pytestmark = pytest.mark.browser
ZONE = '[data-testid="stFileUploaderDropzone"]'
# the words a reader sees: text drawn at a size above 0, and the text CSS draws after an element
SHOWN = """zone => {
    const out = [];
    const walker = document.createTreeWalker(zone, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, style = getComputedStyle(node.parentElement);
        if (node.textContent.trim() && parseFloat(style.fontSize) > 0 && style.visibility !== "hidden"
            && !node.parentElement.closest('[data-testid="stIconMaterial"]')) out.push(node.textContent.trim());
    }
    for (const el of zone.querySelectorAll("*")) {
        const after = getComputedStyle(el, "::after").content;
        if (after && after !== "none" && after !== "normal") out.push(after.replace(/^"|"$/g, ""));
    }
    return out;
}"""


def test_the_uploader_and_toolbar_speak_chinese(page: Page, app_url: str):
    page.goto(app_url + "/import")
    expect(page.get_by_role("heading", name="导入公开文件")).to_be_visible(timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_selector(ZONE, timeout=60_000)  # the uploader may draw after the script is idle
    shown = page.eval_on_selector(ZONE, SHOWN)
    assert "选择文件" in shown and "每个文件不超过 50 MB · PDF、XLSX、XLS、TXT" in shown, shown
    assert not any(word in text for text in shown for word in ("Upload", "per file", "MB per")), shown
    data_transfer = page.evaluate_handle(
        "() => { const dt = new DataTransfer(); dt.items.add(new File(['x'], 'a.pdf')); return dt; }")
    page.dispatch_event(ZONE, "dragenter", {"dataTransfer": data_transfer})
    page.wait_for_timeout(300)
    dragging = page.eval_on_selector(ZONE, SHOWN)
    assert "将文件拖放到此处" in dragging and not any("Drag and drop" in text for text in dragging), dragging
    expect(page.get_by_text("Deploy", exact=True)).to_have_count(0)
