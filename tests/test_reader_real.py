"""Rules learnt from the real corpus (../shared/corpus), each as a generated fixture.

The snippets are written here, in the layout a real document showed (the document and page are
named), with figures of our own: the expected values are what the snippet states.
"""

from __future__ import annotations

import pytest

from contract.tables import frame_from_rows
from contract.validate import broken_rows
from reader.document import read_document
from reader.rows import Row
from reader.segment import find_tables, find_tables_and_contents


def _read(*lines: str, year: int | None = 2026):
    data = "\n".join(lines).encode("utf-8")
    return read_document("snippet.txt", data, {"year": year} if year else None)


def _summary(result) -> dict[str, float]:
    return dict(result.tables["summary"].select("metric", "amount_wan").iter_rows())


# ------------------------------------------------------------------ one bad row, not the document


def test_broken_rows_are_dropped_with_their_rule():
    frame = frame_from_rows("sangong", [
        {"item": "公务接待费", "amount_wan": 1.0, "line": 3},
        {"item": "公务接待费", "amount_wan": 2.0, "line": 4},  # the same key again
        {"item": "会务费", "amount_wan": 1.0, "line": 5},  # outside the vocabulary
        {"item": "公务用车购置费", "amount_wan": -1.0, "line": 6},  # negative
        {"item": "因公出国（境）费", "amount_wan": 0.5, "line": 7},
    ], "x-y", 2026)
    kept, dropped = broken_rows("sangong", frame)
    assert kept["line"].to_list() == [3, 7]
    assert [(row["line"], reason) for row, reason in dropped] == [
        (4, "与前一行重复（同一键）"), (5, "item 不在约定取值内"), (6, "amount_wan 为负数")]


def test_a_row_the_contract_refuses_costs_that_row_not_the_document():
    # 江苏高院 2018 (corpus p16): "基本支出增加1447.63万元" beside a smaller 基本支出 made last year's
    # figure negative and the whole document was refused
    result = _read(
        "某某市某某局2026年部门预算",
        "支出总表",
        "单位：万元",
        "科目编码\t科目名称\t合计\t基本支出\t项目支出",
        "\t合计\t30.00\t10.00\t20.00",
        "201\t一般公共服务支出\t30.00\t10.00\t20.00",
        "三、支出预算情况说明",
        "2026年支出预算30.00万元，其中：基本支出增加20.00万元，主要原因是人员增加。",
    )
    assert _summary(result)["基本支出"] == 10.0
    assert result.tables["prior_year"].is_empty()
    [warning] = result.report["warnings"]
    assert (warning["line"], warning["message"]) == (7, "上年数一行未读入（amount_wan 为负数）：基本支出")


# ------------------------------------------------------------------ a table of contents is not the tables

_CONTENTS = (
    "某某市某某局2026年部门预算",
    "目录",  # 深圳/湖州/江苏 (corpus p2-3): the 目录 lists every table's title, nothing between them
    "一、收支总表",
    "二、支出总表",
    "三、一般公共预算“三公”经费支出表",
    "四、政府采购预算表",
)
_TABLES = (
    "一、收支总表",
    "单位：万元",
    "项目\t金额\t项目\t金额",
    "一般公共预算拨款收入\t30.00\t一般公共服务支出\t30.00",
    "收入总计\t30.00\t支出总计\t30.00",
    "三、一般公共预算“三公”经费支出表",
    "单位：万元",
    "项目\t预算数",
    "合计\t6.00",
    "公务接待费\t6.00",
)


def test_titles_listed_in_the_contents_are_not_tables():
    result = _read(*_CONTENTS, *_TABLES)
    assert _summary(result)["三公经费合计"] == 6.0  # the real table, not the empty 目录 line
    tables = {t["kind"]: t for t in result.report["tables"]}
    assert tables["sangong"]["status"] == "已读取"
    assert tables["sangong"]["where"] != "第5行"
    # listed in the 目录 and absent from the file: not found, and said so
    assert (tables["expenditure"]["status"], tables["expenditure"]["listed"]) == ("未找到", True)
    assert result.report["tables_read"] == 2


