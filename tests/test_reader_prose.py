"""Figures stated in the explanatory text (reader/prose.py): wordings from real documents
(../shared/corpus, data/raw) with figures of our own, and documents read through read_document."""

from __future__ import annotations

import polars as pl
import pytest

from reader.document import read_document
from reader.prose import listed_parts, read_prose
from reader.rows import Row


def _rows(*lines: str) -> list[Row]:
    return [Row((line,), n) for n, line in enumerate(lines, 1)]


def _read(*lines: str, year: int = 2026) -> set[tuple[str, float]]:
    return {(metric, f.value) for metric, f in read_prose(_rows(*lines), year)}


@pytest.mark.parametrize("sentence, expected", [
    # 江苏政协 2019 p10: figures with thousands separators after "预算数为"
    ("此外，基本支出预算数为1,234.56万元。", {("基本支出", 1234.56)}),
    # 北京教委 2026 p9: without separators, after a heading of the same name
    ("（二）项目支出。项目支出预算987654.32万元，占本年支出预算25.59%。", {("项目支出", 987654.32)}),
    # 北京教委 2026 p7/p9: the year's totals
    ("2026年度收入预算4483.83万元，比2025年年初预算数4001.82万元增加482.01万元，增长12.07%。",
     {("收入合计", 4483.83)}),
    ("2026年支出预算4483.83万元。", {("支出合计", 4483.83)}),
    # 江苏高院 2018 / 无锡 p28: one figure for both sides
    ("某某法院2026年度收入、支出预算总计3,172.15万元。", {("收入合计", 3172.15), ("支出合计", 3172.15)}),
    # 泉州 p24: 人员经费 / 公用经费 under the 一般公共预算 基本支出
    ("2026年度一般公共预算拨款基本支出515.38万元，其中：（一）人员经费480.69万元，主要包括：基本工资等；"
     "（二）公用经费34.69万元，主要包括：办公费等。",
     {("一般公共预算基本支出", 515.38), ("人员经费", 480.69), ("公用经费", 34.69)}),
    # 深圳公安 2026 p6: 在职人员经费
    ("（一）在职人员经费945.73万元，主要是在职人员工资福利和社保缴费等相关支出。", {("人员经费", 945.73)}),
    # 湖州财政 p11, 国家信访局 p25, 无锡 p37, 石柱 line 51: 机关运行经费
    ("2026年某局的机关运行经费财政拨款预算598.67万元，比上年预算增加3万元。", {("机关运行经费", 598.67)}),
    ("2026年本部门一般公共预算机关运行经费预算支出150.63万元，与上年相比减少7.98万元。", {("机关运行经费", 150.63)}),
    ("（一）机关运行经费。2026年一般公共预算财政拨款运行经费115.51万元，比上年140.51万元减少25万元。",
     {("机关运行经费", 115.51)}),
    # 北京教委 p10: the 三公 items named by the heading before them, "0 万元"
    ("2026年财政拨款“三公”经费预算215.38万元。其中：（一）因公出国（境）费用。2026年预算数16.36万元，主要用于出访。"
     "（二）公务接待费。2026年预算数0万元。（三）公务用车购置和运行维护费。2026年预算数102.41万元，"
     "包括公务用车购置费预算46.80万元、公务用车运行维护费预算55.61万元。",
     {("三公经费合计", 215.38), ("因公出国（境）费", 16.36), ("公务接待费", 0.0), ("公务用车购置费", 46.8),
      ("公务用车运行维护费", 55.61)}),
    # 泉州 p24: the item name before the year
    ("（一）因公出国（境）经费2026年预算安排0.00万元，比上年增加0.00万元。", {("因公出国（境）费", 0.0)}),
    # 湖州财政 p11: 公务用车购置支出
    ("其中，公务用车购置支出0.00万元（含购置税等附加费用），与上年预算数持平。", {("公务用车购置费", 0.0)}),
    # 江苏政协 p16: 会议费 / 培训费
    ("某办公厅2026年度一般公共预算拨款安排的会议费预算支出1,282.56万元，比上年预算增加398.4万元。",
     {("会议费", 1282.56)}),
    # 北京教委 p7: income sources listed after a group figure, a page number inside
    ("（一）本年财政拨款收入2503.73万元1.一般公共预算拨款收入2434.73万元。2.政府性基金预算拨款收入69.00万元。",
     {("财政拨款收入", 2503.73), ("一般公共预算拨款收入", 2434.73), ("政府性基金预算拨款收入", 69.0)}),
    ("（三）上年结转结余1140.84万元。", {("上年结转", 1140.84), ("上年结转结余", 1140.84)}),
    # 上海 single-unit budgets: 元 in the text
    ("机关运行经费预算为1234567元。", {("机关运行经费", 123.4567)}),
    # 江苏政协 p9: 财政拨款 收、支 is a part, not the whole budget
    ("某办公厅2026年度财政拨款收、支预算13,297.11万元。", set()),
    # 江苏政协 p11: 本年收入 may or may not include the carry-over
    ("某办公厅本年收入预算合计13,377.11万元，其中：上年结转资金0万元，占0%。", {("上年结转", 0.0),
                                                                       ("上年结转结余", 0.0)}),
])
def test_sentence_gives(sentence, expected):
    assert _read(sentence) == expected


