"""Memoised figure building, so a page rerun reuses the figures of an earlier run.

Plotly validates every property as a figure is built (~20 ms a chart); a rerun caused by
a widget elsewhere on the page would otherwise rebuild every chart. The key is the
builder plus a fingerprint of its inputs (frame contents, the chart context, scalars),
so a cached figure is returned only for identical inputs. Cached figures are shared
between sessions and must not be mutated: show_figure works on a stamped copy.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pyarrow as pa
import streamlit as st

from charts.context import ChartContext
from charts.screenspec import lean_spec
from content.selection import Selection

MAX_FIGURES = 512


def fingerprint(value: Any) -> Hashable:
    """A hashable summary that changes whenever the value's content does."""
    if isinstance(value, pl.DataFrame):
        content = int(value.hash_rows(seed=7).sum()) if value.height else 0
        return ("frame", value.height, tuple(value.schema.items()), content)
    if isinstance(value, ChartContext):
        return ("ctx", value.county_ids, tuple(sorted(value.names.items())), tuple(sorted(value.years.items())),
                tuple(sorted(value.documents.items())), value.unit_label, value.factor, value.share,
                value.palette_ids, tuple(sorted(value.colours.items())))
    if isinstance(value, list | tuple):
        return tuple(fingerprint(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, fingerprint(v)) for k, v in value.items()))
    hash(value)  # anything else must be hashable as it is
    return value


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: OrderedDict[Hashable, Any] = OrderedDict()

    def get_or_build(self, key: Hashable, build: Callable[[], Any], valid: Callable[[Any], bool] = lambda _: True):
        with self.lock:
            hit = self.items.get(key)
            if hit is not None and valid(hit):
                self.items.move_to_end(key)
                return hit
        value = build()
        with self.lock:
            self.items[key] = value
            while len(self.items) > MAX_FIGURES:
                self.items.popitem(last=False)
        return value


@st.cache_resource(show_spinner=False)
def _store() -> _Store:
    return _Store()


def cached_figure(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """``builder(*args, **kwargs)``, or the figure an identical earlier call returned."""
    key = ("figure", builder.__module__, builder.__qualname__, fingerprint(args), fingerprint(kwargs))
    return _store().get_or_build(key, lambda: builder(*args, **kwargs))


def cached_transform(transform: Callable[[go.Figure], go.Figure], fig: go.Figure) -> go.Figure:
    """``transform(fig)`` memoised on the figure object itself (checked by identity) and today's date."""
    key = ("transform", transform.__module__, transform.__qualname__, id(fig), dt.date.today())
    pair = _store().get_or_build(key, lambda: (fig, transform(fig)), valid=lambda hit: hit[0] is fig)
    return pair[1]


class ScreenFigure(go.Figure):
    """A figure as shown on screen, never changed after it is built.

    Streamlit turns a figure into its spec with ``to_dict()``, a deep copy of every property
    (~5 ms a chart, the largest part of a rerun on a page of many charts). A ScreenFigure does
    that once and hands the same dict to every later rerun and session; Streamlit only reads it.
    The dict is the lean spec the browser redraws cheaply (charts.screenspec). Exports keep using
    ordinary figures.
    """

    def to_dict(self) -> dict:
        spec = self.__dict__.get("_screen_spec")
        if spec is None:
            spec = lean_spec(super().to_dict())
            self._screen_spec = spec
        return spec


def cached_screen_figure(fig: go.Figure) -> ScreenFigure:
    """The figure as a ScreenFigure, built once per figure object (checked by identity)."""
    return cached_transform(ScreenFigure, fig)


def cached_arrow(frame_builder: Callable[..., pl.DataFrame], *args: Any) -> pa.Table:
    """``frame_builder(*args)`` as the Arrow table Streamlit sends to the browser, memoised on the
    inputs' fingerprint. Converted through pandas once, as st.dataframe would on every run, so the
    browser gets the same column types."""
    def build() -> pa.Table:
        return pa.Table.from_pandas(frame_builder(*args).to_pandas(), preserve_index=False)

    key = ("arrow", frame_builder.__module__, frame_builder.__qualname__, fingerprint(args))
    return _store().get_or_build(key, build)


def cached_content(build: Callable[..., Any], selection: Selection, *args: Any, **kwargs: Any) -> Any:
    """``build(selection, *args, **kwargs)`` (a page's catalog items, its headline rows), or what an
    earlier run returned for the same selection object and identical other inputs.

    A Selection never changes once cut, and dashboard.data cuts a new one whenever the tables change
    (an import, a removal, another data directory): the selection is checked by identity, through a
    weak reference, so a new selection that happens to get a freed one's id is not served its content.
    Saves rebuilding a page's items every run (3–15 ms of polars a page, 横向对比 the most)."""
    key = ("content", build.__module__, build.__qualname__, id(selection), fingerprint(args), fingerprint(kwargs))
    pair = _store().get_or_build(key, lambda: (weakref.ref(selection), build(selection, *args, **kwargs)),
                                 valid=lambda hit: hit[0]() is selection)
    return pair[1]