def test_a_contents_run_without_a_heading_is_recognised():
    # 江苏 2018 (corpus p2): "目 录" split into two cells; here no heading at all, only the run of titles
    result = _read(*[line for line in _CONTENTS if line != "目录"], *_TABLES)
    assert _summary(result)["三公经费合计"] == 6.0
    tables = {t["kind"]: t for t in result.report["tables"]}
    assert tables["expenditure"]["listed"] and result.report["tables_read"] == 2


def test_a_prose_only_document_says_its_tables_are_elsewhere():
    # 北京教委 2026 / 江苏政协 2019 (corpus): the 目录 lists the tables, the file holds only the prose
    result = _read(*_CONTENTS, "第一部分 部门概况", "本部门主要职责是……。")
    assert "不在本文件中" in result.report["note"]
    assert result.report["tables_read"] == 0
    assert result.tables["sangong"].is_empty()


# ------------------------------------------------------------------ a column the table lacks states nothing


def test_a_spending_table_with_one_amount_column_states_no_basic_or_project_total():
    # 江苏 2018/2019 (corpus p7, p11): 财政拨款支出预算表 has only 金额, no 基本/项目 split
    result = _read(
        "某某省某某厅2026年部门预算",
        "五、财政拨款支出预算表",
        "单位：万元",
        "科目编码\t科目名称\t金额",
        "\t合计\t30.00",
        "201\t一般公共服务支出\t30.00",
    )
    summary = _summary(result)
    assert summary["支出合计"] == 30.0
    assert "基本支出" not in summary and "项目支出" not in summary


# ------------------------------------------------------------------ which spending table, which scope

# 湖州 2026 (corpus p20, p23): the 支出总表 prints 人员支出 and 公用经费 under a merged 基本支出 with no
# 小计; the 一般公共预算支出表 prints the 小计. Figures here are our own.
_PARTS_ONLY = (
    "某某市某某局2026年部门预算",
    "部门支出预算总表",
    "单位：万元",
    "科目编码\t科目名称\t总计\t基本支出\t\t项目支出",
    "\t\t\t人员支出\t公用经费\t",
    "\t合计\t100.00\t50.00\t20.00\t30.00",
    "201\t一般公共服务支出\t100.00\t50.00\t20.00\t30.00",
    "一般公共预算支出表",
    "单位：万元",
    "科目编码\t科目名称\t合计\t基本支出\t\t\t项目支出",
    "\t\t\t小计\t人员经费\t公用经费\t",
    "\t合计\t60.00\t40.00\t30.00\t10.00\t20.00",
    "201\t一般公共服务支出\t60.00\t40.00\t30.00\t10.00\t20.00",
)


def test_parts_under_a_merged_basic_header_are_not_the_basic_total():
    result = _read(*_PARTS_ONLY)
    summary = _summary(result)
    # the 支出总表 (all funds) states 支出合计 and 项目支出, but no 基本支出 of its own
    assert (summary["支出合计"], summary["项目支出"]) == (100.0, 30.0)
    assert "基本支出" not in summary  # not 50.00 (人员支出), not 40.00 (another scope)
    assert summary["一般公共预算基本支出"] == 40.0
    # the rows come from the table that prints the 基本/项目 split
    row = result.tables["expenditure_function"].row(0, named=True)
    assert (row["total_wan"], row["basic_wan"], row["project_wan"]) == (60.0, 40.0, 20.0)


def test_a_fiscal_table_does_not_stand_for_the_whole_when_a_spending_total_exists():
    # 湖州卫健 2026 (corpus): 支出总计 515,313.35 (表01) against the 一般公共预算支出表's 37,018.75
    result = _read(*_PARTS_ONLY[:7], *_PARTS_ONLY[7:])
    checks = result.tables["checks"]
    assert checks.filter(~checks["ok"]).is_empty()  # two scopes are not a contradiction


def test_the_same_title_on_the_next_page_continues_the_table():
    # 湖州、深圳 2026 (corpus): a long table prints its title again on every page
    def row(number, page, *cells):
        return Row(cells=cells, number=number, page=page)

    rows = [
        row(1, 5, "一般公共预算支出表"), row(2, 5, "科目编码", "科目名称", "合计"),
        row(3, 5, "201", "一般公共服务支出", "10.00"),
        row(40, 6, "表05"),  # 湖州: the table number above the title, on the new page
        row(4, 6, "一般公共预算支出表"), row(5, 6, "科目编码", "科目名称", "合计"),
        row(6, 6, "208", "社会保障和就业支出", "5.00"),
        row(7, 7, "项目支出绩效目标表"), row(8, 7, "项目名称", "甲"),
        row(9, 8, "项目支出绩效目标表"), row(10, 8, "项目名称", "乙"),  # one table per project
    ]
    tables = find_tables(rows)
    assert [(t.kind.id, [r.number for r in t.body]) for t in tables][0] == ("general_expenditure", [3, 6])
    assert [t.kind.id for t in tables].count("project_targets") == 2


