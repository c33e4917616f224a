"""预算执行: a department's final accounts (决算) against its budget (预算), figure by figure.

Pure: contract tables in, frames of (预算数, 决算数, 执行率) out; no Streamlit. Every row names both
figures, where each was read (document and page) and, where no rate can be given, why: a missing
budget figure is 未公开, a budget of 0 gives no rate ("—"), never a rate from either.

Bases (``BASES``): the 预算数 of a row comes from
- ``document``: the same department's 预算 document of the same year where the library holds it
  (``reader.final.budget_id``), else the 决算's own 年初预算数 — each row says which;
- ``initial``: the 决算's own 年初预算数 (``budget_wan``), as printed in its tables or stated in its
  情况说明 text;
- ``adjusted``: the 决算's own 调整预算数 / 全年预算数 (``adjusted_budget_wan``), where printed.
A 类 or 款 with no budget figure of its own takes the sum of its sub-classes' when every one of
them has one (said in the row's source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from content.crosscheck import general_scope, prints_general
from content.selection import Selection, cut_tables
from contract.checks import TOLERANCE_WAN
from reader.final import BUDGET, FINAL, budget_id

DOCUMENT, INITIAL, ADJUSTED = "document", "initial", "adjusted"
BASES = {
    DOCUMENT: "同年度部门预算文件（文档库中没有时用决算所列年初预算数）",
    INITIAL: "决算所列年初预算数",
    ADJUSTED: "决算所列调整预算数（全年预算数）",
}
_OWN_COLUMN = {INITIAL: "budget_wan", ADJUSTED: "adjusted_budget_wan"}
GENERAL = "general_wan"  # a budget's class in its 一般公共预算支出表 (contract expenditure_function)
_OWN_WORD = {INITIAL: "年初预算数", ADJUSTED: "调整预算数"}
LEVELS = {1: "类", 2: "款", 3: "项"}
TOTAL_METRIC = "一般公共预算财政拨款支出"  # what every 决算 compares with its budget in its own text
# Measures compared as a whole: (shown name, the metric in both documents, in order of preference).
MEASURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("本年支出合计", ("本年支出合计", "支出合计")),
    ("基本支出", ("基本支出",)),
    ("项目支出", ("项目支出",)),
    ("人员经费", ("人员经费",)),
    ("公用经费", ("公用经费",)),
    (TOTAL_METRIC, (TOTAL_METRIC,)),
    ("三公经费合计", ("三公经费合计",)),
)
TABLES = ("counties", "summary", "sangong", "expenditure_function", "checks")
OVER_UNDER_LIMIT = 5  # rows each way in the over/under-spend chart

NO_BUDGET = "预算数未公开"
ZERO_BUDGET = "预算数为 0，不计算执行率"
NO_ACTUAL = "决算未列此项"

SCHEMA = {
    "county_id": pl.String, "year": pl.Int64, "key": pl.String, "name": pl.String, "level": pl.Int64,
    "plan_wan": pl.Float64, "actual_wan": pl.Float64, "diff_wan": pl.Float64, "execution_rate": pl.Float64,
    "rate_note": pl.String, "plan_source": pl.String, "actual_source": pl.String,
    "plan_doc": pl.String, "plan_page": pl.Int64, "actual_page": pl.Int64, "actual_text": pl.String,
    "plan_text": pl.String, "plan_confirmed": pl.Boolean, "actual_confirmed": pl.Boolean, "confirmed": pl.Boolean,
}
SHOWN = ("county_id", "key", "name", "plan_wan", "actual_wan", "diff_wan", "execution_rate", "confirmed",
         "rate_note", "plan_source", "actual_source")


@dataclass(frozen=True)
class Pair:
    """A 决算 and, where the library holds it, the budget of the same department and year."""

    final_id: str
    year: int
    budget_id: str | None


@dataclass(frozen=True)
class ExecutionData:
    """The tables of the shown 决算, their budgets and the other 决算 of their regions."""

    pairs: tuple[Pair, ...]  # the 决算 the user chose (or whose budget the user chose)
    peers: dict[tuple[str, int], tuple[Pair, ...]]  # (region, year) -> every 决算 of it in the library
    tables: dict[str, pl.DataFrame]

    def rows(self, name: str, county_id: str | None) -> pl.DataFrame:
        frame = self.tables[name]
        return frame.filter(pl.col("county_id") == county_id) if county_id else frame.clear()


def find_pairs(counties: pl.DataFrame, shown: tuple[tuple[str, int], ...]) -> tuple[Pair, ...]:
    """The 决算 among the shown documents, and those whose budget is shown, each with its budget
    of the same year where the library holds it; each 决算 once, in the order shown."""
    kinds = {(r["county_id"], r["year"]): r["document_kind"] for r in
             counties.select("county_id", "year", "document_kind").iter_rows(named=True)}
    finals_of = {}  # (budget id, year) -> 决算 id
    for (doc, year), kind in kinds.items():
        if kind == FINAL:
            finals_of.setdefault((budget_id(doc), year), doc)
    out: dict[str, Pair] = {}
    for doc, year in shown:
        final = doc if kinds.get((doc, year)) == FINAL else finals_of.get((doc, year))
        if final is None or final in out:
            continue
        budget = budget_id(final)
        out[final] = Pair(final, year, budget if kinds.get((budget, year)) == BUDGET and budget != final else None)
    return tuple(out.values())


def execution_data(selection: Selection) -> ExecutionData:
    """Pairs for the shown documents and the 决算 of their regions, their tables cut once."""
    source = selection.source or selection.tables
    counties = source["counties"]
    if isinstance(counties, pl.LazyFrame):
        counties = counties.collect()
    if "document_kind" not in counties.columns:
        counties = counties.with_columns(pl.lit(BUDGET).alias("document_kind"))
    pairs = find_pairs(counties, selection.pairs)
    regions = {(r["county_name"], r["year"]) for r in counties.filter(
        pl.col("county_id").is_in([p.final_id for p in pairs])).iter_rows(named=True)
        if (r["county_id"], r["year"]) in {(p.final_id, p.year) for p in pairs}}
    peers = {}
    for region, year in sorted(regions):
        docs = counties.filter((pl.col("county_name") == region) & (pl.col("year") == year)
                               & (pl.col("document_kind") == FINAL))
        peers[(region, year)] = find_pairs(counties, tuple(docs.select("county_id", "year").iter_rows()))
    every = {p for p in pairs} | {p for group in peers.values() for p in group}
    keys = {(p.final_id, p.year) for p in every} | {(p.budget_id, p.year) for p in every if p.budget_id}
    tables = cut_tables({name: source[name] for name in TABLES if name in source}, tuple(sorted(keys)))
    return ExecutionData(pairs, peers, tables)


# ---------------------------------------------------------------- one row


def _rate(plan: float | None, actual: float | None) -> tuple[float | None, str | None]:
    if plan is None:
        return None, NO_BUDGET
    if actual is None:
        return None, NO_ACTUAL
    if plan == 0:
        return None, ZERO_BUDGET
    return round(actual / plan * 100, 1), None


def _both(a: bool | None, b: bool | None) -> bool | None:
    values = [v for v in (a, b) if v is not None]
    return all(values) if values else None


def _row(final_id: str, year: int, key: str, name: str, level: int | None, plan: dict | None,
         actual: dict | None) -> dict:
    """``plan``/``actual``: {value, source, doc, page, text, confirmed} (None: not stated)."""
    plan_value = plan["value"] if plan else None
    actual_value = actual["value"] if actual else None
    rate, note = _rate(plan_value, actual_value)
    diff = None if plan_value is None or actual_value is None else round(actual_value - plan_value, 2)
    return {
        "county_id": final_id, "year": year, "key": key, "name": name, "level": level,
        "plan_wan": plan_value, "actual_wan": actual_value, "diff_wan": diff, "execution_rate": rate,
        "rate_note": note, "plan_source": plan["source"] if plan else None,
        "actual_source": actual["source"] if actual else None,
        "plan_doc": plan["doc"] if plan else None, "plan_page": plan["page"] if plan else None,
        "actual_page": actual["page"] if actual else None, "actual_text": actual["text"] if actual else None,
        "plan_text": plan["text"] if plan else None,
        "plan_confirmed": plan["confirmed"] if plan else None,
        "actual_confirmed": actual["confirmed"] if actual else None,
        "confirmed": _both(plan["confirmed"] if plan else None, actual["confirmed"] if actual else None),
    }


def _figure(value, source: str, doc: str, row: dict, page: int | None = None, text: str | None = "row") -> dict:
    return {"value": value, "source": source, "doc": doc, "page": row.get("page") if page is None else page,
            "text": row.get("source_text") if text == "row" else text, "confirmed": row.get("confirmed")}


def _page_words(page: int | None) -> str:
    return f"第 {page} 页" if page is not None else "（无页码）"


def _own_plan(row: dict, basis: str, final_id: str, text_page: int | None) -> dict | None:
    """The 决算's own budget figure of ``row`` on ``basis`` (年初 for the document basis)."""
    column = _OWN_COLUMN.get(basis, "budget_wan")
    value = row.get(column)
    if value is None:
        return None
    word = _OWN_WORD.get(basis, "年初预算数")
    if text_page is not None:
        return _figure(value, f"决算说明文字{_page_words(text_page)}（{word}）", final_id, row, text_page, None)
    return _figure(value, f"决算{_page_words(row.get('page'))}（{word}）", final_id, row)


