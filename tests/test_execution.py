"""预算执行: rates of a 决算 against its budget, from generated pairs' truth and the real 决算's golden figures.

Expected values come from synthetic.final's truth (what the generator rendered: every 项's 年初预算数,
决算数, the budget document's figures) and from ../shared/corpus/final/golden.json (read by hand off
the pages), never from the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.golden_final import FINAL_CORPUS
from charts.context import ChartContext
from charts.execution import make_over_under_figure, make_plan_actual_figure, make_rate_figure
from charts.style import UNCONFIRMED_MARK, UNCONFIRMED_PATTERN
from content.catalog import PAGES, charts_of
from content.execution import (
    ADJUSTED,
    DOCUMENT,
    INITIAL,
    NO_BUDGET,
    ZERO_BUDGET,
    ExecutionData,
    Pair,
    at_level,
    count_figures,
    execution_data,
    find_pairs,
    function_execution,
    measure_execution,
    over_under,
    region_ranking,
    sangong_execution,
)
from content.execution_page import NO_FINAL, execution_items
from content.filters import Filters
from content.selection import select
from loaders import combine
from reader.document import read_document
from synthetic.final import write_pair
from tests.conftest import ROOT

FINAL_DIR = FINAL_CORPUS
GUIHUA = "putuo-guihuaziyuanju-2024-dept-juesuan.pdf"
SHEHUI = "putuo-shehuigongzuobu-2024-dept-juesuan.pdf"


def _read(path: Path):
    return read_document(path.name, path.read_bytes())


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """A generated budget and its 决算 (年初预算数 and 调整预算数 printed by 项 in the text), read back,
    with both truths."""
    out = tmp_path_factory.mktemp("execution")
    budget_path, final_path = write_pair(2301, out, "exec", text_basis="全年", function_bases=False)
    results = [_read(budget_path), _read(final_path)]
    truths = [json.loads(p.with_suffix(".truth.json").read_text(encoding="utf-8")) for p in (budget_path, final_path)]
    return {"results": results, "budget_truth": truths[0]["truth"], "final_truth": truths[1]["truth"],
            "final_record": truths[1]["final"], "paths": (budget_path, final_path)}


@pytest.fixture(scope="module")
def pair_tables(pair):
    return combine([r.tables for r in pair["results"]])


def _data(tables: dict, *shown: str) -> ExecutionData:
    counties = tables["counties"]
    years = dict(zip(counties["county_id"], counties["year"], strict=True))
    selection = select(tables, Filters(counties=shown, year=str(years[shown[0]])))
    return execution_data(selection)


def _ids(pair):
    budget, final = (r.doc_id for r in pair["results"])
    return budget, final


# --- pairing -------------------------------------------------------------------------------


def test_a_final_is_paired_with_its_budget_whichever_is_chosen(pair, pair_tables):
    budget, final = _ids(pair)
    year = pair["final_truth"]["meta"]["year"]
    for shown in (final, budget):
        assert _data(pair_tables, shown).pairs == (Pair(final, year, budget),)


def test_a_budget_alone_has_no_pair():
    counties = pl.DataFrame({"county_id": ["a"], "year": [2024], "document_kind": ["预算"]})
    assert find_pairs(counties, (("a", 2024),)) == ()


# --- rates on each basis, from the truth ----------------------------------------------------


def test_initial_basis_rates_are_the_truths_actual_over_its_initial_budget(pair, pair_tables):
    _, final = _ids(pair)
    data = _data(pair_tables, final)
    got = {r["key"]: r for r in function_execution(data, data.pairs[0], INITIAL).iter_rows(named=True)}
    items = [r for r in pair["final_truth"]["expenditure_function"] if r["level"] == 3]
    assert items
    for row in items:
        want = round(row["total_wan"] / row["budget_wan"] * 100, 1) if row["budget_wan"] else None
        assert got[row["code"]]["plan_wan"] == pytest.approx(row["budget_wan"]), row["code"]
        assert got[row["code"]]["actual_wan"] == pytest.approx(row["total_wan"]), row["code"]
        assert got[row["code"]]["execution_rate"] == want, row["code"]
        assert "决算说明文字第" in got[row["code"]]["plan_source"]  # the text states each 项's budget


def test_a_class_without_its_own_budget_sums_its_items(pair, pair_tables):
    """The generator's class budget (the sum of its 项, in fen) is what the page shows for a 类 whose
    table prints no budget column."""
    _, final = _ids(pair)
    data = _data(pair_tables, final)
    got = {r["key"]: r for r in at_level(function_execution(data, data.pairs[0], INITIAL), 1).iter_rows(named=True)}
    classes = [r for r in pair["final_record"]["functions"] if r["level"] == 1]
    for row in classes:
        assert got[row["code"]]["plan_wan"] == pytest.approx(row["budget"] / 1_000_000), row["code"]
        assert got[row["code"]]["plan_source"].startswith("由所属")


def test_adjusted_basis_uses_the_adjusted_budget(pair, pair_tables):
    _, final = _ids(pair)
    data = _data(pair_tables, final)
    got = {r["key"]: r for r in function_execution(data, data.pairs[0], ADJUSTED).iter_rows(named=True)}
    for row in (r for r in pair["final_truth"]["expenditure_function"] if r["level"] == 3):
        assert got[row["code"]]["plan_wan"] == pytest.approx(row["adjusted_budget_wan"]), row["code"]
        assert "调整预算数" in got[row["code"]]["plan_source"]


def test_document_basis_takes_the_budget_documents_figures(pair, pair_tables):
    budget, final = _ids(pair)
    data = _data(pair_tables, final)
    got = {r["key"]: r for r in function_execution(data, data.pairs[0], DOCUMENT).iter_rows(named=True)}
    # the 决算's table is its 一般公共预算财政拨款 one: the budget's classes of that scope (its 一般公共预算支出表),
    # which the generator made the 决算's 年初预算数; not the budget's table of all funds, which differs
    general = {r["code"]: r["budget"] / 1_000_000 for r in pair["final_record"]["functions"]}  # fen
    every_fund = {r["code"]: r["total_wan"] for r in pair["budget_truth"]["expenditure_function"]}
    assert any(abs(every_fund[c] - v) > 0.005 for c, v in general.items())  # the two scopes differ here
    for row in (r for r in pair["final_truth"]["expenditure_function"]):
        assert got[row["code"]]["plan_wan"] == pytest.approx(general[row["code"]]), row["code"]
        assert got[row["code"]]["plan_doc"] == budget
        assert got[row["code"]]["plan_source"].startswith("预算文件第")
        assert "一般公共预算支出表" in got[row["code"]]["plan_source"]
    # a class funded outside 一般公共预算 only is not in that scope: no row of its own
    assert set(got) == set(general)
    # 基本/项目 and 人员/公用 only the budget document states
    measures = {r["key"]: r for r in measure_execution(data, data.pairs[0], DOCUMENT).iter_rows(named=True)}
    stated = {r["metric"]: r["amount_wan"] for r in pair["budget_truth"]["summary"]}
    done = {r["metric"]: r["amount_wan"] for r in pair["final_truth"]["summary"]}
    for metric in ("基本支出", "项目支出"):
        assert measures[metric]["plan_wan"] == pytest.approx(stated[metric])
        assert measures[metric]["execution_rate"] == round(done[metric] / stated[metric] * 100, 1)


def test_without_the_budget_document_totals_are_not_disclosed(pair, pair_tables):
    """The 决算's own tables print no budget for 基本支出: 未公开, never a rate."""
    _, final = _ids(pair)
    data = _data(pair_tables, final)
    lone = Pair(final, data.pairs[0].year, None)
    measures = {r["key"]: r for r in measure_execution(data, lone, DOCUMENT).iter_rows(named=True)}
    assert measures["基本支出"]["plan_wan"] is None
    assert measures["基本支出"]["execution_rate"] is None
    assert measures["基本支出"]["rate_note"] == NO_BUDGET


