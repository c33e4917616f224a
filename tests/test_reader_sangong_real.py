"""三公 table layouts of the real corpus (../shared/corpus), each as a generated fixture.

The snippets follow the layout a real document showed (the document and page are named), with
figures of our own: the expected values are what the snippet states.
"""

from __future__ import annotations

from reader.document import read_document


def _read(*lines: str, year: int = 2026):
    data = "\n".join(lines).encode("utf-8")
    return read_document("snippet.txt", data, {"year": year})


def _summary(result) -> dict[str, float]:
    return dict(result.tables["summary"].select("metric", "amount_wan").iter_rows())


def _sangong(result) -> dict[str, float]:
    return dict(result.tables["sangong"].select("item", "amount_wan").iter_rows())


def _items(abroad: float, purchase: float, running: float, reception: float) -> dict[str, float]:
    return {"因公出国（境）费": abroad, "公务用车购置费": purchase, "公务用车运行维护费": running,
            "公务接待费": reception}


def _beside(summary: dict[str, float]) -> dict[str, float]:
    return {metric: summary.get(metric) for metric in ("三公经费合计", "会议费", "培训费")}


# 江苏省人大常委会办公厅 2019 (jiangsu-renda-2019-dept.pdf p9; also 江苏高院 2018 p14, 江苏省委办公厅
# 2018 p11): "“三公”经费" merged over 小计 and the items, 会议费 and 培训费 beside it, and a first
# column 合计 = 三公 + 会议费 + 培训费; one row of amounts, a blank cell for 0
JIANGSU_HEADER = (
    "合计\t“三公”经费\t\t\t\t\t\t会议费\t培训费",
    "\t小计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t\t",
    "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t",
)


def test_sangong_with_meeting_and_training_columns_and_a_grand_total_first():
    result = _read(
        "某某省某某厅2019年部门预算",
        "“三公”经费、会议费、培训费支出预算表",
        "公开表九",
        "部门：\t某某省某某厅\t单位：万元",
        *JIANGSU_HEADER,
        "160.00\t60.00\t10.00\t30.00\t\t30.00\t20.00\t70.00\t30.00",
        year=2019,
    )
    assert _sangong(result) == _items(10.0, 0.0, 30.0, 20.0)
    assert _beside(_summary(result)) == {"三公经费合计": 60.0, "会议费": 70.0, "培训费": 30.0}


def test_a_bare_total_over_meeting_and_training_is_not_the_sangong_total():
    # the same layout without its 三公 小计 column (put together for the test): the 合计 holds
    # 会议费 and 培训费 too, so the table states no 三公 total
    result = _read(
        "某某省某某厅2019年部门预算",
        "“三公”经费、会议费、培训费支出预算表",
        "单位：万元",
        "合计\t“三公”经费\t\t\t\t\t会议费\t培训费",
        "\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t\t",
        "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t",
        "160.00\t10.00\t30.00\t\t30.00\t20.00\t70.00\t30.00",
        year=2019,
    )
    assert _sangong(result) == _items(10.0, 0.0, 30.0, 20.0)
    assert _beside(_summary(result)) == {"三公经费合计": None, "会议费": 70.0, "培训费": 30.0}


# 无锡市水利局 2026 (wuxi-shuiliju-2026-dept.pdf p22; also 无锡发改委 2025 p23, 无锡教育局 2026 p26):
# "“三公”经费合计" first, 会议费 and 培训费 as the last two columns
def test_wuxi_meeting_and_training_columns():
    result = _read(
        "无锡市某某局2026年部门预算",
        "公开09表",
        "一般公共预算“三公”经费、会议费、培训费支出表",
        "单位：万元",
        "“三公”经费合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t会议费\t培训费",
        "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t",
        "12.00\t0.00\t8.00\t0.00\t8.00\t4.00\t3.50\t0.00",
    )
    assert _sangong(result) == _items(0.0, 0.0, 8.0, 4.0)
    assert _beside(_summary(result)) == {"三公经费合计": 12.0, "会议费": 3.5, "培训费": 0.0}


# 深圳市卫生健康委员会 2026 (shenzhen-weijian-2026-dept.pdf p40; also 深圳公安 p37, 深圳人社 p252 with
# the department's block before 21 units'): every item split into 一般公共预算 / 政府性基金预算 /
# 国有资本经营预算 under merged headers; per 预算单位 the rows 2025年, 2026年, 增减变化金额
SHENZHEN_HEADER = (
    "预算单位\t年度\t总计\t\t\t因公出国(境)费\t\t\t公务接待费\t\t\t公务用车购置及运行维护费"
    "\t\t\t\t\t\t\t\t",
    "\t\t\t\t\t\t\t\t\t\t\t小计\t\t\t公务用车购置费\t\t\t公务用车运行维护费\t\t",
    "\t\t" + "\t".join(["一般公共预算", "政府性基金预算", "国有资本经营预算"] * 6),
)