def _actual(row: dict, column: str, final_id: str) -> dict | None:
    if row.get(column) is None:
        return None
    return _figure(row[column], f"决算{_page_words(row.get('page'))}", final_id, row)


def _budget_figure(row: dict, column: str, budget: str) -> dict:
    if column == GENERAL:  # the class in the budget's 一般公共预算支出表, not the row read (another table)
        page = row.get("general_page")
        figure = _figure(row[column], f"预算文件{_page_words(page)}（一般公共预算支出表）", budget, row, page, None)
        return figure | {"confirmed": False}  # the row's own `confirmed` is of another table's figure
    return _figure(row[column], f"预算文件{_page_words(row.get('page'))}", budget, row)


def budget_column(final: pl.DataFrame, budget: pl.DataFrame) -> str:
    """The budget document's figure a 决算's function class is compared with: its 一般公共预算支出表's
    (general_wan) when the 决算's classes are of that scope and the budget prints that table, else the
    class as read (total_wan; budget_scope_note says when the scopes may differ)."""
    if general_scope(final) and prints_general(budget):
        return GENERAL
    return "total_wan"


# ---------------------------------------------------------------- function classes

# the text's item for a function row, and its sentence for the whole (reader/final_prose.py)
_TEXT_CHECK = re.compile(rf"^(?:功能分类 \S+ .+ |{TOTAL_METRIC})决算：表 = 说明文字$")


