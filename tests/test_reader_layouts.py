"""Real layouts of published disclosures as reader fixtures.

Every snippet copies a wording recorded in docs/real_layouts.md (the survey; each case cites its
section and the address it was read from) or a line of one of the four seed texts (cited by
file and line). Where a snippet puts real wordings into a layout the survey did not show whole,
the comment says what was added. Expected values are the figures written into the snippet.
"""

from __future__ import annotations

import pytest

from contract.source import SourceText
from reader import targets
from reader.budget import is_count, read_sangong, read_two_sided
from reader.document import read_document
from reader.flat_targets import project_code
from reader.kinds import title_kind
from reader.meta import read_meta
from reader.prior import read_prior_year
from reader.reading import Reading
from reader.rows import Row
from reader.segment import Table, find_tables, find_tables_and_contents
from reader.text import rows_from_text


def _rows(*lines: str) -> tuple[Row, ...]:
    return rows_from_text(SourceText(name="snippet.txt", lines=lines)).rows


def _table(*lines: str) -> Table:
    tables = find_tables(_rows(*lines))
    assert len(tables) == 1, [t.title.text for t in tables]
    return tables[0]


def _read(*lines: str, year: int | None = None):
    data = "\n".join(lines).encode("utf-8")
    return read_document("snippet.txt", data, {"year": year} if year else None)


def _kind(title: str) -> str | None:
    kind = title_kind([title])
    return kind.id if kind else None


# ------------------------------------------------------------------ 1. titles

