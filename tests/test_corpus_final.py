"""The real final accounts (../shared/corpus/final/pdf: three published 部门决算, 上海市普陀区 2024) read
to their golden figures.

Every golden figure (read by hand off the page: ../shared/corpus/final/golden.json, each with its
page; mapped onto the contract by benchmarks.golden_final) is a test case: the contract must hold it
exactly. Figures not read yet would be listed in tests/corpus_final_gaps.txt (file, figure) as strict
expected failures, never shown as confirmed figures.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import pytest

from benchmarks.golden_final import FINAL_CORPUS, compare, load_golden
from reader.document import read_document
from reader.final import budget_id

GAPS_FILE = Path(__file__).with_name("corpus_final_gaps.txt")
GOLDEN = load_golden()
GAPS = {tuple(line.split("\t")) for line in GAPS_FILE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")}


@cache
def _read(file: str):
    return read_document(file, (FINAL_CORPUS / "pdf" / file).read_bytes())


@cache
def _outcomes(file: str) -> dict[str, object]:
    record = next(r for r in GOLDEN if r["file"] == file)
    return {o.figure: o for o in compare(record, _read(file).tables)}


def _figures():
    nothing = {name: pl.DataFrame() for name in ("summary", "income", "sangong", "expenditure_function",
                                                 "expenditure_economic")}
    for record in GOLDEN:
        for outcome in compare(record, nothing):
            yield record["file"], outcome.figure


CASES = list(_figures())


def test_the_final_corpus_is_here():
    assert len(GOLDEN) == 3 and len(CASES) == 102
    assert all((FINAL_CORPUS / "pdf" / r["file"]).is_file() for r in GOLDEN)
    assert not GAPS - set(CASES), "corpus_final_gaps.txt names figures golden.json does not have"


@pytest.mark.parametrize("record", GOLDEN, ids=[r["file"] for r in GOLDEN])
def test_a_final_account_is_known_by_its_kind(record):
    result = _read(record["file"])
    assert (result.meta.document_kind, result.meta.year, result.meta.edition) == ("决算", record["year"], record["edition"])
    assert result.meta.region == "上海市普陀区"
    assert result.doc_id.endswith("-部门-决算") and budget_id(result.doc_id) == result.doc_id[:-3]
    assert result.tables["counties"]["document_kind"].to_list() == ["决算"]
    assert result.report["document_kind"] == "决算"


@pytest.mark.parametrize(("file", "figure"), CASES, ids=[f"{f}:{g}" for f, g in CASES])
def test_golden_figure_read_exactly(file, figure, request):
    outcome = _outcomes(file)[figure]
    if (file, figure) in GAPS:
        assert outcome.outcome != "wrong" or outcome.confirmed is None, (
            f"p{outcome.page} {figure}: {outcome.read} shown as confirmed, golden {outcome.golden}")
        request.applymarker(pytest.mark.xfail(strict=True, reason="listed in corpus_final_gaps.txt"))
    assert outcome.outcome == "exact", f"p{outcome.page} {figure}: read {outcome.read}, golden {outcome.golden}"


def test_contradictions_the_golden_lists_fail_as_checks():
    # golden.json "contradictions": 规划和自然资源局 p24 text 人员经费 4896.98 against the table's 4884.09 (p16)
    checks = _read("putuo-guihuaziyuanju-2024-dept-juesuan.pdf").tables["checks"]
    failed = checks.filter(~pl.col("ok") & pl.col("check").str.starts_with("人员经费"))
    assert failed.select("stated_wan", "computed_wan", "stated_page").rows() == [(4884.09, 4896.98, 16)]