def test_a_spending_table_in_blocks_by_unit():
    # 深圳人社/卫健 2026 (corpus p24, p65): no 合计 row; the first 预算单位 row is the department's
    # total, then each unit's block of classes
    result = _read(
        "某某市某某局2026年部门预算",
        "支出总表",
        "单位：万元",
        "预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出",
        "某某市某某局\t\t\t100.00\t60.00\t40.00",
        "某某市某某局（本级）\t\t\t70.00\t50.00\t20.00",
        "\t201\t一般公共服务支出\t70.00\t50.00\t20.00",
        "某某市某某中心\t\t\t30.00\t10.00\t20.00",
        "\t201\t一般公共服务支出\t30.00\t10.00\t20.00",
        "\t208\t社会保障和就业支出\t0.00\t0.00\t0.00",
    )
    summary = _summary(result)
    assert (summary["支出合计"], summary["基本支出"], summary["项目支出"]) == (100.0, 60.0, 40.0)
    function = result.tables["expenditure_function"]
    assert function.select("code", "total_wan").rows() == [("201", 70.0)]  # the first block only
    assert any("分块" in w["message"] for w in result.report["warnings"])


def test_a_summary_whose_amount_columns_say_only_budget():
    # 珠海 2026 (corpus p6-7): 收支总体情况表 headed 项目 | 预算 | 项目 | 预算
    result = _read(
        "某某市某某局2026年部门预算",
        "收支总体情况表",
        "单位：万元",
        "收入\t\t支出\t",
        "项目\t预算\t项目\t预算",
        "一、预算拨款\t40.00\t一、一般公共服务支出\t50.00",
        "本年收入合计\t40.00\t本年支出合计\t50.00",
        "上年结转结余\t10.00\t结转结余下年\t0.00",
        "收入总计\t50.00\t支出总计\t50.00",
    )
    summary = _summary(result)
    assert (summary["本年收入合计"], summary["收入合计"], summary["上年结转"]) == (40.0, 50.0, 10.0)


def test_a_running_cost_table_states_the_running_cost():
    # 江苏人大 2019 (corpus p11): "一般公共预算机关运行经费支出预算表", 合计 over economic classes; it
    # is no spending-by-function table (its 302 is an economic class)
    result = _read(
        "某某省某某厅2026年部门预算",
        "财政拨款支出预算表（功能科目）",  # 江苏人大 p5: the 财政拨款 edition, by function class
        "单位：万元",
        "功能科目编码\t功能科目名称\t金额",
        "合计\t\t30.00",
        "201\t一般公共服务支出\t30.00",
        "一般公共预算机关运行经费支出预算表",
        "单位：万元",
        "科目编码\t科目名称\t机关运行经费支出",
        "合计\t\t5.00",
        "302\t商品和服务支出\t5.00",
        "30201\t办公费\t5.00",
    )
    assert _summary(result)["机关运行经费"] == 5.0
    function = result.tables["expenditure_function"]
    assert function.select("code", "total_wan").rows() == [("201", 30.0)]
    kinds = {t["kind"]: t["status"] for t in result.report["tables"]}
    assert (kinds["fiscal_expenditure"], kinds["running_cost"]) == ("已读取", "已读取")


