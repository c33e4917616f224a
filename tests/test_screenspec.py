"""charts.screenspec: the spec a browser redraws cheaply, with the figure unchanged.

Expected values follow Plotly's own rules (plotly.js: Template.traceTemplater, Lib.coerce2 in
handleLineGridDefaults, the "oriented" trace category); tests/e2e/test_lean_spec.py checks in
Chromium that Plotly resolves every chart of the dashboard the same from both specs."""

from __future__ import annotations

import copy

import numpy as np
import plotly.graph_objects as go

from charts.screenspec import lean_spec
from dashboard.figcache import ScreenFigure

WHITE = go.layout.Template(
    layout={"xaxis": {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8",
                      "ticks": "", "title": {"standoff": 15}},
            "yaxis": {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8"},
            "font": {"color": "#2a3f5f"}, "title": {"x": 0.05}, "annotationdefaults": {"arrowhead": 0},
            "colorway": ["#636efa", "#EF553B"]},
    data={"bar": [{"marker": {"line": {"color": "white", "width": 0.5}}},
                  {"marker": {"line": {"color": "black", "width": 1}}}]})


def bars(**layout) -> dict:
    fig = go.Figure([go.Bar(x=np.array([3.0, 1.5]), y=["甲", "乙"], orientation="h", name="一"),
                     go.Bar(x=[1, 2], y=["甲", "乙"], orientation="h", name="二",
                            marker={"line": {"color": "red"}}),
                     go.Bar(x=[4, 5], y=["甲", "乙"], orientation="h", name="三")])
    fig.update_layout(template=WHITE, title={"text": "标题"}, font={"size": 13}, **layout)
    fig.add_annotation(text="来源", x=0, y=0, showarrow=False, arrowhead=2)
    return fig.to_dict()


def test_the_template_is_written_out_where_the_figure_sets_nothing():
    spec = bars(xaxis={"title": {"text": "金额"}, "ticks": "outside"})
    lean = lean_spec(spec)
    layout = lean["layout"]
    assert "template" not in layout
    assert layout["font"] == {"size": 13, "color": "#2a3f5f"}
    assert layout["title"] == {"text": "标题", "x": 0.05}
    assert layout["colorway"] == ["#636efa", "#EF553B"]
    # the figure's own values win, at any depth
    assert layout["xaxis"]["title"] == {"text": "金额", "standoff": 15} and layout["xaxis"]["ticks"] == "outside"
    assert layout["xaxis"]["gridcolor"] == "#EBF0F8"
    # annotationdefaults go to each annotation, under its own values
    assert layout["annotations"][0]["arrowhead"] == 2
    assert "annotationdefaults" not in layout


def test_trace_templates_go_to_the_traces_of_their_type_in_turn():
    data = lean_spec(bars())["data"]
    assert data[0]["marker"]["line"] == {"color": "white", "width": 0.5}
    assert data[1]["marker"]["line"] == {"color": "red", "width": 1}  # the figure's colour, item 2's width
    assert data[2]["marker"]["line"] == {"color": "white", "width": 0.5}  # third bar: item 1 again
    assert all(trace["type"] == "bar" for trace in data)


def test_axis_switches_are_what_plotly_decides_from_the_figure_alone():
    """Plotly turns a grid, zero line or axis line on by default only for colours the figure itself
    gives (not the template's), and leaves a bar chart's category axis without a grid."""
    layout = lean_spec(bars(yaxis={"gridcolor": "#cccccc"}))["layout"]
    assert {k: layout["xaxis"][k] for k in ("showgrid", "zeroline", "showline")} == \
        {"showgrid": True, "zeroline": True, "showline": False}
    # the category axis of horizontal bars: no grid by default, but the figure's own grid colour asks for one
    assert {k: layout["yaxis"][k] for k in ("showgrid", "zeroline", "showline")} == \
        {"showgrid": True, "zeroline": False, "showline": False}
    vertical = go.Figure(go.Bar(x=["甲", "乙"], y=[1, 2]), layout={"template": WHITE}).to_dict()
    axes = lean_spec(vertical)["layout"]
    assert axes["xaxis"]["showgrid"] is False and axes["yaxis"]["showgrid"] is True


def test_switches_the_figure_sets_are_kept():
    layout = lean_spec(bars(xaxis={"showgrid": False, "showline": True}))["layout"]
    assert layout["xaxis"]["showgrid"] is False and layout["xaxis"]["showline"] is True


def test_data_arrays_are_lists_and_the_data_revision_follows_the_data():
    spec = bars()
    assert "bdata" in str(spec["data"][0]["x"])  # plotly.py wrote the NumPy array as a typed array
    lean = lean_spec(spec)
    assert lean["data"][0]["x"] == [3.0, 1.5]
    assert lean_spec(bars())["layout"]["datarevision"] == lean["layout"]["datarevision"]
    other = bars()
    other["data"][1]["x"] = [1, 3]
    assert lean_spec(other)["layout"]["datarevision"] != lean["layout"]["datarevision"]


def test_a_meta_no_template_reads_is_dropped():
    """Plotly compares ``meta`` by identity: Streamlit's copy of the spec would redraw the chart."""
    fig = go.Figure([go.Bar(x=[1, 2], y=["甲", "乙"], meta={"panel": [0, 3]}),
                     go.Bar(x=[3, 4], y=["甲", "乙"], meta=["万元"], hovertemplate="%{x} %{meta[0]}")])
    lean = lean_spec(fig.to_dict())
    assert "meta" not in lean["data"][0]
    assert lean["data"][1]["meta"] == ["万元"]  # read by the hover: kept
    assert fig.data[0].meta == {"panel": [0, 3]}  # the figure itself keeps it


def test_the_input_is_left_as_it_was():
    spec = bars()
    before = copy.deepcopy(spec)
    lean_spec(spec)
    assert spec == before


def test_what_cannot_be_written_out_exactly_keeps_its_template():
    # a box's orientation Plotly takes from its data: which axis has no grid is not known here
    box = go.Figure(go.Box(x=[1, 2, 3]), layout={"template": WHITE}).to_dict()
    assert "template" in lean_spec(box)["layout"]
    # template items for layout arrays are matched by name: not written out
    named = go.layout.Template(layout={"annotations": [{"name": "wm", "text": "草稿"}]})
    fig = go.Figure(go.Bar(x=[1], y=[2]), layout={"template": named}).to_dict()
    assert "template" in lean_spec(fig)["layout"]
    # still lists and a data revision
    assert "datarevision" in lean_spec(box)["layout"] and lean_spec(box)["data"][0]["x"] == [1, 2, 3]


def test_the_screen_figure_hands_streamlit_the_lean_spec():
    fig = go.Figure(go.Bar(x=["甲"], y=[1]), layout={"template": WHITE})
    shown = ScreenFigure(fig)
    assert "template" not in shown.to_dict()["layout"] and shown.to_dict() is shown.to_dict()
