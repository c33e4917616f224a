"""`confirmed`: a figure is confirmed only when a passing check ties its line to a second statement
and no failing check names it (contract/confirm.py)."""

from __future__ import annotations

import io

import polars as pl
import pytest

from contract.checks import make_check, parse_lines
from contract.confirm import mark_confirmed
from contract.tables import CONFIRMED_TABLES, TABLES, frame_from_rows, with_defaults
from contract.validate import validate_table


@pytest.mark.parametrize(("text", "lines"), [
    ("", []),
    (None, []),
    ("12", [12]),
    ("10-11", [10, 11]),
    ("98-100, 104", [98, 99, 100, 104]),
    ("399, 403-405", [399, 403, 404, 405]),
])
def test_parse_lines(text, lines):
    assert parse_lines(text) == lines


def _sangong(*lines: int) -> pl.DataFrame:
    items = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")
    return frame_from_rows("sangong", [{"item": items[i], "amount_wan": 1.0, "line": n}
                                       for i, n in enumerate(lines)], "test", 2024)


def _summary(**metrics: tuple[float, int]) -> pl.DataFrame:
    return frame_from_rows("summary", [{"metric": m, "amount_wan": a, "line": n} for m, (a, n) in metrics.items()],
                           "test", 2024)


def _checks(*checks, county_id: str = "test") -> pl.DataFrame:
    return frame_from_rows("checks", [c.row() for c in checks], county_id, 2024)


def _confirmed(frame: pl.DataFrame) -> dict[int, bool]:
    return dict(frame.select("line", "confirmed").iter_rows())


@pytest.mark.parametrize(("checks", "expected"), [
    # a passing check confirms both sides: the stated total and every part it was recomputed from
    ([make_check("三公分项之和 = 三公经费合计", 4.0, 4.0, 10, [11, 12, 13, 14], "三公经费合计")],
     {10: True, 11: True, 12: True, 13: True, 14: True}),
    # ranges in computed_lines ("11-13, 14")
    ([make_check("三公分项之和 = 三公经费合计", 4.0, 4.0, 10, "11-13, 14", "三公经费合计")],
     {10: True, 11: True, 12: True, 13: True, 14: True}),
    # a failing check unconfirms both sides, even where another check passes
    ([make_check("三公分项之和 = 三公经费合计", 5.0, 4.0, 10, "11-14", "三公经费合计"),
      make_check("三公经费合计：表 = 说明", 5.0, 5.0, 10, [20], "三公经费合计")],
     {10: False, 11: False, 12: False, 13: False, 14: False}),
    # a row named by no check stays unconfirmed
    ([make_check("部分 = 合计", 2.0, 2.0, 10, [11, 12], "三公经费合计")],
     {10: True, 11: True, 12: True, 13: False, 14: False}),
    # a failing check on the parts' side only (stated_line missing) still unconfirms them
    ([make_check("部分 = 合计", 2.0, 2.0, 10, [11, 12], "三公经费合计"), make_check("其他", 1.0, 3.0, None, [12])],
     {10: True, 11: True, 12: False, 13: False, 14: False}),
    # a summary figure is confirmed only by a check naming it: the line alone says nothing of it
    ([make_check("三公分项之和 = 三公经费合计", 4.0, 4.0, 10, [11, 12, 13, 14])],
     {10: False, 11: True, 12: True, 13: True, 14: True}),
    # no checks at all: nothing is confirmed
    ([], {10: False, 11: False, 12: False, 13: False, 14: False}),
])
def test_mark_confirmed(checks, expected):
    frames = {"summary": _summary(三公经费合计=(4.0, 10)), "sangong": _sangong(11, 12, 13, 14),
              "checks": _checks(*checks)}
    out = mark_confirmed(frames)
    assert {**_confirmed(out["summary"]), **_confirmed(out["sangong"])} == expected


def test_checks_of_another_document_confirm_nothing():
    """Lines are per document: the same line number in another county's checks does not count."""
    frames = {"sangong": _sangong(11, 12), "checks": _checks(make_check("x", 2.0, 2.0, 10, [11, 12]),
                                                              county_id="other")}
    assert _confirmed(mark_confirmed(frames)["sangong"]) == {11: False, 12: False}


def test_project_without_amount_is_not_confirmed():
    projects = frame_from_rows("projects", [
        {"project_name": "甲", "amount_wan": 1.0, "current": True, "line": 11},
        {"project_name": "乙", "amount_wan": None, "current": True, "line": 12}], "test", 2024)
    out = mark_confirmed({"projects": projects, "checks": _checks(make_check("x", 1.0, 1.0, 10, [11, 12]))})
    assert _confirmed(out["projects"]) == {11: True, 12: False}


def test_mark_confirmed_keeps_the_contract_and_the_input():
    frames = {name: frame_from_rows(name, [], "test", 2024) for name in TABLES}
    frames["sangong"] = _sangong(11)
    frames["checks"] = _checks(make_check("x", 1.0, 1.0, 10, [11]))
    out = mark_confirmed(frames)
    for name in TABLES:
        validate_table(name, out[name])
    assert out["sangong"]["confirmed"].to_list() == [True]
    assert frames["sangong"]["confirmed"].to_list() == [False]  # pure: the input is untouched


