"""One document in, the contract's tables and a read report out.

    read_document(name, data)            any file (PDF, Excel, text), by content
    read_rows_document(source, profile)  rows already read (the seeds, with corrections)

Figures stated in several tables are taken from the most authoritative one
(_METRIC_SOURCES, overridable per document by a profile) and every other
statement of the same figure becomes a check naming both rows, so a
document that contradicts itself shows it instead of being silently "fixed".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from contract.confirm import mark_confirmed
from contract.tables import ALL_SCOPE, LINE_TABLES, TABLES, empty_frame, frame_from_rows
from contract.validate import broken_rows, validate_table
from reader import budget, kinds, targets
from reader import final as finals
from reader.checks import (
    build_checks,
    class_checks,
    cross_table,
    figure_agreement,
    figure_scope,
    income_agreement,
    other_tables,
    programs_check,
)
from reader.errors import UnreadableDocument
from reader.final_prose import read_execution, sangong_checks
from reader.inputs import read_rows
from reader.kinds import FISCAL_KINDS, KINDS, TEXT
from reader.meta import Meta, read_meta
from reader.ocr_report import ocr_summary
from reader.prior import read_prior_year
from reader.profiles import Profile, find_profile
from reader.prose import agreement, listed_parts, read_prose, stand_in_rows
from reader.prose_classes import prose_function_rows
from reader.reading import Reading, Stated, TableRead
from reader.rows import Row, RowSource
from reader.segment import Table, find_tables_and_contents

FUNCTION_KINDS = tuple(k.id for k in KINDS if k.family == kinds.FUNCTION)  # spending by function class
# Where each summary figure is read from, most authoritative first ("<kind>" or "<kind>.<field>").
# Written per metric, not per table kind: the order of authority is the metric's (the 收支总表 outranks
# the 支出总表 for 人员经费 and 公用经费, the 支出总表 outranks it for 支出合计, 基本支出 and 项目支出).
_METRIC_SOURCES: dict[str, tuple[str, ...]] = {
    "收入合计": ("budget_summary", "fiscal_summary", "income", "dept_targets"),
    # the 支出总表 covers all funds; the 一般公共预算 and 财政拨款 支出表 only the fiscal part, so they stand in ("!")
    # only in a document without a 支出总表
    "支出合计": ("expenditure", "budget_summary", "general_expenditure!", "fiscal_expenditure!", "fiscal_summary",
             "dept_targets"),
    "基本支出": ("expenditure", "budget_summary", "general_expenditure!", "fiscal_expenditure!", "dept_targets"),
    "项目支出": ("expenditure", "budget_summary", "general_expenditure!", "fiscal_expenditure!", "dept_targets",
             "project_targets"),
    "一般公共预算基本支出": ("general_expenditure",),
    "财政拨款收入": ("budget_summary", "fiscal_summary"),
    "年终结转结余": ("budget_summary", "fiscal_summary"),
    # all funds first (上海 财务收支预算总表's 人员经费/公用经费 columns), then the 一般公共预算基本支出表
    "人员经费": ("budget_summary", "expenditure", "economic.personnel_wan", "dept_targets"),
    "公用经费": ("budget_summary", "expenditure", "economic.public_wan", "dept_targets"),
    # the 一般公共预算基本支出表's own 合计 where 人员经费/公用经费 came from a wider table (湖州 表03)
    "一般公共预算人员经费": (),
    "一般公共预算公用经费": (),
    "上年结转": ("budget_summary", "fiscal_summary", "dept_targets"),
    "三公经费合计": ("sangong",),
    "机关运行经费": ("sangong", "running_cost", TEXT),
    "本年收入合计": ("budget_summary", "fiscal_summary"),
    "本年支出合计": ("budget_summary", "fiscal_summary"),
    "单位预留机动经费": ("budget_summary", "expenditure"),
    "会议费": ("sangong",),
    "培训费": ("sangong",),
    "财政拨款收支总计": ("fiscal_summary",),
    "财政拨款基本支出": (),  # stated in the text only, so far
}
_METRIC_SOURCES.update(finals.METRIC_SOURCES)  # a 决算's own figures (年初/年末结转和结余 …)
# a metric stated by one table kind under another metric's name: the 财政拨款收支总表's 收入总计
_STATED_AS = {"财政拨款收支总计": (("收入合计", "支出总计"), "fiscal_summary")}
_DEFAULT_TABLES = {"function": ("expenditure", "general_expenditure", "fiscal_expenditure"), "economic": ("basic_economic",),
                   "income": ("budget_summary", "fiscal_summary", "income", "dept_targets")}
_PROVINCE = re.compile(r"^(.{2,8}?(?:省|自治区)|北京市|天津市|上海市|重庆市|中央$)")  # 中央: a central department


@dataclass
class ReadResult:
    doc_id: str
    meta: Meta
    tables: dict[str, pl.DataFrame]
    report: dict = field(default_factory=dict)


def read_document(name: str, data: bytes, overrides: dict | None = None) -> ReadResult:
    """Read any supported file; UnreadableDocument when it cannot be read at all."""
    return read_rows_document(read_rows(name, data), overrides=overrides)


def read_rows_document(source: RowSource, overrides: dict | None = None,
                       corrected: frozenset[int] = frozenset()) -> ReadResult:
    overrides = {k: v for k, v in (overrides or {}).items() if v}
    tables, listed, document_kind = _find_tables(source)
    meta = read_meta(source.rows)
    profile = find_profile(meta.department, meta.year)
    meta = _with_overrides(meta, overrides, profile, document_kind)
    if meta.year is None:
        raise UnreadableDocument(source.name, "no_year", "无法从文件中读出预算年度，请用 --year 指定",
                                 "the budget year cannot be read from the file; pass --year")
    reading, bases = _interpret(tables, document_kind == finals.FINAL)
    prose = read_prose(source.rows, meta.year)  # the text's figures: checks, or stand-ins without a table
    for metric, figure in prose:
        reading.state(metric, figure)
    if document_kind == finals.FINAL:
        for one in (reading, *bases.values()):
            finals.final_figures(one)
    doc_id = overrides.get("id") or profile.id or document_id(meta)
    frames = _frames(reading, meta, doc_id, source, profile, corrected, overrides.get("province"), prose, bases)
    report = _report(source, tables, reading, meta, doc_id, frames["checks"], listed)
    return ReadResult(doc_id=doc_id, meta=meta, tables=frames, report=report)


def _find_tables(source: RowSource) -> tuple[list[Table], list[Table], str]:
    """The document's tables, the tables its 目录 lists, and its document kind (预算 / 决算, whose tables
    are read again by the 决算 catalogue); UnreadableDocument when it holds no budget table at all."""
    tables, listed = find_tables_and_contents(source.rows)
    document_kind = finals.FINAL if finals.is_final(tables) else finals.BUDGET
    if document_kind == finals.FINAL:
        tables, listed = find_tables_and_contents(source.rows, final=True)
    if not any(_budget_table(t) for t in tables) and not any(_budget_table(t) for t in listed):
        raise UnreadableDocument(source.name, "no_tables", "未找到任何部门预算表（收支总表、支出表、绩效目标表等）",
                                 "no budget tables found (收支总表, 支出表, 绩效目标表 …)")
    return tables, listed, document_kind


def _with_overrides(meta: Meta, overrides: dict, profile: Profile, document_kind: str) -> Meta:
    """What the user gave (overrides) before the document's profile before what was read."""
    return Meta(
        region=overrides.get("region") or profile.region or meta.region,
        department=overrides.get("department") or profile.department or meta.department,
        edition=overrides.get("edition") or meta.edition,
        year=int(overrides["year"]) if overrides.get("year") else meta.year,
        department_row=meta.department_row, year_row=meta.year_row, document_kind=document_kind,
    )


