"""项目支出: ranking, categories and how much of 项目支出 the listed projects cover."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.context import ChartContext
from charts.coverage import PROJECTS, partial_notes
from charts.layout import (
    STACK_HEADROOM,
    amount_axis,
    category_axis,
    category_labels,
    count_axis,
    left_margin,
    plot_width_px,
    row_px,
    value_top,
    wrap_label,
)
from charts.style import (
    BLUE,
    LIGHT_GREY,
    MARGIN_B,
    MARGIN_T,
    UNCONFIRMED_MARK,
    VERMILLION,
    all_confirmed,
    apply_layout,
    confirm_hover,
    confirm_marker,
    confirm_notes,
)
from contract.formats import amount_with_unit, value_in

PROJECT_LABEL_EM = 18.0  # a project's name before it wraps
OTHERS = "其余项目合计"
NOT_DISCLOSED = "未公开"


def rank_with_rest(frame: pl.DataFrame, label: str, value: str, top_n: int) -> pl.DataFrame:
    """Largest ``top_n`` rows by ``value``; the rest summed into one row labelled 其余 N 个
    (with ``confirmed`` where ``frame`` has it: the sum is confirmed only if every part is)."""
    columns = [label, value] + (["confirmed"] if "confirmed" in frame.columns else [])
    ordered = frame.sort(value, descending=True)
    if ordered.height <= top_n:
        return ordered.select(columns)
    head = ordered.head(top_n).select(columns)
    rest = ordered.slice(top_n)
    tail = {label: [f"{OTHERS}（{rest.height} 个）"], value: [rest[value].sum()]}
    if "confirmed" in frame.columns:
        tail["confirmed"] = [all_confirmed(rest["confirmed"])]
    return pl.concat([head, pl.DataFrame(tail, schema=head.schema)])


def make_project_ranking_figure(projects: pl.DataFrame, ctx: ChartContext, top_n: int = 15,
                                checks: pl.DataFrame | None = None) -> go.Figure:
    """One county's current projects ranked by amount (top N, the rest summed).

    With ``checks``, says under the title when the listed projects fall short of 项目支出.
    """
    county_id = ctx.county_ids[0]
    rows = projects.filter((pl.col("county_id") == county_id) & pl.col("current")
                           & pl.col("amount_wan").is_not_null())
    ranked = rank_with_rest(rows, "project_name", "amount_wan", top_n)
    total = ranked["amount_wan"].sum()
    values = [round(v / total * 100, 2) if ctx.share and total else ctx.scale(v) for v in ranked["amount_wan"]]
    flags = ranked["confirmed"].to_list()
    labels = category_labels(ranked["project_name"].to_list(), PROJECT_LABEL_EM)
    texts = [value_in(v, ctx.value_unit()) for v in values]
    fig = go.Figure(go.Bar(y=labels, x=values, orientation="h",
                           marker=confirm_marker(ctx.colour(county_id), flags), hovertext=confirm_hover(flags),
                           text=texts, textposition="outside", cliponaxis=False,
                           hovertemplate="%{y}：%{text}%{hovertext}<extra></extra>"))
    margin_l = left_margin(labels)
    category_axis(fig)
    amount_axis(fig, "x", value_top(values, texts, plot_width_px(margin_l)), ctx.value_unit(),
                plot_px=plot_width_px(margin_l))
    note = f"（前 {top_n} 项，其余合并）" if rows.height > top_n else ""
    return apply_layout(fig, ctx.title(f"项目金额排名{note}", ctx.value_unit()), ctx.source(),
                        height=MARGIN_T + MARGIN_B + max(140, row_px(labels) * len(labels)),
                        notes=partial_notes(checks, PROJECTS, ctx) + confirm_notes(flags), margin_l=margin_l)


def project_coverage(projects: pl.DataFrame, summary: pl.DataFrame, county_id: str) -> dict[str, float | None]:
    """Listed current projects' sum vs the stated 项目支出 (None where not stated)."""
    listed = projects.filter((pl.col("county_id") == county_id) & pl.col("current"))
    amounts = listed["amount_wan"]
    stated = summary.filter((pl.col("county_id") == county_id) & (pl.col("metric") == "项目支出"))
    return {
        "listed": float(amounts.sum()) if amounts.null_count() < listed.height else None,
        "stated": stated["amount_wan"].item() if stated.height else None,
        "n_projects": listed.height,
        "n_without_amount": amounts.null_count(),
        # both sides of the comparison: the listed amounts and the stated 项目支出
        "confirmed": all_confirmed([*listed.filter(pl.col("amount_wan").is_not_null())["confirmed"],
                                    *stated["confirmed"]]) or False,
    }