# §1.1 开江县惠民帮扶中心2024年部门预算, http://kaijiang.gov.cn/xxgk-show-70740.html
KAIJIANG = [
    ("一、部门收支总表(公开表1)", "budget_summary"),
    ("二、部门收入总表(公开表1-1)", "income"),
    ("三、部门支出总表(公开表1-2)", "expenditure"),
    ("四、财政拨款收支预算总表(公开表2)", "fiscal_summary"),
    # all 财政拨款 spending by economic class: not the 基本支出 table, not read twice
    ("五、财政拨款支出预算表(部门经济分类科目)(公开表2-1)", "economic_edition"),
    ("六、一般公共预算支出预算表(公开表3)", "general_expenditure"),
    ("七、一般公共预算基本支出预算表(公开表3-1)", "basic_economic"),
    ("八、一般公共预算项目支出预算表(公开表3-2)", "projects"),
    ("九、一般公共预算“三公“经费支出预算表(公开表3-3)", "sangong"),  # mismatched quotes
    ("十、政府性基金预算支出表(公开表4)", "fund_expenditure"),
    ("十一、政府性基金预算“三公“经费支出预算表(公开表4-1)", "fund_sangong"),  # a second 三公 table
    ("十二、固有资本经营预算支出表(公开表5)", "capital_expenditure"),  # 固有: the page's typo
    ("十三、部门预算项目支出绩效目标表(公开表6)", "project_targets"),
    ("十四、部门整体支出绩效目标表(公开表7)", "dept_targets"),
]
# §1.1 广水市十里街道办事处2022年部门预算信息公开,
# http://www.guangshui.gov.cn/zwgk/xxgkml/czzj/czyjs/bmys_gss/2021nbmys_gss_56825/202112/t20211214_948592.shtml
GUANGSHUI = [
    ("1、部门收支预算总表", "budget_summary"),
    ("2、部门收入预算总表", "income"),
    ("3、部门支出预算总表", "expenditure"),
    ("4、财政拨款收支总表", "fiscal_summary"),
    ("5、一般公共预算支出总表", "general_expenditure"),  # not the 部门支出总表
    ("6、一般公共预算基本支出表", "basic_economic"),
    ("7、一般公共预算“三公”经费支出表", "sangong"),
    ("8、政府性基金预算支出表", "fund_expenditure"),
    ("9、项目支出预算明细表", "projects"),
    ("10、政府采购预算表", "procurement"),
    ("11、政府购买服务预算表", "service_purchase"),
    ("12、新增资产配置预算表", "asset_purchase"),
    ("13、非税征收计划表", "non_tax"),
]
# §1.1 中共梧州市委政策研究室 2023 部门预算 (the 总体情况表 family),
# http://117.141.250.58:10060/wzyjsgkpt/uploadFile/upload1412/upload20230331/0325E33B158A352FFDF598A88760C8C8.html
WUZHOU = [
    ("一、部门收支总体情况表", "budget_summary"),
    ("二、部门收入总体情况表", "income"),
    ("三、部门支出总体情况表", "expenditure"),
    ("四、财政拨款收支总体情况表", "fiscal_summary"),
    ("五、一般公共预算支出情况表", "general_expenditure"),
    ("六、一般公共预算基本支出情况表", "basic_economic"),
    ("八、政府性基金预算支出情况表", "fund_expenditure"),
    ("九、国有资本经营预算支出情况表", "capital_expenditure"),
    ("十、年度预算项目绩效目标公开表", "project_targets"),
]
# §1.1 防城港市公共资源交易中心2018年部门预算 (财政拨款 tables first),
# http://www.fcgggzy.cn/gxfcgzbw/infodetail/?infoid=fed34313-3191-4b9b-8d01-8ebfa3af613d&categoryNum=009001
FANGCHENGGANG = [
    ("一、财政拨款收支总表", "fiscal_summary"),
    ("二、一般公共预算支出表", "general_expenditure"),
    ("三、一般公共预算基本支出表", "basic_economic"),
    ("四、部门预算资金安排的“三公”经费情况表", "sangong"),
    ("五、政府性基金预算拨款支出预算表", "fund_expenditure"),
    ("六、部门收支总表", "budget_summary"),
    ("七、部门收入总表", "income"),
    ("八、部门支出总表", "expenditure"),
]
# §1.1 2026年部门预算, https://www.qianlima.com/bid-572826147.html
QIANLIMA = [
    ("一、收入预算总表", "income"),
    ("二、支出预算总表", "expenditure"),
    ("三、财政拨款预算“三公”经费支出表", "sangong"),
    ("四、政府采购支出预算表", "procurement"),
    ("五、财政拨款预算“三公”经费支出表(上年)", "sangong_prior"),  # last year's: not this year's
]
OTHERS = [
    # §1.1 中共双鸭山市委统战部2021年部门预算 (mirror; wording as the survey renders it in simplified)
    ("一般公共预算支出情况表(功能科目)", "general_expenditure"),
    ("一般公共预算基本支出情况表(部门经济科目)", "basic_economic"),
    ("一般公共预算支出情况表(政府经济科目)", "economic_edition"),
    ("政府性基金预算支出情况表(部门经济科目)", "economic_edition"),
    ("一般公共预算“三公”经费支出情况表。", "sangong"),  # a trailing full stop
    # §1.1 fragments, https://docsplayer.com/amp/106989306-2018年山东省商业集团有限公司部门预算.html
    ("表 1 重庆市秀山土家族苗族自治县人民法院财政拨款收支总表", "fiscal_summary"),
    ("2016 年收支预算总表 ( 功能分类科目 )", "budget_summary"),
    ("收入预算表", "income"),
    ("支出预算表", "expenditure"),
    ("财政拨款收支预算表", "fiscal_summary"),
    ("财政拨款安排的基本支出预算表", "basic_economic"),
    ("一般公共预算 三公 经费支出表", "sangong"),  # quotes lost in extraction
    # §1.1 教育局 2020年部门预算, http://www.economicdaily.com.cn/archives/rdxv0wbomqpnl47y3mkj.html
    ("表1 部门收支总表 单位:万元", "budget_summary"),
    ("表1-1 部门收入总表 单位:万元", "income"),
    # §1.2 stand-alone 三公 pages (yyx.gov.cn, jtj.dazhou.gov.cn, cqjb.gov.cn, jnjzq.chizhou.gov.cn, cqyz.gov.cn)
    ("台创园2017-度部门“三公”经费预算情况表", "sangong"),
    ("2014年“三公”经费预算财政拨款情况统计表", "sangong"),
    ("2021年区本级“三公”经费预算支出表", "sangong"),
    ("一、2024年一般公共预算“三公”经费支出预算表", "sangong"),
    ("2017年渝中区 “三公”经费汇总情况表", "sangong"),
    # §1.3 a county government budget uses the same words (http://sp.gov.cn/…bd288f16b2e74feca92d22f994f0ece3.shtml)
    ("19、国有资本经营支出预算表", "capital_expenditure"),
    # §7.1 spaced titles: whitespace is collapsed before matching
    ("部 门 收 支 总 表", "budget_summary"),
]
# §1.3 and §7.4: 决算 tables (https://pdf.wenkuvip.com/archives/769xb3le5kpb0lmzpngj.html,
# https://yncn.gov.cn/info/4428/4363080.htm, http://219.145.244.73:88/html/zwgk/czysjs/118395.html,
# http://www.lzszyyy.com/content/3654.html — the last with each title's first character lost)
FINAL_ACCOUNTS = [
    ("表 1:收入支出决算总表", "final_accounts"),
    ("表 7:一般公共预算财政拨款“三公”经费支出决算表", "final_accounts"),
    ("八、财政专户管理资金收入支出决算表", "final_accounts"),
    ("七、一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", "final_accounts"),
    ("三、出决算表", "final_accounts"),
    ("四、政拨款收入支出决算总表", "final_accounts"),
    ("六、般公共预算财政拨款支出决算表", "final_accounts"),
]
NOT_TITLES = [
    ("第二部分  2022部门预算表", None),  # §1.1 广水: a part heading, not a table
    ("(上述报表详见附件)", None),  # §1.1 防城港
    ("1、部门整体绩效目标编制情况。", None),  # §1.1 广水: performance only as text
    ("八、政府性基金预算支出决算情况说明", None),  # §1.3 泸州: a 决算 section heading
    ("一、收入支出决算总表 PAGEREF _Toc20349 h 22", None),  # §7.3: a Word field code in a contents line
    # §1.1 docsplayer: a contents list with its separators lost is a run of text, not a title
    ("收支预算总表二 收入预算表三 支出预算表四 财政拨款收支预算表五 一般公共预算支出表六 政府性基金预算支出表七 "
     "财政拨款安排的基本支出预算表八 政府采购预算表九 一般公共预算 三公 经费支出表", None),
]


@pytest.mark.parametrize(("title", "kind"), KAIJIANG + GUANGSHUI + WUZHOU + FANGCHENGGANG + QIANLIMA + OTHERS
                         + FINAL_ACCOUNTS + NOT_TITLES)
def test_title_kind(title, kind):
    assert _kind(title) == kind


def test_title_with_its_unit_in_a_second_cell():
    # §1.1 economicdaily: "表1 部门收支总表 单位:万元" as a workbook row (title cell, unit cell)
    assert title_kind(["表1 部门收支总表", "单位:万元"]).id == "budget_summary"
    assert title_kind(["部门收支总表", "3"]) is None  # a contents line with its page number