def _budget_table(table: Table) -> bool:
    return table.kind.expected or table.kind.family is not None


def document_id(meta: Meta) -> str:
    """A readable, stable slug: region-department-edition (characters that could break a path dropped);
    a 决算 adds its document kind (…-部门-决算), so a budget's id is unchanged and its final accounts of the
    same department are another document beside it (finals.budget_id gives the pair's budget id)."""
    parts = [meta.region or "未知地区", meta.department or "未知部门", meta.edition]
    parts += [meta.document_kind] if meta.document_kind == finals.FINAL else []
    cleaned = [re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "", part.lower()) for part in parts]
    return "-".join(p for p in cleaned if p)


# ------------------------------------------------------------------ interpretation


def _interpret(tables: list[Table], final: bool = False) -> tuple[Reading, dict[str, Reading]]:
    """The document's reading, and for a 决算 one reading per budget basis its tables print beside
    the 决算数 (finals.basis_views: 年初预算数, 调整预算数), read by the same interpreters."""
    reading = Reading()
    bases: dict[str, Reading] = {}
    unit: str | None = None
    for table in tables:
        if final:
            table = _final_views(reading, bases, table, unit)
        if table.kind.family is None:  # 决算, 政府采购 …: found and reported, not read
            reading.tables.append(TableRead(kind=table.kind.id, title=table.title.text.strip(), row=table.title,
                                            unit=table.unit, empty=_is_empty(table, reading, table.kind.id)))
            continue
        unit = budget.table_unit(reading, table, unit) if table.kind.money else (table.unit or unit)
        _read_and_note(reading, table, unit, final)
    if final:
        finals.blank_actuals(reading, bases)
    return reading, bases


