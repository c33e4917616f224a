"""收支构成: income by source, function classes, economic classes, Sankey flow."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.context import ChartContext
from charts.coverage import ECONOMIC, FUNCTIONS, INCOME, partial_notes
from charts.layout import (
    LINE_PX,
    STACK_HEADROOM,
    amount_axis,
    category_axis,
    category_labels,
    left_margin,
    line_count,
    plot_width_px,
    row_px,
    wrap_label,
)
from charts.style import (
    BLACK,
    BLUE,
    GREEN,
    LIGHT_GREY,
    MARGIN_B,
    MARGIN_T,
    ORANGE,
    PART_COLOURS,
    PURPLE,
    SKY_BLUE,
    UNCONFIRMED_MARK,
    VERMILLION,
    YELLOW,
    all_confirmed,
    apply_layout,
    confirm_hover,
    confirm_marker,
    confirm_notes,
    unconfirmed,
)
from contract.formats import d3_format
from contract.hierarchy import parent_code

# Okabe–Ito, dark and light in turn so neighbouring segments differ in grey too.
SOURCE_COLOURS = (BLUE, ORANGE, GREEN, YELLOW, VERMILLION, SKY_BLUE, BLACK, PURPLE, LIGHT_GREY)


TREEMAP_LABEL_EM = 12.0  # a document's box in the treemap: its name in lines


def _rows_px(labels: list[str]) -> int:
    """Height of horizontal bars, a row per label, each as tall as its label's lines (at least 20 px:
    a department's many classes stay compact)."""
    return sum(max(20, LINE_PX * line_count(label) + 6) for label in labels)


def _stacked_axis(fig: go.Figure, ctx: ChartContext, margin_l: int, title: str = "") -> None:
    """The value axis of stacked horizontal bars: up to the longest stack, in the chart's unit."""
    stacks: dict[object, float] = {}
    for trace in fig.data:
        for y, x in zip(trace.y, trace.x, strict=True):
            stacks[y] = stacks.get(y, 0.0) + (x or 0.0)
    amount_axis(fig, "x", max(stacks.values(), default=0.0) * STACK_HEADROOM or 1.0, ctx.value_unit(), title,
                plot_px=plot_width_px(margin_l))


def shares(values: list[float]) -> list[float]:
    total = sum(values)
    return [0.0 if total == 0 else round(v / total * 100, 2) for v in values]


def make_income_figure(income: pl.DataFrame, ctx: ChartContext, checks: pl.DataFrame | None = None) -> go.Figure:
    """Stacked bars: one bar per county, one segment per income source.

    With ``checks``, a county whose sources add up to less than its 收入合计 is named under the title.
    """
    fig = go.Figure()
    sources = income["source"].unique(maintain_order=True).to_list()
    totals = {c: income.filter(pl.col("county_id") == c)["amount_wan"].sum() for c in ctx.county_ids}
    labels = category_labels([ctx.label(c) for c in ctx.county_ids])
    shown: list[bool | None] = []
    for i, source in enumerate(sources):
        xs, ys, flags = [], [], []
        for county_id in ctx.county_ids:
            rows = income.filter((pl.col("county_id") == county_id) & (pl.col("source") == source))
            amount = rows["amount_wan"].sum() if rows.height else 0.0
            value = (amount / totals[county_id] * 100 if totals[county_id] else 0.0) if ctx.share \
                else ctx.scale(amount)
            xs.append(round(value, 4))
            ys.append(labels[ctx.county_ids.index(county_id)])
            flags.append(all_confirmed(rows["confirmed"]) if rows.height else None)
        shown += flags
        fig.add_bar(name=source, x=xs, y=ys, orientation="h", hovertext=confirm_hover(flags),
                    marker=confirm_marker(SOURCE_COLOURS[i % len(SOURCE_COLOURS)], flags))
    fig.update_layout(barmode="stack")
    category_axis(fig)
    _stacked_axis(fig, ctx, left_margin(labels))
    return apply_layout(fig, ctx.title("收入来源构成", ctx.value_unit()), ctx.source(),
                        height=MARGIN_T + MARGIN_B + max(100, row_px(labels) * len(labels)),
                        notes=partial_notes(checks, INCOME, ctx) + confirm_notes(shown), margin_l=left_margin(labels))


