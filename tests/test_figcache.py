"""Memoised figures: reused only for identical inputs."""

import plotly.graph_objects as go
import polars as pl

from charts.context import ChartContext
from dashboard.figcache import cached_figure, cached_transform, fingerprint

CALLS: list[int] = []


def _builder(frame: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    CALLS.append(1)
    return go.Figure(go.Bar(y=frame["v"].to_list()))


def _ctx(unit: str = "万元", factor: float = 1.0) -> ChartContext:
    return ChartContext(("a",), {"a": "甲县"}, {"a": 2023}, {"a": "a.txt"}, unit, factor)


def test_fingerprint_changes_with_content():
    one = pl.DataFrame({"v": [1.0, 2.0]})
    assert fingerprint(one) == fingerprint(pl.DataFrame({"v": [1.0, 2.0]}))
    assert fingerprint(one) != fingerprint(pl.DataFrame({"v": [1.0, 2.5]}))
    assert fingerprint(_ctx()) != fingerprint(_ctx("元", 10_000.0))


def test_identical_inputs_reuse_the_figure_and_others_do_not():
    CALLS.clear()
    frame = pl.DataFrame({"v": [3.0, 4.0]})
    first = cached_figure(_builder, frame, _ctx())
    again = cached_figure(_builder, pl.DataFrame({"v": [3.0, 4.0]}), _ctx())
    assert again is first and len(CALLS) == 1
    other = cached_figure(_builder, pl.DataFrame({"v": [3.0, 9.0]}), _ctx())
    assert other is not first and list(other.data[0].y) == [3.0, 9.0]
    in_yuan = cached_figure(_builder, frame, _ctx("元", 10_000.0))
    assert in_yuan is not first and len(CALLS) == 3


def test_transform_is_keyed_on_the_figure_object():
    fig_a, fig_b = go.Figure(), go.Figure()
    stamp = lambda fig: go.Figure(fig).add_annotation(text="x")  # noqa: E731
    out_a = cached_transform(stamp, fig_a)
    assert cached_transform(stamp, fig_a) is out_a
    assert cached_transform(stamp, fig_b) is not out_a