def _final_views(reading: Reading, bases: dict[str, Reading], table: Table, unit: str | None) -> Table:
    """A 决算 table's 决算数 view, its budget columns read into ``bases`` (the 基本支出表's two halves
    side by side are one table first)."""
    if table.kind.id == "basic_economic":
        finals.footer_figures(reading, table, table.unit or unit or "万元")
        table = finals.halves(table)
    if table.kind.family and table.kind.money:
        views = finals.basis_views(table)
        table = views.pop(finals.ACTUAL)
        for basis, view in views.items():
            _read_table(bases.setdefault(basis, Reading()), view, table.unit or unit or "万元")
    return table


def _read_and_note(reading: Reading, table: Table, unit: str | None, final: bool) -> None:
    """Read one table and note it for the read report, with the rows it gave."""
    before = _row_count(reading)
    kind = table.kind.id
    _read_table(reading, table, unit)
    if final and table.kind.family == kinds.TWO_SIDED:
        finals.carry_figures(reading, table, unit)
    read = _row_count(reading) - before
    if table.kind.family in (kinds.FUNCTION, kinds.ECONOMIC):
        store = reading.economic if table.kind.family == kinds.ECONOMIC else reading.function
        read = len(store.get(kind, _EMPTY).rows)
    reading.tables.append(TableRead(kind=kind, title=table.title.text.strip(), row=table.title,
                                    unit=table.unit or (unit if table.kind.money else None),
                                    rows_read=read, empty=_is_empty(table, reading, kind)))


def _read_table(reading: Reading, table: Table, unit: str) -> None:
    """One table of a kind the contract holds, read into ``reading`` by its family's interpreter."""
    _INTERPRETERS[table.kind.family](reading, table, unit)


def _read_classes(store: str, classification: str):
    def read(reading: Reading, table: Table, unit: str) -> None:
        coded = budget.read_coded(reading, table, unit, classification)
        _keep(getattr(reading, store), table.kind.id, coded, reading, table)
    return read


# Each family's interpreter (reader/kinds.py gives every kind its family).
_INTERPRETERS = {
    kinds.FUNCTION: _read_classes("function", "function"),
    kinds.ECONOMIC: _read_classes("economic", "economic"),
    kinds.TWO_SIDED: budget.read_two_sided,
    kinds.INCOME: budget.read_income_table,
    kinds.SANGONG: budget.read_sangong,
    kinds.PROJECTS: budget.read_project_list,
    kinds.RUNNING_COST: budget.read_running_cost,
    kinds.TARGETS: lambda reading, table, unit: targets.read_targets(reading, table, unit or "万元"),
}


_EMPTY = budget.CodedRows(kind="")


def _keep(store: dict, kind: str, coded: budget.CodedRows, reading: Reading, table: Table) -> None:
    if kind in store and store[kind].rows:
        reading.warn(table.title, f"文件中有第二张{table.kind.label}，只读入第一张")
        return
    store[kind] = coded


def _row_count(reading: Reading) -> int:
    return (len(reading.sangong) + len(reading.projects) + len(reading.indicators)
            + sum(len(r) for r in reading.income.values()))


def _is_empty(table: Table, reading: Reading, kind: str) -> bool:
    if table.empty_note is not None:
        return True
    amounts = [c for row in table.body for c in row.cells if budget.is_money(c)]
    if not table.kind.money:  # a 绩效目标表: empty when it has no rows at all
        return not table.body
    return not amounts or all(budget.parse_money(c) == 0 for c in amounts)


# ------------------------------------------------------------------ choosing and building


