"""Checks across documents (issue 22 point 4): a 决算's 年初预算数 against the budget of the same year,
a budget's stated 上年预算数 against last year's budget. Truth: the generator's (a budget/final pair
whose 年初预算数 are the budget's 一般公共预算 figures) and figures put in by hand below."""

from __future__ import annotations

import json

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from content.crosscheck import FINAL_VS_BUDGET, PRIOR_VS_BUDGET, cross_checks, scope_notes
from contract.tables import TABLES, empty_frame, frame_from_rows
from loaders import combine
from reader.document import read_document
from synthetic.final import write_pair
from tests.conftest import ROOT
from tests.test_sections import section_labels

FEN_PER_WAN = 1_000_000


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """A generated budget and its 决算 (年初预算数 printed for every class), read back, with the truth."""
    out = tmp_path_factory.mktemp("crosscheck")
    budget_path, final_path = write_pair(2301, out, "cross", function_bases=True)
    results = [read_document(p.name, p.read_bytes()) for p in (budget_path, final_path)]
    record = json.loads(final_path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    return {"results": results, "final": record["final"], "truth": record["truth"], "paths": (budget_path, final_path)}


@pytest.fixture(scope="module")
def tables(pair):
    return combine([r.tables for r in pair["results"]])


def _ids(pair) -> tuple[str, str]:
    budget, final = (r.doc_id for r in pair["results"])
    return budget, final


def _changed(tables: dict, name: str, where: pl.Expr, column: str, delta: float) -> dict:
    return tables | {name: tables[name].with_columns(
        pl.when(where).then(pl.col(column) + delta).otherwise(pl.col(column)).alias(column))}


def test_a_final_and_its_budget_agree_on_every_initial_budget_the_generator_made_equal(pair, tables):
    budget, final = _ids(pair)
    checks = cross_checks(tables)
    assert checks["ok"].all(), checks.filter(~pl.col("ok"))
    assert set(checks["check_kind"]) == {FINAL_VS_BUDGET}
    assert set(checks["county_id"]) == {final} and set(checks["other_id"]) == {budget}
    functions = {r["code"]: r["budget"] / FEN_PER_WAN for r in pair["final"]["functions"] if r["budget"]}
    got = {c.split()[1]: r for r in checks.iter_rows(named=True) if (c := r["check"]).startswith("功能分类")}
    assert set(got) == set(functions)  # every class, each level, compared
    for code, value in functions.items():
        assert got[code]["stated_wan"] == pytest.approx(value) and got[code]["compared_wan"] == pytest.approx(value)
        assert got[code]["stated_page"] is not None and got[code]["other_page"] is not None
    sangong = {f"三公 {r['item']}": r["budget_wan"] for r in pair["truth"]["sangong"]}
    by_check = dict(zip(checks["check"], checks["stated_wan"], strict=True))
    for check, value in sangong.items():
        assert by_check[check] == pytest.approx(value)
    assert by_check["三公经费合计"] == pytest.approx(sum(sangong.values()))
    assert scope_notes(tables) == []


def test_the_budget_is_compared_in_the_finals_scope_not_its_table_of_all_funds(pair, tables):
    """The budget's 支出预算表 covers all funds; a class with 政府性基金 money there differs from the
    决算's 年初预算数 (一般公共预算) by that money, which is no contradiction."""
    budget, _ = _ids(pair)
    functions = tables["expenditure_function"].filter(pl.col("county_id") == budget)
    wider = functions.filter((pl.col("total_wan") - pl.col("general_wan")).abs() > 0.005)
    assert not wider.is_empty()  # this pair has such classes: the test can tell the scopes apart
    assert cross_checks(tables)["ok"].all()


def test_a_budget_figure_that_differs_fails_naming_both_documents_and_pages(pair, tables):
    budget, final = _ids(pair)
    code = next(r["code"] for r in pair["final"]["functions"] if r["level"] == 3 and r["budget"])
    changed = _changed(tables, "sangong", (pl.col("county_id") == budget) & (pl.col("item") == "公务接待费"),
                       "amount_wan", 1.5)
    changed = _changed(changed, "expenditure_function", (pl.col("county_id") == budget) & (pl.col("code") == code),
                       "general_wan", -2.0)
    checks = cross_checks(changed)
    failed = {r["check"]: r for r in checks.filter(~pl.col("ok")).iter_rows(named=True)}
    assert set(failed) == {"三公 公务接待费", next(c for c in checks["check"] if c.startswith(f"功能分类 {code} "))}
    assert failed["三公 公务接待费"]["difference_wan"] == pytest.approx(1.5)
    assert failed[next(c for c in failed if c.startswith("功能分类"))]["difference_wan"] == pytest.approx(-2.0)
    for row in failed.values():
        assert (row["county_id"], row["other_id"]) == (final, budget)
        assert row["stated_page"] is not None and row["other_page"] is not None
    assert list(checks["ok"][:2]) == [False, False]  # failed first


def test_a_budget_without_a_general_table_is_not_compared_class_by_class(pair, tables):
    budget, final = _ids(pair)
    blank = tables | {"expenditure_function": tables["expenditure_function"].with_columns(
        pl.when(pl.col("county_id") == budget).then(None).otherwise(pl.col("general_wan")).alias("general_wan"))}
    checks = cross_checks(blank)
    assert not checks.is_empty() and not any(c.startswith("功能分类") for c in checks["check"])
    notes = scope_notes(blank)
    assert [doc for doc, _ in notes] == [final] and "一般公共预算支出表" in notes[0][1]


def test_a_final_without_its_budget_and_a_budget_alone_have_nothing_to_compare(pair):
    for result in pair["results"]:
        assert cross_checks(result.tables).is_empty()


def test_the_checks_touching_the_shown_documents_only(pair, tables):
    budget, final = _ids(pair)
    assert cross_checks(tables, {final}).height == cross_checks(tables, {budget}).height > 0
    assert cross_checks(tables, {"someone-else"}).is_empty()


# --- a budget's 上年预算数 against last year's budget --------------------------------------------


def _budget_year(doc: str, year: int, summary: list[dict], prior: list[dict]) -> dict:
    return {name: empty_frame(name) for name in TABLES} | {
        "counties": frame_from_rows("counties", [{"county_name": "样例县", "province": "样例省", "department": "样例局",
                                                  "document": f"{doc}-{year}.pdf", "document_kind": "预算"}], doc, year),
        "summary": frame_from_rows("summary", summary, doc, year),
        "prior_year": frame_from_rows("prior_year", prior, doc, year),
    }


def test_a_stated_prior_year_budget_is_checked_against_last_years_budget():
    last = _budget_year("d", 2024, [{"metric": "支出合计", "amount_wan": 1200.0, "line": 40, "page": 3},
                                    {"metric": "三公经费合计", "amount_wan": 12.5, "line": 90, "page": 9}], [])
    this = _budget_year("d", 2025, [{"metric": "支出合计", "amount_wan": 1300.0, "line": 41, "page": 3}], [
        {"metric": "支出合计", "for_year": 2024, "amount_wan": 1180.0, "basis": "比上年预算增加120万元", "line": 5, "page": 2},
        {"metric": "三公经费合计", "for_year": 2024, "amount_wan": 12.5, "basis": "比上年预算持平", "line": 6, "page": 2},
        # compared with last year's 执行数: not a budget figure, not compared
        {"metric": "收入合计", "for_year": 2024, "amount_wan": 999.0, "basis": "比上年执行数减少1万元", "line": 7,
         "page": 2},
    ])
    tables = combine([last, this])
    checks = cross_checks(tables)
    assert set(checks["check_kind"]) == {PRIOR_VS_BUDGET}
    rows = {r["check"]: r for r in checks.iter_rows(named=True)}
    assert set(rows) == {"支出合计", "三公经费合计"}
    assert rows["支出合计"]["ok"] is False and rows["支出合计"]["difference_wan"] == pytest.approx(20.0)
    assert (rows["支出合计"]["stated_page"], rows["支出合计"]["other_page"]) == (2, 3)
    assert rows["支出合计"]["other_year"] == 2024 and rows["支出合计"]["year"] == 2025
    assert rows["三公经费合计"]["ok"] is True
    # the later budget alone: nothing to compare with
    assert cross_checks(combine([this])).is_empty()


# --- the page ---------------------------------------------------------------------------------


def test_the_checks_page_lists_the_cross_document_checks(pair, pair_library):
    _, final = _ids(pair)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["county"] = final
    at.run()
    at.switch_page("views/page_checks.py").run()
    assert not at.exception
    assert section_labels(at) == ["勾稽核对结果", "文件内核对", "跨文件核对"]
    assert any(c.value.startswith("跨文件核对") and "全部一致" in c.value for c in at.caption)
    frames = [d.value for d in at.dataframe]
    cross = next(f for f in frames if "对照文件" in f.columns)
    assert len(cross) == cross_checks(combine([r.tables for r in pair["results"]])).height


def test_the_checks_page_says_when_there_is_nothing_to_compare():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["county"] = "hezheng"
    at.run()
    at.switch_page("views/page_checks.py").run()
    assert not at.exception
    assert any("没有可对照的文件" in c.value for c in at.caption)


def _notices(tables: dict, final: str) -> list[str]:
    from charts.context import ChartContext
    from content.catalog import Notice
    from content.execution_page import execution_items
    from content.filters import Filters
    from content.selection import select

    selection = select(tables, Filters(counties=(final,), year="latest"))
    items = execution_items(selection, ChartContext.from_tables(selection.table("counties")))
    return [i.text for i in items if isinstance(i, Notice)]


def test_the_execution_page_says_when_the_finals_budget_and_the_budget_disagree(pair, tables):
    budget, final = _ids(pair)
    assert not any(t.startswith("跨文件核对") for t in _notices(tables, final))
    changed = _changed(tables, "sangong", (pl.col("county_id") == budget) & (pl.col("item") == "公务接待费"),
                       "amount_wan", 1.5)
    said = [t for t in _notices(changed, final) if t.startswith("跨文件核对")]
    assert len(said) == 1 and "三公 公务接待费（差 +1.50 万元）" in said[0]


def test_the_scope_note_only_where_the_budget_prints_no_general_table(pair, tables):
    """Compared in one scope, the budget's classes need no caveat; without its 一般公共预算支出表 the page
    compares with its table of all funds and says that the scopes may differ."""
    budget, final = _ids(pair)
    assert not any(t.startswith("口径提示") for t in _notices(tables, final))
    blank = tables | {"expenditure_function": tables["expenditure_function"].with_columns(
        pl.when(pl.col("county_id") == budget).then(None).otherwise(pl.col("general_wan")).alias("general_wan"))}
    assert any(t.startswith("口径提示") for t in _notices(blank, final))


def test_a_charts_source_line_names_final_accounts_as_such():
    from charts.style import SOURCE_NOTE, source_note

    assert source_note(["a.pdf"]) == f"{SOURCE_NOTE}（a.pdf）"  # budgets: as always
    assert source_note(["a.pdf"], ["决算"]).startswith("来源：部门决算、单位决算公开文件")
    assert source_note(["a.pdf", "b.pdf"], ["预算", "决算"]).startswith("来源：部门预算、单位预算与决算公开文件")
    assert source_note(["a.pdf、b.pdf"], ["决算、预算"]).startswith("来源：部门预算、单位预算与决算公开文件")


def test_the_execution_charts_name_both_documents_kinds(pair, tables):
    from charts.context import ChartContext
    from charts.style import source_footnote
    from content.catalog import charts_of
    from content.execution_page import execution_items
    from content.filters import Filters
    from content.selection import select

    _, final = _ids(pair)
    selection = select(tables, Filters(counties=(final,), year="latest"))
    charts = charts_of(execution_items(selection, ChartContext.from_tables(selection.table("counties"))))
    assert charts
    for chart in charts:
        assert source_footnote(chart.figure).text.startswith("来源：部门预算、单位预算与决算公开文件")


def test_a_titles_count_names_final_accounts_as_such():
    from charts.style import count_text

    same = (["甲县", "甲县"], ["甲县财政局", "甲县财政局"])  # one department's budget and its 决算
    assert count_text(*same) == "2 份预算"
    assert count_text(*same, ["决算", "决算"]) == "2 份决算"
    assert count_text(*same, ["预算", "决算"]) == "2 份公开文件"
    assert count_text(["甲县", "乙县"], ["a", "b"], ["预算", "决算"]) == "2 个地区"


def test_the_checks_page_says_why_classes_were_not_compared(pair, tmp_path, monkeypatch):
    """The budget stored without its 一般公共预算支出表's figures: 勾稽核对 says its classes were not compared."""
    from library import Library, meta_of

    budget, final = _ids(pair)
    library = Library(tmp_path / "library")
    for path, result in zip(pair["paths"], pair["results"], strict=True):
        tables = dict(result.tables)
        if result.doc_id == budget:
            tables["expenditure_function"] = tables["expenditure_function"].with_columns(
                pl.lit(None, pl.Float64).alias("general_wan"), pl.lit(None, pl.Int64).alias("general_page"))
        library.add(tables, meta_of(result), path.read_bytes(), path.name)
    monkeypatch.setenv("BUDGET_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["county"] = final
    at.run()
    at.switch_page("views/page_checks.py").run()
    assert not at.exception
    assert any("预算文件没有一般公共预算支出表" in c.value for c in at.caption)