def text_pages(checks: pl.DataFrame, county_id: str) -> dict[int, int]:
    """Function rows (line), and the 一般公共预算财政拨款支出 total, whose budget the 决算's 情况说明
    states, and the page it states it on (reader/final_prose.py: each item's 决算 figure is checked
    against the row it names)."""
    out = {}
    rows = checks.filter((pl.col("county_id") == county_id) & pl.col("check").str.contains("决算：表 = 说明文字"))
    for row in rows.iter_rows(named=True):
        if _TEXT_CHECK.match(row["check"]) and row["stated_line"] is not None and row["computed_pages"]:
            first = re.match(r"\d+", str(row["computed_pages"]))
            if first:
                out[row["stated_line"]] = int(first.group())
    return out


def function_execution(data: ExecutionData, pair: Pair, basis: str = DOCUMENT) -> pl.DataFrame:
    """Every function class (类/款/项) of the 决算's function table, and every class the budget
    lists that the 决算 does not: 预算数, 决算数 (合计), 执行率, each with its document and page."""
    final = data.rows("expenditure_function", pair.final_id)
    budget_doc = pair.budget_id if basis == DOCUMENT else None
    budget = data.rows("expenditure_function", budget_doc)
    column = budget_column(final, budget)
    by_code = {r["code"]: r for r in budget.iter_rows(named=True) if r[column] is not None}
    pages = text_pages(data.tables["checks"], pair.final_id)
    rows: list[dict] = []
    for r in final.iter_rows(named=True):
        plan = None
        if r["code"] in by_code:
            plan = _budget_figure(by_code[r["code"]], column, budget_doc)
            if column == GENERAL:  # tied to a second statement only by the 决算's own 年初预算数 (crosscheck)
                plan["confirmed"] = r.get("budget_wan") is not None and \
                    abs(r["budget_wan"] - plan["value"]) <= TOLERANCE_WAN
        if plan is None:
            plan = _own_plan(r, basis, pair.final_id, pages.get(r["line"]))
        rows.append(_row(pair.final_id, pair.year, r["code"], r["name"], r["level"], plan,
                         _actual(r, "total_wan", pair.final_id)) | {"parent": r["parent_code"]})
    listed = set(final["code"])
    for code, b in by_code.items():
        if code not in listed:  # budgeted, absent from the 决算's table
            rows.append(_row(pair.final_id, pair.year, code, b["name"], b["level"],
                             _budget_figure(b, column, budget_doc), None) | {"parent": b["parent_code"]})
    _sum_up(rows)
    for r in rows:
        r.pop("parent")
    return pl.DataFrame(rows, schema=SCHEMA, orient="row") if rows else pl.DataFrame(schema=SCHEMA)