def test_title_wrapped_onto_a_second_line():
    # §1.1 梧州: title 七 wraps onto "情况表"; the line above must not stay in table 六.
    # Three titles with nothing between them are a contents list (test_reader_real.py); the wrap
    # is joined the same way there, so the titles are read from both lists.
    found, listed = find_tables_and_contents(_rows(
        "六、一般公共预算基本支出情况表",
        "七、一般公共预算“三公”经费、会议费和培训费支出",
        "情况表",
        "八、政府性基金预算支出情况表",
    ))
    assert [(t.kind.id, t.title.text) for t in found + listed] == [
        ("basic_economic", "六、一般公共预算基本支出情况表"),
        ("sangong", "七、一般公共预算“三公”经费、会议费和培训费支出情况表"),
        ("fund_expenditure", "八、政府性基金预算支出情况表"),
    ]
    assert (found + listed)[0].rows == []


def test_wrapped_project_title_names_the_project():
    # qinglong_2023.txt lines 863–866: "23、关于提前下达…（冀财行[2021]97 号）" then "绩效目标表"
    rows = _rows(
        "22、村级组织运转经费-正常离任村干部生活补贴绩效目标表",
        "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据",
        "满意度指标\t服务对象满意度指标\t正常离任村干部满意度\t正常离任村干部对生活补贴发放满意度\t≥90%\t调查问卷",
        "",
        "23、关于提前下达 2022 年度下派选调生到村工作中中央财政补助资金的通知（冀财行[2021]97 号）",
        "",
        "绩效目标表",
        "",
        "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据",
        "产出指标\t数量指标\t选调生到村任职人数\t2019-2021 年度在村任职选调生人员数量\t27 人\t2022 工作计划",
    )
    tables = find_tables(rows)
    name = "关于提前下达2022年度下派选调生到村工作中中央财政补助资金的通知（冀财行[2021]97号）"
    assert [t.title.text for t in tables] == [
        "22、村级组织运转经费-正常离任村干部生活补贴绩效目标表", f"23、{name}绩效目标表"]
    assert [r.number for r in tables[0].rows] == [2, 3]  # line 5 went to the title below
    reading = Reading()
    for table in tables:
        targets.read_targets(reading, table, "万元")
    assert [p["project_name"] for p in reading.projects] == [
        "村级组织运转经费-正常离任村干部生活补贴", name]
    assert [(i["project_name"], i["level3"]) for i in reading.indicators][-1] == (name, "选调生到村任职人数")


# ------------------------------------------------------------------ 决算 documents

# §1.3 (https://pdf.wenkuvip.com/archives/769xb3le5kpb0lmzpngj.html): every title says 决算; the
# cover line is §1.3's 泸州 document. Rows under the titles are written for the test.
FINAL_DOCUMENT = (
    "2023年度泸州市中医医院单位决算",
    "表 1:收入支出决算总表",
    "单位：万元",
    "项目\t决算数\t项目\t决算数",
    "一、一般公共预算财政拨款收入\t100.00\t一、卫生健康支出\t100.00",
    "本年收入合计\t100.00\t本年支出合计\t100.00",
    "表 7:一般公共预算财政拨款“三公”经费支出决算表",
    "单位：万元",
    "项目\t决算数",
    "合计\t3.00",
    "公务接待费\t3.00",
)


def test_final_accounts_document_is_read_as_a_final_account():
    # issue 22: a 决算 is read (no longer refused), its kind part of its identity
    result = read_document("泸州决算.txt", "\n".join(FINAL_DOCUMENT).encode("utf-8"))
    assert result.meta.document_kind == "决算" and result.meta.year == 2023
    assert result.doc_id.endswith("-单位-决算")
    assert result.tables["counties"]["document_kind"].to_list() == ["决算"]
    summary = dict(result.tables["summary"].select("metric", "amount_wan").iter_rows())
    assert summary["本年收入合计"] == 100.0 and summary["三公经费合计"] == 3.0
    sangong = dict(result.tables["sangong"].select("item", "amount_wan").iter_rows())
    assert sangong["公务接待费"] == 3.0


def test_final_accounts_table_in_a_budget_is_not_read():
    # a budget (§1.1 开江 titles) followed by a 决算 三公 table (§1.3 wenkuvip title)
    result = _read(
        "开江县惠民帮扶中心2024年部门预算",
        "九、一般公共预算“三公“经费支出预算表(公开表3-3)",
        "单位：万元",
        "项目\t预算数",
        "合计\t5.00",
        "公务接待费\t5.00",
        "表 7:一般公共预算财政拨款“三公”经费支出决算表",
        "单位：万元",
        "项目\t决算数",
        "合计\t3.00",
        "公务接待费\t3.00",
    )
    sangong = dict(result.tables["sangong"].select("item", "amount_wan").iter_rows())
    assert sangong["公务接待费"] == 5.0
    summary = dict(result.tables["summary"].select("metric", "amount_wan").iter_rows())
    assert summary["三公经费合计"] == 5.0
    final = next(t for t in result.report["tables"] if t["kind"] == "final_accounts")
    assert (final["title"], final["status"], final["rows_read"]) == (
        "表 7:一般公共预算财政拨款“三公”经费支出决算表", "已找到（不读入）", 0)


