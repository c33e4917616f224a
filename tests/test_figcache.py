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


def test_screen_figure_gives_streamlit_the_same_spec_once():
    from plotly.tools import return_figure_from_figure_or_data

    from charts.screenspec import lean_spec
    from dashboard.figcache import ScreenFigure, cached_screen_figure

    fig = go.Figure(go.Bar(x=["甲", "乙"], y=[1.5, 2.5]), layout={"title": {"text": "支出"}})
    shown = cached_screen_figure(fig)
    assert isinstance(shown, ScreenFigure) and cached_screen_figure(fig) is shown
    # what st.plotly_chart does with it: the plain figure's lean spec (charts.screenspec), computed once
    spec = return_figure_from_figure_or_data(shown, validate_figure=True)
    assert spec == lean_spec(fig.to_dict())
    assert return_figure_from_figure_or_data(shown, validate_figure=True) is spec
    other = go.Figure(go.Bar(x=["甲"], y=[9.0]))
    assert cached_screen_figure(other) is not shown
    assert list(cached_screen_figure(other).to_dict()["data"][0]["y"]) == [9.0]


def test_arrow_table_is_built_once_per_content():
    import pyarrow as pa

    from dashboard.figcache import cached_arrow

    calls = []

    def shown(frame: pl.DataFrame, unit: str) -> pl.DataFrame:
        calls.append(unit)
        return frame.with_columns(pl.col("v").cast(pl.String) + unit)

    first = cached_arrow(shown, pl.DataFrame({"v": [1, 2]}), "万元")
    assert isinstance(first, pa.Table) and first.column("v").to_pylist() == ["1万元", "2万元"]
    kind = first.schema.field("v").type
    assert pa.types.is_string(kind) or pa.types.is_large_string(kind)  # text, not Arrow string_view
    assert cached_arrow(shown, pl.DataFrame({"v": [1, 2]}), "万元") is first and calls == ["万元"]
    assert cached_arrow(shown, pl.DataFrame({"v": [1, 2]}), "元").column("v").to_pylist() == ["1元", "2元"]
    assert cached_arrow(shown, pl.DataFrame({"v": [1, 3]}), "万元").column("v").to_pylist() == ["1万元", "3万元"]


def _headline(selection, ctx) -> list[float]:
    CALLS.append(1)
    return selection.table("summary").filter(pl.col("metric") == "支出合计")["amount_wan"].to_list()


def test_content_is_rebuilt_for_a_new_selection_of_the_same_documents(tables, monkeypatch):
    """After an import (or any change of the tables) dashboard.data cuts a new Selection of the same
    documents and year; what a page built from the old one must not be served for it, even when the
    old one is gone and the new one has its id (forced here: every object gets the same id)."""
    import dashboard.figcache as figcache
    from content.filters import LATEST, Filters
    from content.selection import select

    CALLS.clear()
    monkeypatch.setattr(figcache, "id", lambda _: 1, raising=False)
    filters = Filters(counties=("qinglong",), year=LATEST)
    before = select(tables, filters)
    ctx = before.context()
    first = figcache.cached_content(_headline, before, ctx)
    assert figcache.cached_content(_headline, before, ctx) is first and len(CALLS) == 1  # the same selection: reused
    changed = {**tables, "summary": tables["summary"].with_columns(
        pl.when(pl.col("county_id") == "qinglong").then(pl.col("amount_wan") + 1).otherwise(pl.col("amount_wan"))
        .alias("amount_wan"))}
    after = select(changed, filters)  # the same key as before's: only the identity check tells them apart
    assert figcache.cached_content(_headline, after, ctx) == [v + 1 for v in first] and len(CALLS) == 2
    del before
    assert figcache.cached_content(_headline, select(changed, filters), ctx) == [v + 1 for v in first]
