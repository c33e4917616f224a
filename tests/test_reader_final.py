"""Final accounts (决算): the general rules, each on a fixture written for the test.

Titles and layouts are those of the national 决算 template as printed by the real documents in
../shared/corpus/final (上海市普陀区 2024, pages cited); rows under them are written for the test.
"""

from __future__ import annotations

import pytest

from reader.document import document_id, read_document
from reader.final import ACTUAL, ADJUSTED, INITIAL, basis_of, budget_id
from reader.final_prose import read_execution, sangong_checks
from reader.kinds import title_kind
from reader.meta import Meta
from reader.rows import Row


@pytest.mark.parametrize(("title", "kind"), [
    ("收入支出决算总表", "budget_summary"),  # 社会工作部 p5
    ("部门收入支出决算总表", "budget_summary"),
    ("收入决算表", "income"),  # p6
    ("支出决算表", "expenditure"),  # p8
    ("财政拨款收入支出决算总表", "fiscal_summary"),  # p10
    ("一般公共预算财政拨款支出决算表", "general_expenditure"),  # p12
    ("一般公共预算财政拨款支出决算明细表", "general_expenditure"),
    ("一般公共预算财政拨款基本支出决算表", "basic_economic"),  # p13
    ("财政拨款“三公”经费支出决算表", "sangong"),  # p14
    ("一般公共预算财政拨款三公经费支出决算表", "sangong"),
    ("政府性基金预算财政拨款收入支出决算表", "fund_expenditure"),  # p15
    ("国有资本经营预算财政拨款收入支出决算表", "capital_expenditure"),  # p16
    ("国有资本经营预算财政拨款支出决算表", "capital_expenditure"),
    ("表 1:收入支出决算总表", "budget_summary"),
])
def test_final_titles_by_the_final_catalogue(title, kind):
    assert title_kind([title], final=True).id == kind
    assert title_kind([title]).id == "final_accounts"  # in a budget: found, never read


def test_the_sets_heading_is_no_table():
    # 社会工作部 p5: "中共…2024年度部门决算表" over the 收入支出决算总表
    assert title_kind(["中共上海市普陀区委社会工作部2024年度部门决算表"], final=True) is None


@pytest.mark.parametrize(("label", "basis"), [
    ("决算数", ACTUAL), ("收入|决算数", ACTUAL), ("2024年决算数", ACTUAL), ("决算数|合计", ACTUAL),
    ("年初预算数", INITIAL), ("预算数", INITIAL), ("因公出国（境）费|预算数", INITIAL),
    ("调整预算数", ADJUSTED), ("全年预算数", ADJUSTED), ("全年预算", ADJUSTED),
    ("合计", None), ("行次", None), ("基本支出", None), ("项目", None),
])
def test_basis_of_a_column(label, basis):
    assert basis_of(label) == basis


FINAL_TEXT = (
    "示例县财政局",
    "2024年度部门决算",
    "收入支出决算总表",
    "单位：万元",
    "项目\t行次\t决算数\t项目\t行次\t决算数",
    "一、一般公共预算财政拨款收入\t1\t100.00\t一、一般公共服务支出\t3\t90.00",
    "二、其他收入\t2\t5.00\t二、住房保障支出\t4\t10.00",
    "本年收入合计\t5\t105.00\t本年支出合计\t6\t100.00",
    "年初结转和结余\t7\t20.00\t年末结转和结余\t8\t25.00",
    "总计\t9\t125.00\t总计\t10\t125.00",
    "一般公共预算财政拨款支出决算表",
    "单位：万元",
    "科目编码\t科目名称\t年初预算数\t调整预算数\t决算数\t\t",  # 决算数 over 合计 | 基本支出 | 项目支出
    "\t\t\t\t合计\t基本支出\t项目支出",
    "合计\t\t110.00\t104.00\t100.00\t70.00\t30.00",
    "201\t一般公共服务支出\t98.00\t93.00\t90.00\t60.00\t30.00",
    "20106\t财政事务\t98.00\t93.00\t90.00\t60.00\t30.00",
    "2010601\t行政运行\t98.00\t93.00\t90.00\t60.00\t30.00",
    "221\t住房保障支出\t12.00\t11.00\t10.00\t10.00\t0.00",
    "22102\t住房改革支出\t12.00\t11.00\t10.00\t10.00\t0.00",
    "2210201\t住房公积金\t12.00\t11.00\t10.00\t10.00\t0.00",
    "财政拨款“三公”经费支出决算表",
    "单位：万元",
    "合计\t\t因公出国（境）费\t\t公务用车购置费\t\t公务用车运行维护费\t\t公务接待费\t",
    "预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数",
    "3.00\t2.00\t0.00\t0.00\t0.00\t0.00\t2.00\t1.50\t1.00\t0.50",
)


@pytest.fixture(scope="module")
def final():
    return read_document("示例决算.txt", "\n".join(FINAL_TEXT).encode("utf-8"))


def test_line_numbers_are_never_amounts(final):
    summary = {r["metric"]: r["amount_wan"] for r in final.tables["summary"].iter_rows(named=True)}
    assert summary["本年收入合计"] == 105.0 and summary["收入合计"] == 125.0
    assert summary["年初结转和结余"] == 20.0 and summary["年末结转和结余"] == 25.0
    income = {r["source"]: r["amount_wan"] for r in final.tables["income"].iter_rows(named=True)}
    assert income == {"一般公共预算拨款收入": 100.0, "其他收入": 5.0, "上年结转结余": 20.0}