def _sum_up(rows: list[dict]) -> None:
    """A 款 (then a 类) with no budget figure of its own: the sum of its sub-classes' when each has one."""
    for level in (2, 1):
        for r in rows:
            if r["level"] != level or r["plan_wan"] is not None:
                continue
            parts = [c for c in rows if c["parent"] == r["key"]]
            if not parts or any(c["plan_wan"] is None for c in parts):
                continue
            value = round(sum(c["plan_wan"] for c in parts), 2)
            words = "、".join(dict.fromkeys(w for c in parts for w in _where(c["plan_source"])))
            plan = {"value": value, "source": f"由所属 {len(parts)} 个科目的预算数加总（{words}）",
                    "doc": parts[0]["plan_doc"], "page": None, "text": None,
                    "confirmed": all(c["plan_confirmed"] is not False for c in parts)}
            actual = None if r["actual_wan"] is None else {
                "value": r["actual_wan"], "source": r["actual_source"], "doc": r["county_id"],
                "page": r["actual_page"], "text": r["actual_text"], "confirmed": r["actual_confirmed"]}
            parent = r["parent"]
            r.update(_row(r["county_id"], r["year"], r["key"], r["name"], level, plan, actual))
            r["parent"] = parent


def _where(source: str) -> list[str]:
    """The documents and pages a plan figure's source names ('决算说明文字第 21 页'), a sum's too."""
    if source.startswith("由所属"):
        inner = re.search(r"（(.+)）$", source)
        return inner.group(1).split("、") if inner else []
    return [re.sub(r"（[^（）]*）$", "", source)]


def at_level(frame: pl.DataFrame, level: int, parent: str | None = None) -> pl.DataFrame:
    """The classes of one level (under ``parent`` when given), in code order."""
    rows = frame.filter(pl.col("level") == level)
    if parent:
        rows = rows.filter(pl.col("key").str.starts_with(parent))
    return rows.sort("key")


def default_level(frame: pl.DataFrame) -> int:
    """The highest level at which some class has a rate (类 where the budgets are by 类)."""
    for level in (1, 2, 3):
        if at_level(frame, level)["execution_rate"].is_not_null().any():
            return level
    return 1


# ---------------------------------------------------------------- measures and 三公


def measure_execution(data: ExecutionData, pair: Pair, basis: str = DOCUMENT) -> pl.DataFrame:
    """The department's totals (本年支出合计, 基本/项目, 人员/公用, 一般公共预算财政拨款支出, 三公)."""
    final = {r["metric"]: r for r in data.rows("summary", pair.final_id).iter_rows(named=True)}
    budget_doc = pair.budget_id if basis == DOCUMENT else None
    budget = {r["metric"]: r for r in data.rows("summary", budget_doc).iter_rows(named=True)}
    pages = text_pages(data.tables["checks"], pair.final_id)
    rows = []
    for shown, metrics in MEASURES:
        actual_row = next((final[m] for m in metrics if m in final and final[m]["amount_wan"] is not None), None)
        plan_metric = next((m for m in metrics if m in budget), None)
        plan = _budget_figure(budget[plan_metric], "amount_wan", budget_doc) if plan_metric else None
        if plan is None and actual_row is not None:
            stated = pages.get(actual_row["line"]) if actual_row["metric"] == TOTAL_METRIC else None
            plan = _own_plan(actual_row, basis, pair.final_id, stated)
        if plan is None and actual_row is None:
            continue
        actual = _actual(actual_row, "amount_wan", pair.final_id) if actual_row else None
        rows.append(_row(pair.final_id, pair.year, shown, shown, None, plan, actual))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row") if rows else pl.DataFrame(schema=SCHEMA)


def sangong_execution(data: ExecutionData, pair: Pair, basis: str = DOCUMENT) -> pl.DataFrame:
    """The four 三公 items: 预算数 against 决算数."""
    final = data.rows("sangong", pair.final_id)
    budget_doc = pair.budget_id if basis == DOCUMENT else None
    budget = {r["item"]: r for r in data.rows("sangong", budget_doc).iter_rows(named=True)}
    rows = []
    for r in final.iter_rows(named=True):
        plan = _budget_figure(budget[r["item"]], "amount_wan", budget_doc) if r["item"] in budget else None
        plan = plan or _own_plan(r, basis, pair.final_id, None)
        rows.append(_row(pair.final_id, pair.year, r["item"], r["item"], None, plan,
                         _actual(r, "amount_wan", pair.final_id)))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row") if rows else pl.DataFrame(schema=SCHEMA)