def _choose_table(store: dict, family: str, profile: Profile,
                  default: tuple[str, ...] | None = None) -> budget.CodedRows | None:
    """The most authoritative table of a family that was read; for spending by function, one that
    prints the 基本/项目 split is preferred over a wider one that does not (湖州 2026: the 支出总表
    prints only 人员支出 and 公用经费 under 基本支出, the 一般公共预算支出表 prints its 小计)."""
    order = (profile.tables.get(family),) if profile.tables.get(family) else (default or _DEFAULT_TABLES[family])
    read = [store[kind] for kind in order if kind in store and (store[kind].rows or store[kind].total)]
    split = [t for t in read if {"basic_wan", "project_wan"} <= t.columns]
    if family == "function" and split:
        return split[0]
    return read[0] if read else None


_FUNCTION_FIELD = {"支出合计": "total_wan", "基本支出": "basic_wan", "项目支出": "project_wan",
                   "一般公共预算基本支出": "basic_wan", "人员经费": "personnel_wan", "公用经费": "public_wan"}
_WHOLE_METRICS = ("支出合计", "基本支出", "项目支出")  # a 功能分类 table's own 合计 row
_WHOLE_TABLES = {"一般公共预算基本支出": ("general_expenditure",)}  # the metric names its scope
_ECONOMIC_FIELD = {"人员经费": "personnel_wan", "公用经费": "public_wan", "基本支出": "total_wan"}


def _candidates(metric: str, reading: Reading, function, economic) -> list[Stated]:
    """Every statement of ``metric`` in the document, each tagged with its table kind: the figures
    stated in rows, and the 合计 row of every 功能分类 table that has the metric's column."""
    out: list[Stated] = list(reading.figures.get(metric, []))
    if metric in _STATED_AS:
        names, kind = _STATED_AS[metric]
        out += [f for name in names for f in reading.figures.get(name, []) if f.kind == kind]
    field = _FUNCTION_FIELD.get(metric)
    for kind, coded in reading.function.items() if field else ():
        # 政府性基金 / 国有资本经营 tables hold one fund each: never a statement of the whole
        if kind in _WHOLE_TABLES.get(metric, ("expenditure", "general_expenditure", "fiscal_expenditure")) \
                and field in coded.columns and field in coded.total:
            f = coded.total[field]
            out.append(Stated(f.value, f.row, kind, f.label))
    econ_field = _ECONOMIC_FIELD.get(metric)
    if econ_field and economic and econ_field in economic.total and econ_field in economic.columns:
        f = economic.total[econ_field]
        out.append(Stated(f.value, f.row, "basic_economic", f.label))
    return out


def _names(candidates_of: dict[str, list[Stated]]):
    """Every summary metric each printed figure (table kind, row, label, value) is a candidate for:
    a two-sided row's "本年支出合计" may be taken as 支出合计 and as 本年支出合计, so a check of that
    figure names both, and no other figure of its row."""
    index: dict[tuple, list[str]] = {}
    for metric, figures in candidates_of.items():
        for f in figures:
            index.setdefault((f.kind, f.row.number, f.label, f.value), []).append(metric)

    def names(figure: Stated) -> tuple[str, ...]:
        return tuple(index.get((figure.kind, figure.row.number, figure.label, figure.value), ()))
    return names


def _pick(metric: str, candidates: list[Stated], function, economic, profile: Profile,
          wider: bool = False) -> Stated | None:
    """The first source in the metric's order that states it; ``wider``: the document has a 支出总表,
    so a fiscal-only table ("<kind>!") does not stand in for it."""
    order = (profile.metrics[metric],) if metric in profile.metrics else _METRIC_SOURCES.get(metric, ())
    for source in order + (TEXT,):  # the text stands in only where no table states the figure
        kind = source.split(".")[0]
        if source.startswith("economic."):
            kind = economic.kind if economic else None
        elif source.endswith("!"):  # a fiscal-only table stands in only where the document has no wider one
            kind = source[:-1]
            if wider:
                continue
        # a table may state a figure twice ("一、本年支出" and "支出合计"): the 合计 row wins
        of_kind = sorted((f for f in candidates if f.kind == kind),
                         key=lambda f: not ("合计" in f.label or "总计" in f.label))
        if of_kind:
            return of_kind[0]
    return None


@dataclass
class _Chosen:
    """The summary: each metric's chosen statement, and what choosing it says for the checks."""

    rows: list[dict] = field(default_factory=list)
    checks: list = field(default_factory=list)  # each other statement of a figure, against the chosen one
    other_scope: dict[str, str] = field(default_factory=dict)  # metric -> the wider function table it came from
    kind: dict[str, str] = field(default_factory=dict)  # metric -> the table kind it came from
    names: object = None  # reader.checks.Names over every candidate statement