@pytest.mark.parametrize("sentence", [
    # changes, last year's figures, percentages, counts, thresholds
    "基本支出比上年增加20.64万元。",
    "与上年相比增加3,226.63万元，增长31.79%。",
    "2025年“三公”经费预算数为346.30万元。",
    "截至2025年底，共有车辆599台，单位价值100万元以上的设备1895台（套）。",
    # parts that are not the metric: a class of spending, 离退休人员经费
    "1.一般公共服务（类）支出10,271.56万元。",
    "（三）对个人和家庭补助支出86.99万元，主要是离退休人员经费。",
    "1.事业单位经营支出4354.50万元。",
    # 青龙 line 465: the parts a 机关运行经费 is spent on are no 三公 items
    "机关运行经费共计安排63.07万元，主要用于日常办公费5.48万元、公务用车运行维护费3.20万元。",
])
def test_sentence_gives_nothing_of_its_own(sentence):
    assert not (_read(sentence) - {("机关运行经费", 63.07)})


@pytest.mark.parametrize("lines, expected", [
    # 江苏政协 2019 p10: "其他资金收入" among the sources is the source 其他收入
    (("1.一般公共预算收入预算总计100 万元。", "3.其他资金收入预算总计80 万元，与上年数一致。"),
     {("一般公共预算拨款收入", 100.0), ("其他收入", 80.0)}),
    # 北京教委 2026 p8: it heads a group of sources stated apart: no figure of ours
    (("（二）本年其他资金收入900.00万元，包括：财政专户管理资金100.00万元；", "其他收入800.00万元。"),
     {("财政专户管理资金收入", 100.0), ("其他收入", 800.0)}),
    (("（二）本年其他资金收入900.00万元，包括：事业收入900.00万元。",), {("事业收入", 900.0)}),
    # 江苏政协 2019 p14: 财政拨款基本支出 is its own figure, not the whole 基本支出
    (("某某厅2019年度财政拨款基本支出预算6,442.75 万元，其中：", "（一）人员经费5,312.01 万元。"),
     {("财政拨款基本支出", 6442.75), ("人员经费", 5312.01)}),
])
def test_figures_named_by_their_scope_or_group(lines, expected):
    assert _read(*lines, year=2019) == expected


@pytest.mark.parametrize("lines, expected", [
    # 上海 域外农场 2026 p16 / 刑科院 p20: a heading joined to "本单位无…" (no 。 between them)
    (("二、机关运行经费预算", "本单位无机关运行经费。"), {("机关运行经费", 0.0)}),
    (("本部门未安排因公出国（境）费。",), {("因公出国（境）费", 0.0)}),
    (("（三）会议费：无。", "没有培训费。"), {("培训费", 0.0)}),
    # a whole is never stated as none, and a sentence with an amount is read as amounts
    (("本单位无项目支出。",), set()),
    (("本单位无公务用车购置费，公务接待费1.20万元。",), {("公务接待费", 1.2)}),
])
def test_a_figure_stated_as_none_is_zero(lines, expected):
    assert _read(*lines) == expected