def _by_fund(*general: str) -> str:
    """One row's amounts: each 一般公共预算 figure followed by 政府性基金 and 国有资本 columns."""
    return "\t".join(f"{amount}\t1.00\t0.00" for amount in general)


def test_shenzhen_budget_year_row_of_the_first_unit_general_budget_columns():
    result = _read(
        "深圳市某某局2026年部门预算",
        "表9",
        "财政拨款“三公”经费支出表",
        "部门名称：深圳市某某局\t单位：万元",
        *SHENZHEN_HEADER,
        "深圳市某某局\t2025年\t" + _by_fund("50.00", "5.00", "15.00", "30.00", "20.00", "10.00"),
        "\t2026年\t" + _by_fund("40.00", "8.00", "12.00", "20.00", "6.00", "14.00"),
        "\t增减变化金额\t" + _by_fund("-10.00", "3.00", "-3.00", "-10.00", "-14.00", "4.00"),
        "深圳市某某中心\t2025年\t" + _by_fund("9.00", "0.00", "9.00", "0.00", "0.00", "0.00"),
        "\t2026年\t" + _by_fund("7.00", "0.00", "7.00", "0.00", "0.00", "0.00"),
        "\t增减变化金额\t" + _by_fund("-2.00", "0.00", "-2.00", "0.00", "0.00", "0.00"),
        "注：本套报表金额单位转换时可能存在尾数误差。",
    )
    assert _sangong(result) == _items(8.0, 6.0, 14.0, 12.0)
    assert _summary(result)["三公经费合计"] == 40.0


# 湖州市财政局 2026 (huzhou-caizhengju-2026-dept.pdf p28; also 湖州卫健委 p42): a column-index row
# "** 1 2 …", then a 合计 row and a row per unit; blank cells are 0
def test_huzhou_total_row_of_a_table_by_unit():
    result = _read(
        "湖州市某某局2026年部门预算",
        "表07",
        "2026年市级部门一般公共预算\"三公\"经费支出表",
        "301-湖州市某某局\t单位：万元",
        "单位名称\t“三公”经费合计\t因公出国(境)费用\t公务用车购置及运行费\t\t\t公务接待费",
        "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t",
        "**\t1\t2\t3\t4\t5\t6",
        "合计\t11.20\t\t6.00\t\t6.00\t5.20",
        "湖州市某某局\t8.00\t\t6.00\t\t6.00\t2.00",
        "湖州市某某中心\t3.20\t\t\t\t\t3.20",
        "注：不含教学科研人员学术交流因公出国（境）费用。",
    )
    assert _sangong(result) == _items(0.0, 0.0, 6.0, 5.2)
    assert _summary(result)["三公经费合计"] == 11.2


def test_meeting_and_training_rows_and_a_total_that_holds_them():
    # the items down the rows with 会议费 and 培训费 rows (a layout put together for the test after
    # the title "一般公共预算“三公”经费、会议费和培训费支出情况表", docs/real_layouts.md §1.1): the
    # 合计 holds them too, so it is not the 三公 total
    result = _read(
        "某某县某某局2026年部门预算",
        "一般公共预算“三公”经费、会议费和培训费支出情况表",
        "单位：万元",
        "项目\t预算数",
        "合计\t20.00",
        "1.因公出国(境)费用\t0.00",
        "2.公务接待费\t4.00",
        "3.公务用车购置及运行维护费\t6.00",
        "其中：公务用车运行维护费\t6.00",
        "公务用车购置费\t0.00",
        "4.会议费\t7.00",
        "5.培训费\t3.00",
    )
    assert _sangong(result) == _items(0.0, 0.0, 6.0, 4.0)
    assert _beside(_summary(result)) == {"三公经费合计": None, "会议费": 7.0, "培训费": 3.0}


# 泉州市公安局 2026 (quanzhou-gonganju-2026-dept.pdf p19; also 泉州市政府办 p22): a section heading
# worded as a 三公 title straight above the table's own title; the heading is no empty table
def test_a_title_straight_above_the_table_states_no_zero():
    result = _read(
        "泉州市某某局2026年部门预算",
        "十、一般公共预算“三公”经费支出预算表",
        "2026年度一般公共预算“三公”经费支出预算表",
        "单位：万元",
        "项目\t预算数",
        "合计\t25.00",
        "1、因公出国（境）费用\t0.00",
        "2、公务接待费\t5.00",
        "3、公务用车购置及运行费\t20.00",
        "其中：（1）公务用车购置费\t12.00",
        "（2）公务用车运行费\t8.00",
    )
    assert _sangong(result) == _items(0.0, 12.0, 8.0, 5.0)
    assert _summary(result)["三公经费合计"] == 25.0
    checks = result.tables["checks"].filter(result.tables["checks"]["check"].str.contains("三公"))
    assert checks["ok"].all() and not checks.is_empty()
