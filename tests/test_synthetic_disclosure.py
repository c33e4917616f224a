"""Generated disclosures: the truth adds up, and the PDF/xlsx renderings show it."""

import re
from decimal import Decimal

import pymupdf
import pytest
from python_calamine import CalamineWorkbook

from synthetic.corpus import write_corpus
from synthetic.disclosure import (
    VARIANT_CHOICES,
    WAN,
    Disclosure,
    Name,
    Variant,
    explanatory_text,
    format_amount,
    generate_disclosure,
    read_truth,
    table_grids,
)
from synthetic.render_pdf import render_pdf

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


def _opens(page: str, title: str) -> bool:
    """The page starts with the table's title (under its "表5" line when numbered)."""
    return re.sub(r"^表\d+", "", page).startswith(title)


def test_pdfs_show_titles_units_and_totals(corpus):
    pdfs = [(p, d) for p, d in corpus if p.suffix == ".pdf"]
    assert pdfs
    for path, d in pdfs:
        pages = _pdf_pages(path)
        text = "".join(pages)
        assert len(text) > 500, path
        for grid in table_grids(d):
            page = next(p for p in pages if _opens(p, grid.title) or d.variant.packed and grid.title in p)
            assert f"{d.variant.unit_label}{grid.unit}" in page, (path, grid.title)
            assert d.preparer() in page
        expenditure = next(g for g in table_grids(d) if g.kind == "expenditure")
        total = format_amount(expenditure.rows[0][-3].fen, expenditure.unit, d.variant)
        page = next(p for p in pages if _opens(p, expenditure.title))
        assert total in page, (path, total)
        for row in d.truth()["prior_year"]:
            assert row["basis"] in text.replace("　", "")


def test_long_table_spans_pages_with_repeated_header(corpus):
    longs = [(p, d) for p, d in corpus if p.suffix == ".pdf" and d.variant.long_table]
    assert longs
    for path, d in longs:
        pages = _pdf_pages(path)
        grid = next(g for g in table_grids(d) if g.kind == "expenditure")
        first = next(i for i, p in enumerate(pages) if _opens(p, grid.title))
        titles = [g.title for g in table_grids(d)]
        following = titles[titles.index(grid.title) + 1]
        assert next(i for i, p in enumerate(pages) if _opens(p, following)) - first >= 2
        nxt = pages[first + 1]
        style = d.variant.continued_title
        assert ("基本支出" in nxt and "项目支出" in nxt) == (style != "bare")  # the header again
        assert nxt.startswith(grid.title + "（续）") == (style == "续")
        assert _opens(nxt, grid.title) == (style in ("续", "repeat", "numbered"))
        assert nxt.startswith("表") == (style == "numbered")
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


# ------------------------------------------------------------------ layouts of real documents


def _grid(d: Disclosure, kind: str):
    return next(g for g in table_grids(d) if g.kind == kind)


def _header_texts(grid) -> list[str]:
    return [c.text for c in grid.header]


@pytest.mark.parametrize("style", ["heading", "bare"])
def test_contents_page_lists_every_table_title(tmp_path, style):
    from synthetic.render_pdf import contents_titles

    d = generate_disclosure(6, contents=style)
    pages = _pdf_pages(render_pdf(d, tmp_path / "c.pdf"))
    titles = contents_titles(d)
    assert len(titles) == len({g.title for g in table_grids(d)}) >= 10
    contents = pages[1]
    assert contents.startswith("目录") == (style == "heading")
    assert all(f"、{t}" in contents for t in titles)
    assert contents.startswith("目录一、" if style == "heading" else "一、")


@pytest.mark.parametrize(("rotation", "expected"), [("all", {90}), ("mixed", {0, 90}), ("none", {0})])
def test_pages_stored_rotated(tmp_path, rotation, expected):
    d = generate_disclosure(6, rotation=rotation)
    path = render_pdf(d, tmp_path / "r.pdf")
    with pymupdf.open(path) as doc:
        rotations = [page.rotation for page in doc]
        assert set(rotations) == expected
        if rotation != "none":  # the stored page is portrait, its text runs up the page
            page = doc[rotations.index(90)]
            assert page.mediabox.width < page.mediabox.height
            lines = [line for block in page.get_text("dict")["blocks"] for line in block.get("lines", ())]
            assert {tuple(round(x) for x in line["dir"]) for line in lines} == {(0, -1)}
        if rotation == "mixed":  # the cover and text upright, the tables stored rotated
            assert rotations[:2] == [0, 0] and rotations[-1] == 90
    assert d.variant.orientation == "L" or rotation == "none"  # stored rotated: laid out landscape


def test_several_tables_share_a_page(tmp_path):
    d = generate_disclosure(6, packed=True)
    pages = _pdf_pages(render_pdf(d, tmp_path / "p.pdf"))
    titles = [g.title for g in table_grids(d)]
    per_page = [sum(1 for t in set(titles) if t in page) for page in pages]
    assert max(per_page) >= 3
    assert len(pages) < len(_pdf_pages(render_pdf(generate_disclosure(6), tmp_path / "u.pdf")))


