"""Checks across documents: one document's statement of a figure another document publishes.

Two kinds (issue 22), each a row naming both documents and both pages:

- ``年初预算数``: a 决算 prints the 年初预算数 it was given; the same department's budget of that year
  publishes it. Compared: 三公 items (and their 合计), summary figures both documents state under one
  name, and function classes where both sides are of one scope — the 决算's 一般公共预算财政拨款支出决算表
  against the budget's 一般公共预算支出表 (``general_wan``). A budget that prints no such table is not
  compared class by class (its function table may cover all funds): ``scope_notes`` says so.
- ``上年预算数``: a budget's text states last year's figure ("比上年预算增加 120 万元"); last year's budget
  of the same document, where the library holds it, publishes it. A figure the text compares with
  last year's 执行数 or 决算 is not a budget figure and is not compared.

A difference is a failed check, never corrected: both documents stay as published. Pure polars:
contract tables in, a frame out; no Streamlit.
"""

from __future__ import annotations

import polars as pl

from contract.checks import TOLERANCE_WAN
from reader.final import BUDGET, FINAL, budget_id

FINAL_VS_BUDGET = "年初预算数"
PRIOR_VS_BUDGET = "上年预算数"
KINDS = {
    FINAL_VS_BUDGET: "决算所列年初预算数 ↔ 同年度预算文件",
    PRIOR_VS_BUDGET: "预算所述上年预算数 ↔ 上年度预算文件",
}
# a prior-year figure compared with last year's 执行/决算, not its budget
_NOT_BUDGET = ("执行", "决算", "实际")
_SCOPE_CLOSE = 0.005

SCHEMA = {
    "check_kind": pl.String, "check": pl.String,
    "county_id": pl.String, "year": pl.Int64, "stated_wan": pl.Float64, "stated_page": pl.Int64,
    "stated_text": pl.String,
    "other_id": pl.String, "other_year": pl.Int64, "compared_wan": pl.Float64, "other_page": pl.Int64,
    "other_text": pl.String,
    "difference_wan": pl.Float64, "ok": pl.Boolean,
}


def _collected(frame: pl.DataFrame | pl.LazyFrame | None, ids: set[str]) -> pl.DataFrame | None:
    if frame is None:
        return None
    wanted = frame.filter(pl.col("county_id").is_in(sorted(ids)))
    return wanted.collect() if isinstance(wanted, pl.LazyFrame) else wanted


def _row(kind: str, check: str, stated: dict, stated_value: float, other: dict | None,
         other_value: float | None) -> dict:
    difference = None if other_value is None else round(other_value - stated_value, 2)
    return {
        "check_kind": kind, "check": check,
        "county_id": stated["county_id"], "year": stated["year"], "stated_wan": stated_value,
        "stated_page": stated.get("page"), "stated_text": stated.get("source_text"),
        "other_id": other["county_id"] if other else None, "other_year": other["year"] if other else None,
        "compared_wan": other_value, "other_page": other.get("page") if other else None,
        "other_text": other.get("source_text") if other else None,
        "difference_wan": difference,
        "ok": difference is not None and abs(difference) <= TOLERANCE_WAN,
    }


def _kinds(counties: pl.DataFrame) -> dict[tuple[str, int], str]:
    kind = pl.col("document_kind") if "document_kind" in counties.columns else pl.lit(BUDGET)
    return {(c, y): k for c, y, k in counties.select("county_id", "year", kind).iter_rows()}


def _final_pairs(kinds: dict[tuple[str, int], str], shown: set[str] | None) -> list[tuple[str, str, int]]:
    """(决算 id, budget id, year) for every 决算 whose budget of the same year is held (and one of the
    two is shown, when ``shown`` is given)."""
    out = []
    for (doc, year), kind in sorted(kinds.items()):
        budget = budget_id(doc)
        if kind != FINAL or budget == doc or kinds.get((budget, year)) != BUDGET:
            continue
        if shown is None or doc in shown or budget in shown:
            out.append((doc, budget, year))
    return out


def _rows_of(frame: pl.DataFrame | None, doc: str, year: int) -> pl.DataFrame:
    if frame is None:
        return pl.DataFrame()
    return frame.filter((pl.col("county_id") == doc) & (pl.col("year") == year))


def _of(frame: pl.DataFrame | None, doc: str, year: int) -> list[dict]:
    return _rows_of(frame, doc, year).to_dicts()


def _counties(tables: dict) -> pl.DataFrame:
    counties = tables["counties"]
    return counties.collect() if isinstance(counties, pl.LazyFrame) else counties


def general_scope(final: pl.DataFrame) -> bool:
    """A 决算's function rows are its 一般公共预算财政拨款支出决算表 (each class's general_wan is its 合计),
    so their 年初预算数 are of that scope."""
    if final.is_empty() or "general_wan" not in final.columns:
        return False
    close = ((pl.col("general_wan") - pl.col("total_wan")).abs() < _SCOPE_CLOSE).fill_null(False)
    return bool(final.select(close.all()).item())


def prints_general(budget: pl.DataFrame) -> bool:
    """A budget's function rows carry its 一般公共预算支出表's figures (it prints that table)."""
    return "general_wan" in budget.columns and budget["general_wan"].is_not_null().any()