@pytest.mark.parametrize(
    ("second_title", "second_rows"),
    [
        # §1.1 qianlima: last year's 三公 table printed after this year's, marked "(上年)"
        ("五、财政拨款预算“三公”经费支出表(上年)", ("合计\t9.00", "公务接待费\t9.00")),
        # §1.1 开江: the 政府性基金 三公 table, here with its items blank
        ("十一、政府性基金预算“三公“经费支出预算表(公开表4-1)", ("合计\t", "公务接待费\t")),
    ],
)
def test_second_sangong_table_does_not_replace_the_first(second_title, second_rows):
    result = _read(
        "三、财政拨款预算“三公”经费支出表",  # §1.1 qianlima
        "单位：万元",
        "项目\t预算数",
        "合计\t6.00",
        "公务接待费\t6.00",
        second_title,
        "单位：万元",
        "项目\t预算数",
        *second_rows,
        year=2026,
    )
    sangong = dict(result.tables["sangong"].select("item", "amount_wan").iter_rows())
    assert sangong["公务接待费"] == 6.0
    summary = dict(result.tables["summary"].select("metric", "amount_wan").iter_rows())
    assert summary["三公经费合计"] == 6.0


# ------------------------------------------------------------------ 2. spaced labels, units, furniture


@pytest.mark.parametrize(
    ("unit_line", "unit"),
    [
        ("单位：万元", "万元"),
        ("单位:万元", "万元"),  # §3: ASCII colon (economicdaily, cqjb, jtj.dazhou, jnjzq)
        ("单位 : 万元", "万元"),  # §3: spaced (docsplayer)
        ("单位:元", "元"),  # §3: yyx.gov.cn 三公 table
        ("单位：\u3000万元", "万元"),  # a full-width space after the colon
        ("金额单位:万元", "万元"),  # §3: fsou.com
    ],
)
def test_unit_line(unit_line, unit):
    table = _table("部门收支总表", unit_line, "项目\t预算数", "合计\t46")
    assert table.unit == unit


def test_unit_on_the_title_row():
    # §1.1 economicdaily: "表1 部门收支总表 单位:万元", one line
    assert _table("表1 部门收支总表 单位:元", "项目\t预算数", "合计\t46").unit == "元"


@pytest.mark.parametrize("footer", ["第 2 页,共 46 页", "—5—", "- 2 -", "12"])  # §2.1, §7.3
def test_page_footer_is_furniture(footer):
    table = _table("部门收支总表", "单位:万元", "项目\t预算数", "合计\t46", footer, "其他收入\t1")
    assert [r.text for r in table.meta][-1] == footer
    assert [r.text for r in table.body] == ["合计\t46", "其他收入\t1"]


# §2.1 教育局 2020年部门预算 (economicdaily): the total labels spaced out, "2020年预算数" as the
# amount column, income rows numbered to 八、, "其中:转入事业基金", a page footer between rows.
# The interleaved header ("收 项 入 目") is laid out here as the two header rows it came from.
EDUCATION_SUMMARY = (
    "教育局 2020年部门预算 报送日期: 年 月 日",
    "表1 部门收支总表 单位:万元",
    "收 入\t\t支 出\t",
    "项 目\t2020年预算数\t项 目\t2020年预算数",
    "一、一般公共预算拨款收入\t16,745.59\t一、一般公共服务支出\t16,745.59",
    "二、政府性基金预算拨款收入\t\t\t",
    "本 年 收 入 合 计\t16,745.59\t本 年 支 出 合 计\t16,745.59",
    "七、用事业基金弥补收支差额\t\t二十九、事业单位结余分配\t",
    "八、上年结转\t\t三十、结转下年\t",
    "\t\t其中:转入事业基金\t",
    "第 2 页,共 46 页",
    "收 入 总 计\t16,745.59\t支 出 总 计\t16,745.59",
)


def test_spaced_total_labels_in_a_summary_table():
    result = _read(*EDUCATION_SUMMARY)
    summary = {r["metric"]: (r["amount_wan"], r["line"]) for r in result.tables["summary"].iter_rows(named=True)}
    assert summary["收入合计"] == (16745.59, 12)  # 收 入 总 计
    assert summary["支出合计"] == (16745.59, 7)  # 本 年 支 出 合 计
    income = result.tables["income"].select("source", "amount_wan").rows()
    assert income == [("一般公共预算拨款收入", 16745.59)]
    assert (result.meta.department, result.meta.year) == ("教育局", 2020)
    assert result.report["warnings"] == []


def test_spaced_labels_in_a_two_sided_table():
    reading = Reading()
    table = _table(*EDUCATION_SUMMARY[1:])
    read_two_sided(reading, table, table.unit)
    assert {m: [f.value for f in figures] for m, figures in reading.figures.items()} == {
        "本年收入合计": [16745.59], "本年支出合计": [16745.59], "支出合计": [16745.59], "收入合计": [16745.59],
        "支出总计": [16745.59]}


# ------------------------------------------------------------------ 3. 三公 tables


def _sangong(*lines: str) -> tuple[dict[str, float], float | None]:
    table = _table(*lines)
    reading = Reading()
    read_sangong(reading, table, table.unit or "万元")
    total = reading.figures.get("三公经费合计", [])
    return ({r["item"]: r["amount_wan"] for r in reading.sangong}, total[-1].value if total else None)


def _items(abroad: float, reception: float, running: float, purchase: float) -> dict[str, float]:
    return {"因公出国（境）费": abroad, "公务接待费": reception, "公务用车运行维护费": running,
            "公务用车购置费": purchase}


@pytest.mark.parametrize(
    ("label", "count"),
    [
        ("1.因公出国(境)团组数(个)", True),  # §2.5 yyx.gov.cn
        ("6.公务接待人数(人)", True),  # §2.5 yyx.gov.cn
        ("公务用车保有量(辆)", True),  # §7.9
        ("公务用车购置数(辆)", True),  # §7.9
        ("接待批次(批)", True),  # §7.9
        ("辆", True),  # a unit cell
        ("人次", True),
        ("2、公务接待费", False),
        ("(2)公务用车购置", False),
        ("因公出国(境)费", False),
        ("其中:(1)公务用车运行维护费", False),
        ("“三公”经费合计", False),
    ],
)
def test_is_count(label, count):
    assert is_count(label) is count


