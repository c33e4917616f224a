"""What each chart page shows, as a list of items: headings, notices and charts.

The pages render these items (dashboard.components.render_items) and the report pack
and CLI export their charts, so a page and its export cannot drift apart. Plain
functions: selection in, items out; no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from audit.taxonomy import with_standard_categories
from charts.audit import make_check_summary_figure, make_flag_figure, make_score_figure
from charts.compare import COMPARE_METRICS, make_comparison_figure
from charts.composition import (
    make_economic_figure,
    make_function_split_figure,
    make_function_treemap_figure,
    make_income_figure,
    make_sankey_figure,
)
from charts.context import ChartContext
from charts.indicators import (
    INFERRED_SUFFIX,
    make_level_figure,
    make_operator_figure,
    make_percent_target_figure,
    make_quant_figure,
    make_unit_figure,
    make_weight_figure,
    percent_targets,
    quant_kind,
)
from charts.projects import (
    coverage_counties,
    make_project_category_figure,
    make_project_coverage_figure,
    make_project_ranking_figure,
    project_coverage,
)
from charts.sangong import (
    make_sangong_items_figure,
    make_sangong_prior_figure,
    make_sangong_share_figure,
    sangong_shares,
    share_confirmed,
)
from charts.style import all_confirmed
from charts.trend import make_trend_figure
from content.confirm import count_unconfirmed
from content.scale import cut_panels, cut_to_top
from content.selection import Selection
from content.trend import trend_frame, yoy_changes
from contract.tables import BASIC_SCOPE, INDICATOR_SCOPES

NAMED_COUNTIES = 3  # more names than this make file names too long to read (and Windows' 260-char paths)


def _who(ctx: ChartContext) -> str:
    """Up to three document names joined by '-', else a count ('4个地区', '5个部门')."""
    ids = ctx.county_ids
    if len(ids) > NAMED_COUNTIES:
        return ctx.count_text().replace(" ", "")
    return "-".join(ctx.names[c] for c in ids)


def file_stem(ctx: ChartContext, what: str) -> str:
    """'青龙满族自治县_2023_三公经费', '和政县-青龙满族自治县_2023-2024_三公经费' or
    '4个地区_2023-2024_三公经费' (safe on Windows too)."""
    ids = ctx.county_ids
    years = sorted({ctx.years[c] for c in ids})
    who = _who(ctx)
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", f"{who}_{span}_{what}")


def sheet_stem(ctx: ChartContext, what: str) -> str:
    """The chart first, then who and when ('三公经费_青龙满族自治县_2023'): a workbook sheet's name is
    cut at 31 characters, and the chart is what tells the sheets apart."""
    ids = ctx.county_ids
    years = sorted({ctx.years[c] for c in ids})
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", f"{what}_{_who(ctx)}_{span}")


@dataclass(frozen=True)
class Chart:
    """One chart as a page shows it: the figure, the table beneath it, and who/when it covers."""

    what: str  # short name used in file names, e.g. 三公经费分项
    figure: go.Figure
    table: pl.DataFrame
    ctx: ChartContext

    @property
    def stem(self) -> str:
        return file_stem(self.ctx, self.what)

    @property
    def sheet_stem(self) -> str:
        return sheet_stem(self.ctx, self.what)

    @property
    def title(self) -> str:
        """The figure title as one plain line: '“三公”经费分项 — 青龙满族自治县 2023年 · 单位：万元'."""
        text = self.figure.layout.title.text or self.what
        text = text.replace("</sup><br><sup>", "")  # a subtitle charts.style wrapped into lines: one line again
        return re.sub(r"<[^>]+>", "", text.replace("<br>", " — "))

    @property
    def source(self) -> str:
        return self.ctx.source()


@dataclass(frozen=True)
class Heading:
    """A section heading on the page (not exported)."""

    text: str


@dataclass(frozen=True)
class Notice:
    """A message shown in place on the page, e.g. that a county's document lacks a table."""

    text: str
    level: str = "info"  # info | caption | warning


Item = Chart | Heading | Notice
FigureMaker = Callable[..., go.Figure]