def test_a_summary_with_a_second_spending_group_and_a_third_category():
    # 江苏人大 2019 / 省委办公厅 2018 (corpus p1, p3): 收入 | 支出 功能分类 | 支出 支出用途; the 当年支出小计
    # spans both spending groups with its amount in the last column; 单位预留机动经费 is a third
    # category beside 基本/项目
    result = _read(
        "某某省某某厅2026年部门预算",
        "收支预算总表",
        "单位：万元",
        "收入\t\t支出\t\t\t",
        "项目名称\t金额\t功能分类\t\t支出用途\t",
        "\t\t功能科目名称\t金额\t项目名称\t金额",
        "一、财政拨款\t100.00\t一、一般公共服务支出\t100.00\t一、基本支出\t60.00",
        "1.一般公共预算\t100.00\t二、外交支出\t\t二、项目支出\t30.00",
        "2.政府性基金预算\t\t三、国防支出\t\t三、单位预留机动经费\t10.00",
        "当年收入小计\t100.00\t当年支出小计\t\t\t100.00",
        "上年结余、结转\t0.00\t结转下年资金\t\t\t",  # 深圳 2026 "上年结余、结转"
        "收入合计\t100.00\t支出合计\t\t\t100.00",
    )
    summary = _summary(result)
    assert (summary["本年收入合计"], summary["本年支出合计"], summary["支出合计"]) == (100.0, 100.0, 100.0)
    assert (summary["基本支出"], summary["项目支出"], summary["单位预留机动经费"]) == (60.0, 30.0, 10.0)
    assert summary["上年结转"] == 0.0
    assert not any("上年结余" in w["message"] for w in result.report["warnings"])


def test_personnel_and_public_for_all_funds_from_the_summary_and_parts_checked_in_their_scope():
    # 上海 2026 (corpus p7): the 财务收支预算总表 prints 基本支出 (人员经费 | 公用经费) and 项目支出 beside
    # its 合计, all funds; the 一般公共预算基本支出表 (p17) holds the 一般公共预算 part only
    result = _read(
        "上海市2026年市级单位预算",
        "预算单位：某某学校",
        "2026年预算单位财务收支预算总表",
        "单位：元",
        "本年收入\t\t本年支出\t\t\t\t",
        "项目\t预算数\t项目\t预算数\t\t\t",
        "\t\t\t合计\t基本支出\t\t项目支出",
        "\t\t\t\t人员经费\t公用经费\t",
        "一、财政拨款收入\t800,000\t一、教育支出\t1,000,000\t500,000\t200,000\t300,000",
        "二、事业收入\t200,000\t\t\t\t\t",
        "收入总计\t1,000,000\t支出总计\t1,000,000\t500,000\t200,000\t300,000",
        "一般公共预算基本支出部门预算经济分类预算表",
        "单位：元",
        "科目编码\t科目名称\t合计\t人员经费\t公用经费",
        "\t合计\t600,000\t400,000\t200,000",
        "301\t工资福利支出\t400,000\t400,000\t",
        "302\t商品和服务支出\t200,000\t\t200,000",
    )
    summary = _summary(result)
    assert (summary["人员经费"], summary["公用经费"]) == (50.0, 20.0)  # all funds, 万元
    checks = result.tables["checks"]
    assert checks.filter(~checks["ok"]).is_empty()  # the 经济分类 rows add up to their own 合计 (60)
    economic = result.tables["expenditure_economic"]
    assert economic.filter(economic["code"] == "301")["personnel_wan"].to_list() == [40.0]


@pytest.mark.parametrize("project, expected", [
    ("1,000,000", (0.0, 0.0)),  # the printed part is the whole 合计: the blank ones are 0
    ("900,000", None),  # the printed parts leave 10 万元 unplaced: a blank is not read as 0
])
def test_blank_parts_of_a_total_are_zero_only_where_the_printed_parts_make_the_total(project, expected):
    # 上海 域外农场 2026 (corpus p7): all project spending, 人员经费 and 公用经费 blank on 支出总计
    result = _read(
        "上海市2026年市级单位预算",
        "预算单位：某某农场",
        "2026年预算单位财务收支预算总表",
        "单位：元",
        "本年收入\t\t本年支出\t\t\t\t",
        "项目\t预算数\t项目\t预算数\t\t\t",
        "\t\t\t合计\t基本支出\t\t项目支出",
        "\t\t\t\t人员经费\t公用经费\t",
        f"一、财政拨款收入\t1,000,000\t一、农林水支出\t1,000,000\t\t\t{project}",
        f"收入总计\t1,000,000\t支出总计\t1,000,000\t\t\t{project}",
    )
    summary = _summary(result)
    got = (summary["人员经费"], summary["公用经费"]) if "人员经费" in summary else None
    assert got == expected