def test_sangong_in_yuan_with_statistics_rows():
    # §2.5 yyx.gov.cn (http://yyx.gov.cn/37584/38146/38306/content_1180192.html), amounts in 元.
    # The survey elides statistics rows 2–5; they are filled in with the count names of §7.9.
    items, total = _sangong(
        "台创园2017-度部门“三公”经费预算情况表",
        "单位:元",
        "项目\t2016-执行数\t2017-预算数",
        "一、支出合计\t\t250000",
        "1、因公出国(境)费用\t\t",
        "2、公务接待费\t\t150000",
        "3、公务用车费\t\t100000",
        "其中:(1)公务用车运行维护费\t\t100000",
        "(2)公务用车购置\t\t",
        "二、相关统计数\t\t",
        "1.因公出国(境)团组数(个)\t\t0",
        "2.因公出国(境)人数(人)\t\t0",
        "3.公务用车购置数(辆)\t\t2",
        "4.公务用车保有量(辆)\t\t3",
        "5.国内公务接待批次(批)\t\t60",
        "6.公务接待人数(人)\t\t500",
        "三、“三公”经费增减变化原因等说明",
        "备注:1、“三公”经费包括因公出国(境)费、公务接待费、公务用车购置及运行维护费，按预算数填列。",
    )
    assert items == _items(0.0, 15.0, 10.0, 0.0) and total == 25.0


def test_sangong_count_rows_never_become_money():
    # §2.5 yyx.gov.cn's rows without its "(2)公务用车购置" row, statistics first (a layout put
    # together for the test): 购置数(辆) must not be read as 公务用车购置费
    items, total = _sangong(
        "台创园2017-度部门“三公”经费预算情况表",
        "单位:元",
        "项目\t2016-执行数\t2017-预算数",
        "3.公务用车购置数(辆)\t\t2",
        "5.国内公务接待批次(批)\t\t60",
        "一、支出合计\t\t250000",
        "2、公务接待费\t\t150000",
        "其中:(1)公务用车运行维护费\t\t100000",
    )
    assert items == _items(0.0, 15.0, 10.0, 0.0) and total == 25.0


def test_sangong_count_rows_by_their_unit_cell():
    # item names of §2.5 with a 单位 column holding 辆 / 批次 (a layout put together for the test)
    items, total = _sangong(
        "一般公共预算“三公”经费支出表",
        "单位：万元",
        "项目\t单位\t预算数",
        "合计\t万元\t12.5",
        "因公出国(境)费用\t万元\t0",
        "公务接待\t批次\t30",
        "公务接待费\t万元\t2.5",
        "公务用车购置\t辆\t1",
        "公务用车购置费\t万元\t10",
    )
    assert items == _items(0.0, 2.5, 0.0, 10.0) and total == 12.5


def test_sangong_spaced_labels():
    # §2.5 jtj.dazhou.gov.cn (http://jtj.dazhou.gov.cn/xxgk-show-16182.html): "项 目", "合 计", blank items
    items, total = _sangong(
        "2014年“三公”经费预算财政拨款情况统计表",
        "单位:万元",
        "项 目\t本年预算数",
        "合 计\t46",
        "1.因公出国(境)费用\t",
        "2.公务接待费\t8",
        "3.公务用车费\t38",
        "其中:(1)公务用车运行维护费\t38",
        "(2)公务用车购置\t",
    )
    assert items == _items(0.0, 8.0, 38.0, 0.0) and total == 46.0


def test_sangong_purchase_named_without_fee():
    # §2.5 cqjb.gov.cn (…/202104/t20210409_9097453.html): "公务用车购置" with no 费
    items, total = _sangong(
        "2021年区本级“三公”经费预算支出表",
        "单位:万元",
        "项目\t预算数",
        "合计\t4432",
        "1.因公出国(境)费用\t39",
        "2.公务接待费\t323",
        "3.公务用车购置及运行维护费\t4070",
        "其中:公务用车运行维护费\t2648",
        "公务用车购置\t1422",
    )
    assert items == _items(39.0, 323.0, 2648.0, 1422.0) and total == 4432.0


def test_sangong_horizontal_with_a_name_split_over_header_rows():
    # §2.5 jnjzq.chizhou.gov.cn (https://jnjzq.chizhou.gov.cn/OpennessContent/show/1512923.html):
    # "公务" above "接待费", the car total over 小计 / 购置费 / 运行费, one row of amounts
    items, total = _sangong(
        "一、2024年一般公共预算“三公”经费支出预算表",
        "单位:万元",
        "“三公”经费合计\t因公出国(境)费\t公务用车购置及运行费\t\t\t公务",
        "\t\t小计\t公务用车购置费\t公务用车运行费\t接待费",
        "328.7\t10\t78.7\t43\t35.7\t240",
    )
    assert items == _items(10.0, 240.0, 35.7, 43.0) and total == 328.7


def test_sangong_unprinted_subtotal_is_placed_by_sum():
    # §2.5 / §7.8 cqyz.gov.cn (…/201701/t20170126_6193287.html): 6 header leaves, 5 values
    # (the 小计 5304 not printed): 100 + 692 + 4612 + 430 = 5834
    items, total = _sangong(
        "2017年渝中区 “三公”经费汇总情况表",
        "单位:万元",
        "合计\t因公出国\t公务用车购置及运行维护\t\t\t公务接待费",
        "\t\t小计\t公务用车购置\t公车运行及维护\t",
        "5834\t100\t692\t4612\t430",
    )
    assert items == _items(100.0, 430.0, 4612.0, 692.0) and total == 5834.0