def test_sangong_budget_and_actual_from_the_truth(pair, pair_tables):
    _, final = _ids(pair)
    data = _data(pair_tables, final)
    got = {r["key"]: r for r in sangong_execution(data, data.pairs[0], INITIAL).iter_rows(named=True)}
    for row in pair["final_truth"]["sangong"]:
        assert got[row["item"]]["plan_wan"] == pytest.approx(row["budget_wan"])
        assert got[row["item"]]["actual_wan"] == pytest.approx(row["amount_wan"])
        if row["budget_wan"] == 0:
            assert got[row["item"]]["execution_rate"] is None
            assert got[row["item"]]["rate_note"] == ZERO_BUDGET


def test_over_and_under_spends_are_the_largest_differences_of_the_items(pair, pair_tables):
    _, final = _ids(pair)
    data = _data(pair_tables, final)
    items = [r for r in pair["final_truth"]["expenditure_function"] if r["level"] == 3]
    diffs = sorted(round(r["total_wan"] - r["budget_wan"], 2) for r in items)
    want = [d for d in diffs if d < 0][:5]
    got = over_under(function_execution(data, data.pairs[0], INITIAL))
    assert sorted(got.filter(pl.col("diff_wan") < 0)["diff_wan"].to_list()) == pytest.approx(want)
    assert got.filter(pl.col("diff_wan") > 0).is_empty()  # the generator never spends over the budget