@pytest.mark.parametrize("name", CONFIRMED_TABLES)
def test_confirmed_is_required(name):
    assert TABLES[name].columns["confirmed"] == pl.Boolean
    assert "confirmed" in TABLES[name].required


def test_a_frame_written_before_the_column_reads_as_unconfirmed():
    old = _sangong(11, 12).drop("confirmed")
    buffer = io.BytesIO()
    old.write_parquet(buffer)
    buffer.seek(0)
    read = with_defaults("sangong", pl.scan_parquet(buffer)).collect()
    assert validate_table("sangong", read)["confirmed"].to_list() == [False, False]


def test_shipped_documents_carry_confirmed(tables):
    """Every amount of the six tables has the flag; a figure in a failed check is never confirmed."""
    failed = tables["checks"].filter(~pl.col("ok"))
    for name in CONFIRMED_TABLES:
        assert tables[name]["confirmed"].null_count() == 0, name
    # a failed check's stated figure: its metric on its line, or every figure of the line where the
    # check names no metric
    stated = {(c, line, m) for c, line, m in zip(failed["county_id"], failed["stated_line"],
                                                 failed["stated_metric"], strict=True)}
    summary = tables["summary"]
    hit = summary.filter(pl.col("confirmed")).filter(pl.struct("county_id", "line", "metric").map_elements(
        lambda r: (r["county_id"], r["line"], r["metric"]) in stated or (r["county_id"], r["line"], None) in stated,
        return_dtype=pl.Boolean))
    assert hit.is_empty(), hit.rows()
    # 和政's listed projects add to 4574.87 against 项目支出 4875.72: neither side is confirmed
    hezheng = tables["projects"].filter(pl.col("county_id") == "hezheng")
    assert not hezheng["confirmed"].any()
    # 青龙's 三公 items add to its 三公经费合计 (lines 398 = 399, 403-405)
    assert tables["sangong"].filter(pl.col("county_id") == "qinglong")["confirmed"].all()


def test_summary_figures_on_one_line_are_confirmed_one_by_one():
    # a 支出总表's 合计 row states 支出合计, 基本支出 and 项目支出 on one line (国家信访局 2026, corpus
    # p8): the project list failing against 项目支出 does not unconfirm the other two; the 收支总表's
    # two-sided row (line 5) states 收入合计 beside the 支出合计 the agreement names: only that one counts
    summary = _summary(支出合计=(100.0, 8), 基本支出=(40.0, 8), 项目支出=(60.0, 8), 收入合计=(100.0, 5),
                       本年支出合计=(100.0, 5))
    checks = _checks(
        make_check("所列项目金额之和 = 项目支出", 60.0, 10.0, 8, [30, 31], "项目支出"),
        make_check("支出合计：支出总表 = 收支总表", 100.0, 100.0, 8, [5], "支出合计", [(5, "本年支出合计")]),
        make_check("基本支出：支出总表 = 说明文字", 40.0, 40.0, 8, [40], "基本支出"),
    )
    marked = mark_confirmed({"summary": summary, "checks": checks})["summary"]
    assert dict(marked.select("metric", "confirmed").iter_rows()) == {
        "支出合计": True, "基本支出": True, "项目支出": False, "收入合计": False, "本年支出合计": True}


def test_a_check_naming_no_summary_figure_neither_confirms_nor_unconfirms_one():
    summary = _summary(支出合计=(100.0, 8), 项目支出=(60.0, 8))
    failing = _checks(make_check("某表 = 另一表", 100.0, 90.0, 8, [5]))
    passing = _checks(make_check("某表 = 另一表", 100.0, 100.0, 8, [5]), make_check("某项", 60.0, 60.0, 8, [6],
                                                                                 "项目支出"))
    assert not any(mark_confirmed({"summary": summary, "checks": failing})["summary"]["confirmed"])
    marked = mark_confirmed({"summary": summary, "checks": passing})["summary"]
    assert dict(marked.select("metric", "confirmed").iter_rows()) == {"支出合计": False, "项目支出": True}


def test_a_misread_figure_beside_a_checked_one_stays_unconfirmed():
    """Issue 19: OCR read 24,458.43 (一、财政拨款) as 24,458.4 on a two-sided row whose other side,
    基本支出, passing checks tie; a check of 基本支出 says nothing of 财政拨款收入."""
    summary = _summary(财政拨款收入=(24458.4, 7), 基本支出=(10403.11, 7), 项目支出=(14055.32, 8),
                       支出合计=(24458.43, 9))
    checks = _checks(make_check("基本支出 + 项目支出 = 支出合计", 24458.43, 10403.11 + 14055.32, 9, [7, 8],
                                "支出合计", [(7, "基本支出"), (8, "项目支出")]))
    marked = mark_confirmed({"summary": summary, "checks": checks})["summary"]
    assert dict(marked.select("metric", "confirmed").iter_rows()) == {
        "财政拨款收入": False, "基本支出": True, "项目支出": True, "支出合计": True}