def make_function_treemap_figure(functions: pl.DataFrame, ctx: ChartContext,
                                 checks: pl.DataFrame | None = None) -> go.Figure:
    """Drillable 县 → 类 → 款 → 项 treemap of total spending (basic/project in hover)."""
    ids, labels, parents, values, colours, custom, flags = [], [], [], [], [], [], []
    for county_id in ctx.county_ids:
        rows = functions.filter(pl.col("county_id") == county_id)
        if rows.is_empty():
            continue
        top = rows.filter(pl.col("level") == 1)
        ids.append(county_id)
        labels.append(wrap_label(ctx.label(county_id), TREEMAP_LABEL_EM))
        parents.append("")
        values.append(ctx.scale(top["total_wan"].sum()))
        colours.append(ctx.colour(county_id))
        custom.append([ctx.scale(top["basic_wan"].sum()), ctx.scale(top["project_wan"].sum()), ""])
        flags.append(None)  # the county's box sums its classes: each class carries its own mark
        codes = set(rows["code"].to_list())
        for row in rows.iter_rows(named=True):
            ids.append(f"{county_id}/{row['code']}")
            labels.append(f"{row['code']} {row['name']}")
            parent = _nearest_present(row["parent_code"], codes)
            parents.append(f"{county_id}/{parent}" if parent else county_id)
            values.append(ctx.scale(row["total_wan"]))
            colours.append(ctx.colour(county_id))
            flags.append(row["confirmed"])
            custom.append([ctx.scale(row["basic_wan"]), ctx.scale(row["project_wan"]),
                           UNCONFIRMED_MARK if unconfirmed(row["confirmed"]) else ""])
    marker = confirm_marker(colours, flags)
    money = d3_format(ctx.unit_label)
    fig = go.Figure(go.Treemap(
        ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
        marker={"colors": marker["color"], "pattern": marker["pattern"], "line": marker["line"]},
        customdata=custom, maxdepth=3,
        texttemplate=f"%{{label}}<br>%{{value:{money}}}<br>%{{percentParent:.1%}}",
        hovertemplate=(f"%{{label}}%{{customdata[2]}}<br>合计 %{{value:{money}}} {ctx.unit_label}<br>"
                       f"基本支出 %{{customdata[0]:{money}}}<br>项目支出 %{{customdata[1]:{money}}}<br>"
                       "占上级 %{percentParent:.1%}<extra></extra>"),
    ))
    return apply_layout(fig, ctx.title("支出功能分类（类→款→项）"), ctx.source(), height=560,
                        notes=partial_notes(checks, FUNCTIONS, ctx) + confirm_notes(flags))


def _nearest_present(code: str | None, codes: set[str]) -> str | None:
    """The nearest ancestor printed as a row: a 项 whose 款 the document does not print (泉州 2026
    prints only 项; 江苏's text names 项 under a 类) hangs under its 类, or the document."""
    while code and code not in codes:
        code = parent_code(code)
    return code


def make_function_split_figure(functions: pl.DataFrame, ctx: ChartContext,
                               checks: pl.DataFrame | None = None) -> go.Figure:
    """Per 类 (and county): basic vs project spending, stacked."""
    top = functions.filter(pl.col("level") == 1)
    labels = category_labels([f"{ctx.names[r['county_id']]} · {r['name']}" if len(ctx.county_ids) > 1 else r["name"]
                              for r in top.iter_rows(named=True)])
    fig = go.Figure()
    flags = top["confirmed"].to_list()
    for column, part in (("basic_wan", "基本支出"), ("project_wan", "项目支出")):
        amounts = top[column].to_list()
        if ctx.share:
            values = [round(a / t * 100, 2) if t else 0.0 for a, t in zip(amounts, top["total_wan"], strict=True)]
        else:
            values = [ctx.scale(a) for a in amounts]
        fig.add_bar(name=part, y=labels, x=values, orientation="h", hovertext=confirm_hover(flags),
                    marker=confirm_marker(PART_COLOURS[part], flags))
    fig.update_layout(barmode="stack")
    category_axis(fig)
    _stacked_axis(fig, ctx, left_margin(labels))
    return apply_layout(fig, ctx.title("功能分类（类）基本支出与项目支出", ctx.value_unit()), ctx.source(),
                        height=MARGIN_T + MARGIN_B + max(140, _rows_px(labels)),
                        notes=partial_notes(checks, FUNCTIONS, ctx) + confirm_notes(flags), margin_l=left_margin(labels))