def coverage_counties(projects: pl.DataFrame, summary: pl.DataFrame, county_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The counties whose listed project amounts can be set against a stated 项目支出."""
    out = []
    for county_id in county_ids:
        cov = project_coverage(projects, summary, county_id)
        if cov["listed"] is not None and cov["stated"] is not None:
            out.append(county_id)
    return tuple(out)


def make_project_coverage_figure(projects: pl.DataFrame, summary: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Per county: stated 项目支出 split into 'covered by listed projects' and 'not listed'."""
    fig = go.Figure()
    labels, covered, gap, over, flags = [], [], [], [], []
    for county_id in ctx.county_ids:
        cov = project_coverage(projects, summary, county_id)
        if cov["listed"] is None or cov["stated"] is None:
            continue
        listed, stated = cov["listed"], cov["stated"]
        labels.append(wrap_label(ctx.label(county_id)))
        base = stated if ctx.share else 1.0
        scale = (lambda v, b=base: round(v / b * 100, 2)) if ctx.share else ctx.scale
        covered.append(scale(min(listed, stated)))
        gap.append(scale(max(stated - listed, 0.0)))
        over.append(scale(max(listed - stated, 0.0)))
        flags.append(cov["confirmed"])
    hover = confirm_hover(flags)
    fig.add_bar(name="所列项目金额", y=labels, x=covered, orientation="h", marker=confirm_marker(BLUE, flags),
                hovertext=hover)
    fig.add_bar(name="未列明项目", y=labels, x=gap, orientation="h", marker=confirm_marker(LIGHT_GREY, flags),
                hovertext=hover)
    if any(over):
        fig.add_bar(name="所列项目超出项目支出", y=labels, x=over, orientation="h",
                    marker=confirm_marker(VERMILLION, flags), hovertext=hover)
    fig.update_layout(barmode="stack")
    category_axis(fig)
    stacks = [c + g + o for c, g, o in zip(covered, gap, over, strict=True)]
    amount_axis(fig, "x", max(stacks, default=0.0) * STACK_HEADROOM or 1.0, ctx.value_unit(),
                "占项目支出" if ctx.share else "",
                plot_px=plot_width_px(left_margin(labels)))
    return apply_layout(fig, ctx.title("所列项目对项目支出的覆盖", ctx.value_unit()), ctx.source(),
                        height=MARGIN_T + MARGIN_B + max(100, row_px(labels) * len(labels)),
                        notes=confirm_notes(flags), margin_l=left_margin(labels))


def make_project_category_figure(projects: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Per county: project amounts (or counts where no amounts) by category."""
    current = projects.filter(pl.col("current")).with_columns(pl.col("category").fill_null("类别未公开"))
    fig, top = go.Figure(), 1
    for county_id in ctx.county_ids:
        rows = current.filter(pl.col("county_id") == county_id)
        if rows.is_empty():
            continue
        grouped = rows.group_by("category", maintain_order=True).agg(
            # None where no project states an amount: the hover says 未公开, not 0
            pl.when(pl.col("amount_wan").is_not_null().any()).then(pl.col("amount_wan").sum()).alias("amount"),
            pl.len().alias("n"),
            (pl.col("amount_wan").is_not_null() & ~pl.col("confirmed")).any().alias("unconfirmed"))
        # the bars count projects (not amounts); the summed amount in the hover says when it is unconfirmed
        counts = grouped["n"].to_list()
        top = max(top, *counts)
        fig.add_bar(name=ctx.label(county_id), x=grouped["category"].to_list(),
                    y=counts, marker_color=ctx.colour(county_id), text=counts, textposition="outside",
                    cliponaxis=False,
                    customdata=[amount_with_unit(None if a is None else ctx.scale(a), ctx.unit_label)
                                for a in grouped["amount"]],  # 未公开 where no project states an amount
                    hovertext=[UNCONFIRMED_MARK if u else "" for u in grouped["unconfirmed"]],
                    hovertemplate="%{x}：%{y:,} 个项目，合计 %{customdata}%{hovertext}<extra></extra>")
    fig.update_layout(barmode="group")
    count_axis(fig, "y", top * 1.15, title="项目个数")  # room above the tallest bar for its count
    return apply_layout(fig, ctx.title("项目分类（个数）", None), ctx.source())