def _functions(final: pl.DataFrame, budget: pl.DataFrame) -> list[dict]:
    """Function classes: the 决算's 年初预算数 against the budget's 一般公共预算支出表, class by class
    (a class the budget's table does not list was given nothing there: compared with 0)."""
    if not general_scope(final) or not prints_general(budget):
        return []
    by_code = {r["code"]: r for r in budget.iter_rows(named=True)}
    out = []
    for r in final.iter_rows(named=True):
        if r.get("budget_wan") is None:
            continue
        other = by_code.get(r["code"])
        value = other.get("general_wan") if other else None
        if value is None and not r["budget_wan"]:
            continue  # nothing budgeted on either side
        check = f"功能分类 {r['code']} {r['name']}"
        # the budget's 一般公共预算支出表 row: its page (the row read is of the chosen function table)
        where = {"county_id": budget["county_id"][0], "year": r["year"],
                 "page": other.get("general_page") if other else None, "source_text": None}
        out.append(_row(FINAL_VS_BUDGET, check, r, r["budget_wan"], where, 0.0 if value is None else value))
    return out


def final_budget_checks(tables: dict, shown: set[str] | None = None) -> list[dict]:
    """Each 决算's 年初预算数 against its budget of the same year, where the library holds both."""
    counties = _counties(tables)
    pairs = _final_pairs(_kinds(counties), shown)
    if not pairs:
        return []
    ids = {d for pair in pairs for d in pair[:2]}
    summary, sangong, functions = (_collected(tables.get(name), ids)
                                   for name in ("summary", "sangong", "expenditure_function"))
    out: list[dict] = []
    for final, budget, year in pairs:
        stated = {r["metric"]: r for r in _of(summary, budget, year)}
        for r in _of(summary, final, year):
            if r.get("budget_wan") is not None and r["metric"] in stated:
                out.append(_row(FINAL_VS_BUDGET, r["metric"], r, r["budget_wan"], stated[r["metric"]],
                                stated[r["metric"]]["amount_wan"]))
        items = {r["item"]: r for r in _of(sangong, budget, year)}
        for r in _of(sangong, final, year):
            if r.get("budget_wan") is not None and r["item"] in items:
                out.append(_row(FINAL_VS_BUDGET, f"三公 {r['item']}", r, r["budget_wan"], items[r["item"]],
                                items[r["item"]]["amount_wan"]))
        out += _functions(_rows_of(functions, final, year), _rows_of(functions, budget, year))
    return out


def scope_notes(tables: dict, shown: set[str] | None = None) -> list[tuple[str, str]]:
    """(决算 id, why) for pairs whose function classes are not compared: the budget prints no
    一般公共预算支出表, or the 决算's classes are not of that scope."""
    counties = _counties(tables)
    pairs = _final_pairs(_kinds(counties), shown)
    functions = _collected(tables.get("expenditure_function"), {d for p in pairs for d in p[:2]})
    out = []
    for final, budget, year in pairs:
        final_rows, budget_rows = _rows_of(functions, final, year), _rows_of(functions, budget, year)
        if final_rows.is_empty() or final_rows["budget_wan"].is_null().all():
            continue
        if not general_scope(final_rows):
            out.append((final, "决算的功能分类表不是一般公共预算财政拨款支出决算表，其年初预算数与预算文件口径未必相同，未逐科目核对。"))
        elif not prints_general(budget_rows):
            out.append((final, "预算文件没有一般公共预算支出表（其功能分类表可能含全部资金），决算所列年初预算数未逐科目核对。"))
    return out


def prior_budget_checks(tables: dict, shown: set[str] | None = None) -> list[dict]:
    """Each budget's stated 上年预算数 against last year's budget of the same document."""
    counties = _counties(tables)
    kinds = _kinds(counties)
    wanted = {(doc, year) for (doc, year), kind in kinds.items()
              if kind == BUDGET and kinds.get((doc, year - 1)) == BUDGET and (shown is None or doc in shown)}
    if not wanted:
        return []
    ids = {doc for doc, _ in wanted}
    prior, summary = _collected(tables.get("prior_year"), ids), _collected(tables.get("summary"), ids)
    out = []
    for doc, year in sorted(wanted):
        last = {r["metric"]: r for r in _of(summary, doc, year - 1)}
        for r in _of(prior, doc, year):
            if r["for_year"] != year - 1 or r["metric"] not in last or any(w in (r["basis"] or "") for w in _NOT_BUDGET):
                continue
            stated = r | {"source_text": r.get("basis") or r.get("source_text")}
            out.append(_row(PRIOR_VS_BUDGET, r["metric"], stated, r["amount_wan"], last[r["metric"]],
                            last[r["metric"]]["amount_wan"]))
    return out


# the figures first (a wide table scrolls): the item, both figures, their difference, then where each is
SHOWN = ("check", "stated_wan", "compared_wan", "difference_wan", "ok", "county_id", "stated_page", "other_id",
         "other_page", "check_kind")


def shown_frame(frame: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """The columns a page shows, both documents by name and each kind in words (display_frame makes
    the headers Chinese)."""
    return frame.select(SHOWN).with_columns(pl.col("check_kind").replace(KINDS),
                                            pl.col("other_id").replace(names))


def summary_text(frame: pl.DataFrame) -> str:
    """'跨文件核对 12 项，其中 1 项不一致。'"""
    failed = frame.filter(~pl.col("ok")).height
    tail = f"其中 {failed} 项不一致：两份文件所列不同，本看板如实呈现，不作修改。" if failed else "全部一致。"
    return f"跨文件核对 {frame.height} 项，{tail}"


def cross_checks(tables: dict, shown: set[str] | None = None) -> pl.DataFrame:
    """Every cross-document check touching the ``shown`` documents (all when None), failed first."""
    rows = final_budget_checks(tables, shown) + prior_budget_checks(tables, shown)
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row") if rows else pl.DataFrame(schema=SCHEMA)
    return frame.sort("ok", pl.col("difference_wan").abs(), descending=[False, True], nulls_last=True,
                      maintain_order=True)
