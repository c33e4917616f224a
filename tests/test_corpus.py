"""The real corpus (../shared/corpus/pdf, 21 published disclosures) read to its golden figures.

Every golden figure (read by hand off the page: ../shared/corpus/golden.json, each with its page)
is a test case: the contract must hold it exactly. The figures the reader does not read yet are
listed in tests/corpus_gaps.txt (file, figure); they are expected to fail (strict: one that starts
passing must leave the list), and none of them may be shown as a confirmed figure. The list is the
open part of the issue on real published disclosures, not an answer key.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import pytest

from benchmarks.golden import CORPUS, compare, load_golden
from reader.document import read_document

GAPS_FILE = Path(__file__).with_name("corpus_gaps.txt")
GOLDEN = load_golden()
GAPS = {tuple(line.split("\t")) for line in GAPS_FILE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")}


@cache
def _outcomes(file: str) -> dict[str, object]:
    record = next(r for r in GOLDEN if r["file"] == file)
    result = read_document(file, (CORPUS / "pdf" / file).read_bytes())
    return {o.figure: o for o in compare(record, result.tables)}


def _figures():
    """Every scored figure's name: compare() over tables that hold nothing."""
    nothing = {name: pl.DataFrame() for name in ("summary", "income", "sangong", "expenditure_function",
                                                 "expenditure_economic")}
    for record in GOLDEN:
        for outcome in compare(record, nothing):
            yield record["file"], outcome.figure


CASES = list(_figures())


def test_the_whole_corpus_is_here():
    assert len(GOLDEN) == 21
    assert all((CORPUS / "pdf" / r["file"]).is_file() for r in GOLDEN)
    assert not GAPS - set(CASES), "corpus_gaps.txt names figures golden.json does not have"


@pytest.mark.parametrize(("file", "figure"), CASES, ids=[f"{f}:{g}" for f, g in CASES])
def test_golden_figure_read_exactly(file, figure, request):
    outcome = _outcomes(file)[figure]
    if (file, figure) in GAPS:
        assert outcome.outcome != "wrong" or outcome.confirmed is None, (
            f"p{outcome.page} {figure}: {outcome.read} shown as confirmed, golden {outcome.golden}")
        request.applymarker(pytest.mark.xfail(strict=True, reason="listed in corpus_gaps.txt"))
    assert outcome.outcome == "exact", f"p{outcome.page} {figure}: read {outcome.read}, golden {outcome.golden}"