@pytest.mark.parametrize(("code_style", "economic_codes"), [("bracketed", "same"), ("indented", "bracketed")])
def test_codes_in_brackets_in_the_name_cell(code_style, economic_codes):
    d = generate_disclosure(6, code_style=code_style, economic_codes=economic_codes)
    economic = _grid(d, "basic_economic")
    assert "科目编码" not in _header_texts(economic)
    names = [row[0].text for row in economic.rows[1:]]
    assert names == [f"[{r.code}]{r.name}" for r in d.economic]
    function = _grid(d, "expenditure")
    first = function.rows[1][0]
    if code_style == "indented":  # names only, indented by level
        assert (first.text, first.depth) == (d.functions[0].name, 0)
        assert {r[0].depth for r in function.rows[1:]} == {0, 1, 2}
    else:
        assert first.text == f"[{d.functions[0].code}]{d.functions[0].name}"


def test_yuan_tables_keep_cents_without_separators():
    d = generate_disclosure(6, unit_mode="元", thousands=False)
    fen = d.functions[0].total
    assert fen % 100 or any(r.total % 100 for r in d.functions)  # cents are printed
    text = format_amount(fen, "元", d.variant)
    assert "," not in text and text == f"{Decimal(fen) / 100:.2f}"
    row = next(r for r in d.truth()["expenditure_function"] if r["code"] == d.functions[0].code)
    assert row["total_wan"] == float(Decimal(fen) / WAN)  # 1234567.89 元 -> 123.456789 万元


def test_basic_spending_as_personnel_and_public_without_subtotal():
    d = generate_disclosure(6, basic_header="parts")
    grid = _grid(d, "expenditure")
    basic = next(c for c in grid.header if c.text == "基本支出")
    under = [c.text for c in grid.header if c.row == 1 and basic.col <= c.col < basic.col + basic.colspan]
    assert under == ["人员支出", "公用经费"] and "小计" not in _header_texts(grid)
    total = grid.rows[0]
    personnel, public = total[-3].fen, total[-2].fen
    assert (personnel, public) == (d.personnel, d.public)  # as the 经济分类 table states them
    truth = d.truth()
    # the 支出总表 states no 基本支出 of its own; the 说明's "其中基本支出…" does
    assert _summary(truth)["一般公共预算基本支出"] == d.basic / WAN
    assert "其中基本支出" in "".join(explanatory_text(d))
    # the rows a reader reports are the 一般公共预算支出表's
    general = _grid(d, "general_expenditure")
    assert len(truth["expenditure_function"]) == len(general.rows) - 1


@pytest.mark.parametrize("blocks", ["one_unit", "units"])
def test_spending_table_in_blocks_by_unit(blocks):
    d = generate_disclosure(6, spending_blocks=blocks, contradiction="none")
    grid = _grid(d, "expenditure")
    assert _header_texts(grid)[0] == "预算单位"
    first = grid.rows[0]
    assert first[0] == d.department and [c.fen for c in first[-3:]] == [d.total, d.basic, d.project]
    unit_rows = [row for row in grid.rows if row[0] in d.units]
    assert len(unit_rows) == len(d.units) == (1 if blocks == "one_unit" else 2)
    assert sum(row[-3].fen for row in unit_rows) == d.total  # the units' totals make the department's
    assert not any(isinstance(c, Name) and c.text in ("合计", "总计") for row in grid.rows for c in row)


def test_spending_purpose_with_a_reserve():
    d = generate_disclosure(6, spending_purpose=True, contradiction="none")
    assert d.reserve > 0
    grid = _grid(d, "overview")
    assert "支出用途" in _header_texts(grid)
    purpose = [(row[4], row[5].fen) for row in grid.rows if len(row) == 6 and row[4]]
    assert purpose == [("一、基本支出", d.basic), ("二、项目支出", d.project), ("三、单位预留机动经费", d.reserve)]
    s = _summary(d.truth())
    assert _close(s["支出合计"], s["基本支出"] + s["项目支出"] + s["单位预留机动经费"])
    expenditure = _grid(d, "expenditure")
    assert _header_texts(expenditure)[-1] == "单位预留机动经费"


@pytest.mark.parametrize("layout", ["row", "list"])
def test_sangong_with_meeting_and_training(layout):
    d = generate_disclosure(6, sangong_extra=True, sangong_layout=layout)
    grid = _grid(d, "sangong")
    assert "会议费" in grid.title
    first_total = grid.rows[0][-1 if layout == "list" else 0].fen
    assert first_total == d.sangong_total + d.meeting + d.training
    s = _summary(d.truth())
    assert s["三公经费合计"] == d.sangong_total / WAN  # the four items only
    assert (s["会议费"], s["培训费"]) == (d.meeting / WAN, d.training / WAN)


def test_real_layouts_are_never_drawn_at_random():
    # a seed makes the same document as before the real layouts existed
    for seed in range(20):
        v = generate_disclosure(seed).variant
        assert (v.contents, v.packed, v.rotation, v.economic_codes, v.basic_header, v.spending_blocks,
                v.spending_purpose, v.sangong_extra) == ("none", False, "none", "same", "subtotal", "none",
                                                          False, False)
        assert v.continued_title in VARIANT_CHOICES["continued_title"]


def test_unknown_layout_values_are_refused():
    with pytest.raises(ValueError, match="rotation"):
        generate_disclosure(1, rotation="upside-down")