def test_sangong_count_columns_are_skipped():
    # §7.9's count names as columns before each item (a layout put together for the test)
    items, total = _sangong(
        "一般公共预算“三公”经费支出表",
        "单位：万元",
        "合计\t因公出国(境)团组数(个)\t因公出国(境)费\t公务用车保有量(辆)\t公务用车购置费\t"
        "公务用车运行维护费\t接待批次(批)\t公务接待费",
        "21.5\t2\t6\t4\t10\t3.5\t40\t2",
    )
    assert items == _items(6.0, 2.0, 3.5, 10.0) and total == 21.5


# ------------------------------------------------------------------ 4. document metadata


@pytest.mark.parametrize(
    ("lines", "department", "year"),
    [
        # §4 kaijiang.gov.cn: the page title carries everything
        (("开江县惠民帮扶中心2024年部门预算", "来源:开江县惠民帮扶中心", "发布日期:2024-04-26"),
         "开江县惠民帮扶中心", 2024),
        # §4 guangshui.gov.cn: the budget year, not the publication year
        (("广水市十里街道办事处2022年部门预算信息公开", "发布时间:2021-12-14", "信息来源:广水市十里办事处"),
         "广水市十里街道办事处", 2022),
        # §4 梧州: a year without 年
        (("中共梧州市委政策研究室 2023 部门预算及三公经费预算情况说明",), "中共梧州市委政策研究室", 2023),
        # §4 fcgggzy.cn: a bracketed prefix line before the cover
        (("(2018部门预算公开)", "防城港市公共资源交易中心2018年部门预算"), "防城港市公共资源交易中心", 2018),
    ],
)
def test_cover_line(lines, department, year):
    meta = read_meta(_rows(*lines))
    assert (meta.department, meta.year) == (department, year)


def test_year_written_with_a_hyphen():
    # §4 yyx.gov.cn: "台创园2017-度…" and a publication date "2017-04-27"
    meta = read_meta(_rows("台创园2017-度部门“三公”经费预算情况表", "来源:岳阳县台创园   2017-04-27"))
    assert meta.year == 2017


# ------------------------------------------------------------------ performance tables (seed rules)

# hezheng_2024.txt lines 37–59: a project table whose 满意度 row lost its empty first cell
HEZHENG_PROJECT = (
    "项目支出绩效目标表",
    "(2024年度)",
    "项目名称\t2024年村(社区)、社长及片区负责人报酬",
    "项目资金\t年度资金总额:\t3077.6",
    "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
    "\t成本指标\t数量指标\t一肩挑村(社区)干部年拨付标准\t45000元/年",
    "\t\t\t社长及片区负责人年拨付标准\t9000元/年",
    "满意度指标\t服务对象满意度\t村社干部满意度\t98%",
)


def _targets(*lines: str) -> Reading:
    reading = Reading()
    table = _table(*lines)
    targets.read_targets(reading, table, table.unit or "万元")
    return reading


def _levels(reading: Reading) -> list[tuple]:
    return [(i["level1"], i["level2"], i["level3"], i["target_text"]) for i in reading.indicators]


def test_row_shifted_one_cell_left_is_realigned():
    reading = _targets(*HEZHENG_PROJECT)
    assert _levels(reading) == [
        ("成本指标", "数量指标", "一肩挑村(社区)干部年拨付标准", "45000元/年"),
        ("成本指标", "数量指标", "社长及片区负责人年拨付标准", "9000元/年"),
        ("满意度指标", "服务对象满意度", "村社干部满意度", "98%"),
    ]
    assert [(p["project_name"], p["amount_wan"]) for p in reading.projects] == [
        ("2024年村(社区)、社长及片区负责人报酬", 3077.6)]


# hezheng_2024.txt lines 3–22: the 部门整体 table; line 15 lost its empty 三级 cell, and the last
# row here keeps only its 三级 name and value (both cases of cells packed against the value column)
def test_cells_packed_against_the_value_column():
    reading = _targets(
        "部门整体支出绩效目标表",
        "(2024年度)",
        "部门(单位)名称\t\t中国共产党和政县委员会组织部",
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
        "\t部门管理\t资金投入\t基本支出预算执行率\t100%",
        "\t重点工作管理\t重点工作管理制度健全性\t健全",
        "财务管理制度健全性\t健全",
    )
    assert _levels(reading) == [
        ("部门管理", "资金投入", "基本支出预算执行率", "100%"),
        ("部门管理", "重点工作管理", "重点工作管理制度健全性", "健全"),
        ("部门管理", "重点工作管理", "财务管理制度健全性", "健全"),
    ]
    assert {i["project_name"] for i in reading.indicators} == {"部门整体"}


# shizhu_2023.txt lines 251–272: a one-level table (the name column labelled just 指标), a value
# under a vertically merged name (line 270), a row shifted into the 绩效指标 column (line 272)
SHIZHU_PROGRAM = (
    "2023年重点专项资金绩效目标表（一级项目）",
    "编制单位：005-中共石柱土家族自治县委组织部",
    "单位：万元",
    "专项资金名称\t石柱人才开发专项经费\t\t\t业务主管部门\t005-中共石柱土家族自治县委组织部",
    "当年预算\t470.99\t\t\t\t",
    "绩效指标\t指标\t指标权重\t计量单位\t指标性质\t指标值",
    "\t选派山东淄博锻炼人数\t10\t人\t≥\t7",
    "\t\t\t\t\t4",
    "\t人才引进人数\t10\t人\t≥\t250",
    "高层次人才研修班人数\t10\t人\t=\t50\t",
)