# --- a zero or missing budget never gives a rate -------------------------------------------


def _tiny(budget: float | None) -> ExecutionData:
    counties = pl.DataFrame({"county_id": ["x-决算"], "year": [2024], "county_name": ["某县"], "province": ["某省"],
                             "department": ["某局"], "document": ["x.pdf"], "document_kind": ["决算"]})
    function = pl.DataFrame({"county_id": ["x-决算"], "year": [2024], "code": ["201"], "name": ["一般公共服务支出"],
                             "level": [1], "parent_code": [None], "total_wan": [5.0], "budget_wan": [budget],
                             "adjusted_budget_wan": [None], "line": [1], "page": [3], "source_text": ["201"],
                             "confirmed": [False]}, schema_overrides={"parent_code": pl.String, "budget_wan": pl.Float64,
                                                                      "adjusted_budget_wan": pl.Float64})
    checks = pl.DataFrame(schema={"county_id": pl.String, "check": pl.String, "stated_line": pl.Int64,
                                  "computed_pages": pl.String})
    return ExecutionData((Pair("x-决算", 2024, None),), {}, {"counties": counties, "expenditure_function": function,
                                                             "checks": checks, "summary": pl.DataFrame(),
                                                             "sangong": pl.DataFrame()})


@pytest.mark.parametrize(("budget", "note"), [(0.0, ZERO_BUDGET), (None, NO_BUDGET)])
def test_no_rate_from_a_zero_or_missing_budget(budget, note):
    data = _tiny(budget)
    row = function_execution(data, data.pairs[0], INITIAL).row(0, named=True)
    assert row["execution_rate"] is None
    assert row["rate_note"] == note
    ctx = ChartContext(("x-决算",), {"x-决算": "某县·某局"}, {"x-决算": 2024}, {"x-决算": "x.pdf"})
    frame = function_execution(data, data.pairs[0], INITIAL)
    fig = make_rate_figure(frame, ctx, "执行率", "预算数出处")
    assert list(fig.data[0].x) == []  # no bar for a row without a rate
    assert "1 项无执行率" in fig.layout.title.text


def test_an_unconfirmed_figure_is_marked_and_counted():
    data = _tiny(4.0)
    frame = function_execution(data, data.pairs[0], INITIAL)
    ctx = ChartContext(("x-决算",), {"x-决算": "某县·某局"}, {"x-决算": 2024}, {"x-决算": "x.pdf"})
    fig = make_rate_figure(frame, ctx, "执行率", "预算数出处")
    assert fig.data[0].marker.pattern.shape[0] == UNCONFIRMED_PATTERN
    assert UNCONFIRMED_MARK in fig.data[0].hovertext[0]
    assert "预算数：4.00 万元" in fig.data[0].hovertext[0] and "决算数：5.00 万元" in fig.data[0].hovertext[0]
    assert count_figures([frame]) == (2, 2)  # 预算数 and 决算数, both on the unconfirmed row


# --- charts name both figures ----------------------------------------------------------------


def test_charts_carry_both_figures_and_their_pages(pair, pair_tables):
    _, final = _ids(pair)
    data = _data(pair_tables, final)
    p = data.pairs[0]
    ctx = ChartContext((final,), {final: "示例"}, {final: p.year}, {final: "f.pdf"})
    measures = measure_execution(data, p, DOCUMENT)
    fig = make_plan_actual_figure(measures, ctx, "预算与决算", "口径")
    plan, actual = fig.data
    assert list(plan.x) == pytest.approx([v for v in measures["plan_wan"].to_list()], nan_ok=True)
    assert list(actual.x) == pytest.approx(measures["actual_wan"].to_list())
    assert all("预算文件第" in h or "决算" in h for h in plan.hovertext)
    extremes = over_under(function_execution(data, p, INITIAL))
    fig = make_over_under_figure(extremes, ctx, "口径")
    assert sorted(fig.data[0].x) == pytest.approx(sorted(extremes["diff_wan"].to_list()))