def make_economic_figure(economic: pl.DataFrame, ctx: ChartContext, checks: pl.DataFrame | None = None) -> go.Figure:
    """Per 款 of the economic classification: personnel vs public, stacked, largest first."""
    rows = economic.filter(pl.col("level") == 2).sort("total_wan", descending=True)
    labels = category_labels([f"{ctx.names[r['county_id']]} · {r['name']}" if len(ctx.county_ids) > 1 else r["name"]
                              for r in rows.iter_rows(named=True)])
    basic_total = {c: economic.filter((pl.col("county_id") == c) & (pl.col("level") == 1))["total_wan"].sum()
                   for c in ctx.county_ids}
    fig = go.Figure()
    flags = rows["confirmed"].to_list()
    # a 基本支出表 printing one amount column (泉州 表九: no 人员经费/公用经费): the 款 by amount alone
    split = any(rows[c].is_not_null().any() for c in ("personnel_wan", "public_wan"))
    parts = (("personnel_wan", "人员经费"), ("public_wan", "公用经费")) if split else (("total_wan", "金额"),)
    for column, part in parts:
        if ctx.share:
            values = [round((r[column] or 0.0) / basic_total[r["county_id"]] * 100, 2)
                      if basic_total[r["county_id"]] else 0.0 for r in rows.iter_rows(named=True)]
        else:
            values = [ctx.scale(v) for v in rows[column].to_list()]
        fig.add_bar(name=part, y=labels, x=values, orientation="h", hovertext=confirm_hover(flags),
                    marker=confirm_marker(PART_COLOURS.get(part, PART_COLOURS["公用经费"]), flags))
    fig.update_layout(barmode="stack")
    category_axis(fig)
    _stacked_axis(fig, ctx, left_margin(labels), "占基本支出" if ctx.share else "")
    title = "基本支出经济分类（款）：人员经费与公用经费" if split else "基本支出经济分类（款）（未分人员经费与公用经费）"
    return apply_layout(fig, ctx.title(title, ctx.value_unit()),
                        ctx.source(), height=MARGIN_T + MARGIN_B + max(140, _rows_px(labels)),
                        notes=partial_notes(checks, ECONOMIC, ctx) + confirm_notes(flags), margin_l=left_margin(labels))


def make_sankey_figure(income: pl.DataFrame, functions: pl.DataFrame, ctx: ChartContext,
                       checks: pl.DataFrame | None = None) -> go.Figure:
    """收入来源 → 部门预算 → 功能分类（类） → 基本支出/项目支出, for one county."""
    county_id = ctx.county_ids[0]
    income = income.filter(pl.col("county_id") == county_id)
    top = functions.filter((pl.col("county_id") == county_id) & (pl.col("level") == 1))
    nodes = [*income["source"].to_list(), "部门预算", *top["name"].to_list(), "基本支出", "项目支出"]
    index = {name: i for i, name in enumerate(nodes)}
    sources, targets, values, flags = [], [], [], []
    for row in income.iter_rows(named=True):
        sources.append(index[row["source"]])
        targets.append(index["部门预算"])
        values.append(ctx.scale(row["amount_wan"]))
        flags.append(row["confirmed"])
    for row in top.iter_rows(named=True):
        sources.append(index["部门预算"])
        targets.append(index[row["name"]])
        values.append(ctx.scale(row["total_wan"]))
        flags.append(row["confirmed"])
        for column, part in (("basic_wan", "基本支出"), ("project_wan", "项目支出")):
            if row[column]:
                sources.append(index[row["name"]])
                targets.append(index[part])
                values.append(ctx.scale(row[column]))
                flags.append(row["confirmed"])
    # a flow has no pattern: an unconfirmed income source or class says so in its node's label
    marked = {*(r["source"] for r in income.iter_rows(named=True) if unconfirmed(r["confirmed"])),
              *(r["name"] for r in top.iter_rows(named=True) if unconfirmed(r["confirmed"]))}
    colours = [LIGHT_GREY] * len(income) + [ctx.colour(county_id)] + [LIGHT_GREY] * top.height + \
              [PART_COLOURS["基本支出"], PART_COLOURS["项目支出"]]
    fig = go.Figure(go.Sankey(
        node={"label": [f"{n}{UNCONFIRMED_MARK}" if n in marked else n for n in nodes], "color": colours, "pad": 14},
        link={"source": sources, "target": targets, "value": values, "customdata": confirm_hover(flags),
              "hovertemplate": "%{source.label} → %{target.label}<br>%{value}%{customdata}<extra></extra>"},
        valueformat=d3_format(ctx.unit_label), valuesuffix=f" {ctx.unit_label}",
    ))
    notes = (partial_notes(checks, INCOME, ctx) + partial_notes(checks, FUNCTIONS, ctx)
             + ([f"标“{UNCONFIRMED_MARK}”的收入来源或支出类别未核实（文件中没有第二处与之印证，或核对不一致）"]
                if marked else []))
    return apply_layout(fig, ctx.title("资金流向：收入来源 → 功能分类 → 基本/项目支出"), ctx.source(), height=520,
                        notes=notes)
