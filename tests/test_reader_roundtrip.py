"""The reader on generated disclosures (PDF and Excel): every figure equals what the generator put in.

The truth is synthetic.disclosure's own record of what it rendered, never what a reader read.
A document with a planted contradiction must be read as printed and the contradiction must
come out as a failed check naming the stated figure.
"""

from __future__ import annotations

import pytest

from reader.document import read_document
from synthetic.corpus import write_corpus
from synthetic.disclosure import read_truth
from tests.roundtrip import differences_as_printed

N_DOCUMENTS = 12


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    return [(path, read_truth(path.with_suffix(".truth.json")))
            for path in write_corpus(out, N_DOCUMENTS, seed=1)]


@pytest.fixture(scope="module")
def read(corpus):
    return {path.name: read_document(path.name, path.read_bytes()) for path, _ in corpus}


def test_corpus_covers_pdf_excel_and_every_code_style(corpus):
    kinds = {(path.suffix, truth["variant"]["code_style"]) for path, truth in corpus}
    assert {suffix for suffix, _ in kinds} == {".pdf", ".xlsx"}
    assert {style for _, style in kinds} == {"joined", "split", "indented"}


@pytest.mark.parametrize("index", range(N_DOCUMENTS))
def test_every_figure_matches_the_truth(corpus, read, index):
    path, truth = corpus[index]
    result = read[path.name]
    assert differences_as_printed(truth, result.tables) == [], (path.name, truth["variant"])


@pytest.mark.parametrize("index", range(N_DOCUMENTS))
def test_contradictions_fail_a_check_and_nothing_else_fails(corpus, read, index):
    path, truth = corpus[index]
    checks = read[path.name].tables["checks"]
    failed = checks.filter(~checks["ok"])
    expected = truth["expected_failed_checks"]
    if not expected:
        assert failed.is_empty(), failed.select("check", "stated_wan", "computed_wan").rows()
        return
    for planted in expected:
        stated = failed.filter((failed["stated_wan"] - planted["stated_wan"]).abs() < 1e-6)
        assert not stated.is_empty(), (planted, failed.rows())
        assert (stated["computed_wan"] - planted["computed_wan"]).abs().min() < 0.01
        if path.suffix == ".pdf":  # a failed check names the page of the stated figure
            assert stated["stated_page"].drop_nulls().len() > 0


@pytest.mark.parametrize("index", range(N_DOCUMENTS))
def test_read_report_names_every_table(corpus, read, index):
    path, truth = corpus[index]
    report = {line["kind"]: line["status"] for line in read[path.name].report["tables"]}
    names = {"overview": "budget_summary", "income": "income", "expenditure": "expenditure",
             "fiscal_overview": "fiscal_summary", "general_expenditure": "general_expenditure",
             "basic_economic": "basic_economic", "sangong": "sangong", "fund_expenditure": "fund_expenditure",
             "state_capital_expenditure": "capital_expenditure", "projects": "projects",
             "dept_performance": "dept_targets", "project_performance": "project_targets"}
    expected = {"present": "已读取", "empty": "未公开（空表）", "absent": "未找到"}
    for kind, status in truth["tables"].items():
        if kind == "sangong" and truth["variant"]["sangong_zero"] and status == "present":
            continue  # a 三公 table of zeros is disclosed; whether it reads as empty is not the point
        assert report[names[kind]] == expected[status], (path.name, kind)


def test_pdf_rows_carry_their_page(corpus, read):
    for path, _ in corpus:
        if path.suffix != ".pdf":
            continue
        tables = read[path.name].tables
        for name in ("summary", "expenditure_function", "indicators"):
            assert tables[name]["page"].null_count() == 0, (path.name, name)
            assert tables[name]["source_text"].null_count() == 0