def test_spending_of_both_kinds_by_economic_class_is_kept_as_its_own_scope():
    # 泉州 2026 表八 (corpus p17) / 深圳 2026 表8 (p37): 一般公共预算 基本 + 项目 by economic class,
    # beside the 基本支出表 (表九, p18); the two are different money, neither replaces the other
    result = _read(
        "某某市某某局2026年部门预算",
        "八、一般公共预算支出经济分类情况表",
        "单位：万元",
        "科目编码\t科目名称\t预算数",
        "\t合计\t90.00",
        "301\t工资福利支出\t50.00",
        "30101\t基本工资\t50.00",
        "302\t商品和服务支出\t40.00",
        "30201\t办公费\t15.00",
        "30211\t差旅费\t25.00",
        "九、一般公共预算基本支出经济分类情况表",
        "单位：万元",
        "科目编码\t科目名称\t合计\t人员经费\t公用经费",
        "\t合计\t60.00\t48.00\t12.00",
        "301\t工资福利支出\t48.00\t48.00\t",
        "30101\t基本工资\t48.00\t48.00\t",
        "302\t商品和服务支出\t12.00\t\t12.00",
        "30201\t办公费\t12.00\t\t12.00",
    )
    economic = result.tables["expenditure_economic"]
    by_scope = {(r["scope"], r["code"]): (r["total_wan"], r["confirmed"]) for r in economic.iter_rows(named=True)}
    assert by_scope[("全部支出", "301")] == (50.0, True)
    assert by_scope[("全部支出", "302")] == (40.0, True)  # 类 = its 款 and the 类 add up to the 合计
    assert by_scope[("基本支出", "301")] == (48.0, True)
    assert by_scope[("基本支出", "302")] == (12.0, True)
    checks = result.tables["checks"]
    assert checks.filter(~checks["ok"]).is_empty()
    assert _summary(result)["人员经费"] == 48.0  # from the 基本支出表, not the wider table


@pytest.mark.parametrize("security, expected_ok", [("70.00", True), ("71.00", False)])
def test_classes_named_without_codes_in_the_summary_head_a_table_of_items(security, expected_ok):
    # 泉州 2026 (corpus p10, p12): the 支出预算总表 prints only 7-digit 项; the 收支预算总表 names each
    # 类 without its code ("四、公共安全支出"), with zero-valued 类 the department does not spend in
    result = _read(
        "某某市某某局2026年部门预算",
        "一、收支预算总表",
        "单位：万元",
        "收入\t\t支出\t",
        "项目\t预算数\t项目\t预算数",
        "一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t0.00",
        f"\t\t四、公共安全支出\t{security}",
        "\t\t八、社会保障和就业支出\t30.00",
        "本年收入合计\t100.00\t本年支出合计\t100.00",
        "三、支出预算总表",
        "单位：万元",
        "科目编码\t科目名称\t小计\t基本支出\t项目支出",
        "\t合计\t100.00\t60.00\t40.00",
        "2040201\t行政运行\t50.00\t50.00\t0.00",
        "2040220\t执法办案\t20.00\t0.00\t20.00",
        "2080505\t机关事业单位基本养老保险缴费支出\t30.00\t10.00\t20.00",
    )
    function = result.tables["expenditure_function"]
    classes = function.filter(function["level"] == 1)
    assert classes.select("code", "name", "total_wan").rows() == [
        ("204", "公共安全支出", float(security)), ("208", "社会保障和就业支出", 30.0)]
    assert classes["basic_wan"].to_list() == [None, None]  # the summary prints no split: 未公开
    checks = result.tables["checks"]
    [own] = checks.filter(checks["check"].str.starts_with("功能分类 204 ")).rows(named=True)
    assert (own["stated_wan"], own["computed_wan"], own["ok"]) == (float(security), 70.0, expected_ok)
    assert classes["confirmed"].to_list()[0] is expected_ok


