"""A figure's spec in the form the browser redraws cheaply.

Streamlit's chart element draws a Plotly figure twice when it mounts: once from the spec, then
again with a copy of it (a JSON round trip, so every object is new). Plotly.react then diffs the
copy against what it drew. Three things in a plotly.py spec make that diff a full recalculation
and redraw, as costly as the first draw:

- ``layout.template``: its value type is "any", compared by identity, so a copy always differs;
- data arrays, which Plotly compares by identity unless ``layout.datarevision`` is set, and
  NumPy arrays written as base64 typed arrays (``{"dtype", "bdata"}``), which differ even then.
- a trace's ``meta`` (valType "any", compared by identity, edit type "plot"): a copy redraws the whole
  chart (横向对比 keeps its panels' extents there for its tests; no chart on screen reads it).

``lean_spec`` bakes the template into the figure (what Plotly would take from it, written out on
the traces and the layout), writes typed arrays as lists, drops a ``meta`` no template of its trace
reads (``%{meta}``) and sets ``datarevision`` from the data,
so the second draw keeps the calculated chart (docs/benchmarks.md, "Page switches in the browser").
It still redoes the range of a reversed axis: Plotly rewrites ``autorange: "reversed"`` to ``true``
as it draws. That stays: "max reversed" (left as written) turns the axis back the right way once
Streamlit hands Plotly's drawn range back to it, and a descending range pads some charts differently.

The figure looks the same. The template's values apply where the figure sets nothing, and the
axis switches whose default Plotly takes from the figure's own values only (grid, zero line, axis
line) are written out first. What cannot be written out exactly keeps its template.
tests/e2e/test_lean_spec.py compares what Plotly resolves from both specs, chart by chart.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from typing import Any

import numpy as np

# Layout containers a template's entry applies to under numbered names (xaxis → xaxis2, ...).
_SUBPLOTS = ("xaxis", "yaxis", "polar", "ternary", "scene", "geo", "mapbox", "map", "smith", "coloraxis")
# Template entries for the items of a layout array: annotationdefaults → each of layout.annotations.
_ITEM_DEFAULTS = re.compile(r"^(\w+)defaults$")


def lean_spec(spec: dict) -> dict:
    """``spec`` (a plotly.py ``to_dict()``) with its template baked in, typed arrays as lists and a
    ``datarevision``; ``spec`` itself is left as it was. A template this cannot bake (one with
    template array items) is left in place."""
    out = copy.deepcopy(spec)
    out["data"] = [_without_unread_meta(_plain(trace)) for trace in out.get("data", [])]
    layout = out.setdefault("layout", {})
    template = layout.get("template")
    flags = _axis_flags(layout, out["data"]) if isinstance(template, dict) and _bakeable(template) else None
    if flags is not None:
        del layout["template"]
        for name, values in flags.items():
            layout[name] = {**layout.get(name, {}), **values}
        _bake_layout(layout, out["data"], template.get("layout", {}))
        _bake_data(out["data"], template.get("data", {}))
    digest = hashlib.sha1(json.dumps(out["data"], sort_keys=True, default=str).encode()).hexdigest()
    layout["datarevision"] = digest[:16]
    return out


def _without_unread_meta(trace: dict) -> dict:
    """``trace`` without its ``meta`` unless one of its templates reads it (``%{meta}``)."""
    if "meta" in trace and not any("%{meta" in str(value) for key, value in trace.items() if key.endswith("template")):
        del trace["meta"]
    return trace


def _plain(value: Any) -> Any:
    """``value`` with every base64 typed array (and NumPy array) written as a list."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        if isinstance(value.get("bdata"), str) and "dtype" in value and set(value) <= {"bdata", "dtype", "shape"}:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return array.tolist()
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _bakeable(template: dict) -> bool:
    """A template without array items (template.layout.annotations etc.: named items Plotly matches by
    templateitemname), which cannot be written out item by item."""
    layout = template.get("layout", {})
    return all(not (isinstance(value, list) and value and isinstance(value[0], dict)) for value in layout.values())


# Trace types with a position axis (Plotly's "oriented" category): that axis gets no grid by default.
_ORIENTED = {"bar", "box", "histogram", "violin", "funnel", "waterfall"}
# An axis's switches whose default Plotly takes from the figure's own values of their companions
# (Lib.coerce2), not from the template's: written out before the template's companions are baked in.
_SWITCHES = {"showgrid": ("gridcolor", "gridwidth", "griddash"), "zeroline": ("zerolinecolor", "zerolinewidth"),
             "showline": ("linecolor", "linewidth")}


