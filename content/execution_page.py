"""What the 预算执行 page shows, as catalog items (headings, notices, charts): rendered by the page
and exported by the report pack. Plain functions: selection in, items out; no Streamlit."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from charts.context import ChartContext
from charts.execution import (
    make_over_under_figure,
    make_plan_actual_figure,
    make_rate_figure,
    make_region_rate_figure,
)
from content.catalog import Chart, FigureMaker, Heading, Item, Notice, direct
from content.crosscheck import cross_checks
from content.execution import (
    BASES,
    DOCUMENT,
    LEVELS,
    SHOWN,
    ExecutionData,
    Pair,
    at_level,
    basis_caption,
    budget_scope_note,
    count_figures,
    default_level,
    execution_data,
    function_execution,
    measure_execution,
    over_under,
    region_ranking,
    sangong_execution,
)
from content.scale import cut_panels
from content.selection import Selection
from contract.formats import amount

REGION_SHOWN = ("county_id", "rank", "key", "name", "plan_wan", "actual_wan", "execution_rate", "confirmed",
                "rate_note", "plan_source", "actual_source")
NO_FINAL = ("所选文档中没有部门决算，文档库中也没有与所选预算同年度的决算：无法对照预算执行。"
            "请在左侧选择决算文件，或在“导入”页导入决算。")
EXPLANATION = ("执行率 = 决算数 ÷ 预算数。预算数未公开的不计算执行率（表中“未公开”），预算数为 0 的也不计算（表中“—”），"
               "原因见各表“说明”列；每个数字注明所在文件与页码。")


def _files(data: ExecutionData, pair: Pair) -> dict[str, str]:
    counties = data.tables["counties"]
    return dict(zip(counties["county_id"], counties["document"], strict=False))


def pair_context(data: ExecutionData, pairs: tuple[Pair, ...], ctx: ChartContext) -> ChartContext:
    """The 决算 documents as a chart context (their names, years, and both files as the source)."""
    counties = data.tables["counties"]
    ids = [p.final_id for p in pairs]
    rows = counties.filter(pl.col("county_id").is_in(ids))
    rows = rows.sort(pl.col("county_id").replace_strict({c: i for i, c in enumerate(ids)}, default=len(ids)))
    out = ChartContext.from_tables(rows, ctx.unit_label, ctx.factor, colours=ctx.colours)
    files = dict(zip(counties["county_id"], counties["document"], strict=False))
    documents = {p.final_id: "、".join(f for f in (files.get(p.final_id), files.get(p.budget_id or "")) if f)
                 for p in pairs}
    document_kinds = {p.final_id: "决算、预算" if p.budget_id else "决算" for p in pairs}
    return replace(out, documents=documents, names=department_labels(rows), document_kinds=document_kinds)


def department_labels(counties: pl.DataFrame) -> dict[str, str]:
    """'上海市普陀区·财政局': a 决算 is always named with its department (the file beside it where two share it)."""
    labels = {r["county_id"]: f"{r['county_name']}·{(r['department'] or '').removeprefix(r['county_name']) or '部门'}"
              for r in counties.iter_rows(named=True)}
    files = dict(zip(counties["county_id"], counties["document"], strict=False))
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label] = seen.get(label, 0) + 1
    return {c: f"{label}（{files[c]}）" if seen[label] > 1 else label for c, label in labels.items()}


def _basis_notice(data: ExecutionData, pair: Pair, basis: str) -> Notice:
    files = _files(data, pair)
    if basis != DOCUMENT:
        return Notice(f"本部分预算数用{BASES[basis]}（决算文件 {files.get(pair.final_id)}）；决算未列的，显示“未公开”。",
                      "caption")
    if pair.budget_id:
        return Notice(f"预算数：同年度部门预算文件 {files.get(pair.budget_id)}（预算文件未列的科目用决算所列年初预算数，"
                      f"逐项注明）；决算数：决算文件 {files.get(pair.final_id)}。", "caption")
    return Notice(f"文档库中没有本部门 {pair.year} 年的预算文件：预算数用决算所列年初预算数（决算表中或说明文字中所列，"
                  f"逐项注明页码）；决算数：决算文件 {files.get(pair.final_id)}。", "caption")


def disagreement_note(data: ExecutionData, pair: Pair) -> str | None:
    """Where the 决算's own 年初预算数 and the budget document differ (content/crosscheck.py): the
    rates differ by basis, and the two documents contradict each other."""
    if pair.budget_id is None:
        return None
    checks = cross_checks(data.tables, {pair.final_id})
    failed = checks.filter(~pl.col("ok") & (pl.col("county_id") == pair.final_id))
    if failed.is_empty():
        return None
    listed = "、".join(f"{r['check']}（差 {amount(r['difference_wan'], sign=True)} 万元）"
                      for r in failed.head(3).iter_rows(named=True))
    more = f"等 {failed.height} 项" if failed.height > 3 else ""
    return (f"跨文件核对：决算所列年初预算数与同年度预算文件不一致——{listed}{more}。两份文件如实呈现，"
            "按不同口径算出的执行率因此不同；逐项见“勾稽核对”页的跨文件核对。")


def _table(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(SHOWN)


def department_items(data: ExecutionData, pair: Pair, one: ChartContext, make: FigureMaker, basis: str,
                     level: int | None) -> list[Item]:
    name = one.names[pair.final_id]
    out: list[Item] = [Heading(f"{name} {pair.year} 年预算执行"), _basis_notice(data, pair, basis)]
    if basis == DOCUMENT and (note := budget_scope_note(data, pair)):
        out.append(Notice(note, "warning"))
    if note := disagreement_note(data, pair):
        out.append(Notice(note, "warning"))
    functions = function_execution(data, pair, basis)
    if functions.is_empty():
        out.append(Notice(f"{name}的决算未包含支出功能分类表：无法按功能分类计算执行率（未公开）。"))
    else:
        chosen = level or default_level(functions)
        rows = at_level(functions, chosen)
        if rows["execution_rate"].is_not_null().any():
            what = f"执行率：支出功能分类（{LEVELS[chosen]}）"
            out.append(Chart(f"执行率_功能分类{LEVELS[chosen]}",
                             make(make_rate_figure, rows, one, what, basis_caption(rows)), _table(rows), one))
        else:
            out.append(Notice(f"{name}：功能分类（{LEVELS[chosen]}）的预算数均未公开或为 0，不计算执行率"
                              f"（决算数见“数据”页）。"))
    measures = measure_execution(data, pair, basis)
    if measures.is_empty():
        out.append(Notice(f"{name}：决算未列支出合计、基本/项目、人员/公用等总数（未公开）。"))
    else:
        out.append(Chart("预算与决算_主要支出", make(make_plan_actual_figure, measures, one,
                                                   "预算与决算：支出合计、基本/项目、人员/公用", basis_caption(measures)),
                         _table(measures), one))
    sangong = sangong_execution(data, pair, basis)
    if sangong.is_empty():
        out.append(Notice(f"{name}的决算未包含“三公”经费表（未公开）。"))
    elif not ((sangong["plan_wan"].fill_null(0) != 0).any() or (sangong["actual_wan"].fill_null(0) != 0).any()):
        out.append(Notice(f"{name}：“三公”经费四项的预算数与决算数均为 0 或未公开（{basis_caption(sangong)}），"
                          "不计算执行率，不作图。"))
    else:
        out.append(Chart("预算与决算_三公经费", make(make_plan_actual_figure, sangong, one, "“三公”经费：预算与决算",
                                                   basis_caption(sangong)), _table(sangong), one))
    extremes = over_under(functions) if not functions.is_empty() else functions
    if extremes.is_empty():
        out.append(Notice(f"{name}：没有同时列出预算数与决算数且两者不等的科目，无超支或未执行可列。"))
    else:
        out.append(Chart("超支与未执行", make(make_over_under_figure, extremes, one, basis_caption(extremes)),
                         _table(extremes), one))
    return out


def region_items(data: ExecutionData, region: tuple[str, int], ctx: ChartContext, make: FigureMaker,
                 basis: str) -> list[Item]:
    peers = data.peers[region]
    name, year = region
    out: list[Item] = [Heading(f"{name} {year} 年各部门执行率")]
    if len(peers) < 2:
        return out + [Notice(f"文档库中{name} {year} 年只有一个部门的决算，无从比较；导入同地区其他部门的决算后在此排名。")]
    ranking = region_ranking(data, region, basis)
    group = pair_context(data, peers, ctx)
    overall = ranking.filter(pl.col("key") == "总体")
    out.append(Notice("总体执行率按一般公共预算财政拨款支出（决算与其年初预算数，或所选口径）计算，决算未列时用本年支出合计；"
                      "排名 1 为执行率最高。", "caption"))
    if overall["execution_rate"].is_not_null().any():
        out.append(Chart("各部门执行率_总体", make(make_region_rate_figure, overall, group, "各部门执行率：总体",
                                                basis_caption(overall), f"{name} {year}年"), overall.select(REGION_SHOWN), group))
    else:
        out.append(Notice("各部门的总体预算数均未公开或为 0，无从排名。"))
    classes = ranking.filter((pl.col("key") != "总体") & pl.col("execution_rate").is_not_null())
    shared = classes.group_by("key").len().filter(pl.col("len") >= 2)["key"].sort().to_list()
    for code in shared:
        rows = ranking.filter(pl.col("key") == code)
        title = f"各部门执行率：{rows['name'][0]}（{code}）"
        out.append(Chart(f"各部门执行率_{code}", make(make_region_rate_figure, rows, group, title, basis_caption(rows),
                                                                 f"{name} {year}年"),
                         rows.select(REGION_SHOWN), group))
    if not shared:
        out.append(Notice("没有两个以上部门都列出预算数的功能分类（类），不按类排名。"))
    return out


def execution_items(selection: Selection, ctx: ChartContext, make: FigureMaker = direct, basis: str = DOCUMENT,
                    level: int | None = None, data: ExecutionData | None = None) -> list[Item]:
    """The page: a count of unconfirmed figures, then each 决算 against its budget, then each region's
    departments ranked. ``level`` None: per department the highest level with a rate."""
    data = data or execution_data(selection)
    if not data.pairs:
        return [Notice(NO_FINAL)]
    out: list[Item] = [Notice(EXPLANATION, "caption")]
    group = pair_context(data, data.pairs, ctx)
    ids, caption = cut_panels(group, "预算执行")
    if caption:
        out.append(Notice(caption, "caption"))
    frames = []
    for pair in (p for p in data.pairs if p.final_id in ids):
        out += department_items(data, pair, group.only(pair.final_id), make, basis, level)
        frames += [function_execution(data, pair, basis), measure_execution(data, pair, basis),
                   sangong_execution(data, pair, basis)]
    for region in data.peers:
        out += region_items(data, region, ctx, make, basis)
        if len(data.peers[region]) > 1:
            frames.append(region_ranking(data, region, basis))
    shown, unconfirmed = count_figures(frames)
    return [_count_notice(shown, unconfirmed), *out] if shown else out


def _count_notice(shown: int, unconfirmed: int) -> Notice:
    from content.confirm import ConfirmCount

    text, level = ConfirmCount(shown, unconfirmed, 0).notice()
    return Notice(text, level)