def test_sentence_over_a_page_break_keeps_the_row_of_its_number():
    # 江苏政协 p15-16: "…运行维护费支出156.6万" / "- 15 -" / "元，占…"
    prose = read_prose([Row(("公务接待费支出156.6万",), 1, page=15), Row(("- 15 -",), 2, page=15),
                        Row(("元，占“三公”经费的23.72%。",), 3, page=16)], 2026)
    assert [(m, f.value, f.row.page) for m, f in prose] == [("公务接待费", 156.6, 15)]


def test_a_metric_stated_with_two_values_is_left_unread():
    # 深圳人社 2026: one 在职人员经费 per unit of the 部门汇总
    assert _read("包括在职人员经费865.53万元。", "包括在职人员经费221.05万元。") == set()


@pytest.mark.parametrize("sentence, stated, computed", [
    # 青龙 line 465 (the document's own parts fall 0.39 short)
    ("机关运行经费共计安排63.07万元，主要用于日常办公费5.48万元、邮电费2.16万元、网络运行维护费34.62万元及"
     "其他交通费17.22万元。", 63.07, 59.48),
    # 湖州财政 p10: 其中 over "；"
    ("2026年一般公共预算基本支出571.66万元，其中：人员经费494.99万元，主要包括：基本工资等；公用经费76.67万元。",
     571.66, 571.66),
])
def test_listed_parts_are_checked(sentence, stated, computed):
    [check] = listed_parts(_rows(sentence), 2026)
    assert (check.stated_wan, round(check.computed_wan, 2)) == (stated, computed)


@pytest.mark.parametrize("sentence", [
    # 国家信访局 p24: "主要用于" describes one item; its siblings follow after "；"
    "其中：因公出国（境）费68.50万元，主要用于国际旅费等支出；公务用车购置及运行费38.60万元，主要用于车辆购置；"
    "公务接待费5.51万元，主要用于公务接待。",
    # 石柱 line 39: a change after the figure, no list
    "其中：基本支出575.29万元，比2022年增加169.38万元，主要用于保障工资；项目支出1417.57万元。",
])
def test_no_parts_check_without_a_list_right_after_the_figure(sentence):
    assert listed_parts(_rows(sentence), 2026) == []


# ------------------------------------------------------------------ whole documents

_TABLES = """2026年某县某局部门预算
部门收支总表
单位：万元
收入\t\t支出\t
项目\t预算数\t项目\t预算数
一般公共预算拨款收入\t100.00\t一般公共服务支出\t100.00
收入总计\t100.00\t支出总计\t100.00
"""


def _document(text: str) -> dict[str, pl.DataFrame]:
    return read_document("x.txt", text.encode("utf-8")).tables


def _checks(tables: dict[str, pl.DataFrame], metric: str) -> list[tuple[float, float, bool]]:
    hit = tables["checks"].filter(pl.col("check").str.starts_with(metric + "：")
                                  & pl.col("check").str.contains("说明文字"))
    return [(r["stated_wan"], r["computed_wan"], r["ok"]) for r in hit.iter_rows(named=True)]


def test_text_agreeing_with_the_table_is_a_passing_check():
    tables = _document(_TABLES + "\n一、收支情况\n2026年收入预算100.00万元，比上年增加1万元。\n")
    assert _checks(tables, "收入合计") == [(100.0, 100.0, True)]
    assert tables["summary"].filter(pl.col("metric") == "收入合计")["confirmed"].to_list() == [True]


def test_text_differing_from_the_table_is_a_failed_check_naming_both():
    tables = _document(_TABLES + "\n一、收支情况\n2026年收入预算110.00万元。\n")
    assert _checks(tables, "收入合计") == [(100.0, 110.0, False)]
    check = tables["checks"].filter(pl.col("check").str.starts_with("收入合计："))["check"][0]
    assert "收支总表" in check and "说明文字" in check
    assert tables["summary"].filter(pl.col("metric") == "收入合计")["amount_wan"].to_list() == [100.0]


def test_a_rounded_text_figure_agrees_with_the_table():
    # 上海 single-unit budgets: the text rounds to whole 万元, the tables are in 元
    tables = _document(_TABLES.replace("100.00", "99.62") + "\n说明\n2026年收入预算100万元。\n")
    assert _checks(tables, "收入合计") == [(99.62, 99.62, True)]


