"""The reader on generated final accounts (决算) and budget/final pairs: every figure, on every basis
(决算数, 年初预算数, 调整/全年预算数), equals what the generator put in.

The truth is synthetic.final's own record of what it rendered, never what a reader read. Each
value of every final-account layout choice (synthetic.final.FINAL_CHOICES) is covered by the four
pairs written here.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from reader.document import read_document
from reader.final import budget_id
from synthetic.disclosure import GENERAL, general_values
from synthetic.final import FINAL_CHOICES, generate_pair, pair_options, write_pair
from tests.roundtrip import differences

N_PAIRS = 4
_TOL = 1e-6


@pytest.fixture(scope="module")
def pairs(tmp_path_factory):
    out = tmp_path_factory.mktemp("finals")
    written = []
    for index in range(N_PAIRS):
        seed = 2200 + index
        budget_path, final_path = write_pair(seed, out, f"pair{index}", **pair_options(index))
        truth = json.loads(final_path.with_suffix(".truth.json").read_text(encoding="utf-8"))["truth"]
        written.append({"seed": seed, "truth": truth,
                        "final": read_document(final_path.name, final_path.read_bytes()),
                        "budget": read_document(budget_path.name, budget_path.read_bytes())})
    return written


def test_the_pairs_cover_every_layout_choice(pairs):
    for name, values in FINAL_CHOICES.items():
        assert {p["truth"]["options"][name] for p in pairs} == set(values), name


@pytest.mark.parametrize("index", range(N_PAIRS))
def test_every_final_figure_matches_the_truth(pairs, index):
    pair = pairs[index]
    assert differences(pair["truth"], pair["final"].tables, pair["truth"]["variant"]) == [], pair["truth"]["options"]


@pytest.mark.parametrize("index", range(N_PAIRS))
def test_budget_figures_beside_the_final_ones_match_the_truth(pairs, index):
    truth, tables = pairs[index]["truth"], pairs[index]["final"].tables
    keys = {"summary": "metric", "sangong": "item", "expenditure_function": "code"}
    for table, key in keys.items():
        read = {r[key]: r for r in tables[table].iter_rows(named=True)}
        for row in truth[table]:
            got = read[row[key]]
            for column in ("budget_wan", "adjusted_budget_wan"):
                want = row.get(column)
                assert (got[column] is None) == (want is None), (table, row[key], column, got[column], want)
                assert want is None or abs(got[column] - want) <= _TOL, (table, row[key], column, got[column], want)


@pytest.mark.parametrize("index", range(N_PAIRS))
def test_line_numbers_are_never_amounts_and_nothing_fails(pairs, index):
    result = pairs[index]["final"]
    checks = result.tables["checks"]
    assert checks.filter(~pl.col("ok")).is_empty(), checks.filter(~pl.col("ok")).select("check").rows()
    assert not [w for w in result.report["warnings"] if "无法" in w["message"]]


@pytest.mark.parametrize("index", range(N_PAIRS))
def test_a_budget_and_its_final_account_belong_together(pairs, index):
    pair = pairs[index]
    final, budget = pair["final"], pair["budget"]
    assert (final.meta.document_kind, budget.meta.document_kind) == ("决算", "预算")
    assert final.doc_id != budget.doc_id and budget_id(final.doc_id) == budget.doc_id
    assert final.tables["counties"]["document_kind"].to_list() == ["决算"]
    assert budget.tables["counties"]["document_kind"].to_list() == ["预算"]
    # the 决算's 年初预算数 of every 项 is the budget's 一般公共预算 figure (the pair's truth) and, where
    # the budget spends no other fund on it, the budget document's own 合计 of that 项 as read
    disclosure, _ = generate_pair(pair["seed"], **pair_options(index))
    general = {r.code: general_values(r)[0] for r in disclosure.functions
               if r.level == 3 and general_values(r)[0]}  # a 项 paid by other funds only is not in it
    only_general = {r.code for r in disclosure.functions if r.level == 3 and r.total == r.by_source(GENERAL)}
    budget_rows = {r["code"]: r["total_wan"] for r in budget.tables["expenditure_function"].iter_rows(named=True)}
    leaves = final.tables["expenditure_function"].filter(pl.col("level") == 3)
    assert leaves.height == len(general)
    for row in leaves.iter_rows(named=True):
        assert abs(row["budget_wan"] - general[row["code"]] / 1_000_000) <= _TOL, row["code"]
        if row["code"] in only_general:
            assert abs(row["budget_wan"] - budget_rows[row["code"]]) <= _TOL, row["code"]
