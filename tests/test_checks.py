"""contract.checks and reader.checks: recomputed totals on hand-made frames, then on the four shipped documents.

The golden checks cite the source lines of both sides; every figure was read from
data/raw by hand, not copied from the parser's output.
"""

from __future__ import annotations

import polars as pl
import pytest

from contract.checks import TOLERANCE_WAN, format_lines, make_check
from contract.tables import empty_frame, frame_from_rows
from reader.checks import build_checks, hierarchy_checks, summary_checks

# ---- format_lines ---------------------------------------------------------------------


@pytest.mark.parametrize("lines, expected", [
    ([98, 99, 100, 104], "98-100, 104"),
    ([5], "5"),
    ([], ""),
    ([1, 3, 5], "1, 3, 5"),
    ([3, 1, 2, 2, 7], "1-3, 7"),  # sorted and de-duplicated first
    ([10, 11], "10-11"),
    ([41, 42, 83], "41-42, 83"),
])
def test_format_lines(lines, expected):
    assert format_lines(lines) == expected


# ---- make_check and its tolerance --------------------------------------------------------


@pytest.mark.parametrize("stated, computed, difference, ok", [
    (100.00, 100.00, 0.0, True),
    (100.00, 100.01, 0.01, True),  # exactly the tolerance: passes
    (100.01, 100.00, -0.01, True),
    (5637.51, 5637.52, 0.01, True),  # float noise in 5637.52 - 5637.51 is rounded away
    (100.00, 100.02, 0.02, False),  # beyond the tolerance
    (100.00, 99.98, -0.02, False),
    (4875.72, 4574.87, -300.85, False),
])
def test_make_check_tolerance(stated, computed, difference, ok):
    check = make_check("x", stated, computed, 1, [2, 3])
    assert (check.difference_wan, check.ok) == (difference, ok)


def test_tolerance_is_one_hundredth_of_a_wan():
    assert TOLERANCE_WAN == 0.01


def test_make_check_fields():
    check = make_check("基本支出 + 项目支出 = 支出合计", 1992.86, 575.29 + 1417.57, 114, [114, 115, 117], "支出合计",
                       [(114, "基本支出"), (115, "项目支出")])
    assert check.row({114: 5, 115: 5, 117: 6}.get) == {
        "check": "基本支出 + 项目支出 = 支出合计",
        "stated_wan": 1992.86,
        "computed_wan": 1992.86,
        "difference_wan": 0.0,
        "ok": True,
        "stated_line": 114,
        "computed_lines": "114-115, 117",
        "stated_page": 5,
        "computed_pages": "5, 6",
        "stated_metric": "支出合计",
        "figures": "114 基本支出; 115 项目支出",
    }


def test_make_check_keeps_a_line_string():
    assert make_check("x", 1.0, 1.0, None, "94").computed_lines == (94,)
    assert make_check("x", 1.0, 1.0, None, "98-100, 104").row()["computed_lines"] == "98-100, 104"


# ---- summary_checks / hierarchy_checks / build_checks on small frames --------------------


def frame(table: str, *rows: dict) -> pl.DataFrame:
    return frame_from_rows(table, list(rows), "test", 2024)


def summary(**metrics: tuple[float, int]) -> pl.DataFrame:
    return frame("summary", *({"metric": m, "amount_wan": a, "line": n} for m, (a, n) in metrics.items()))


def project(amount: float | None, line: int, current: bool = True) -> dict:
    return {"project_name": f"项目{line}", "amount_wan": amount, "current": current, "line": line}


def by_name(checks: list) -> dict[str, dict]:
    """Each check as the checks table's row, by name."""
    return {c.name: c.row() for c in checks}


def test_summary_checks_pass_and_fail():
    totals = summary(收入合计=(100.0, 10), 基本支出=(60.0, 11), 人员经费=(50.0, 12), 公用经费=(10.0, 13),
                     项目支出=(40.0, 14), 支出合计=(100.0, 15))
    income = frame("income", {"source": "一般公共预算拨款收入", "amount_wan": 90.0, "line": 20},
                   {"source": "上年结转结余", "amount_wan": 10.0, "line": 21})
    projects = frame("projects", project(25.0, 30), project(10.0, 40),
                     project(99.0, 50, current=False))  # a repeated earlier-year table is left out
    checks = by_name(summary_checks(totals, income, empty_frame("sangong"), projects))
    assert checks["收入来源之和 = 收入合计"]["ok"]
    assert checks["收入来源之和 = 收入合计"]["computed_lines"] == "20-21"
    assert checks["人员经费 + 公用经费 = 基本支出"]["ok"]
    assert checks["基本支出 + 项目支出 = 支出合计"]["ok"]
    failed = checks["所列项目金额之和 = 项目支出"]
    assert (failed["ok"], failed["computed_wan"], failed["difference_wan"]) == (False, 35.0, -5.0)
    assert (failed["stated_line"], failed["computed_lines"]) == (14, "30, 40")
    assert "三公分项之和 = 三公经费合计" not in checks  # no 三公 disclosed: no check