def test_one_level_table_with_value_only_and_shifted_rows():
    reading = _targets(*SHIZHU_PROGRAM)
    rows = [(i["level3"], i["operator"], i["target_value"], i["unit"], i["weight"]) for i in reading.indicators]
    assert rows == [
        ("选派山东淄博锻炼人数", "≥", 7.0, "人", 10.0),
        ("选派山东淄博锻炼人数", "≥", 4.0, "人", None),  # the merged name's second value
        ("人才引进人数", "≥", 250.0, "人", 10.0),
        ("高层次人才研修班人数", "=", 50.0, "人", 10.0),
    ]
    assert {(i["project_name"], i["scope"]) for i in reading.indicators} == {("石柱人才开发专项经费", "一级项目")}
    assert reading.projects == []  # a programme, kept apart so money is not counted twice
    assert [(p["program_name"], p["category"], p["amount_wan"]) for p in reading.programs] == [
        ("石柱人才开发专项经费", "重点专项资金", 470.99)]


# qinglong_2023.txt lines 601–633: the same project's table reprinted from last year's plan
# ("2022 工作计划" in 指标值确定依据) before this year's
def _plan_table(number: int, year: int, basis: str = "人员签到表") -> tuple[str, ...]:
    return (
        f"{number}、科级干部及公务员教育培训经费绩效目标表",
        "绩效目标\t1.通过组织开展干部教育、公务员初任培训，完成年度培训任务。\t\t\t\t",
        "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据",
        f"产出指标\t数量指标\t领导干部轮训期数\t全县领导干部轮训期数\t≥3 期\t{year} 工作计划",
        f"\t质量指标\t科级领导干部培训出勤率\t反映实际参加培训人员情况\t≥90%\t{basis}",
        f"满意度指标\t服务对象满意度指标\t培训人员满意度\t调查中满意和较满意的受训学员数量占调查总人数的比率。"
        f"\t≥90%\t{year} 工作计划",
    )


def test_plan_year_from_the_basis_column():
    result = _read("预算年度：2023", *_plan_table(6, 2022), *_plan_table(7, 2023, "省市相关文件"))
    projects = result.tables["projects"].select("project_name", "plan_year", "current").rows()
    assert projects == [("科级干部及公务员教育培训经费", 2022, False), ("科级干部及公务员教育培训经费", 2023, True)]
    indicators = result.tables["indicators"]
    assert indicators.filter(indicators["plan_year"] == 2022)["current"].to_list() == [False] * 3
    assert indicators.filter(indicators["plan_year"] == 2023)["current"].to_list() == [True] * 3


def test_plan_year_only_where_the_basis_names_a_plan():
    # two "2022 工作计划" cells and one other basis name the plan; without such a cell there is none
    reading = _targets(*_plan_table(6, 2022))
    assert {i["plan_year"] for i in reading.indicators} == {2022}
    lines = [line.replace("2022 工作计划", "问卷调查") for line in _plan_table(6, 2022)]
    assert {i["plan_year"] for i in _targets(*lines).indicators} == {None}


# ------------------------------------------------------------------ flat 批复表 project codes


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        # huangyuan_2024.txt line 8: one code cell wrapped inside its cell
        ("63012300 024T0000 00489-第 一书记及 驻村工作 队员保障 经费", "63012300024T000000489",
         "第一书记及驻村工作队员保障经费"),
        # lines 18 + 21 (after data/corrections.csv): the middle segment repeated over a page break,
        # once with T, once with 1 in its place: the letter is kept
        ("63012300 024T0000 02410000 00584-县人才发展专项资金", "63012300024T000000584", "县人才发展专项资金"),
        # two copies that differ by more than a 1 read as a letter: both kept as read
        ("63012300 024T0000 02420000 00584-县人才发展专项资金", "63012300024T00000242000000584",
         "县人才发展专项资金"),
        # line 21 before the correction: only the fragment after the break
        ("02410000 00584-县人才发展专项资金", "0241000000584", "县人才发展专项资金"),
        ("县人才发展专项资金", None, "县人才发展专项资金"),  # no code at all
    ],
)
def test_project_code(text, code, name):
    assert project_code(text) == (code, name)


# ------------------------------------------------------------------ prior-year sentences


def _prior(text: str, year: int, current: dict[str, float], **options) -> set[tuple]:
    rows = read_prior_year(_rows(*text.split("\n")), year, current, **options)
    return {(r["metric"], r["for_year"], round(r["amount_wan"], 6)) for r in rows}