def over_under(functions: pl.DataFrame, limit: int = OVER_UNDER_LIMIT) -> pl.DataFrame:
    """The largest over-spends (决算 above 预算) and under-spends among the most detailed classes
    (those with no sub-class listed), ``limit`` each way, largest first; a zero difference is neither."""
    parents = set(functions.filter(pl.col("level") > 1)["key"].str.slice(0, 5)) | \
        set(functions.filter(pl.col("level") > 1)["key"].str.slice(0, 3))
    leaves = functions.filter(pl.col("diff_wan").is_not_null() & ~pl.col("key").is_in(list(parents)))
    over = leaves.filter(pl.col("diff_wan") > 0).sort("diff_wan", descending=True).head(limit)
    under = leaves.filter(pl.col("diff_wan") < 0).sort("diff_wan").head(limit)
    return pl.concat([over, under])


def budget_scope_note(data: ExecutionData, pair: Pair) -> str | None:
    """Where the budget document's function classes add up to another total than the 决算's own
    年初预算数 (the budget table of all funds against the 决算's 一般公共预算财政拨款 table)."""
    if pair.budget_id is None:
        return None
    every = data.rows("expenditure_function", pair.budget_id)
    column = budget_column(data.rows("expenditure_function", pair.final_id), every)
    if column == GENERAL:  # one scope on both sides: a difference is a contradiction (crosscheck), not scope
        return None
    budget = every.filter(pl.col("level") == 1)
    own = data.rows("summary", pair.final_id).filter(pl.col("metric") == TOTAL_METRIC)
    if budget.is_empty() or own.is_empty() or own["budget_wan"].item() is None:
        return None
    planned, stated = round(budget[column].sum(), 2), own["budget_wan"].item()
    if abs(planned - stated) < 0.005:
        return None
    return (f"口径提示：预算文件功能分类各类合计 {planned:,.2f} 万元，决算所列{TOTAL_METRIC}年初预算数 "
            f"{stated:,.2f} 万元，两者不等（预算文件的功能分类表可能含全部资金，决算表只含一般公共预算财政拨款）；"
            "按预算文件口径的执行率受此影响，可改选“决算所列年初预算数”对照。")


# ---------------------------------------------------------------- a region's departments


def region_ranking(data: ExecutionData, region: tuple[str, int], basis: str = DOCUMENT) -> pl.DataFrame:
    """Every 决算 of the region and year: its overall rate (一般公共预算财政拨款支出, else 本年支出合计)
    and its rate per 类, ranked (rank 1 = highest rate) within each."""
    rows = []
    for pair in data.peers.get(region, ()):
        measures = measure_execution(data, pair, basis)
        candidates = [measures.filter(pl.col("key") == key) for key in (TOTAL_METRIC, "本年支出合计")]
        with_rate = [c for c in candidates if c["execution_rate"].is_not_null().any()]
        overall = (with_rate or [c for c in candidates if not c.is_empty()] or candidates)[0]
        rows.append(overall.with_columns(pl.lit("总体").alias("key"), ("总体（" + pl.col("name") + "）").alias("name")))
        functions = function_execution(data, pair, basis)
        rows.append(functions.filter(pl.col("level") == 1))
    frame = pl.concat(rows) if rows else pl.DataFrame(schema=SCHEMA)
    return frame.with_columns(
        pl.col("execution_rate").rank("min", descending=True).over("key").cast(pl.Int64).alias("rank"))


# ---------------------------------------------------------------- the count under the title


def count_figures(frames: list[pl.DataFrame]) -> tuple[int, int]:
    """(figures shown, of which unconfirmed): each stated 预算数 and 决算数 once per document and page
    row, however many charts show it."""
    seen: dict[tuple, bool] = {}
    for frame in frames:
        for r in frame.iter_rows(named=True):
            for value, doc, source, ok in ((r["plan_wan"], r["plan_doc"], r["plan_source"], r["plan_confirmed"]),
                                           (r["actual_wan"], r["county_id"], r["actual_source"],
                                            r["actual_confirmed"])):
                if value is None or (source or "").startswith("由所属"):
                    continue
                key = (doc, r["key"], source, value)
                seen[key] = seen.get(key, True) and ok is not False
    return len(seen), sum(1 for ok in seen.values() if not ok)


def basis_caption(frame: pl.DataFrame) -> str:
    """Which basis a chart's 预算数 use, counted over its rows: '预算数：预算文件 12 项；决算所列年初预算数 3 项'."""
    counts: dict[str, int] = {}
    for source in frame["plan_source"].to_list():
        if source is None:
            word = "未公开"
        elif source.startswith("预算文件"):
            word = "同年度预算文件"
        elif source.startswith("由所属"):
            word = "下级科目预算数加总"
        else:
            word = "决算所列" + ("调整预算数" if "调整预算数" in source else "年初预算数")
        counts[word] = counts.get(word, 0) + 1
    return "预算数出处：" + "；".join(f"{word} {n} 项" for word, n in counts.items())