@pytest.mark.parametrize("spent, confirmed", [("120.00", True), ("121.00", False)])
def test_the_fiscal_summary_grand_total_is_its_own_figure(spent, confirmed):
    # 国家信访局 2026 (corpus p9): 财政拨款收支总表 总计 18,728.94 beside a 部门收支总表 of 50,616.94
    result = _read(
        "某某局2026年部门预算",
        "部门收支总表",
        "单位：万元",
        "收入\t\t支出\t",
        "项目\t预算数\t项目\t预算数",
        "一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t300.00",
        "二、其他收入\t200.00\t\t",
        "本年收入合计\t300.00\t本年支出合计\t300.00",
        "收入总计\t300.00\t支出总计\t300.00",
        "财政拨款收支总表",
        "单位：万元",
        "收入\t\t支出\t",
        "项目\t预算数\t项目\t预算数",
        "一、本年收入\t100.00\t一、一般公共服务支出\t120.00",
        "二、上年结转\t20.00\t\t",
        f"收入总计\t120.00\t支出总计\t{spent}",
    )
    summary = result.tables["summary"]
    row = summary.filter(summary["metric"] == "财政拨款收支总计").row(0, named=True)
    assert (row["amount_wan"], row["confirmed"]) == (120.0, confirmed)  # the income side's 总计
    assert _summary(result)["收入合计"] == 300.0  # the whole stays the 部门收支总表's


def test_personnel_and_public_of_all_funds_from_the_spending_table_beside_the_fiscal_part():
    # 湖州卫健 2026 (corpus p29, p39, p13): 表03 支出预算总表 prints 基本支出 as 人员支出 | 公用经费 (all
    # funds, no 小计); 表06 一般公共预算基本支出表 its 一般公共预算 part; the text breaks that part down
    result = _read(
        "湖州市某某局2026年部门预算",
        "支出预算总表",
        "单位：万元",
        "科目编码\t科目名称\t合计\t基本支出\t\t项目支出",
        "\t\t\t人员支出\t公用经费\t",
        "\t合计\t500.00\t300.00\t150.00\t50.00",
        "2100201\t综合医院\t500.00\t300.00\t150.00\t50.00",
        "一般公共预算基本支出表",
        "单位：万元",
        "科目编码\t科目名称\t合计\t人员经费\t公用经费",
        "\t合计\t50.00\t40.00\t10.00",
        "301\t工资福利支出\t40.00\t40.00\t",
        "302\t商品和服务支出\t10.00\t\t10.00",
        "（六）关于2026年一般公共预算基本支出情况说明",
        "某某局2026年一般公共预算基本支出50.00万元，其中：人员经费40.00万元，主要包括：基本工资；公用经费10.00万元。",
    )
    summary = result.tables["summary"]
    got = {r["metric"]: (r["amount_wan"], r["confirmed"]) for r in summary.iter_rows(named=True)}
    assert got["人员经费"][0] == 300.0 and got["公用经费"][0] == 150.0  # all funds, the widest table
    assert got["一般公共预算人员经费"] == (40.0, True)  # its own 合计, and the text agrees
    assert got["一般公共预算公用经费"] == (10.0, True)
    checks = result.tables["checks"]
    assert checks.filter(~checks["ok"]).is_empty()  # the text's 40.00 is the 一般公共预算 part, not 300


def test_a_section_heading_over_the_table_title_is_not_a_table():
    # 泉州 2026 (corpus p10, p14): "一、收支预算总表" then the title "2026年度收支预算总表" on the same page;
    # the read report said 未公开（空表） for every table, after the empty "heading table"
    result = _read(
        "某某市某某局2026年部门预算",
        "一、收支预算总表",
        "2026年度收支预算总表",
        "单位：万元",
        "收入\t\t支出\t",
        "项目\t预算数\t项目\t预算数",
        "一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t100.00",
        "本年收入合计\t100.00\t本年支出合计\t100.00",
        "五、一般公共预算拨款支出预算表",
        "2026年度一般公共预算拨款支出预算表",
        "单位：万元",
        "科目编码\t科目名称\t小计\t基本支出\t项目支出",
        "\t合计\t100.00\t60.00\t40.00",
        "2010101\t行政运行\t100.00\t60.00\t40.00",
    )
    status = {t["kind"]: (t["status"], t["count"]) for t in result.report["tables"]}
    assert status["budget_summary"] == ("已读取", 1)
    assert status["general_expenditure"] == ("已读取", 1)  # "一般公共预算拨款支出预算表", not a 支出总表
    assert status["expenditure"] == ("未找到", 0)
    assert result.report["tables_read"] == 2