# --- the real 决算 (golden figures) ---------------------------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    golden = {d["file"]: d for d in json.loads((FINAL_DIR / "golden.json").read_text(encoding="utf-8"))}
    results = [_read(FINAL_DIR / "pdf" / name) for name in (GUIHUA, SHEHUI)]
    return golden, results, combine([r.tables for r in results])


def test_real_final_overall_rate_from_its_own_initial_budget(real):
    golden, results, tables = real
    figures = golden[GUIHUA]["figures"]
    data = _data(tables, results[0].doc_id)
    row = measure_execution(data, data.pairs[0], DOCUMENT).filter(pl.col("key") == "一般公共预算财政拨款支出").row(0, named=True)
    plan, actual = figures["一般公共预算财政拨款支出_年初预算"], figures["一般公共预算财政拨款支出_决算"]
    assert row["plan_wan"] == plan["value_wan"] and row["actual_wan"] == actual["value_wan"]
    assert row["execution_rate"] == round(actual["value_wan"] / plan["value_wan"] * 100, 1)
    assert f"第 {plan['page']} 页" in row["plan_source"] and f"第 {actual['page']} 页" in row["actual_source"]


def test_real_final_with_a_zero_initial_budget_gives_no_rate_but_the_adjusted_one(real):
    """社会工作部 (new in 2024): 年初预算为0万元, 全年预算为321.02万元 (golden p18)."""
    golden, results, tables = real
    figures = golden[SHEHUI]["figures"]
    data = _data(tables, results[1].doc_id)
    key = pl.col("key") == "一般公共预算财政拨款支出"
    initial = measure_execution(data, data.pairs[0], INITIAL).filter(key).row(0, named=True)
    assert initial["plan_wan"] == figures["一般公共预算财政拨款支出_年初预算"]["value_wan"] == 0
    assert initial["execution_rate"] is None and initial["rate_note"] == ZERO_BUDGET
    adjusted = measure_execution(data, data.pairs[0], ADJUSTED).filter(key).row(0, named=True)
    want = figures["一般公共预算财政拨款支出_决算"]["value_wan"] / figures["一般公共预算财政拨款支出_全年预算"]["value_wan"]
    assert adjusted["execution_rate"] == round(want * 100, 1)


def test_region_ranks_its_departments(real):
    golden, results, tables = real
    data = _data(tables, results[0].doc_id)
    ranking = region_ranking(data, ("上海市普陀区", 2024), ADJUSTED).filter(pl.col("key") == "总体")
    by_id = {r["county_id"]: r for r in ranking.iter_rows(named=True)}
    assert set(by_id) == {r.doc_id for r in results}  # the other 决算 of the region, though not chosen
    shehui = golden[SHEHUI]["figures"]
    assert by_id[results[1].doc_id]["rank"] == 1  # the only one stating a 全年预算 (the other: 年初 only)
    assert by_id[results[1].doc_id]["execution_rate"] == round(
        shehui["一般公共预算财政拨款支出_决算"]["value_wan"] / shehui["一般公共预算财政拨款支出_全年预算"]["value_wan"] * 100, 1)
    assert by_id[results[0].doc_id]["execution_rate"] is None


# --- the page and its export ---------------------------------------------------------------


def test_shipped_budgets_alone_say_there_is_no_final(tables):
    selection = select(tables, Filters(counties=("qinglong",), year="latest"))
    ctx = ChartContext.from_tables(selection.table("counties"))
    items = execution_items(selection, ctx)
    assert [getattr(i, "text", None) for i in items] == [NO_FINAL]
    assert PAGES["execution"].build(selection, ctx) == []




def test_page_shows_the_pair_and_exports_the_same_charts(pair, pair_tables, pair_library):
    budget, final = _ids(pair)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["county"] = final
    at.run()
    at.switch_page("views/page_execution.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["预算执行"]
    shown = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert shown and shown[0].startswith("执行率：支出功能分类（类）")
    assert any(s.startswith("“三公”经费：预算与决算") for s in shown)
    assert at.warning[0].value.startswith("本页") or at.caption[0].value.startswith("本页")
    files = {r.doc_id: p.name for r, p in zip(pair["results"], pair["paths"], strict=True)}
    assert any(files[budget] in c.value for c in at.caption)  # says the budget document is the basis
    selection = select(pair_tables, Filters(counties=(final,), year="latest"))
    ctx = ChartContext.from_tables(selection.table("counties"))
    assert shown == [c.figure.layout.title.text for c in charts_of(execution_items(selection, ctx))]
    at.radio(key="execution_basis").set_value(ADJUSTED).run()
    assert not at.exception
    adjusted = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert any("调整预算数" in s for s in adjusted)
