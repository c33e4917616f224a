"""Generated disclosures: the truth adds up, and the PDF/xlsx renderings show it."""

from decimal import Decimal

import pymupdf
import pytest
from python_calamine import CalamineWorkbook

from synthetic.corpus import write_corpus
from synthetic.disclosure import (
    VARIANT_CHOICES,
    WAN,
    Disclosure,
    Variant,
    format_amount,
    generate_disclosure,
    read_truth,
    table_grids,
)
from synthetic.render_pdf import render_pdf
from synthetic.render_xlsx import render_xlsx

SEEDS = range(40)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def _summary(truth: dict) -> dict[str, float]:
    return {row["metric"]: row["amount_wan"] for row in truth["summary"]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    paths = write_corpus(out, 12, seed=3)
    return [(path, Disclosure.from_json(path.with_suffix(".truth.json").read_text(encoding="utf-8")))
            for path in paths]


@pytest.mark.parametrize("seed", SEEDS)
def test_function_hierarchy_adds_up(seed):
    rows = generate_disclosure(seed).truth()["expenditure_function"]
    for row in rows:
        assert _close(row["total_wan"], row["basic_wan"] + row["project_wan"]), row
        children = [r for r in rows if r["parent_code"] == row["code"]]
        if row["level"] < 3:
            assert children, row
        for column in ("total_wan", "basic_wan", "project_wan") if children else ():
            assert _close(row[column], sum(r[column] for r in children)), (row, column)


@pytest.mark.parametrize("seed", SEEDS)
def test_totals_agree_across_tables(seed):
    truth = generate_disclosure(seed).truth()
    s = _summary(truth)
    classes = [r for r in truth["expenditure_function"] if r["level"] == 1]
    economic = [r for r in truth["expenditure_economic"] if r["level"] == 1]
    assert _close(s["支出合计"], sum(r["total_wan"] for r in classes))
    assert _close(s["收入合计"], sum(r["amount_wan"] for r in truth["income"]))
    assert _close(s["收入合计"], s["支出合计"])
    assert _close(s["基本支出"], sum(r["total_wan"] for r in economic))
    assert _close(s["基本支出"], s["人员经费"] + s["公用经费"])
    assert _close(s["项目支出"], sum(r["amount_wan"] for r in truth["projects"]))
    assert _close(s["三公经费合计"], sum(r["amount_wan"] for r in truth["sangong"]))
    assert 3 <= len(truth["projects"]) <= 25


@pytest.mark.parametrize("seed", SEEDS)
def test_indicator_weights_add_to_90_or_100(seed):
    indicators = generate_disclosure(seed).truth()["indicators"]
    for name in {i["project_name"] for i in indicators}:
        assert sum(i["weight"] for i in indicators if i["project_name"] == name) in (90, 100), name


@pytest.mark.parametrize("seed", SEEDS)
def test_prior_year_amount_is_this_year_minus_change(seed):
    truth = generate_disclosure(seed).truth()
    s = _summary(truth)
    for row in truth["prior_year"]:
        assert row["for_year"] == truth["meta"]["year"] - 1
        if "持平" in row["basis"]:
            assert _close(row["amount_wan"], s[row["metric"]])
        elif "增加" in row["basis"]:
            assert row["amount_wan"] < s[row["metric"]]
        else:
            assert row["amount_wan"] > s[row["metric"]]


@pytest.mark.parametrize("kind", ["expenditure_project_total", "sangong_total"])
def test_contradiction_is_declared_and_shown(kind):
    d = generate_disclosure(5, contradiction=kind)
    [check] = d.truth()["expected_failed_checks"]
    assert check["stated_wan"] != check["computed_wan"]
    assert _close(check["difference_wan"], check["computed_wan"] - check["stated_wan"])
    grid = next(g for g in table_grids(d) if g.kind == check["table"])
    shown = [c.fen for c in grid.rows[0] if hasattr(c, "fen")]
    assert round(check["stated_wan"] * WAN) in shown
    assert round(check["computed_wan"] * WAN) not in shown[-1:]


def test_no_contradiction_by_default():
    assert generate_disclosure(5, contradiction="none").truth()["expected_failed_checks"] == []


def test_same_seed_same_truth_other_seed_differs():
    assert generate_disclosure(11).truth() == generate_disclosure(11).truth()
    assert generate_disclosure(11).truth() != generate_disclosure(12).truth()


def test_json_round_trip(tmp_path):
    d = generate_disclosure(4)
    assert Disclosure.from_json(d.to_json()) == d


@pytest.mark.parametrize("seed", range(10))
def test_wan_documents_hold_whole_hundredths(seed):
    d = generate_disclosure(seed, unit_mode="万元")
    amounts = [r.total for r in d.functions] + [r.amount for r in d.economic] + [f for _, f in d.projects]
    assert all(fen % (WAN // 100) == 0 for fen in amounts)


@pytest.mark.parametrize(("fen", "unit", "thousands", "zero", "expected"), [
    (9628221344, "元", True, "0.00", "96,282,213.44"),
    (9628221344, "元", False, "0.00", "96282213.44"),
    (123456780000, "万元", True, "0.00", "123,456.78"),
    (123456780000, "万元", False, "-", "123456.78"),
    (0, "元", True, "blank", ""),
    (0, "元", True, "-", "-"),
    (0, "万元", True, "0", "0"),
    (0, "万元", True, "0.00", "0.00"),
])
def test_format_amount(fen, unit, thousands, zero, expected):
    assert format_amount(fen, unit, Variant(thousands=thousands, zero_style=zero)) == expected


def test_corpus_covers_every_variant_value(corpus):
    seen = {name: {d.variant.value(name) for _, d in corpus} for name in VARIANT_CHOICES}
    for name, options in VARIANT_CHOICES.items():
        assert set(options) <= seen[name], name
    assert {d.edition for _, d in corpus} == {"部门", "单位"}
    truths = [read_truth(p.with_suffix(".truth.json")) for p, _ in corpus]
    assert {s for t in truths for s in t["tables"].values()} == {"present", "empty", "absent"}
    assert sum(bool(t["expected_failed_checks"]) for t in truths) == 4  # i % 6 in (3, 5)


def _pdf_pages(path) -> list[str]:
    with pymupdf.open(path) as doc:
        return [page.get_text().replace("\n", "") for page in doc]


def test_pdfs_show_titles_units_and_totals(corpus):
    pdfs = [(p, d) for p, d in corpus if p.suffix == ".pdf"]
    assert pdfs
    for path, d in pdfs:
        pages = _pdf_pages(path)
        text = "".join(pages)
        assert len(text) > 500, path
        for grid in table_grids(d):
            page = next(p for p in pages if p.startswith(grid.title))
            assert f"{d.variant.unit_label}{grid.unit}" in page, (path, grid.title)
            assert d.preparer() in page
        expenditure = next(g for g in table_grids(d) if g.kind == "expenditure")
        total = format_amount(expenditure.rows[0][-3].fen, expenditure.unit, d.variant)
        page = next(p for p in pages if p.startswith(expenditure.title))
        assert total in page, (path, total)
        for row in d.truth()["prior_year"]:
            assert row["basis"] in text.replace("　", "")


def test_long_table_spans_pages_with_repeated_header(corpus):
    longs = [(p, d) for p, d in corpus if p.suffix == ".pdf" and d.variant.long_table]
    assert longs
    for path, d in longs:
        pages = _pdf_pages(path)
        grid = next(g for g in table_grids(d) if g.kind == "expenditure")
        first = next(i for i, p in enumerate(pages) if p.startswith(grid.title))
        titles = [g.title for g in table_grids(d)]
        following = titles[titles.index(grid.title) + 1]
        assert next(i for i, p in enumerate(pages) if p.startswith(following)) - first >= 2
        nxt = pages[first + 1]
        assert "基本支出" in nxt and "项目支出" in nxt
        assert nxt.startswith(grid.title + "（续）") == (d.variant.continued_title == "续")
        assert len(grid.rows) > 30


def test_empty_table_shows_note_or_zero_row(tmp_path):
    for style in ("note", "zeros"):
        d = generate_disclosure(8, fund_income=False, empty_style=style, omit="none", empty_note=1)
        pages = _pdf_pages(render_pdf(d, tmp_path / f"{style}.pdf"))
        page = next(p for p in pages if p.startswith("国有资本经营预算支出表"))
        has_note = "此表为空表" in page
        assert has_note == (style == "note")


def test_xlsx_has_sheets_and_numbers(corpus):
    books = [(p, d) for p, d in corpus if p.suffix == ".xlsx"]
    assert {d.variant.xlsx_values for _, d in books} == {"number", "string"}
    for path, d in books:
        book = CalamineWorkbook.from_path(str(path))
        grids = [g for g in table_grids(d) if g.kind != "project_performance"]
        assert len(book.sheet_names) == len(grids) + 1 + any(
            g.kind == "project_performance" for g in table_grids(d))
        index = next(i for i, g in enumerate(grids) if g.kind == "expenditure") + 1
        rows = book.get_sheet_by_index(index).to_python()
        assert rows[0][0] == grids[index - 1].title
        total_fen = d.total
        wanted = Decimal(total_fen) / (100 if grids[index - 1].unit == "元" else WAN)
        cells = [c for row in rows for c in row]
        if d.variant.xlsx_values == "number":
            assert any(isinstance(c, float) and abs(c - float(wanted)) < 1e-6 for c in cells)
        else:
            assert format_amount(total_fen, grids[index - 1].unit, d.variant) in cells


def test_render_is_fast(tmp_path):
    import time

    d = generate_disclosure(2, long_table=True)
    start = time.perf_counter()
    render_pdf(d, tmp_path / "a.pdf")
    render_xlsx(d, tmp_path / "a.xlsx")
    assert time.perf_counter() - start < 3