def _choose_summary(reading: Reading, function, economic, profile: Profile) -> _Chosen:
    chosen_all = _Chosen()
    candidates_of = {metric: _candidates(metric, reading, function, economic) for metric in _METRIC_SOURCES}
    chosen_all.names = _names(candidates_of)
    for metric, candidates in candidates_of.items():
        chosen = _pick(metric, candidates, function, economic, profile, wider="expenditure" in reading.function)
        if chosen is None:
            continue
        chosen_all.rows.append({"metric": metric, "amount_wan": chosen.value, "line": chosen.row.number,
                                "page": chosen.row.page})
        chosen_all.checks += figure_agreement(metric, chosen, candidates, chosen_all.names)
        chosen_all.kind[metric] = chosen.kind
        if function and chosen.kind in FUNCTION_KINDS and chosen.kind != function.kind:
            chosen_all.other_scope[metric] = chosen.kind
    fiscal_parts, fiscal_checks = _fiscal_parts(economic, chosen_all.kind, reading)
    chosen_all.rows += fiscal_parts
    chosen_all.checks += fiscal_checks
    return chosen_all


def _table_rows(reading: Reading, meta: Meta, source: RowSource, profile: Profile, prose: list,
                function, economic, summary: list[dict], prose_classes: tuple) -> dict[str, list[dict]]:
    """Each contract table's rows (without county_id/year) from the tables chosen, the text standing in
    where the document has no table."""
    income_kind = profile.tables.get("income")
    order = (income_kind,) if income_kind else _DEFAULT_TABLES["income"]
    return {
        "summary": summary, "income": _income_rows(reading, order) or stand_in_rows(prose, "source"),
        "expenditure_function": (function.rows + _named_classes(reading, function)) if function else prose_classes[0],
        "expenditure_economic": (economic.rows if economic else []) + _all_scope_rows(reading),
        "sangong": reading.sangong or stand_in_rows(prose, "item"),
        "projects": _current(_projects(reading), meta.year),
        "programs": _unique(reading.programs, "program_name"),
        "indicators": _current(reading.indicators, meta.year),
        "prior_year": read_prior_year(source.rows, meta.year, {r["metric"]: r["amount_wan"] for r in summary},
                                      sangong_unstated_unchanged=profile.sangong_unstated_unchanged),
    }


def _reading_checks(reading: Reading, meta: Meta, source: RowSource, prose: list, rows: dict[str, list[dict]],
                    function, economic, chosen: _Chosen, prose_checks: list) -> list:
    """Every check over the reading and the text (build_checks adds those over the frames)."""
    final = meta.document_kind == finals.FINAL
    # a 决算's text compares 年初/全年预算 with 决算 by function class: budget figures and checks
    execution = (read_execution(source.rows, chosen.rows, rows["expenditure_function"])
                 + sangong_checks(source.rows, chosen.rows)) if final else []
    classes = _classes_of_scope(reading, function) if function else []
    return (chosen.checks + cross_table(reading, chosen.names) + income_agreement(reading)
            + class_checks(reading, function, classes) + prose_checks
            + other_tables(reading, (function, economic), chosen.names) + programs_check(rows["programs"], chosen.rows)
            + agreement(prose, rows["income"], "source") + agreement(prose, rows["sangong"], "item")
            + listed_parts(source.rows, meta.year) + execution
            + finals.identity_checks(reading, finals.FINAL_IDENTITIES if final else finals.BUDGET_IDENTITIES))


def _line_frames(rows: dict[str, list[dict]], doc_id: str, year: int, by_number: dict[int, Row],
                 corrected: frozenset[int]) -> dict[str, pl.DataFrame]:
    """The frames, each row of a line table with its source text and whether it was corrected."""
    frames = {}
    for name, table_rows in rows.items():
        frame = frame_from_rows(name, [_strip_private(r) for r in table_rows], doc_id, year)
        if name in LINE_TABLES and not frame.is_empty():
            frame = frame.with_columns(
                pl.col("line").map_elements(lambda n: by_number[n].text, return_dtype=pl.String).alias("source_text"),
                pl.col("line").is_in(sorted(corrected)).alias("corrected"),
            )
        frames[name] = frame
    return frames