@pytest.mark.parametrize("head", ["一、财政拨款", "财政拨款"])  # 深圳 p31 prints the head bare
def test_nested_income_lines_are_counted_once(head):
    # 深圳 2026 / 江苏 2019 (corpus p20, p1): "一、财政拨款" heads "1.一般公共预算拨款" and
    # "2.政府性基金预算拨款"; the head is not a source of its own
    result = _read(
        "某某市某某局2026年部门预算",
        "收支总表",
        "单位：万元",
        "收入\t\t支出\t",
        "项目\t2026年预算数\t项目\t2026年预算数",
        f"{head}\t100.00\t一、一般公共服务支出\t120.00",
        "1.一般公共预算拨款\t80.00\t\t",
        "2.政府性基金预算拨款\t20.00\t\t",
        "二、事业收入\t20.00\t\t",
        "本年收入合计\t120.00\t本年支出合计\t120.00",
        "收入总计\t120.00\t支出总计\t120.00",
    )
    income = dict(result.tables["income"].select("source", "amount_wan").iter_rows())
    assert income == {"一般公共预算拨款收入": 80.0, "政府性基金预算拨款收入": 20.0, "事业收入": 20.0}
    checks = result.tables["checks"]
    assert checks.filter(checks["check"] == "收入来源之和 = 收入合计")["ok"].to_list() == [True]


def test_a_contents_list_over_a_page_break_with_page_numbers():
    # 北京教委 2026 (corpus p1-2): the list goes on over the page, a page number under each part
    def row(number, page, *cells):
        return Row(cells=cells, number=number, page=page)

    rows = [row(1, 1, "目录"), row(2, 1, "一、收支总表"), row(3, 1, "二、支出总表"), row(4, 1, "- 1 -"),
            row(5, 2, "三、项目支出绩效目标表"), row(6, 2, "四、部门整体支出绩效目标表"), row(7, 2, "- 2 -")]
    tables, listed = find_tables_and_contents(rows)
    assert tables == []
    assert [t.title.number for t in listed] == [2, 3, 5, 6]


def test_a_total_with_the_carry_forward_adds_it_to_basic_and_project():
    # 北京教委 2026 (corpus p9): 支出预算 (the 总计) = 基本支出 + 项目支出 + 年终结转结余, all in prose
    result = _read(
        "某某市某某局2026年度部门预算",
        "一、收支总表",
        "单位：万元",
        "项目\t金额\t项目\t金额",
        "一般公共预算拨款收入\t120.00\t一般公共服务支出\t100.00",
        "收入总计\t120.00\t年终结转结余\t20.00",
        "\t\t支出总计\t120.00",
        "三、支出预算情况说明",
        "2026年支出预算120.00万元，其中基本支出60.00万元，项目支出40.00万元，年终结转结余20.00万元。",
    )
    checks = result.tables["checks"]
    row = checks.filter(checks["check"].str.ends_with("= 支出合计")).row(0, named=True)
    assert (row["check"], row["ok"]) == ("基本支出 + 项目支出 + 年终结转结余 = 支出合计", True)
    assert _summary(result)["年终结转结余"] == 20.0


def test_a_carry_over_head_whose_parts_are_no_sources_stays():
    # 深圳卫健 2026 (corpus p22): "上年结余、结转 111.96" over "1.财政拨款结余、结转" and
    # "2.非财政拨款结余、结转": the parts are no income sources, so the head is the source
    result = _read(
        "某某市某某局2026年部门预算",
        "收支总表",
        "单位：万元",
        "收入\t\t支出\t",
        "项目\t2026年预算数\t项目\t2026年预算数",
        "1.一般公共预算拨款\t100.00\t一、一般公共服务支出\t110.00",
        "本年收入合计\t100.00\t本年支出合计\t110.00",
        "上年结余、结转\t10.00\t结转下年\t0.00",
        "1.财政拨款结余、结转\t10.00\t\t",
        "2.非财政拨款结余、结转\t0.00\t\t",
        "收入总计\t110.00\t支出总计\t110.00",
    )
    income = dict(result.tables["income"].select("source", "amount_wan").iter_rows())
    assert income == {"一般公共预算拨款收入": 100.0, "上年结转结余": 10.0}
    assert _summary(result)["上年结转"] == 10.0