_PROSE_ONLY = """2026年某局部门预算
目录
一、部门收支总表
二、部门支出总表
第一部分 说明
2026年度收入预算500.00万元。
（一）一般公共预算拨款收入400.00万元，其他收入100.00万元。
2026年支出预算500.00万元。基本支出预算300.00万元。项目支出预算200.00万元。
2026年“三公”经费预算30.00万元。其中：因公出国（境）费10.00万元；公务接待费5.00万元；
公务用车购置费0万元；公务用车运行维护费15.00万元。
"""


def test_a_prose_only_document_reads_its_figures_from_the_text():
    # 北京教委 2026 / 江苏政协 2019: the tables are in another file
    tables = _document(_PROSE_ONLY)
    summary = dict(tables["summary"].select("metric", "amount_wan").iter_rows())
    assert summary == {"收入合计": 500.0, "支出合计": 500.0, "基本支出": 300.0, "项目支出": 200.0,
                       "三公经费合计": 30.0}
    assert dict(tables["income"].select("source", "amount_wan").iter_rows()) == {
        "一般公共预算拨款收入": 400.0, "其他收入": 100.0}
    assert dict(tables["sangong"].select("item", "amount_wan").iter_rows()) == {
        "因公出国（境）费": 10.0, "公务接待费": 5.0, "公务用车购置费": 0.0, "公务用车运行维护费": 15.0}
    # confirmed only where a second statement agrees: the sums of the parts
    assert tables["summary"].filter(pl.col("metric") == "三公经费合计")["confirmed"].to_list() == [True]


def test_a_prose_only_document_without_all_four_items_has_no_sangong_rows():
    tables = _document(_PROSE_ONLY.replace("公务用车运行维护费15.00万元", "用车运行15.00万元"))
    assert tables["sangong"].is_empty()


_CLASSES = """（二）支出预算总计500.00 万元。包括：
1.一般公共服务（类）支出320.00 万元，主要用于单位行政运行。与上年相比增加20.00 万元，增长6.67%。
2.住房保障（类）支出180.00 万元，主要用于住房公积金。
五、财政拨款支出预算情况说明
某某厅2026 年度财政拨款预算支出{fiscal} 万元。与上年相比，财政拨款支出增加30.00 万元。其中：
（一）一般公共服务支出（类）
1.政协事务（款）行政运行（项）200.00 万元，与上年相比增加10.00 万元，增长5.26%。
2.政协事务（款）政协会议（项）100.00 万元，与上年相比减少3 万元。
（二）住房保障支出（类）
1.住房改革支出（款）住房公积金（项）180.00 万元，与上年相比增加1 万元。
"""


@pytest.mark.parametrize("fiscal, ok", [("480.00", True), ("490.00", False)])
def test_classes_named_in_the_text_of_a_prose_only_document(fiscal, ok):
    # 江苏政协 2019 p10-13: 类 with their amounts (all funds), then 款（款）项（项） under 类 headings
    tables = _document(_PROSE_ONLY.replace("2026年支出预算500.00万元。", _CLASSES.format(fiscal=fiscal)))
    function = tables["expenditure_function"]
    rows = {r["code"]: (r["name"], r["level"], r["parent_code"], r["total_wan"]) for r in function.iter_rows(named=True)}
    assert rows == {
        "201": ("一般公共服务支出", 1, None, 320.0), "221": ("住房保障支出", 1, None, 180.0),
        "201N101": ("政协事务（款）行政运行（项）", 3, "201N1", 200.0),
        "201N102": ("政协事务（款）政协会议（项）", 3, "201N1", 100.0),
        "221N101": ("住房改革支出（款）住房公积金（项）", 3, "221N1", 180.0),
    }
    checks = tables["checks"]
    [items] = checks.filter(pl.col("check").str.contains("功能分类各项之和")).rows(named=True)
    assert (items["stated_wan"], items["computed_wan"], items["ok"]) == (float(fiscal), 480.0, ok)
    confirmed = dict(function.select("code", "confirmed").iter_rows())
    assert confirmed["201N101"] is ok and confirmed["201"] is True  # 320 + 180 = 支出合计 500