def direct(builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    """Build the figure now (the dashboard passes a memoising maker instead)."""
    return builder(*args, **kwargs)


def charts_of(items: list[Item]) -> list[Chart]:
    return [item for item in items if isinstance(item, Chart)]


Section = tuple[str, list[Item]]


def sections(items: list[Item]) -> tuple[list[Item], list[Section]]:
    """A page's items as what comes before its first section (page-wide notices) and its sections,
    each a label and its items: one per heading (the heading becomes the label and stays the
    section's first item), and before the first heading (on a page without headings: throughout)
    one per kind of chart (charts of the same name, one per county, together; a notice just before
    a chart goes with it). The dashboard shows one section at a time, chosen above it, so a page
    switch draws one section's charts, not all of them (横向对比: its grid, not also the trends)."""
    lead: list[Item] = []
    out: dict[str, list[Item]] = {}
    headed = False  # past the first heading: everything goes into the heading's section
    current: list[Item] | None = None
    waiting: list[Item] = []  # notices since the last chart, before any heading
    for item in items:
        if isinstance(item, Heading):
            (lead if current is None else current).extend(waiting)
            waiting, headed = [], True
            current = out.setdefault(item.text, [item])
        elif headed:
            current.append(item)
        elif isinstance(item, Chart):
            current = out.setdefault(item.what, [])
            current.extend([*waiting, item])
            waiting = []
        else:
            (lead if current is None else waiting).append(item)
    if waiting:
        (lead if current is None else current).extend(waiting)
    return lead, list(out.items())


def not_disclosed(name: str, what: str) -> Notice:
    return Notice(f"{name}公开文件未包含{what}。")


def _present(frame: pl.DataFrame, ctx: ChartContext, what: str | None = None,
             out: list[Item] | None = None) -> ChartContext | None:
    """The chosen counties that have rows in ``frame``; a 'not disclosed' notice for each other one."""
    have = set(frame["county_id"].to_list())
    if what is not None and out is not None:
        out.extend(not_disclosed(ctx.names[c], what) for c in ctx.county_ids if c not in have)
    kept = tuple(c for c in ctx.county_ids if c in have)
    return ctx.subset(kept) if kept else None


def _top(selection: Selection, ctx: ChartContext, out: list[Item]) -> ChartContext:
    cut, notice = cut_to_top(selection.table("summary"), ctx)
    if notice:
        out.append(Notice(notice))
    return cut


def confirm_notice(selection: Selection, ctx: ChartContext, page: str,
                   metrics: tuple[str, ...] | None = None) -> Notice | None:
    """The line under a page's title: how many of the figures it shows are unconfirmed."""
    text, level = count_unconfirmed(selection.tables, ctx.county_ids, page, metrics).notice()
    return Notice(text, level) if text else None


def _with_confirm_notice(out: list[Item], selection: Selection, ctx: ChartContext, page: str,
                         metrics: tuple[str, ...] | None = None) -> list[Item]:
    """``out`` with the count of unconfirmed figures first, so it stands right under the title."""
    notice = confirm_notice(selection, ctx, page, metrics)
    return [notice, *out] if notice else out


def _panels(ctx: ChartContext, what: str, out: list[Item]) -> tuple[str, ...]:
    ids, caption = cut_panels(ctx, what)
    if caption:
        out.append(Notice(caption, "caption"))
    return ids


def composition_items(selection: Selection, ctx: ChartContext, make: FigureMaker = direct) -> list[Item]:
    income = selection.table("income")
    functions = selection.table("expenditure_function")
    # the 基本支出表's classes (人员/公用); a 全部支出 economic table, where published, is on 数据
    economic = selection.table("expenditure_economic").filter(pl.col("scope") == BASIC_SCOPE)
    checks = selection.table("checks")  # says on a chart when its table covers only part of a total
    out: list[Item] = []
    ctx = _top(selection, ctx, out)
    out.append(Heading("收入来源"))
    if sub := _present(income, ctx, "收入来源表", out):
        out.append(Chart("收入来源构成", make(make_income_figure, income, sub, checks), income.drop("corrected"), sub))
    out.append(Heading("支出功能分类"))
    if sub := _present(functions, ctx, "支出功能分类表", out):
        out.append(Notice("点击树图中的方块可逐级下钻（类→款→项），点击顶部路径返回。", "caption"))
        out.append(Chart("支出功能分类", make(make_function_treemap_figure, functions, sub, checks),
                         functions.drop("corrected"), sub))
        for county_id in _panels(sub, "功能分类基本与项目支出", out):
            one = ctx.only(county_id)
            rows = functions.filter(pl.col("county_id") == county_id)
            top = rows.filter(pl.col("level") == 1)
            if top["basic_wan"].is_null().all() and top["project_wan"].is_null().all():
                # 类 named in a 收支总表 or the text only (泉州, 江苏 prose editions): no split printed
                out.append(not_disclosed(ctx.names[county_id], "按功能分类（类）列示的基本支出与项目支出"))
                continue
            out.append(Chart("功能分类基本与项目支出", make(make_function_split_figure, rows, one, checks),
                             rows.filter(pl.col("level") == 1).drop("corrected"), one))
    out.append(Heading("基本支出经济分类"))
    if sub := _present(economic, ctx, "基本支出经济分类表", out):
        for county_id in _panels(sub, "基本支出经济分类", out):
            one = ctx.only(county_id)
            rows = economic.filter(pl.col("county_id") == county_id)
            out.append(Chart("基本支出经济分类", make(make_economic_figure, rows, one, checks),
                             rows.drop("corrected"), one))
    out.append(Heading("资金流向"))
    with_income, with_functions = set(income["county_id"]), set(functions["county_id"])
    for county_id in _panels(ctx, "资金流向图", out):
        if county_id not in with_income or county_id not in with_functions:
            out.append(not_disclosed(ctx.names[county_id], "同时列示收入来源和支出功能分类的表格，无法绘制资金流向图"))
            continue
        one = ctx.only(county_id)
        flow = functions.filter((pl.col("county_id") == county_id) & (pl.col("level") == 1))
        out.append(Chart("资金流向", make(make_sankey_figure, income, functions, one, checks),
                         flow.select("name", "total_wan", "basic_wan", "project_wan", "confirmed"), one))
    return _with_confirm_notice(out, selection, ctx, "composition")


def sangong_items(selection: Selection, ctx: ChartContext, make: FigureMaker = direct) -> list[Item]:
    sangong, summary, prior = selection.table("sangong"), selection.table("summary"), selection.table("prior_year")
    out: list[Item] = []
    ctx = _top(selection, ctx, out)
    sub = _present(sangong, ctx, "“三公”经费表", out)
    if sub is None:
        return out
    prior_rows = prior.filter(pl.col("metric") == "三公经费合计")
    totals = summary.filter(pl.col("metric") == "三公经费合计").select(
        "county_id", "year", "amount_wan", "confirmed").join(
        prior_rows.select("county_id", pl.col("amount_wan").alias("prior_amount_wan"), "basis"),
        on="county_id", how="left")
    shares = pl.DataFrame([{"county_id": c, "share_of_basic": s["基本支出"], "share_of_total": s["支出合计"],
                            "confirmed": all_confirmed(share_confirmed(summary, c).values())}
                           for c in sub.county_ids for s in [sangong_shares(summary, c)]],
                          schema={"county_id": pl.String, "share_of_basic": pl.Float64, "share_of_total": pl.Float64,
                                  "confirmed": pl.Boolean})
    checks = selection.table("checks")
    out = _with_confirm_notice(out, selection, sub, "sangong")
    return out + [
        Chart("三公经费分项", make(make_sangong_items_figure, sangong, sub, checks), sangong.drop("corrected"), sub),
        Chart("三公经费本年与上年", make(make_sangong_prior_figure, summary, prior, sub), totals, sub),
        Chart("三公经费占比", make(make_sangong_share_figure, summary, sub), shares, sub),
    ]


def projects_items(selection: Selection, ctx: ChartContext, make: FigureMaker = direct) -> list[Item]:
    projects, summary, checks = selection.table("projects"), selection.table("summary"), selection.table("checks")
    current = projects.filter(pl.col("current"))
    out: list[Item] = []
    ctx = _top(selection, ctx, out)
    repeated = projects.filter(~pl.col("current"))
    if repeated.height:
        out.append(Notice(f"另有 {repeated.height} 张以上年工作计划为依据的重复项目表，未计入下列统计（见“数据”页）。",
                          "caption"))
    sub = _present(current, ctx, "项目支出绩效目标表", out)
    if sub is None:
        return out
    covered = coverage_counties(projects, summary, sub.county_ids)
    out.extend(not_disclosed(ctx.names[c], "各项目金额或项目支出合计，无法核对项目覆盖程度")
               for c in sub.county_ids if c not in covered)
    if covered:
        cov_ctx = sub.subset(covered)
        coverage = pl.DataFrame([{"county_id": c, **project_coverage(projects, summary, c)} for c in covered])
        out.append(Chart("项目覆盖项目支出", make(make_project_coverage_figure, projects, summary, cov_ctx),
                         coverage, cov_ctx))
    for county_id in _panels(sub, "项目金额排名", out):
        rows = current.filter(pl.col("county_id") == county_id)
        if rows["amount_wan"].null_count() == rows.height:
            out.append(not_disclosed(ctx.names[county_id], "各项目的金额（项目表只列绩效目标）"))
            continue
        one = ctx.only(county_id)
        table = rows.select("project_code", "project_name", "category", "amount_wan", "confirmed", "line") \
            .sort("amount_wan", descending=True, nulls_last=True) \
            .with_columns(pl.when(pl.col("amount_wan").is_not_null()).then(pl.col("confirmed")))
        out.append(Chart("项目金额排名", make(make_project_ranking_figure, projects, one, checks=checks), table, one))
    stated = pl.col("amount_wan").is_not_null()
    by_category = current.group_by("county_id", "category", maintain_order=True).agg(
        # no amount stated (青龙's tables list targets only): 未公开, not a sum of nothing (0)
        pl.len().alias("项目个数"), pl.when(stated.any()).then(pl.col("amount_wan").sum()).alias("amount_wan"),
        pl.when(stated.any()).then((pl.col("confirmed") | ~stated).all()).alias("confirmed"))
    out.append(Chart("项目分类", make(make_project_category_figure, projects, sub), by_category, sub))
    return _with_confirm_notice(out, selection, sub, "projects")


def indicators_items(selection: Selection, ctx: ChartContext, make: FigureMaker = direct,
                     scopes: tuple[str, ...] = INDICATOR_SCOPES, satisfaction: bool = True) -> list[Item]:
    indicators = with_standard_categories(
        selection.table("indicators").filter(pl.col("current") & pl.col("scope").is_in(list(scopes))))
    out: list[Item] = []
    ctx = _top(selection, ctx, out)
    if indicators.is_empty():
        return out + [Notice("所选范围内没有绩效指标，请调整“指标范围”。", "warning")]
    sub = _present(indicators, ctx, "所选范围内的绩效目标表", out)
    if sub is None:
        return out

    def counts(column: str, rows: pl.DataFrame = indicators) -> pl.DataFrame:
        return rows.group_by("county_id", column).len().sort("county_id", column)

    out += [
        Chart("一级指标分布", make(make_level_figure, indicators, sub, "level1_std"), category_counts(indicators, 1), sub),
        Chart("二级指标分布", make(make_level_figure, indicators, sub, "level2_std"), category_counts(indicators, 2), sub),
        Chart("比较符号", make(make_operator_figure, indicators, sub),
              counts("operator").with_columns(pl.col("operator").replace("", "（未写符号）")), sub),
        Chart("计量单位", make(make_unit_figure, indicators, sub),
              counts("unit", indicators.filter(pl.col("target_value").is_not_null())), sub),
        Chart("定量与定性", make(make_quant_figure, indicators, sub),
              quant_kind(indicators).group_by("county_id", "kind").len(), sub),
    ]
    rows = percent_targets(indicators, satisfaction)
    if rows.is_empty():
        out.append(Notice("所选公开文件没有以 % 计的此类指标。"))
    else:
        out.append(Chart("满意度目标值" if satisfaction else "百分比目标值",
                         make(make_percent_target_figure, indicators, sub, satisfaction),
                         rows.select("county_id", "project_name", "level3", "operator", "target_value", "line"),
                         sub))
    weighted = indicators.filter(pl.col("weight").is_not_null())
    if ws := _present(weighted, sub, "指标权重（分值）列", out):
        out.append(Chart("指标权重", make(make_weight_figure, weighted, ws),
                         weighted.group_by("county_id", "weight").len().sort("county_id", "weight"), ws))
    return out


def category_counts(indicators: pl.DataFrame, level: int) -> pl.DataFrame:
    """Indicators per county and standard category (一级 and, for level 2, 二级), the
    document's own wording beside it; a category read from the name and unit ends in （推断）."""
    levels = range(1, level + 1)
    keys = [c for n in levels for c in (f"level{n}_std", f"level{n}_inferred", f"level{n}")]
    return (
        indicators.group_by("county_id", *keys).len()
        .sort("county_id", *keys, nulls_last=True)
        .with_columns(pl.when(pl.col(f"level{n}_inferred")).then(pl.col(f"level{n}_std") + INFERRED_SUFFIX)
                      .otherwise(pl.col(f"level{n}_std")).alias(f"level{n}_std") for n in levels)
        .drop(f"level{n}_inferred" for n in levels)
    )


def compare_items(selection: Selection, ctx: ChartContext, make: FigureMaker = direct,
                  metrics: tuple[str, ...] = COMPARE_METRICS) -> list[Item]:
    summary = selection.table("summary")
    chosen = summary.filter(pl.col("metric").is_in(list(metrics)))
    table = chosen.with_columns(pl.col("metric") + "_wan").pivot(
        on="metric", index=["county_id", "year"], values="amount_wan")  # 支出合计_wan: shown as 支出合计（万元）
    unconfirmed = chosen.filter(~pl.col("confirmed")).group_by("county_id", "year", maintain_order=True).agg(
        pl.col("metric").str.join("、").alias("unconfirmed_metrics"))
    table = table.join(unconfirmed, on=["county_id", "year"], how="left", maintain_order="left").with_columns(
        pl.col("unconfirmed_metrics").fill_null("无"))
    out: list[Item] = [Chart("横向对比", make(make_comparison_figure, summary, ctx, tuple(metrics)), table, ctx)]
    out = _with_confirm_notice(out, selection, ctx, "compare", tuple(metrics))
    return out + trend_items(selection, ctx, make, metrics=tuple(m for m in TREND_METRICS if m in metrics))


TREND_METRICS = ("支出合计", "基本支出", "项目支出", "三公经费合计")
TREND_LIMIT = 10  # lines in one trend chart


def trend_items(selection: Selection, ctx: ChartContext, make: FigureMaker = direct,
                metrics: tuple[str, ...] = TREND_METRICS[:1]) -> list[Item]:
    """Years side by side, for documents the library holds in two or more years: one line per
    document over its years, the prior-year figures stated in the texts as a lighter series,
    and beneath it the year-on-year changes computed from the documents themselves."""
    history = selection.history
    if len(history) < 2 or not metrics:
        return []
    summary = history["summary"].filter(pl.col("county_id").is_in(list(ctx.county_ids)))
    years = summary.group_by("county_id").agg(pl.col("year").n_unique().alias("n"))
    several = set(years.filter(pl.col("n") >= 2)["county_id"])
    if not several:
        return []
    with_years = len(several)
    sub, cut = cut_to_top(selection.table("summary"), ctx.subset(tuple(c for c in ctx.county_ids if c in several)),
                          TREND_LIMIT)
    several = set(sub.county_ids)
    summary = summary.filter(pl.col("county_id").is_in(list(several)))
    prior = history["prior_year"].filter(pl.col("county_id").is_in(list(several)))
    out: list[Item] = [Heading("历年变化"),
                       Notice("同一文档（地区·部门·版本）文档库中有多个年度时显示：实线为各年度文件表中的数，浅色虚线为后一年度文件"
                              "文字中写明的上年数；下表的增减按前后两个年度的文件计算，并与文中所述上年数核对。", "caption")]
    if cut:
        out.append(Notice(f"所选文档中有 {with_years:,} 个有多个年度：趋势图只画支出合计最大的 {TREND_LIMIT} 个。",
                          "caption"))
    for metric in metrics:
        frame = trend_frame(summary, prior, metric)
        changes = (yoy_changes(summary, prior, (metric,)).drop("basis", "stated_line", strict=False)
                   .with_columns(pl.col(pl.Float64).round(2)).with_columns(pl.col("change_pct").round(1)))
        out.append(Chart(f"历年变化_{metric}", make(make_trend_figure, frame, sub, metric), changes, sub))
    return out


def inferred_notes(counties: pl.DataFrame, ctx: ChartContext) -> list[str]:
    """Per county: how many indicators have a category read from their name and unit (counted apart)."""
    rows = counties.filter(pl.col("county_id").is_in(list(ctx.county_ids)) & (pl.col("inferred") > 0))
    return [f"{ctx.label(r['county_id'])}：{r['inferred']} / {r['indicators']} 个指标的一级/二级类别原文未标注或前后矛盾，"
            "已按指标名称和单位推断（“绩效指标”页以浅色斜线条显示），单独计数；审查规则只按原文标注的类别判断。"
            for r in rows.iter_rows(named=True)]


def quality_items(selection: Selection, ctx: ChartContext, make: FigureMaker = direct,
                  audit: dict[str, pl.DataFrame] | None = None) -> list[Item]:
    """Indicator-quality score and flag counts; ``audit`` is audit output for these counties
    (the dashboard passes its cached copy; computed here when None)."""
    from audit import audit_indicators, score_counties, score_projects
    from content.audit_labels import RULE_LABELS

    out: list[Item] = []
    ctx = _top(selection, ctx, out)
    if audit is None:
        indicators = selection.table("indicators")
        flags = audit_indicators(indicators)
        audit = {"flags": flags, "counties": score_counties(score_projects(indicators, flags))}
    flags, counties = audit["flags"], audit["counties"]
    if sub := _present(counties, ctx, "绩效目标表", out):
        out.append(Chart("绩效目标质量得分", make(make_score_figure, counties, sub), counties, sub))
        out.extend(Notice(text, "caption") for text in inferred_notes(counties, sub))
        by_rule = flags.group_by("county_id", "rule", maintain_order=True).len() \
            .with_columns(pl.col("rule").replace(RULE_LABELS))
        out.append(Chart("问题条数", make(make_flag_figure, flags, sub, RULE_LABELS), by_rule, sub))
    return out


def checks_items(selection: Selection, ctx: ChartContext, make: FigureMaker = direct) -> list[Item]:
    """How many published totals add up, per county."""
    checks = selection.table("checks")
    out: list[Item] = []
    ctx = _top(selection, ctx, out)
    if checks.is_empty():
        return out + [Notice("所选公开文件中没有可重新加总的合计数。")]
    summary = checks.group_by("county_id", "year", maintain_order=True).agg(
        pl.len().alias("核对项数"), (~pl.col("ok")).sum().alias("不一致项数"))
    return out + [Chart("勾稽核对结果", make(make_check_summary_figure, checks, ctx), summary, ctx)]


def composition_charts(selection: Selection, ctx: ChartContext) -> list[Chart]:
    return charts_of(composition_items(selection, ctx))


def sangong_charts(selection: Selection, ctx: ChartContext) -> list[Chart]:
    return charts_of(sangong_items(selection, ctx))


def projects_charts(selection: Selection, ctx: ChartContext) -> list[Chart]:
    return charts_of(projects_items(selection, ctx))


def indicators_charts(selection: Selection, ctx: ChartContext, scopes: tuple[str, ...] = INDICATOR_SCOPES,
                      satisfaction: bool = True) -> list[Chart]:
    return charts_of(indicators_items(selection, ctx, scopes=scopes, satisfaction=satisfaction))


def compare_charts(selection: Selection, ctx: ChartContext,
                   metrics: tuple[str, ...] = COMPARE_METRICS) -> list[Chart]:
    return charts_of(compare_items(selection, ctx, metrics=metrics))


def execution_charts(selection: Selection, ctx: ChartContext) -> list[Chart]:
    from content.execution_page import execution_items  # it builds on this module's items

    return charts_of(execution_items(selection, ctx))


@dataclass(frozen=True)
class PageCharts:
    title: str  # the page title in the navigation
    script: str  # the page file, relative to the app root
    build: Callable[[Selection, ChartContext], list[Chart]]


PAGES: dict[str, PageCharts] = {
    "composition": PageCharts("收支构成", "views/page_composition.py", composition_charts),
    "sangong": PageCharts("三公经费", "views/page_sangong.py", sangong_charts),
    "projects": PageCharts("项目支出", "views/page_projects.py", projects_charts),
    "indicators": PageCharts("绩效指标", "views/page_indicators.py", indicators_charts),
    "compare": PageCharts("横向对比", "views/page_compare.py", compare_charts),
    "quality": PageCharts("指标质量", "views/page_quality.py",
                          lambda selection, ctx: charts_of(quality_items(selection, ctx))),
    "checks": PageCharts("勾稽核对", "views/page_checks.py",
                         lambda selection, ctx: charts_of(checks_items(selection, ctx))),
    "execution": PageCharts("预算执行", "views/page_execution.py", execution_charts),
}


def report_charts(selection: Selection, ctx: ChartContext) -> list[Chart]:
    """Every page's charts, page by page. 县际对比 only when there is something to compare."""
    out: list[Chart] = []
    for key, page in PAGES.items():
        if key == "compare" and len(ctx.county_ids) < 2:  # nothing to compare; a document's years still
            out.extend(charts_of(trend_items(selection, ctx, metrics=TREND_METRICS)))
            continue
        out.extend(page.build(selection, ctx))
    return out