def test_summary_checks_skip_projects_without_amounts():
    projects = frame("projects", project(25.0, 30), project(None, 40))
    checks = by_name(summary_checks(summary(项目支出=(40.0, 14)), empty_frame("income"),
                                    empty_frame("sangong"), projects))
    assert "所列项目金额之和 = 项目支出" not in checks


def test_sangong_check_counts_blank_items_as_zero():
    sangong = frame("sangong", *({"item": item, "amount_wan": amount, "line": line} for item, amount, line in (
        ("因公出国（境）费", 0.0, 399), ("公务用车购置费", 0.0, 403),
        ("公务用车运行维护费", 6.20, 404), ("公务接待费", 0.0, 405))))
    check = by_name(summary_checks(summary(三公经费合计=(6.20, 398)), empty_frame("income"), sangong,
                                   empty_frame("projects")))["三公分项之和 = 三公经费合计"]
    assert (check["ok"], check["computed_lines"]) == (True, "399, 403-405")


def test_hierarchy_checks():
    classes = frame(
        "expenditure_function",
        {"code": "201", "name": "一般公共服务支出", "level": 1, "parent_code": None,
         "total_wan": 30.0, "basic_wan": 20.0, "project_wan": 10.0, "line": 5},
        {"code": "20132", "name": "组织事务", "level": 2, "parent_code": "201",
         "total_wan": 25.0, "basic_wan": 20.0, "project_wan": 5.0, "line": 6},
    )
    checks = by_name(hierarchy_checks(classes, "功能分类", {"basic_wan": "基本支出", "project_wan": "项目支出"},
                                      summary(支出合计=(30.0, 2)), {"total_wan": "支出合计"}))
    assert checks["功能分类类级之和 = 支出合计"]["ok"]
    children = checks["功能分类 201 一般公共服务支出: 下级之和 = 本级"]
    assert (children["ok"], children["difference_wan"], children["computed_lines"]) == (False, -5.0, "6")
    assert checks["功能分类 201 一般公共服务支出: 基本支出 + 项目支出 = 合计"]["ok"]
    assert checks["功能分类 20132 组织事务: 基本支出 + 项目支出 = 合计"]["ok"]


def test_build_checks_appends_extra_checks():
    tables = {name: empty_frame(name) for name in
              ("summary", "income", "sangong", "projects", "expenditure_function", "expenditure_economic")}
    extra = [make_check("两表同一合计", 10.0, 10.01, 3, [7, 8])]
    assert build_checks(tables, extra) == extra


# ---- golden checks on the shipped documents ----------------------------------------------


@pytest.fixture(scope="module")
def checks(tables) -> pl.DataFrame:
    return tables["checks"]


def one(checks: pl.DataFrame, county: str, name: str) -> dict:
    rows = checks.filter((pl.col("county_id") == county) & (pl.col("check") == name))
    assert rows.height == 1, f"{county}: {name}"
    return rows.row(0, named=True)