@pytest.mark.parametrize(
    ("text", "year", "current", "expected"),
    [
        # qinglong_2023.txt line 461: 收支安排 is both totals; "其中：基本支出增加20.64万元" has no
        # figure of its own, so last year's is this year's (from the tables) minus the change
        ("2023 年预算收支安排 8815.77 万元，较 2022 年预算减少 56.06 万元，其中：基本支出增加 20.64 万元，"
         "主要为人员变动及网络运行费用增加；项目支出减少 76.69 万元，主要为大督查活动经费及老党员生活补助项目减少。",
         2023, {"基本支出": 384.41, "项目支出": 8431.36},
         {("收入合计", 2022, 8871.83), ("支出合计", 2022, 8871.83), ("基本支出", 2022, 363.77),
          ("项目支出", 2022, 8508.05)}),
        # §5.1 jnjzq: "“三公”经费支出预算" is the 三公 total, not 支出合计
        ("2024年一般公共预算“三公”经费支出预算为328.7万元,比2023年预算减少17.3万元,下降5%。", 2024, {},
         {("三公经费合计", 2023, 346.0)}),
        # §5.2 jnjzq: one 三公 item's change is no summary figure
        ("(一)因公出国(境)费支出预算10万元, 与2023年预算持平。", 2024, {}, set()),
        # §5.5 czj.baise
        ("2024年,一般公共预算安排的“三公”经费支出共计3923万元,比2023年预算数减少332万元,下降7.81%。", 2024, {},
         {("三公经费合计", 2023, 4255.0)}),
        # §5.7 mz.gov.cn: the prior figure stated outright
        ("2025年全市…使用财政拨款安排“三公”经费预算总额为1969万元,较2024年的2190万元减少221万元,下降10.1%;"
         "其中:因公出国(境)经费40万元,较上年持平;", 2025, {}, {("三公经费合计", 2024, 2190.0)}),
        # §5.8 lincang: "增" alone, no figure of its own
        ("2018年基本支出预算较上年增17.1万元,增幅17.18% 。", 2018, {"基本支出": 117.1},
         {("基本支出", 2017, 100.0)}),
        # §5.9 lincang: 商品和服务支出 is one economic class, not 支出合计
        ("2.商品和服务支出较上年减0.04万元,增0.01%。", 2018, {"支出合计": 50.0}, set()),
        # §5.12 lincang: direction words in parentheses
        ("2018年项目支出预算较上年(减)6万元,(减)幅23 %。", 2018, {"项目支出": 20.0}, {("项目支出", 2017, 26.0)}),
        ("3.对个人和家庭补助支出较上年(减少)16.23万元,减幅 71 %。", 2018, {"支出合计": 50.0}, set()),
        # §5.13 fcgggzy
        ("2018年收入总预算317.6万元,同比增加8.25万元,同比增长2.8%。", 2018, {},
         {("收入合计", 2017, 309.35)}),
        # §5.14 梧州: in 元, a "占…%" clause between the figure and its change, wrapped over two lines
        ("1. 基本支出预算 881300.39 元,占一般公共预算支出的\n96.74%,同比减少 166271.4 元,下降 15.87 %。", 2023, {},
         {("基本支出", 2022, 104.757179)}),
        # §5.15, §5.16 梧州: economic classes in 元, not 支出合计
        ("工资福利支出 12000 元,占项目支出预算 2.56%,同比\n增加 12000 元,去年项目支出未列该项。", 2024,
         {"支出合计": 90.0}, set()),
        ("对个人和家庭补助支出预算 4,800.00 元,占基本支出预\n算0.52%,同比增加 4,800.00 元,2020 年无此项预算", 2021,
         {"支出合计": 90.0}, set()),
        # §5.17 梧州: 政府采购 is not a summary figure
        ("2023 年政府采购预算 17000 元,同比增加 17000 元,上\n年无该预算,增长率无可比性。", 2023, {}, set()),
        # §5.18 梧州: no change, in 元
        ("2023 年单位预算全口径安排“三公”经费支出预算 0元,\n同比无变化。", 2023, {}, {("三公经费合计", 2022, 0.0)}),
        # §5.21, §5.22: a percentage without an amount gives no figure
        ("安排公车购置及运行维护费38万。较上年预算下降20%", 2017, {"三公经费合计": 38.0}, set()),
        # 无锡水利局 2026 (../shared/corpus, p16): one function class, not 支出合计 (figures ours)
        ("（4）城乡社区支出（类）支出0万元，与上年相比减少1,523万元。", 2026, {"支出合计": 90.0}, set()),
        # 无锡水利局 2026 (p22): one 三公 item whose name runs out of the window, not 支出合计
        ("（2）公务用车运行维护费预算支出38.00万元，比上年预算减少1万元。", 2026, {"支出合计": 90.0}, set()),
    ],
)
def test_prior_year_sentence(text, year, current, expected):
    assert _prior(text, year, current) == expected


# qinglong_2023.txt line 469: item changes; 公务接待费 states none
QINGLONG_SANGONG = (
    "2023 年，我部门财政拨款“三公”经费预算安排 6.20 万元，其中因公出国（境）费 0 万元，同比无变化，原因是无因公出国"
    "（境）安排；公务用车购置及运行维护费 6.20 万元（其中：公务用车购置费为 0 万元，公务用车运行维护费 6.20 万元），"
    "比上年预算减少 3 万元，主要原因是严格执行公务用车管理办法；公务接待费 0 万元，主要原因是规范公务接待活动。"
)


def test_sangong_paragraph_item_changes():
    assert _prior(QINGLONG_SANGONG, 2023, {"三公经费合计": 6.20}) == set()  # an item states no change
    assert _prior(QINGLONG_SANGONG, 2023, {"三公经费合计": 6.20}, sangong_unstated_unchanged=True) == {
        ("三公经费合计", 2022, 9.2)}


def test_sangong_paragraph_with_car_parts_named_separately():
    # §5.4 fl.gov.cn: the comparison stated once, the items' changes after it; the opening clause
    # naming the 三公 total (the survey quotes the sentence from "与2023年预算相比") is added
    text = ("2024年“三公”经费预算12.05万元,与2023年预算相比增长16.75%,其中因公出国(境)费增加0万元,"
            "公务用车运行维护费增加2.01万元")
    assert _prior(text, 2024, {"三公经费合计": 12.05}) == {("三公经费合计", 2023, 10.04)}