def test_every_basis_is_kept_and_labelled(final):
    rows = {r["code"]: r for r in final.tables["expenditure_function"].iter_rows(named=True)}
    assert [rows["2010601"][c] for c in ("total_wan", "basic_wan", "project_wan", "budget_wan",
                                         "adjusted_budget_wan")] == [90.0, 60.0, 30.0, 98.0, 93.0]
    assert [rows["221"][c] for c in ("total_wan", "budget_wan", "adjusted_budget_wan")] == [10.0, 12.0, 11.0]
    summary = {r["metric"]: r for r in final.tables["summary"].iter_rows(named=True)}
    total = summary["一般公共预算财政拨款支出"]
    assert (total["amount_wan"], total["budget_wan"], total["adjusted_budget_wan"]) == (100.0, 110.0, 104.0)
    sangong = {r["item"]: (r["amount_wan"], r["budget_wan"]) for r in final.tables["sangong"].iter_rows(named=True)}
    assert sangong == {"因公出国（境）费": (0.0, 0.0), "公务用车购置费": (0.0, 0.0),
                       "公务用车运行维护费": (1.5, 2.0), "公务接待费": (0.5, 1.0)}
    assert (summary["三公经费合计"]["amount_wan"], summary["三公经费合计"]["budget_wan"]) == (2.0, 3.0)


def test_the_final_accounts_add_up(final):
    checks = final.tables["checks"]
    assert checks.filter(~checks["ok"]).is_empty(), checks.filter(~checks["ok"]).select("check").rows()
    names = checks["check"].to_list()
    assert any(n.startswith("收支总表：本年收入合计 + 年初结转和结余 = 总计") for n in names)
    assert any(n.startswith("收支总表：本年支出合计 + 年末结转和结余 = 总计") for n in names)


def test_a_final_accounts_id_adds_its_kind_and_a_budgets_is_unchanged():
    budget = Meta(region="示例县", department="示例县财政局", edition="部门", year=2024)
    final = Meta(region="示例县", department="示例县财政局", edition="部门", year=2024, document_kind="决算")
    assert document_id(budget) == "示例县-示例县财政局-部门"
    assert document_id(final) == "示例县-示例县财政局-部门-决算"
    assert budget_id(document_id(final)) == document_id(budget) == budget_id(document_id(budget))


def _rows(*lines: str) -> list[Row]:
    return [Row(cells=(line,), number=i) for i, line in enumerate(lines, start=1)]


def test_the_texts_budget_comparison_by_function_class():
    # 财政局 p21–p22 (wrapped as printed: "年初预算为" broken over lines); a name with brackets of its own
    rows = _rows(
        "（三）一般公共预算财政拨款支出决算具体情况",
        "一般公共预算财政拨款支出年初预算为110.00万元，全年预算为104.00万元，支出决算为100.00万元。其中：",
        "1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。主要用于：日常支出。年",
        "初预算为98.00万元，支出决算为90.00万元。",
        "2、住房保障支出（类）住房改革支出（款）购房补贴（项）。年初预算为12.00万元，支出决算为10.00万元。",
        "六、一般公共预算财政拨款基本支出决算情况说明",
    )
    summary = [{"metric": "一般公共预算财政拨款支出", "amount_wan": 100.0, "line": 90}]
    function = [
        {"code": "201", "name": "一般公共服务支出", "level": 1, "parent_code": None, "total_wan": 90.0, "line": 91},
        {"code": "20103", "name": "政府办公厅（室）及相关机构事务", "level": 2, "parent_code": "201",
         "total_wan": 90.0, "line": 92},
        {"code": "2010301", "name": "行政运行", "level": 3, "parent_code": "20103", "total_wan": 90.0, "line": 93},
        {"code": "221", "name": "住房保障支出", "level": 1, "parent_code": None, "total_wan": 10.0, "line": 94},
        {"code": "22102", "name": "住房改革支出", "level": 2, "parent_code": "221", "total_wan": 10.0, "line": 95},
        {"code": "2210201", "name": "住房公积金", "level": 3, "parent_code": "22102", "total_wan": 10.0, "line": 96},
    ]
    checks = read_execution(rows, summary, function)
    assert (summary[0]["budget_wan"], summary[0]["adjusted_budget_wan"]) == (110.0, 104.0)
    assert function[2]["budget_wan"] == 98.0 and "adjusted_budget_wan" not in function[2]
    assert "budget_wan" not in function[5]  # the text names 购房补贴, not the table's 住房公积金: nothing placed
    assert [(c.stated_wan, c.computed_wan, list(c.computed_lines)) for c in checks] == [
        (100.0, 100.0, [2]), (90.0, 90.0, [3])]


def test_the_texts_sangong_sentence_is_checked_against_the_table():
    # 规划和自然资源局 p25: the total's budget and 决算 in one sentence, wrapped; a 目录 lists the heading
    rows = _rows(
        "七、财政拨款“三公”经费支出决算情况说明",
        "一、收入支出决算总体情况说明",
        "（一）“三公”经费财政拨款支出决算总体情况说明。",
        "“三公”经费财政拨款支出年初预算为2.85万元，支出决",
        "算为0.39万元，完成预算的13.68%。",
        "八、政府性基金预算财政拨款收入支出决算情况说明",
    )
    summary = [{"metric": "三公经费合计", "amount_wan": 0.39, "budget_wan": 2.80, "line": 40}]
    checks = sangong_checks(rows, summary)
    assert [(c.name, c.stated_wan, c.computed_wan, list(c.computed_lines)) for c in checks] == [
        ("三公经费合计决算：表 = 说明文字", 0.39, 0.39, [4]),
        ("三公经费合计年初预算数：表 = 说明文字", 2.80, 2.85, [4])]