@pytest.mark.parametrize("county, name, stated, computed, ok, stated_line, computed_lines", [
    # hezheng_2024.txt line 10: 基本支出⇥人员经费⇥647.64⇥当年财政拨款⇥761.79 (the only source stated)
    # line 13: 项目支出⇥⇥4875.72⇥收入预算合计⇥5637.51. The 按来源类型分 column covers 基本支出
    # alone: it is 4875.72 (the whole 项目支出) short.
    ("hezheng", "收入来源之和 = 收入合计", 5637.51, 761.79, False, 13, "10"),
    # line 13 项目支出 4875.72; the eleven 项目支出绩效目标表 state 年度资金总额 3077.6 (line 42),
    # 690 (64), 305.2 (85), 231.12 (107), 24.95 (130), 10 (151), 10 (172), 25 (193), 62 (214),
    # 134 (235), 5 (255) = 4574.87; each project row cites the line its amount is printed on.
    ("hezheng", "所列项目金额之和 = 项目支出", 4875.72, 4574.87, False, 13,
     "42, 64, 85, 107, 130, 151, 172, 193, 214, 235, 255"),
    # lines 10-12: 人员经费 647.64 + 公用经费 114.15 = 合计 761.79
    ("hezheng", "人员经费 + 公用经费 = 基本支出", 761.79, 761.79, True, 12, "10-11"),
    # huangyuan_2024.txt line 7: 合计-⇥-⇥-⇥833.39; thirteen 预算数 173.00 (8), 6.00 (13), 20.00 (21),
    # 100.00 (24), 60.00 (28), 3.00 (32), 100.00 (39), 300.00 (42), 33.60 (47), 1.47 (57),
    # 23.80 (60), 3.00 (67), 9.52 (75) = 833.39, once data/corrections.csv has dropped the
    # spurious header of line 18 (6.00) and the fragment 0.52 of line 71 (see below).
    ("huangyuan", "所列项目金额之和 = 项目支出", 833.39, 833.39, True, 7,
     "8, 13, 21, 24, 28, 32, 39, 42, 47, 57, 60, 67, 75"),
    # qinglong_2023.txt line 41: 一般公共预算拨款收入 8170.62; 42: 政府性基金预算拨款收入 119.40;
    # 83: 上年结转结余 525.75; 84: 收入总计 8815.77
    ("qinglong", "收入来源之和 = 收入合计", 8815.77, 8815.77, True, 84, "41-42, 83"),
    # line 157: 合计⇥8815.77⇥384.41⇥8431.36
    ("qinglong", "基本支出 + 项目支出 = 支出合计", 8815.77, 8815.77, True, 157, "157"),
    # line 398: “三公”经费 6.20; 399 因公出国 blank, 403 购置费 blank, 404 运行维护费 6.20, 405 接待费 blank
    ("qinglong", "三公分项之和 = 三公经费合计", 6.20, 6.20, True, 398, "399, 403-405"),
    # shizhu_2023.txt line 94: 一般公共预算资金 1,933.57; 100: 上年结转 59.29; 104: 收入合计 1,992.86
    ("shizhu", "收入来源之和 = 收入合计", 1992.86, 1992.86, True, 104, "94, 100"),
    # line 114: 合计⇥⇥1,992.86⇥575.29⇥1,417.57; the 29 项目支出绩效目标表 state 当年预算 27.00 (438)
    # … 17.00 (1043), together 1,358.27: 59.30 short, about the 上年结转 59.29 of line 100.
    ("shizhu", "所列项目金额之和 = 项目支出", 1417.57, 1358.27, False, 114, None),
    # line 203 (部门收支总表): 一般公共预算资金 1,992.86, the carry-over folded in; line 94
    # (财政拨款收支总表) splits it into 1,933.57 + 59.29.
    ("shizhu", "一般公共预算拨款收入：收支总表 = 财政拨款收支总表",
     1992.86, 1933.57, False, 203, "94"),
    # the seven 一级项目 tables' 当年预算: 470.99 (258), 60.14 (284), 50.00 (304), 376.90 (329),
    # 392.17 (353), 18.76 (378), 192.14 (405) = 1,561.10, 143.53 above 项目支出 1,417.57 (line 114)
    ("shizhu", "一级项目当年预算之和 = 项目支出", 1417.57, 1561.10, False, 114,
     "258, 284, 304, 329, 353, 378, 405"),
    # line 147: 合计⇥⇥575.29⇥459.78⇥115.51
    ("shizhu", "人员经费 + 公用经费 = 基本支出", 575.29, 575.29, True, 114, "147"),
])
def test_golden_checks(checks, county, name, stated, computed, ok, stated_line, computed_lines):
    check = one(checks, county, name)
    assert (check["stated_wan"], check["computed_wan"], check["ok"], check["stated_line"]) == (
        stated, computed, ok, stated_line)
    assert check["difference_wan"] == round(computed - stated, 2)
    if computed_lines is not None:
        assert check["computed_lines"] == computed_lines


