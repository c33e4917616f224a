"""Every chart of the shipped documents' report pack asks for the left margin Plotly settles on.

With automargin on (names of any length still fit), a margin narrower than what the axis labels
need is widened after the first drawing and the whole chart drawn again: twice the browser's work
for every chart on a page switch (docs/benchmarks.md, "Page switches in the browser")."""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import pytest

from content.catalog import report_charts
from content.filters import LATEST, Filters
from content.selection import select
from export.images import stamp_figure

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
ALL = ("hezheng", "qinglong", "huangyuan", "shizhu")


@pytest.mark.parametrize("share", [False, True])
def test_no_chart_is_laid_out_twice(page, tables, share):
    selection = select(tables, Filters(counties=ALL, year=LATEST, mode="share" if share else "abs"))
    charts = report_charts(selection, selection.context(share=share))
    page.set_content("<div id='g' style='width:1100px'></div>")
    page.add_script_tag(content=PLOTLY_JS.read_text(encoding="utf-8"))
    widened = {}
    for chart in charts:
        spec = json.loads(stamp_figure(chart.figure).to_json())
        drawn = page.evaluate("""async (spec) => { const d = document.getElementById('g'); Plotly.purge(d);
            await Plotly.newPlot(d, spec.data, spec.layout); return d._fullLayout._size.l; }""", spec)
        if drawn != spec["layout"]["margin"]["l"]:
            widened[chart.stem] = (spec["layout"]["margin"]["l"], drawn)
    assert charts and not widened
