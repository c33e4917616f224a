"""The lean spec (charts.screenspec) draws every chart exactly as the plotly.py spec does, and
Streamlit's second draw of it on mount no longer recalculates the chart.

Streamlit draws a chart, then draws a JSON copy of it again (Plotly.react). From a plotly.py spec
that second draw recalculates and redraws everything (the template and the data arrays compare as
changed); from the lean spec it keeps the calculated chart (docs/benchmarks.md, "Page switches in
the browser"). Checked for every chart of the shipped documents' report pack and for every chart of
the library with the longest names (tests/test_chart_layout.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import plotly
import pytest
from PIL import Image, ImageChops

from charts.screenspec import lean_spec
from content.catalog import report_charts
from content.filters import LATEST, Filters
from content.selection import select
from export.images import stamp_figure
from tests.e2e.conftest import IDLE
from tests.test_chart_layout import all_charts

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
ALL = ("hezheng", "qinglong", "huangyuan", "shizhu")

# Draw the spec, keep what Plotly resolved (its full layout and traces, private keys left out),
# then (`again`) draw a JSON copy over it as Streamlit does and say whether that kept the calculated chart.
# A trace's meta draws nothing: lean_spec leaves it out unless a template reads it (tests/test_screenspec.py).
DRAW = """async ([text, again]) => { const d = document.getElementById('g'); Plotly.purge(d);
    const first = JSON.parse(text); await Plotly.newPlot(d, first.data, first.layout);
    const skip = new Set(['template', 'datarevision', 'uid', 'meta']);
    const strip = (o) => JSON.parse(JSON.stringify(o, (k, v) => k.startsWith('_') || skip.has(k) ? undefined : v));
    const resolved = [strip(d._fullLayout), strip(d._fullData)];
    if (!again) return [resolved, null];
    const calculated = d.calcdata; const copy = JSON.parse(text);
    await Plotly.react(d, copy.data, copy.layout);
    return [resolved, calculated === d.calcdata]; }"""


def draw(page, spec: dict, again: bool) -> tuple[list, bool | None, Image.Image]:
    resolved, kept = page.evaluate(DRAW, [json.dumps(spec), again])
    return resolved, kept, settled_image(page)


def settled_image(page) -> Image.Image:
    """The chart once it has stopped moving (a sankey's nodes slide into place after a redraw)."""
    last = page.locator("#g").screenshot()
    for _ in range(40):
        page.wait_for_timeout(100)
        now = page.locator("#g").screenshot()
        if now == last:
            break
        last = now
    return Image.open(io.BytesIO(last)).convert("RGB")


def visibly_different(a: Image.Image, b: Image.Image) -> int:
    """Pixels that differ by more than anti-aliasing's few levels (a sankey's curves may differ by one)."""
    if a.size != b.size:
        return a.size[0] * a.size[1]
    difference = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 8 else 0)
    return difference.histogram()[255]


def shipped_charts(tables):
    selection = select(tables, Filters(counties=ALL, year=LATEST))
    return report_charts(selection, selection.context())


@pytest.mark.parametrize("which", ["shipped", "longest names"])
def test_the_lean_spec_draws_the_same_chart_and_keeps_it_on_the_second_draw(page, tables, which):
    """Compared with one drawing of the plotly.py spec (what the PNG export shows): a second drawing
    of it may differ, e.g. a reversed box plot's padding (its recalculation starts from the rewritten
    autorange)."""
    charts = shipped_charts(tables) if which == "shipped" else all_charts()
    page.set_content("<div id='g' style='width:1100px'></div>")
    page.add_script_tag(content=PLOTLY_JS.read_text(encoding="utf-8"))
    changed, redrawn, recalculated = {}, {}, []
    for chart in charts:
        fig = stamp_figure(chart.figure)
        plain = json.loads(fig.to_json())
        lean = lean_spec(fig.to_dict())
        assert "template" not in lean["layout"], chart.stem
        resolved, _, plain_image = draw(page, plain, again=False)  # as Plotly draws it once, and exports it
        lean_resolved, lean_kept, lean_image = draw(page, lean, again=True)
        if resolved != lean_resolved:
            changed[chart.stem] = [k for k in resolved[0] if resolved[0][k] != lean_resolved[0].get(k)]
        if pixels := visibly_different(plain_image, lean_image):
            redrawn[chart.stem] = pixels
        if not lean_kept:
            recalculated.append(chart.stem)
    assert charts and not changed and not redrawn and not recalculated, (changed, redrawn, recalculated)


AFTERPLOTS = """
window.__draws = [];
Object.defineProperty(HTMLDivElement.prototype, 'emit', { configurable: true, get() { return undefined; },
  set(fn) { Object.defineProperty(this, 'emit', { configurable: true, writable: true, value: function (event) {
    if (event === 'plotly_afterplot') { window.__draws.push(this.__calculated === undefined ? 'first'
        : this.__calculated === this.calcdata ? 'kept' : 'recalculated'); this.__calculated = this.calcdata; }
    return fn.apply(this, arguments); } }); } });
"""


def test_in_the_dashboard_the_second_draw_of_each_chart_keeps_it(page, app_url):
    """Through Streamlit's own chart element: every chart of 收支构成 drawn once, then kept."""
    page.add_init_script(AFTERPLOTS)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}/composition")
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_selector(".main-svg", timeout=60_000)
    page.wait_for_timeout(1500)
    draws = page.evaluate("window.__draws")
    assert draws.count("first") >= 1
    assert "recalculated" not in draws and draws.count("kept") >= draws.count("first"), draws



def test_in_the_dashboard_a_comparison_lists_documents_top_down(page, app_url):
    """横向对比's rows run from the first chosen document at the top (a reversed axis). Once drawn,
    Streamlit hands Plotly's drawn layout back to it on every later draw: a reversed axis written any
    other way than Plotly leaves it ("max reversed") came back the wrong way up there."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}/compare")
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_selector(".main-svg", timeout=60_000)
    page.wait_for_timeout(1500)
    rows = page.evaluate("""() => [...document.querySelector('.js-plotly-plot').querySelectorAll('.yaxislayer-above .ytick text')]
        .map((t) => [t.getBoundingClientRect().top, t.textContent]).sort((a, b) => a[0] - b[0]).map((r) => r[1])""")
    assert rows[:4] == ["和政县", "青龙满族自治县", "湟源县", "石柱土家族自治县"], rows