def _frames(reading: Reading, meta: Meta, doc_id: str, source: RowSource, profile: Profile,
            corrected: frozenset[int], province: str | None = None, prose: list = (),
            bases: dict[str, Reading] | None = None) -> dict[str, pl.DataFrame]:
    function = _choose_table(reading.function, "function", profile, finals.FUNCTION_ORDER.get(meta.document_kind))
    economic = _choose_table(reading.economic, "economic", profile)
    chosen = _choose_summary(reading, function, economic, profile)
    # no function table: the classes the text names (江苏 prose editions), with their own checks
    prose_classes = prose_function_rows(source.rows, meta.year) if function is None else ([], [])
    rows = _table_rows(reading, meta, source, profile, prose, function, economic, chosen.rows, prose_classes)
    finals.attach_bases(rows, bases or {}, function.kind if function else None)
    finals.attach_general(rows, reading)
    extra = _reading_checks(reading, meta, source, prose, rows, function, economic, chosen, prose_classes[1])
    by_number = {row.number: row for row in source.rows}
    frames = _line_frames(rows, doc_id, meta.year, by_number, corrected)
    checks = build_checks(frames, extra, _own_totals(function, chosen.other_scope),
                          _own_economic_totals(economic, chosen.kind), _parts_basis(chosen.kind, chosen.rows))
    frames["checks"] = frame_from_rows("checks", [c.row(_page_of(by_number)) for c in checks], doc_id, meta.year)
    frames["counties"] = frame_from_rows("counties", [{
        "county_name": meta.region or "未知地区",
        "province": province or profile.province or province_of(meta.region),
        "department": meta.department or "未知部门", "document": source.name, "document_kind": meta.document_kind,
        "edition": meta.edition,
    }], doc_id, meta.year)
    kept = {name: _keep_valid_rows(name, frames.get(name, empty_frame(name)), reading, by_number)
            for name in TABLES}
    kept = mark_confirmed(kept)  # after the rows the contract cannot hold are gone, checks among them
    return {name: validate_table(name, kept[name]) for name in TABLES}


def _page_of(by_number: dict[int, Row]):
    def page(line: int) -> int | None:
        row = by_number.get(line)
        return row.page if row else None
    return page


def _keep_valid_rows(name: str, frame: pl.DataFrame, reading: Reading, by_number: dict[int, Row]) -> pl.DataFrame:
    """One bad row (a duplicate, a negative change, an unknown name) costs that row, never the document:
    it becomes a warning naming its page (and, for a shipped document, an error: see parse_county_text)."""
    kept, dropped = broken_rows(name, frame)
    for row, reason in dropped:
        line = row.get("line") or row.get("stated_line")
        what = row.get("check") or row.get("metric") or row.get("item") or row.get("source") or row.get("name")
        reading.warn(by_number.get(line), f"{_TABLE_LABEL.get(name, name)}一行未读入（{reason}）：{what}")
    return kept


_TABLE_LABEL = {"summary": "汇总数", "income": "收入", "expenditure_function": "功能分类支出",
                "expenditure_economic": "经济分类支出", "sangong": "三公经费", "projects": "项目",
                "programs": "一级项目", "indicators": "绩效指标", "prior_year": "上年数", "checks": "核对"}


def _income_rows(reading: Reading, order: tuple[str, ...]) -> list[dict]:
    """Income by source from the first table in ``order`` that read any; a later table that placed
    more of the money wins (珠海 2026: the 收支总表's "预算拨款" names no fund, the 收入总表 does)."""
    kinds = [k for k in order if reading.income.get(k)]
    if not kinds:
        return []
    # the first whose sources add up to a total its own table states; the 财政拨款 table holds only
    # part of the money, so it comes last
    for kind in sorted(kinds, key=lambda k: k in FISCAL_KINDS):
        total = round(sum(r["amount_wan"] for r in reading.income[kind]), 2)
        stated = [f.value for m in ("收入合计", "本年收入合计") for f in reading.figures.get(m, []) if f.kind == kind]
        if any(abs(total - value) <= 0.01 for value in stated):
            return reading.income[kind]
    read = [reading.income[k] for k in kinds]
    return max(read, key=lambda rows: (round(sum(r["amount_wan"] for r in rows), 2), -read.index(rows)))


def _named_classes(reading: Reading, function) -> list[dict]:
    """The 类 of a function table that prints only its 项 (泉州 2026 支出预算总表), from the 收支总表 of
    the same money, which names each 类 without its code ("四、公共安全支出 68489.27"); only 类
    with rows under them. The table's own 类 rows, where it prints them, are never replaced."""
    if any(r["level"] == 1 for r in function.rows):
        return []
    out = []
    for code, figure in _classes_of_scope(reading, function):
        if any(r["code"].startswith(code) for r in function.rows):
            out.append({"code": code, "name": figure.label, "level": 1, "parent_code": None,
                        "total_wan": figure.value, "line": figure.row.number, "page": figure.row.page})
    return out