def _axis_flags(layout: dict, data: list[dict]) -> dict[str, dict] | None:
    """Each cartesian axis's grid, zero line and axis line as Plotly decides them from this figure
    alone (its handleLineGridDefaults); None when a trace's orientation is left to Plotly's data rules."""
    no_grid: set[str] = set()
    axes = {name for name in layout if re.fullmatch(r"[xy]axis\d*", name)}
    for trace in data:
        kind = trace.get("type", "scatter")
        if kind not in _CARTESIAN:
            continue
        x, y = _layout_name(trace.get("xaxis", "x"), "xaxis"), _layout_name(trace.get("yaxis", "y"), "yaxis")
        axes |= {x, y}
        if kind in _ORIENTED:
            orientation = trace.get("orientation")
            if orientation is None and kind == "bar":
                orientation = "h" if "x" in trace and "y" not in trace else "v"
            if orientation not in ("h", "v"):
                return None
            no_grid.add(y if orientation == "h" else x)
    out = {}
    for name in axes:
        given = layout.get(name, {})
        if isinstance(given.get("minor"), dict):
            return None
        values = {}
        for switch, companions in _SWITCHES.items():
            if switch not in given:
                by_default = switch != "showline" and name not in no_grid
                values[switch] = by_default or any(bool(given.get(c)) for c in companions)
        out[name] = values
    return out


def _under(explicit: Any, default: Any) -> Any:
    """``explicit`` with ``default``'s values wherever it sets nothing (dicts merged at any depth)."""
    if explicit is None:
        return copy.deepcopy(default)
    if isinstance(explicit, dict) and isinstance(default, dict):
        merged = dict(explicit)
        for key, value in default.items():
            merged[key] = _under(explicit.get(key), value)
        return merged
    return explicit


def _bake_layout(layout: dict, data: list[dict], template: dict) -> None:
    # subplots the traces use, whether or not the layout names them
    used = set()
    for trace in data:
        for attr, base in (("xaxis", "xaxis"), ("yaxis", "yaxis"), ("subplot", None), ("coloraxis", "coloraxis")):
            ref = trace.get(attr)
            if isinstance(ref, str):
                used.add(_layout_name(ref, base))
        if trace.get("type", "scatter") in _CARTESIAN:
            used.update({_layout_name(trace.get("xaxis", "x"), "xaxis"), _layout_name(trace.get("yaxis", "y"), "yaxis")})
    for key, value in template.items():
        if key in _SUBPLOTS:
            names = {name for name in (*layout, *used) if re.fullmatch(rf"{key}\d*", name)}
            for name in names:
                layout[name] = _under(layout.get(name), value)
        elif (match := _ITEM_DEFAULTS.match(key)) and isinstance(layout.get(f"{match[1]}s"), list):
            layout[f"{match[1]}s"] = [_under(item, value) for item in layout[f"{match[1]}s"]]
        elif not _ITEM_DEFAULTS.match(key):
            layout[key] = _under(layout.get(key), value)


def _layout_name(ref: str, base: str | None) -> str:
    """A trace's subplot reference as the layout names it: x2 → xaxis2, polar2 → polar2."""
    if base in ("xaxis", "yaxis"):
        return base + ref[1:]
    return ref


# Trace types drawn on x/y axes (their axes exist even when the layout does not name them).
_CARTESIAN = {"bar", "scatter", "scattergl", "histogram", "box", "violin", "heatmap", "contour", "waterfall",
              "funnel", "histogram2d", "histogram2dcontour", "candlestick", "ohlc", "image", "carpet"}


def _bake_data(data: list[dict], template: dict) -> None:
    """Each trace over its type's template items, taken in turn (Plotly's rule: the i-th trace of a type
    gets item i modulo their count)."""
    seen: dict[str, int] = {}
    for i, trace in enumerate(data):
        kind = trace.get("type", "scatter")
        items = template.get(kind) or []
        if items:
            n = seen.get(kind, 0)
            data[i] = _under(trace, {k: v for k, v in items[n % len(items)].items() if k != "type"})
        seen[kind] = seen.get(kind, 0) + 1