def test_shizhu_project_amounts_by_hand(tables):
    # 当年预算 of the 29 project tables, each on the line named (line 501's 29.40 after the
    # correction of line 503, see data/corrections.csv)
    by_line = {438: 27.00, 459: 18.00, 481: 39.51, 501: 29.40, 524: 29.40, 547: 72.00, 568: 3.26,
               589: 5.61, 610: 9.00, 630: 4.00, 653: 18.00, 673: 20.00, 695: 17.76, 715: 20.65,
               735: 22.50, 756: 22.33, 776: 5.60, 797: 15.88, 819: 18.76, 841: 50.00, 866: 470.99,
               890: 3.00, 912: 2.50, 933: 2.00, 953: 7.50, 975: 23.64, 995: 376.90, 1016: 6.08,
               1043: 17.00}
    assert round(sum(by_line.values()), 2) == 1358.27
    projects = tables["projects"].filter(pl.col("county_id") == "shizhu")
    assert dict(projects.select("line", "amount_wan").iter_rows()) == by_line


def test_huangyuan_passes_only_with_the_corrections():
    # Without data/corrections.csv the 6.00 of line 18 (a second, spurious 00499 header) and
    # the 0.52 of line 71 (a fragment of 01428's 9.52 on line 75) would be counted too.
    assert make_check("所列项目金额之和 = 项目支出", 833.39, 833.39 + 6.00 + 0.52, 7, []).ok is False


# n checks and n failed per county, each failure verified above
COUNTY_SUMMARY = {
    "hezheng": (4, 2),  # income sources, projects
    "huangyuan": (1, 0),  # the layout states only 项目支出
    # the general reader's cross-table checks (not the old layout's own set); 85 since the 支出总表's
    # 基本支出 (all funds) is no longer compared with the 一般公共预算基本支出表 (fiscal part only: they
    # differ in real documents, e.g. 湖州卫健 2026 表03 vs 表06, ../shared/corpus)
    # + 11 from the 说明 (reader/prose.py), data/raw/qinglong_2023.txt: line 451 一般公共预算收入 8170.62 and
    # 上年结转结余 525.75 (as income and as 上年结转), line 455 支出预算 8815.77, line 457 人员经费 321.34,
    # line 469 三公 6.20 and its four items; line 465 机关运行经费 63.07 against its listed parts (62.68: fails)
    # + 1: the 财政拨款收支总表's 收入总计 = 支出总计 (line 263: 8815.77 both), its 财政拨款收支总计
    # + 1: the 收支总表 adds up, 本年收入合计 8290.02 + 上年结转结余 525.75 = 收入总计 8815.77 (lines 82-84)
    "qinglong": (98, 1),
    # + 8 from the 说明, data/raw/shizhu_2023.txt: line 47 三公 20 and its four items; line 39
    # 一般公共预算财政拨款收入 1992.86 against the 财政拨款收支总表's 1,933.57 (line 94: fails), and its
    # 基本支出 575.29 and 项目支出 against the 一般公共预算支出表 (line 114: pass)
    # + 1: the 财政拨款收支总表 adds up, 本年收入 1,933.57 (line 93) + 上年结转 59.29 (line 100) = 收入合计
    # 1,992.86 (line 104)
    "shizhu": (94, 4),  # projects, 收支总表 vs 财政拨款收支总表 (in tables and in the text), 一级项目
}


def test_check_summary_per_county(checks):
    got = {
        county: (frame.height, frame.filter(~pl.col("ok")).height)
        for (county,), frame in checks.group_by("county_id")
    }
    assert got == COUNTY_SUMMARY


def test_every_failed_check_is_one_of_the_verified(checks):
    failed = {(c, n) for c, n in checks.filter(~pl.col("ok")).select("county_id", "check").iter_rows()}
    assert failed == {
        ("hezheng", "收入来源之和 = 收入合计"),
        ("hezheng", "所列项目金额之和 = 项目支出"),
        ("shizhu", "所列项目金额之和 = 项目支出"),
        ("shizhu", "一般公共预算拨款收入：收支总表 = 财政拨款收支总表"),
        ("shizhu", "一级项目当年预算之和 = 项目支出"),
        # the text against the tables and its own parts (see COUNTY_SUMMARY)
        ("shizhu", "一般公共预算拨款收入：表（第94行） = 说明文字（第39行）"),
        ("qinglong", "说明文字（第465行）：我部门机关运行经费共计安排 = 所列各项之和"),
    }