def _classes_of_scope(reading: Reading, function) -> list[tuple[str, Stated]]:
    summary = "fiscal_summary" if function.kind in FISCAL_KINDS else "budget_summary"
    return reading.classes.get(summary, [])




def _all_scope_rows(reading: Reading) -> list[dict]:
    """The 一般公共预算支出经济分类表's rows (基本 + 项目 by economic class), kept beside the 基本支出 ones."""
    coded = reading.economic.get("general_economic")
    return [{**row, "scope": ALL_SCOPE} for row in coded.rows] if coded else []


_FISCAL_PARTS = {"人员经费": "一般公共预算人员经费", "公用经费": "一般公共预算公用经费"}


def _fiscal_parts(economic, chosen_kind: dict[str, str], reading: Reading) -> tuple[list[dict], list[dict]]:
    """The 一般公共预算基本支出表's own 人员经费 / 公用经费 where the summary's came from a wider table
    (湖州 2026: 表03 支出总表 212,605.27 for all funds, 表06 20,452.54 for the 一般公共预算 part), and
    their checks against the text's figures of that fund."""
    rows, checks = [], []
    for metric, fiscal in _FISCAL_PARTS.items():
        field = _ECONOMIC_FIELD[metric]
        if economic is None or chosen_kind.get(metric) in (None, economic.kind) \
                or field not in economic.total or field not in economic.columns:
            continue
        figure = economic.total[field]
        rows.append({"metric": fiscal, "amount_wan": figure.value, "line": figure.row.number, "page": figure.row.page})
        text = [f for f in reading.figures.get(metric, []) if f.kind == TEXT and figure_scope(f) == "fiscal"]
        checks += figure_agreement(fiscal, Stated(figure.value, figure.row, economic.kind, figure.label), text)
    return rows, checks


def _own_economic_totals(economic, chosen_kind: dict[str, str]) -> pl.DataFrame | None:
    """The 经济分类 rows add up to their own table's 合计 where 人员经费/公用经费 were taken from another
    table (上海: the 财务收支预算总表's all-funds columns beside the 一般公共预算基本支出表's rows)."""
    if economic is None or all(chosen_kind.get(m) in (None, "basic_economic") for m in ("人员经费", "公用经费")):
        return None
    # named as the summary names them: the 一般公共预算 part of 人员经费 / 公用经费 (see _fiscal_parts)
    rows = [{"metric": _FISCAL_PARTS.get(metric, metric), "amount_wan": economic.total[f].value,
             "line": economic.total[f].row.number}
            for metric, f in _ECONOMIC_FIELD.items() if f in economic.total and f in economic.columns]
    return pl.DataFrame(rows, schema={"metric": pl.String, "amount_wan": pl.Float64, "line": pl.Int64})


def _parts_basis(chosen_kind: dict[str, str], summary: list[dict]) -> str:
    """人员经费 + 公用经费 add up to the 基本支出 of their own scope: the 一般公共预算 one where they come
    from the 一般公共预算基本支出表 and the document states it apart (国家信访局 2026), else 基本支出."""
    line = {r["metric"]: r["line"] for r in summary}
    if chosen_kind.get("人员经费") == TEXT:
        # the text breaks down the 基本支出 of the scope it names ("财政拨款基本支出预算6,442.75万元，
        # 其中：（一）人员经费…", 江苏 prose editions)
        named = [m for m in ("财政拨款基本支出", "一般公共预算基本支出")
                 if chosen_kind.get(m) == TEXT and line.get(m) != line.get("基本支出")]
        if named:
            return named[0]
    fiscal_parts = chosen_kind.get("人员经费") == "basic_economic"
    if fiscal_parts and "一般公共预算基本支出" in line and line["一般公共预算基本支出"] != line.get("基本支出"):
        return "一般公共预算基本支出"
    return "基本支出"


def _own_totals(function, other_scope: dict[str, str]) -> pl.DataFrame | None:
    """Where a summary figure comes from a wider spending table than the rows (the 支出总表's 项目支出
    beside the 一般公共预算支出表's rows), the rows add up to their own table's 合计 row instead."""
    if not other_scope:
        return None
    rows = [{"metric": metric, "amount_wan": function.total[f].value, "line": function.total[f].row.number}
            for metric, f in _FUNCTION_FIELD.items()
            if metric in _WHOLE_METRICS and f in function.total and f in function.columns]
    return pl.DataFrame(rows, schema={"metric": pl.String, "amount_wan": pl.Float64, "line": pl.Int64})


def province_of(region: str | None) -> str:
    match = _PROVINCE.match(region or "")
    return match.group(1) if match else "未注明"


def _strip_private(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _projects(reading: Reading) -> list[dict]:
    """The 项目支出表 when the document has one; otherwise one project per 绩效目标表."""
    listed = [p for p in reading.projects if not p.get("_from_targets")]
    if listed:
        return listed
    seen: set[tuple] = set()
    out = []
    for project in reading.projects:
        key = (project["project_name"], project["plan_year"])  # last year's plan reprinted is its own row
        if key in seen:
            continue
        seen.add(key)
        out.append(project)
    return out


def _current(rows: list[dict], year: int) -> list[dict]:
    """A table planned for an earlier year (a reprinted 2022 工作计划) is not this year's."""
    return [{**r, "current": r.get("plan_year") is None or r["plan_year"] >= year} for r in rows]


def _unique(rows: list[dict], key: str) -> list[dict]:
    seen: set = set()
    return [r for r in rows if not (r[key] in seen or seen.add(r[key]))]



# ------------------------------------------------------------------ the read report


def _report(source: RowSource, tables: list[Table], reading: Reading, meta: Meta, doc_id: str,
            checks: pl.DataFrame, listed: list[Table]) -> dict:
    lines = _table_lines(reading, listed)
    failed = checks.filter(~pl.col("ok")) if not checks.is_empty() else checks
    return {
        "file": source.name, "kind": source.file_type,  # the file type, under the key stored reports use
        "pages": source.pages, "id": doc_id,
        "region": meta.region, "department": meta.department, "edition": meta.edition, "year": meta.year,
        "document_kind": meta.document_kind,
        "tables": lines,
        "tables_read": sum(1 for line in lines if line["status"] in ("已读取", "未公开（空表）")),
        "note": _separate_tables_note(tables, listed),
        "checks": {"total": checks.height, "failed": failed.height,
                   "failed_list": [{"check": r["check"], "stated_wan": r["stated_wan"],
                                    "computed_wan": r["computed_wan"], "stated_page": r["stated_page"],
                                    "stated_line": r["stated_line"], "computed_lines": r["computed_lines"]}
                                   for r in failed.iter_rows(named=True)]},
        "warnings": [{"where": w.row.where() if w.row else "", "line": w.row.number if w.row else None,
                      "page": w.row.page if w.row else None, "message": w.message} for w in reading.warnings],
        **ocr_summary(source),
    }


def _table_lines(reading: Reading, listed: list[Table]) -> list[dict]:
    """The read report's line for every kind: found or not, read, empty, how many rows."""
    # the first table of a kind that holds rows, else the first: a section heading or an empty first
    # part says nothing about the tables of that kind that were read
    found = {t.kind: t for t in reversed(reading.tables)}
    found |= {t.kind: t for t in reversed(reading.tables) if not t.empty}
    counts: dict[str, list[int]] = {}
    for t in reading.tables:
        counts.setdefault(t.kind, []).append(t.rows_read)
    listed_kinds = {t.kind.id for t in listed}
    return [{"table": kind.label, "kind": kind.id, "status": _status(kind, found.get(kind.id)),
             "expected": kind.expected, "title": read.title if read else None, "unit": read.unit if read else None,
             "rows_read": sum(counts.get(kind.id, [0])), "count": len(counts.get(kind.id, [])),
             "where": read.row.where() if read else None, "listed": read is None and kind.id in listed_kinds}
            for kind in KINDS for read in (found.get(kind.id),)]


def _status(kind, read: TableRead | None) -> str:
    if read is None:
        return "未找到"
    if kind.family is None:
        return "已找到（不读入）"  # 决算, 政府采购 …: outside what the contract holds
    return "未公开（空表）" if read.empty else "已读取"


def _separate_tables_note(tables: list[Table], listed: list[Table]) -> str | None:
    """A document whose 目录 lists the budget tables but which holds none of them: the tables were
    published in a separate file (北京、江苏 prose editions)."""
    if any(t.kind.expected for t in tables) or not any(t.kind.expected for t in listed):
        return None
    return (f"本文件只有文字说明：目录列出的 {len(listed)} 张预算表不在本文件中（应另册公开），"
            "表格数据须从另一文件读取")
